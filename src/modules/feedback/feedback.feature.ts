import { defineFeature } from '../../common/feature';
import { FeedbackLink } from './feedback-link.entity';
import * as relations from './feedback.relations';
import { FeedbackResolver } from './feedback.resolver';
import { YouSaidWeDid } from './you-said-we-did.entity';

export const feedbackFeature = defineFeature({
  name: 'feedback',
  entities: [FeedbackLink, YouSaidWeDid],
  resolvers: [FeedbackResolver],
  relations,
  nodes: [FeedbackLink, YouSaidWeDid],
});
