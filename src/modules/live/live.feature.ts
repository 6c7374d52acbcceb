import { defineFeature } from '../../common/feature';
import { liveResolvers } from './live.resolver';

export const liveFeature = defineFeature({ name: 'live', resolvers: [...liveResolvers] });
