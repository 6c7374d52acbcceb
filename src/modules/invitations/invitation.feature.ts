import { defineFeature } from '../../common/feature';
import { Invitation } from './invitation.entity';
import * as relations from './invitation.relations';
import { InvitationResolver, OrganisationInvitationsResolver } from './invitation.resolver';

export const invitationsFeature = defineFeature({
  name: 'invitations',
  entities: [Invitation],
  resolvers: [InvitationResolver, OrganisationInvitationsResolver],
  relations,
  nodes: [Invitation],
});
