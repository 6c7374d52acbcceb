import type { FindOptionsOrder, ObjectLiteral } from 'typeorm';
import { entityRead, orderBy, quote, readStatement, tenantOf, type EntityRead } from '../db/entity-read';
import type { RequestDb } from '../db/request-db';
import { isTenantEntity } from '../db/tenant-entity';
import type { NamedStatement } from '../db/statement';
import type { Order } from './relations';
import { conditionsOf, type Where } from './where';

/** What {@link rowsRead} reads: filtered, ordered, and at most `limit` rows. */
export interface RowsOptions<T> {
  readonly where?: Where<T>;
  readonly order?: Order<T>;
  readonly limit?: number;
}

/** A statement for `db.read`, its values, and the entity read whose `toEntities` makes its rows entities. */
export interface FilteredRead {
  readonly read: EntityRead;
  readonly statement: NamedStatement;
  readonly values: readonly unknown[];
}

/**
 * `WHERE` over `target`'s table: the request's organisation (`$1`) for tenant rows, then `where`.
 * Organisations and users belong to no organisation: row-level security alone decides which the
 * request sees, as it does for `Reader.byId`.
 */
function filtered(db: RequestDb, read: EntityRead, where: object) {
  const tenant = isTenantEntity(read.metadata);
  const values: unknown[] = tenant ? [tenantOf(db)] : [];
  const conditions = conditionsOf(read.metadata, where, values);
  const sql = [...(tenant ? ['organisation_id = $1'] : []), ...conditions.sql];
  return { values, shape: conditions.shape, where: sql.length > 0 ? `WHERE ${sql.join(' AND ')}` : '' };
}

/** The read of `target`'s rows that match `options.where`, in `options.order`, at most `options.limit`. */
export function rowsRead<T>(db: RequestDb, target: Function, options: RowsOptions<T>): FilteredRead {
  const read = entityRead(db, target);
  const { values, shape, where } = filtered(db, read, options.where ?? {});
  // Ordered by t.column: a bare name would be the select list's, which for a bigint is its text.
  const order = options.order && Object.keys(options.order).length > 0 ? orderBy(read.metadata, options.order as FindOptionsOrder<ObjectLiteral>, 't') : '';
  const limit = options.limit === undefined ? '' : `LIMIT $${values.push(options.limit)}`;
  const statement = readStatement(`rows:${shape}:${order}:${limit ? 'limit' : ''}`, [read], () =>
    [`SELECT ${read.select('t')} FROM ${quote(read.metadata.tableName)} t`, where, order && `ORDER BY ${order}`, limit].filter(Boolean).join(' '),
  );
  return { read, statement, values };
}

/** The count of `target`'s rows that match `where`, as one row `{ n }`. */
export function countRead<T>(db: RequestDb, target: Function, where: Where<T>): FilteredRead {
  const read = entityRead(db, target);
  const { values, shape, where: condition } = filtered(db, read, where);
  const statement = readStatement(`count:${read.metadata.name}:${shape}`, [], () =>
    [`SELECT count(*)::int AS n FROM ${quote(read.metadata.tableName)}`, condition].filter(Boolean).join(' '),
  );
  return { read, statement, values };
}
