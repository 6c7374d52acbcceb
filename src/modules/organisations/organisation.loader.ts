import DataLoader from 'dataloader';
import type { RequestDb } from '../../db/request-db';
import { entityRead, readStatement } from '../../db/tenant-loaders';
import { byKey, groupByKey } from '../../common/loader-utils';
import { LIST_CAPS } from '../../limits/list-caps';
import { Membership } from './membership.entity';
import { Organisation } from './organisation.entity';

export function createOrganisationLoaders(db: RequestDb) {
  return {
    /** Organisations visible to the transaction: the current one and the caller's own. */
    organisationById: new DataLoader<string, Organisation | null>(async (ids) => {
      const read = entityRead(db, Organisation);
      const byId = readStatement('byId', [read], () => `SELECT ${read.select()} FROM organisations WHERE id = ANY($1::uuid[])`);
      return byKey(ids, read.toEntities<Organisation>(await db.read(byId, [[...ids]])), (o) => o.id);
    }),
    /**
     * Members, oldest first, at most LIST_CAPS.membersPerOrganisation (addMember refuses more; the
     * LIMIT bounds an organisation that had more before); only the request's own organisation has
     * any to show.
     */
    membersOfOrganisation: new DataLoader<string, Membership[]>(async (ids) => {
      if (!db.organisationId) return ids.map(() => []);
      const rows = await db.repo(Membership).find({ order: { createdAt: 'ASC', id: 'ASC' }, take: LIST_CAPS.membersPerOrganisation });
      return groupByKey(ids, rows, (m) => m.organisationId);
    }),
  };
}
