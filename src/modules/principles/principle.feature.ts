import { defineFeature } from '../../common/feature';
import { Principle } from './principle.entity';
import { principleResolvers } from './principle.resolver';

export const principlesFeature = defineFeature({ name: 'principles', entities: [Principle], resolvers: [...principleResolvers], nodes: [Principle] });
