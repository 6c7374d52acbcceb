import { ApiKey } from '../modules/api-keys/api-key.entity';
import { ActivityEventRow } from '../modules/activity/activity-event.entity';
import { User } from '../modules/accounts/user.entity';
import { Membership } from '../modules/organisations/membership.entity';
import { Organisation } from '../modules/organisations/organisation.entity';

/** Every TypeORM entity, listed explicitly. */
export const entities = [User, Organisation, Membership, ApiKey, ActivityEventRow];
