import { defineFeature } from '../../common/feature';
import { Membership } from './membership.entity';
import { Organisation } from './organisation.entity';
import * as relations from './organisation.relations';
import { OrganisationResolver } from './organisation.resolver';

export const organisationsFeature = defineFeature({
  name: 'organisations',
  entities: [Organisation, Membership],
  resolvers: [OrganisationResolver],
  relations,
  nodes: [Organisation],
});
