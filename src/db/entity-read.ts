import type { EntityMetadata, EntityTarget, FindOptionsOrder, ObjectLiteral } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { ForbiddenError } from '../errors';
import { onDemandProperties } from './column-plan';
import type { RequestDb } from './request-db';
import { statement, type NamedStatement } from './statement';

export const quote = (identifier: string) => `"${identifier.replaceAll('"', '""')}"`;

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

/** The column of `property`, quoted for SQL; throws when the entity has none. */
export function columnOf(metadata: EntityMetadata, property: string): string {
  const column = metadata.findColumnWithPropertyName(property);
  if (!column) throw new Error(`${metadata.name} has no column ${property}`);
  return quote(column.databaseName);
}

/** An ORDER BY list from an order by property (`{ position: 'ASC' }`), prefixed with `alias.` when given. */
export function orderBy(metadata: EntityMetadata, order: FindOptionsOrder<ObjectLiteral>, alias?: string): string {
  const prefix = alias ? `${alias}.` : '';
  return Object.entries(order)
    .map(([property, direction]) => {
      const column = metadata.findColumnWithPropertyName(property);
      if (!column || (direction !== 'ASC' && direction !== 'DESC')) throw new Error(`Cannot order ${metadata.name} by ${property} ${String(direction)}`);
      return `${prefix}${quote(column.databaseName)} ${direction}`;
    })
    .join(', ');
}
