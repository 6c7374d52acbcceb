import { defineFeature } from '../../common/feature';
import { Partner } from './partner.entity';
import * as relations from './partner.relations';
import { partnerResolvers } from './partner.resolver';
import { Representative } from './representative.entity';
import { RepresentativeResolver } from './representative.resolver';

export const partnersFeature = defineFeature({
  name: 'partners',
  entities: [Partner, Representative],
  resolvers: [...partnerResolvers, RepresentativeResolver],
  relations,
  nodes: [Partner],
});
