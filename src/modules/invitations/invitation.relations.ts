import { belongsTo } from '../../read/relations';
import { User } from '../accounts/user.entity';
import { Representative } from '../partners/representative.entity';
import { Invitation } from './invitation.entity';

export const invitationRepresentative = belongsTo(Invitation, 'representative', Representative, 'representativeId', {
  field: { description: 'The representative the invitee will be linked to on acceptance, if any.' },
});
export const invitationInvitedBy = belongsTo(Invitation, 'invitedBy', User, 'invitedByUserId', {
  field: { description: 'Who sent it; null once they are no longer a member.' },
});
