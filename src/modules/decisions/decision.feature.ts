import { defineFeature } from '../../common/feature';
import { DecisionChallenge, DecisionPartner, DecisionPrinciple, DecisionStage } from './decision-links.entity';
import { Decision } from './decision.entity';
import * as relations from './decision.relations';
import { DecisionLiveResolver, DecisionResolver, ProjectDecisionsResolver } from './decision.resolver';

export const decisionsFeature = defineFeature({
  name: 'decisions',
  entities: [Decision, DecisionPartner, DecisionStage, DecisionChallenge, DecisionPrinciple],
  resolvers: [DecisionResolver, ProjectDecisionsResolver, DecisionLiveResolver],
  relations,
  nodes: [Decision],
});
