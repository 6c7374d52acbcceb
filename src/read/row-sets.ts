import type { EntityMetadata, FindOptionsOrder, ObjectLiteral } from 'typeorm';
import { columnOf, entityRead, orderBy, quote, readStatement, tenantOf, type EntityRead } from '../db/entity-read';
import type { RequestDb } from '../db/request-db';
import type { NamedStatement } from '../db/statement';
import type { Relation } from './relations';

/**
 * A set of rows of one table as SQL, so that what hangs off them can be read before they are:
 * `keys('ownerPartnerId')` is an array expression of that column over the set, e.g.
 * `ARRAY(SELECT owner_partner_id FROM stages WHERE organisation_id = $1 AND project_id = ANY(...))`.
 * `$1` is always the request's organisation; `values` are the set's parameters; `shape` names the
 * SQL (equal shapes, equal text), for naming the statements built on it.
 */
export interface RowSet {
  readonly shape: string;
  readonly metadata: EntityMetadata;
  readonly values: readonly unknown[];
  keys(property: string): string;
}

/** Rows of `metadata`'s table chosen by `tail` (`WHERE ...`, and any ORDER BY and LIMIT), over `values`. */
export function rowsWhere(metadata: EntityMetadata, shape: string, tail: string, values: readonly unknown[]): RowSet {
  const table = quote(metadata.tableName);
  return { shape, metadata, values, keys: (property) => `ARRAY(SELECT ${columnOf(metadata, property)} FROM ${table} ${tail})` };
}

/**
 * The rows with these ids (`$2`). Only their ids are known as SQL here: the relations read for
 * such a set (lists, links) start from the ids.
 */
export function rowsWithIds(db: RequestDb, metadata: EntityMetadata, ids: readonly string[]): RowSet {
  return {
    shape: 'ids',
    metadata,
    values: [tenantOf(db), [...ids]],
    keys(property) {
      if (property !== 'id') throw new Error(`Rows by id know only their ids, not ${property}`);
      return '$2::uuid[]';
    },
  };
}

/** How one relation reads its rows for a set of sources, and the set those rows form. */
export interface RelationRead {
  readonly read: EntityRead;
  readonly statement: NamedStatement;
  readonly values: readonly unknown[];
  /** The rows this read returns, as a set (for reading the next level in the same round trip). */
  readonly rows: RowSet;
  /** The source a row belongs to: its id for lists; a row read through a link carries it as {@link SOURCE}. */
  sourceOf(row: Record<string, unknown>): string;
}

/** The column a row read through a link table carries its source's id in (removed before the row is handed out). */
export const SOURCE = '__source';

/** ` AND x IS NULL` for each property a list leaves out rows by (`unless`), on `alias` when given. */
function unlessSql(metadata: EntityMetadata, unless: readonly string[], alias?: string): string {
  return unless.map((property) => ` AND ${alias ? `${alias}.` : ''}${columnOf(metadata, property)} IS NULL`).join('');
}

const order = (metadata: EntityMetadata, relationOrder: object, alias?: string) => orderBy(metadata, relationOrder as FindOptionsOrder<ObjectLiteral>, alias);

/**
 * The read of `relation` for the sources in `sources`: one statement per relation, shape of the
 * sources and column set, scoped to the request's organisation (`$1`) with row-level security
 * behind it. A belongs-to relation reads the target rows the sources' keys name.
 */
export function relationRead(db: RequestDb, relation: Relation, sources: RowSet): RelationRead {
  const read = entityRead(db, relation.target);
  const { metadata } = read;
  const table = quote(metadata.tableName);
  const shape = `${relation.name}<${sources.shape}`;
  const rowsFrom = (tail: string) => rowsWhere(metadata, shape, tail, sources.values);
  switch (relation.kind) {
    case 'hasMany': {
      const where = `WHERE organisation_id = $1 AND ${columnOf(metadata, relation.key)} = ANY(${sources.keys('id')})${unlessSql(metadata, relation.unless)}`;
      return {
        read,
        // Ordered by the table's columns, not the select list's aliases (a bigint travels as text).
        statement: readStatement(shape, [read], () => `SELECT ${read.select()} FROM ${table} ${where} ORDER BY ${order(metadata, relation.order, table)}`),
        values: sources.values,
        rows: rowsFrom(where),
        sourceOf: (row) => row[relation.key] as string,
      };
    }
    case 'through': {
      const link = db.metadata(relation.link);
      const from = columnOf(link, relation.from);
      const to = columnOf(link, relation.to);
      const linkTable = `${quote(link.tableName)} link`;
      const linked = `link.organisation_id = $1 AND link.${from} = ANY(${sources.keys('id')})`;
      return {
        read,
        statement: readStatement(
          shape,
          [read],
          () =>
            `SELECT ${read.select('t')}, link.${from} AS "${SOURCE}" FROM ${linkTable}
               JOIN ${table} t ON t.organisation_id = link.organisation_id AND t.id = link.${to}
              WHERE ${linked}${unlessSql(metadata, relation.unless, 't')} ORDER BY ${order(metadata, relation.order, 't')}`,
        ),
        values: sources.values,
        rows: rowsFrom(`WHERE organisation_id = $1 AND id IN (SELECT link.${to} FROM ${linkTable} WHERE ${linked})${unlessSql(metadata, relation.unless)}`),
        sourceOf: (row) => row[SOURCE] as string,
      };
    }
    case 'belongsTo': {
      const where = `WHERE organisation_id = $1 AND id = ANY(${sources.keys(relation.key)})`;
      return {
        read,
        statement: readStatement(shape, [read], () => `SELECT ${read.select()} FROM ${table} ${where}`),
        values: sources.values,
        rows: rowsFrom(where),
        sourceOf: (row) => row.id as string,
      };
    }
  }
}
