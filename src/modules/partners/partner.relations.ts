import { LIST_CAPS } from '../../limits/list-caps';
import { hasMany } from '../../read/relations';
import { Partner } from './partner.entity';
import { Representative } from './representative.entity';

export const partnerRepresentatives = hasMany(Partner, 'representatives', Representative, 'partnerId', {
  cap: LIST_CAPS.representativesPerPartner, order: { createdAt: 'ASC', id: 'ASC' },
  field: { description: `Oldest first; at most ${LIST_CAPS.representativesPerPartner}.` },
});
