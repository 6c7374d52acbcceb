import { belongsTo } from '../../read/relations';
import { User } from '../accounts/user.entity';
import { Membership } from './membership.entity';
import { Organisation } from './organisation.entity';

export const membershipUser = belongsTo(Membership, 'user', User, 'userId', { required: true });
export const membershipOrganisation = belongsTo(Membership, 'organisation', Organisation, 'organisationId');
