import { LIST_CAPS } from '../../limits/list-caps';
import { batched } from '../../read/batched';
import { Representative } from './representative.entity';

/**
 * The representatives linked to each user (by user id) in the request's organisation, oldest
 * first, at most LIST_CAPS.representedPerMember each (linkRepresentative refuses more; the cut
 * bounds rows written before the cap). One read for every member asked about.
 */
export const representativesOfUser = batched<string, Representative[]>('Membership.representing', async (read, _db, userIds) => {
  const rows = await read.rows(Representative, { where: { userId: [...new Set(userIds)] }, order: { createdAt: 'ASC', id: 'ASC' } });
  return userIds.map((userId) => rows.filter((row) => row.userId === userId).slice(0, LIST_CAPS.representedPerMember));
});
