import type { EntityMetadata, EntityTarget, FindOptionsOrder, ObjectLiteral } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { ForbiddenError } from '../errors';
import { byKey, groupByKey, PeekableLoader } from '../common/loader-utils';
import { onDemandProperties } from './column-plan';
import type { RequestDb } from './request-db';
import { statement, type NamedStatement } from './statement';

type TenantRow = ObjectLiteral & { organisationId: string; id: string };

const quote = (identifier: string) => `"${identifier.replaceAll('"', '""')}"`;

const isTimestamp = (column: ColumnMetadata) => column.type === 'timestamptz' || column.type === 'timestamp with time zone';

/**
 * The SELECT list of an entity's selectable columns (or of those `loaded` allows), each aliased
 * to its property name, so that a row read by hand already has the entity's shape (what `find`
 * selects: `select: false` columns stay out). bigint is read as text, as pg and TypeORM give it,
 * also through JSON.
 */
function selectList(metadata: EntityMetadata, alias?: string, loaded?: (column: ColumnMetadata) => boolean): string {
  const prefix = alias ? `${alias}.` : '';
  return metadata.columns
    .filter((column) => column.isSelect && (!loaded || loaded(column)))
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
 * Rows read as JSON (through {@link RequestDb.read}) as instances of the entity class, in place,
 * without TypeORM's hydration: the prototype gives them the class's getters (the GraphQL `id`) and
 * its name (Node's resolveType), and `instanceof` holds. Values are what TypeORM would give for
 * this schema's column types: timestamptz as Date, date as 'YYYY-MM-DD', int and double precision
 * as number, bigint and uuid as string.
 */
function asEntities<T>(metadata: EntityMetadata, prototype: object, rows: readonly object[]): T[] {
  const timestamps = timestampProperties(metadata);
  for (const row of rows as Record<string, unknown>[]) {
    for (const property of timestamps) {
      const value = row[property];
      if (typeof value === 'string') row[property] = new Date(value);
    }
    // The row itself becomes the entity: no copy (entities declare no field initialisers to run).
    Object.setPrototypeOf(row, prototype);
  }
  return rows as T[];
}

/**
 * How a request reads one entity: every column, or, under a query's column plan, every column but
 * the on-demand ones the operation does not use. Entities read without a column get a prototype
 * whose getter for it throws: a resolver reading a column its field did not declare (`@Reads`)
 * fails loudly instead of seeing `undefined`.
 */
export interface EntityRead {
  readonly metadata: EntityMetadata;
  /** Names the column set, for caching statements per set. */
  readonly key: string;
  select(alias?: string): string;
  toEntities<T>(rows: readonly object[]): T[];
}

const reads = new WeakMap<EntityMetadata, Map<string, EntityRead>>();

function buildRead(metadata: EntityMetadata, skipped: readonly string[], key: string): EntityRead {
  const entityPrototype = (metadata.target as { prototype: object }).prototype;
  const skip = new Set(skipped);
  const prototype =
    skipped.length === 0
      ? entityPrototype
      : Object.create(
          entityPrototype,
          Object.fromEntries(
            skipped.map((property) => [
              property,
              {
                get() {
                  throw new Error(`${metadata.name}.${property} was not read for this query: declare it with @Reads on the field that uses it`);
                },
                set(this: object, value: unknown) {
                  Object.defineProperty(this, property, { value, writable: true, enumerable: true, configurable: true });
                },
              },
            ]),
          ),
        );
  const lists = new Map<string, string>();
  return {
    metadata,
    key,
    select(alias = '') {
      let list = lists.get(alias);
      if (list === undefined) lists.set(alias, (list = selectList(metadata, alias || undefined, (column) => !skip.has(column.propertyName))));
      return list;
    },
    toEntities: <T>(rows: readonly object[]) => asEntities<T>(metadata, prototype, rows),
  };
}

/** What this request reads of `target`'s columns (see {@link EntityRead}). */
export function entityRead(db: RequestDb, target: EntityTarget<ObjectLiteral>): EntityRead {
  const metadata = db.metadata(target);
  const wanted = db.columnPlan?.get(metadata.target as Function);
  const skipped = wanted ? onDemandProperties(metadata).filter((property) => !wanted.has(property)) : [];
  const key = skipped.length === 0 ? 'all' : `-${skipped.join(',')}`;
  let byKey = reads.get(metadata);
  if (!byKey) reads.set(metadata, (byKey = new Map()));
  let found = byKey.get(key);
  if (!found) byKey.set(key, (found = buildRead(metadata, skipped, key)));
  return found;
}

/** Statements by shape and column sets; past this many, new ones are built per use rather than kept. */
const MAX_KEPT_STATEMENTS = 1_000;
const readStatements = new Map<string, NamedStatement>();

/**
 * The statement `build` writes for `shape` (e.g. 'byId') over these entity reads, built once per
 * shape and column sets, then shared by every request. (Reads travel combined, see read-batch.ts,
 * which bounds the statements PostgreSQL prepares.)
 */
export function readStatement(shape: string, entityReads: readonly EntityRead[], build: () => string): NamedStatement {
  const key = `${shape}|${entityReads.map((read) => `${read.metadata.name}${read.key}`).join('|')}`;
  let found = readStatements.get(key);
  if (!found) {
    found = statement(build());
    if (readStatements.size < MAX_KEPT_STATEMENTS) readStatements.set(key, found);
  }
  return found;
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

/**
 * Loads rows of a tenant table by id: one named statement per batch (`id = ANY($2)`), the
 * organisation from the request, never from the keys, and row-level security behind it.
 */
export function byIdLoader<T extends TenantRow>(db: RequestDb, target: EntityTarget<T>): PeekableLoader<string, T | null> {
  return new PeekableLoader(async (ids) => {
    const read = entityRead(db, target);
    const sql = readStatement('byId', [read], () => `SELECT ${read.select()} FROM ${quote(read.metadata.tableName)} WHERE organisation_id = $1 AND id = ANY($2::uuid[])`);
    const rows = await db.read(sql, [tenantOf(db), [...ids]]);
    return byKey(ids, read.toEntities<T>(rows), (row) => row.id);
  });
}

/**
 * Parents whose children to read, as SQL: `ids` is an array expression of their ids over `values`
 * ($1 always the organisation), e.g. `ARRAY(SELECT id FROM projects WHERE ...)` for a page read
 * with its own conditions; `shape` names it, for naming the statements built on it.
 */
export interface ParentsSql {
  readonly shape: string;
  readonly ids: string;
  readonly values: readonly unknown[];
}

/** The parents of these ids, as {@link ParentsSql} (`$2`, an array of the parent column's type). */
export function parentsOf(db: RequestDb, ids: readonly string[], type = 'uuid'): ParentsSql {
  return { shape: 'ids', ids: `$2::${type}[]`, values: [tenantOf(db), [...ids]] };
}

/**
 * The children of `parents` (`column = ANY(...)`, one named statement per shape), in `order`,
 * tenant-scoped by the request's organisation with row-level security behind it.
 */
export async function readChildren<T extends ObjectLiteral>(db: RequestDb, target: EntityTarget<T>, column: keyof T & string, order: FindOptionsOrder<T>, parents: ParentsSql): Promise<T[]> {
  const read = entityRead(db, target);
  const { metadata } = read;
  const sql = readStatement(`children:${column}:${JSON.stringify(order)}:${parents.shape}`, [read], () => {
    const parent = metadata.findColumnWithPropertyName(column);
    if (!parent) throw new Error(`${metadata.name} has no column ${column}`);
    return (
      `SELECT ${read.select()} FROM ${quote(metadata.tableName)} ` +
      `WHERE organisation_id = $1 AND ${quote(parent.databaseName)} = ANY(${parents.ids}) ORDER BY ${orderBy(metadata, order as FindOptionsOrder<ObjectLiteral>)}`
    );
  });
  return read.toEntities<T>(await db.read(sql, parents.values));
}

/**
 * Loads the children of many parents at once (one {@link readChildren} per batch), grouped by
 * parent id in `order`. E.g. `childrenLoader(db, Representative, 'partnerId', { createdAt: 'ASC' })`.
 */
export function childrenLoader<T extends ObjectLiteral & { organisationId: string }, K extends keyof T & string>(
  db: RequestDb,
  target: EntityTarget<T>,
  column: K,
  order: FindOptionsOrder<T>,
  /** The loader's cache, when another loader wants to see what this one is loading. */
  cacheMap?: Map<string, Promise<T[]>>,
): PeekableLoader<string, T[]> {
  return new PeekableLoader(async (parentIds) => {
    const type = String(db.metadata(target).findColumnWithPropertyName(column)?.type ?? 'uuid');
    const rows = await readChildren(db, target, column, order, parentsOf(db, parentIds, type));
    return groupByKey(parentIds, rows, (row) => row[column] as string);
  }, { cacheMap });
}
