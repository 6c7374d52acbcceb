import { LIST_CAPS } from '../../limits/list-caps';
import { batched } from '../../read/batched';
import { Membership } from './membership.entity';

/**
 * An organisation's members, oldest first, at most LIST_CAPS.membersPerOrganisation (addMember
 * refuses more; the LIMIT bounds an organisation that had more before); only the request's own
 * organisation has any to show.
 */
export const membersOfOrganisation = batched<string, Membership[]>('Organisation.members', async (_read, db, ids) => {
  if (!db.organisationId) return ids.map(() => []);
  const rows = await db.repo(Membership).find({ order: { createdAt: 'ASC', id: 'ASC' }, take: LIST_CAPS.membersPerOrganisation });
  return ids.map((id) => rows.filter((membership) => membership.organisationId === id));
});
