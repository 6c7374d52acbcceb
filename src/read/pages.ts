import { decodeCursor, encodeCursor } from '../common/pagination';
import { isUuid } from '../common/global-id';
import { entityRead, quote, readStatement, tenantOf } from '../db/entity-read';
import type { RequestDb } from '../db/request-db';
import type { TenantEntity } from '../db/tenant-entity';
import { BadInputError } from '../errors';
import type { Class } from './relations';
import { rowsWhere, type RowSet } from './row-sets';
import { conditionsOf, type Where } from './where';

/** `first` rows after the `after` cursor, of those matching `where`, oldest first unless `newestFirst`. */
export interface PageOptions<T> {
  readonly first: number;
  readonly after?: string | null;
  readonly where?: Where<T>;
  readonly newestFirst?: boolean;
}

/** A keyset page, not read yet: its statement and values, and its rows as SQL for reading ahead. */
export interface KeysetPage<T> {
  /** The page's rows (without the extra one that only tells whether there is a next page), as SQL: for `Reader.ahead`. */
  readonly rows: RowSet;
  /** Sends the page's read (in the current turn, so in the round trip of reads issued beside it). */
  read(): Promise<{ rows: T[]; cursorOf(row: T): string }>;
}

// created_at to the microsecond (a JavaScript Date keeps only milliseconds, and a truncated cursor
// would show a row again on the next page), in UTC.
const CURSOR_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const CURSOR_TIME_FORMAT = 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"';
const CURSOR = '__cursor';

function parseCursor(after: string): { createdAt: string; id: string } {
  const [createdAt, id] = decodeCursor(after, 2);
  if (typeof createdAt !== 'string' || !CURSOR_TIME.test(createdAt) || typeof id !== 'string' || !isUuid(id)) {
    throw new BadInputError('after is not a valid cursor', 'after');
  }
  return { createdAt, id };
}

/**
 * A page of the request's organisation's rows of `target`, oldest first (or newest first, with
 * `newestFirst`): keyset on (created_at, id), `first + 1` rows (the extra one only tells whether
 * there is a next page). Cursors are opaque: base64url JSON of [created_at to the microsecond,
 * id]. A malformed `after` is BAD_USER_INPUT (on `after`), thrown before anything is read.
 *
 * One statement per entity, filter and column set (each combination keeps its own plan);
 * `$1` is the organisation and `$2` is `first + 1`.
 */
export function keysetPage<T extends TenantEntity>(db: RequestDb, target: Class<T>, options: PageOptions<T>): KeysetPage<T> {
  const after = options.after ? parseCursor(options.after) : null;
  const read = entityRead(db, target);
  const { metadata } = read;
  const values: unknown[] = [tenantOf(db), options.first + 1];
  const conditions = conditionsOf(metadata, options.where ?? {}, values);
  const [past, direction] = options.newestFirst ? ['<', 'DESC'] : ['>', 'ASC'];
  const keyset = after ? [`(created_at, id) ${past} ($${values.push(after.createdAt)}::timestamptz, $${values.push(after.id)}::uuid)`] : [];
  const where = ['organisation_id = $1', ...conditions.sql, ...keyset].join(' AND ');
  const order = `created_at ${direction}, id ${direction}`;
  const shape = `page:${conditions.shape}:${Boolean(after)}:${direction}`;
  const statement = readStatement(
    shape,
    [read],
    () =>
      `SELECT ${read.select()}, to_char(created_at AT TIME ZONE 'UTC', '${CURSOR_TIME_FORMAT}') AS "${CURSOR}"
         FROM ${quote(metadata.tableName)} WHERE ${where}
        ORDER BY ${order} LIMIT $2`,
  );
  return {
    rows: rowsWhere(metadata, `${metadata.name}.${shape}`, `WHERE ${where} ORDER BY ${order} LIMIT $2 - 1`, values),
    async read() {
      const found = await db.read<Record<string, unknown>>(statement, values);
      const cursors = new Map<string, string>();
      for (const row of found) {
        cursors.set(row.id as string, encodeCursor([row[CURSOR] as string, row.id as string]));
        delete row[CURSOR];
      }
      return { rows: read.toEntities<T>(found), cursorOf: (row) => cursors.get(row.id)! };
    },
  };
}
