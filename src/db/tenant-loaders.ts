import DataLoader from 'dataloader';
import type { EntityMetadata, EntityTarget, FindOptionsOrder, ObjectLiteral } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { ForbiddenError } from '../errors';
import { byKey, groupByKey } from '../common/loader-utils';
import type { RequestDb } from './request-db';
import { statement, type NamedStatement } from './statement';

type TenantRow = ObjectLiteral & { organisationId: string; id: string };

const quote = (identifier: string) => `"${identifier.replaceAll('"', '""')}"`;

const isTimestamp = (column: ColumnMetadata) => column.type === 'timestamptz' || column.type === 'timestamp with time zone';

/**
 * The SELECT list of an entity's selectable columns, each aliased to its property name, so that a
 * row read by hand already has the entity's shape (what `find` selects: `select: false` columns
 * stay out). bigint is read as text, as pg and TypeORM give it, also through JSON.
 */
export function selectList(metadata: EntityMetadata, alias?: string): string {
  const prefix = alias ? `${alias}.` : '';
  return metadata.columns
    .filter((column) => column.isSelect)
    .map((column) => `${prefix}${quote(column.databaseName)}${column.type === 'bigint' ? '::text' : ''} AS ${quote(column.propertyName)}`)
    .join(', ');
}

/** The timestamp properties of each entity: JSON rows carry them as ISO strings. */
const timestampsOf = new WeakMap<EntityMetadata, string[]>();

function timestampProperties(metadata: EntityMetadata): string[] {
  let found = timestampsOf.get(metadata);
  if (!found) timestampsOf.set(metadata, (found = metadata.columns.filter(isTimestamp).map((column) => column.propertyName)));
  return found;
}

/**
 * Rows read with {@link selectList} (through {@link RequestDb.read}, as JSON) as instances of the
 * entity class, without TypeORM's hydration: the prototype gives them the class's getters (the
 * GraphQL `id`) and its name (Node's resolveType), and `instanceof` holds. Values are what TypeORM
 * would give for this schema's column types: timestamptz as Date, date as 'YYYY-MM-DD', int and
 * double precision as number, bigint and uuid as string.
 */
export function toEntities<T>(metadata: EntityMetadata, rows: readonly object[]): T[] {
  // The prototype without the constructor: entities declare their columns without initialisers,
  // and running those declarations (each defines an undefined property) for every row was the
  // largest single cost of reading rows.
  const prototype = (metadata.target as { prototype: object }).prototype;
  const timestamps = timestampProperties(metadata);
  return rows.map((row) => {
    const entity = Object.assign(Object.create(prototype) as Record<string, unknown>, row);
    for (const property of timestamps) {
      const value = entity[property];
      if (typeof value === 'string') entity[property] = new Date(value);
    }
    return entity as T;
  });
}

/** The organisation a hand-written tenant query is scoped to: always the request's. */
export function tenantOf(db: RequestDb): string {
  const organisationId = db.organisationId;
  if (!organisationId) throw new ForbiddenError('This operation needs an organisation (X-Organisation header)');
  return organisationId;
}

function orderBy(metadata: EntityMetadata, order: FindOptionsOrder<ObjectLiteral>): string {
  return Object.entries(order)
    .map(([property, direction]) => {
      const column = metadata.findColumnWithPropertyName(property);
      if (!column || (direction !== 'ASC' && direction !== 'DESC')) throw new Error(`Cannot order ${metadata.name} by ${property} ${String(direction)}`);
      return `${quote(column.databaseName)} ${direction}`;
    })
    .join(', ');
}

/** Statements are built once per entity and shape, then reused by every request. */
const statements = new WeakMap<EntityMetadata, Map<string, NamedStatement>>();

function cachedStatement(metadata: EntityMetadata, key: string, build: () => string): NamedStatement {
  let byKey = statements.get(metadata);
  if (!byKey) statements.set(metadata, (byKey = new Map()));
  let found = byKey.get(key);
  if (!found) byKey.set(key, (found = statement(build())));
  return found;
}

/**
 * Loads rows of a tenant table by id: one named statement per batch (`id = ANY($2)`), the
 * organisation from the request, never from the keys, and row-level security behind it.
 */
export function byIdLoader<T extends TenantRow>(db: RequestDb, target: EntityTarget<T>): DataLoader<string, T | null> {
  return new DataLoader(async (ids) => {
    const metadata = db.metadata(target);
    const sql = cachedStatement(
      metadata,
      'byId',
      () => `SELECT ${selectList(metadata)} FROM ${quote(metadata.tableName)} WHERE organisation_id = $1 AND id = ANY($2::uuid[])`,
    );
    const rows = await db.read(sql, [tenantOf(db), [...ids]]);
    return byKey(ids, toEntities<T>(metadata, rows), (row) => row.id);
  });
}

/**
 * Loads the children of many parents at once (`column = ANY($2)`, one named statement per batch),
 * grouped by parent id in `order`. E.g. `childrenLoader(db, Representative, 'partnerId', { createdAt: 'ASC' })`.
 */
export function childrenLoader<T extends ObjectLiteral & { organisationId: string }, K extends keyof T & string>(
  db: RequestDb,
  target: EntityTarget<T>,
  column: K,
  order: FindOptionsOrder<T>,
  /** The loader's cache, when another loader wants to see what this one is loading. */
  cacheMap?: Map<string, Promise<T[]>>,
): DataLoader<string, T[]> {
  return new DataLoader(async (parentIds) => {
    const metadata = db.metadata(target);
    const sql = cachedStatement(metadata, `children:${column}:${JSON.stringify(order)}`, () => {
      const parent = metadata.findColumnWithPropertyName(column);
      if (!parent) throw new Error(`${metadata.name} has no column ${column}`);
      return (
        `SELECT ${selectList(metadata)} FROM ${quote(metadata.tableName)} ` +
        `WHERE organisation_id = $1 AND ${quote(parent.databaseName)} = ANY($2::${String(parent.type)}[]) ORDER BY ${orderBy(metadata, order as FindOptionsOrder<ObjectLiteral>)}`
      );
    });
    const rows = await db.read(sql, [tenantOf(db), [...parentIds]]);
    return groupByKey(parentIds, toEntities<T>(metadata, rows), (row) => row[column] as string);
  }, cacheMap && { cacheMap });
}
