import DataLoader from 'dataloader';
import { In, type EntityTarget, type FindOptionsOrder, type ObjectLiteral } from 'typeorm';
import { byKey, groupByKey } from '../common/loader-utils';
import type { RequestDb } from './request-db';

type TenantRow = ObjectLiteral & { organisationId: string; id: string };

/**
 * Loads rows of a tenant table by id: one `IN (...)` query per batch through the tenant-bound
 * repository, so the organisation comes from the request, never from the keys.
 */
export function byIdLoader<T extends TenantRow>(db: RequestDb, target: EntityTarget<T>): DataLoader<string, T | null> {
  return new DataLoader(async (ids) => byKey(ids, await db.repo(target).findBy({ id: In([...ids]) } as never), (row) => row.id));
}

/**
 * Loads the children of many parents at once (`column IN (...)`), grouped by parent id in `order`.
 * E.g. `childrenLoader(db, Representative, 'partnerId', { createdAt: 'ASC' })`.
 */
export function childrenLoader<T extends ObjectLiteral & { organisationId: string }, K extends keyof T & string>(
  db: RequestDb,
  target: EntityTarget<T>,
  column: K,
  order: FindOptionsOrder<T>,
): DataLoader<string, T[]> {
  return new DataLoader(async (parentIds) => {
    const rows = await db.repo(target).find({ where: { [column]: In([...parentIds]) } as never, order });
    return groupByKey(parentIds, rows, (row) => row[column] as string);
  });
}
