import { defineFeature } from '../../common/feature';
import { Partner } from './partner.entity';
import * as relations from './partner.relations';
import { partnerResolvers } from './partner.resolver';
import { Representative } from './representative.entity';
import { MembershipRepresentingResolver, RepresentativeResolver } from './representative.resolver';

export const partnersFeature = defineFeature({
  name: 'partners',
  entities: [Partner, Representative],
  resolvers: [...partnerResolvers, RepresentativeResolver, MembershipRepresentingResolver],
  relations,
  nodes: [Partner, Representative],
});
