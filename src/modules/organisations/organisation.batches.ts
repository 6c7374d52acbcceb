import { LIST_CAPS } from '../../limits/list-caps';
import { batched } from '../../read/batched';
import { Membership } from './membership.entity';

/**
 * An organisation's members, oldest first, at most LIST_CAPS.membersPerOrganisation (addMember
 * refuses more; the LIMIT bounds an organisation that had more before); only the request's own
 * organisation has any to show.
 */
export const membersOfOrganisation = batched<string, Membership[]>('Organisation.members', async (read, db, ids) => {
  const own = db.organisationId;
  if (!own || !ids.includes(own)) return ids.map(() => []);
  const rows = await read.rows(Membership, { order: { createdAt: 'ASC', id: 'ASC' }, limit: LIST_CAPS.membersPerOrganisation });
  return ids.map((id) => (id === own ? rows : []));
});
