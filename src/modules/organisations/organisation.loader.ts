import DataLoader from 'dataloader';
import { In } from 'typeorm';
import type { RequestDb } from '../../db/request-db';
import { byKey, groupByKey } from '../../common/loader-utils';
import { Membership } from './membership.entity';
import { Organisation } from './organisation.entity';

export function createOrganisationLoaders(db: RequestDb) {
  return {
    /** Organisations visible to the transaction: the current one and the caller's own. */
    organisationById: new DataLoader<string, Organisation | null>(async (ids) => {
      const manager = await db.manager();
      return byKey(ids, await manager.find(Organisation, { where: { id: In([...ids]) } }), (o) => o.id);
    }),
    /** Members, oldest first; only the request's own organisation has any to show. */
    membersOfOrganisation: new DataLoader<string, Membership[]>(async (ids) => {
      if (!db.organisationId) return ids.map(() => []);
      const rows = await db.repo(Membership).find({ order: { createdAt: 'ASC', id: 'ASC' } });
      return groupByKey(ids, rows, (m) => m.organisationId);
    }),
  };
}
