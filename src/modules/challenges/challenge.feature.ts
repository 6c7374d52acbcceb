import { defineFeature } from '../../common/feature';
import { Challenge } from './challenge.entity';
import * as relations from './challenge.relations';
import { challengeResolvers } from './challenge.resolver';

export const challengesFeature = defineFeature({ name: 'challenges', entities: [Challenge], resolvers: [...challengeResolvers], relations, nodes: [Challenge] });
