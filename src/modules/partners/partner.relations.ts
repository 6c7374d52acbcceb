import { LIST_CAPS } from '../../limits/list-caps';
import { belongsTo, hasMany } from '../../read/relations';
import { User } from '../accounts/user.entity';
import { Partner } from './partner.entity';
import { Representative } from './representative.entity';

export const partnerRepresentatives = hasMany(Partner, 'representatives', Representative, 'partnerId', {
  unless: ['archivedAt'],
  cap: LIST_CAPS.representativesPerPartner,
  order: { createdAt: 'ASC', id: 'ASC' },
  field: { description: `Oldest first; at most ${LIST_CAPS.representativesPerPartner}.` },
});

export const representativePartner = belongsTo(Representative, 'partner', Partner, 'partnerId', { required: true, field: { description: 'The partner this person speaks for.' } });

export const representativeUser = belongsTo(Representative, 'user', User, 'userId', {
  field: { description: 'The member linked to this representative, who speaks for the partner; null when none is (or they are no longer a member).' },
});
