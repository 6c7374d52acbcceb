import { defineFeature } from '../../common/feature';
import { NodeResolver } from './node.resolver';

export const nodeFeature = defineFeature({ name: 'node', resolvers: [NodeResolver] });
