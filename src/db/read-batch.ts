import { statement, type NamedStatement } from './statement';

/**
 * Reads that a request issues together (in one turn of the event loop: the loaders of one
 * relation level, say a project's stages and its evaluations) travel to PostgreSQL as one
 * statement, one round trip: each read becomes a `json_agg` column of a single row.
 *
 *   SELECT (SELECT coalesce(json_agg(t), '[]') FROM (<read 1>) t) AS "0",
 *          (SELECT coalesce(json_agg(t), '[]') FROM (<read 2, its $n renumbered>) t) AS "1"
 *
 * `json_agg` over an ordered subquery keeps its order (PostgreSQL aggregates the rows as the
 * subquery yields them; nothing above it reorders). Rows therefore arrive as JSON values:
 * timestamps as ISO strings, bigint as numbers (select them `::text`), dates as 'YYYY-MM-DD'.
 * `EntityRead.toEntities` (entity-read.ts) turns them into what pg's own parsing would have given.
 */
export interface Read {
  readonly statement: NamedStatement;
  readonly params: readonly unknown[];
}

/** Each distinct combination is one named statement; a request's shapes repeat, so this stays small. */
const combined = new Map<string, NamedStatement>();
/** Past this many combinations, new ones go unnamed rather than grow every connection's plan cache. */
const MAX_NAMED_COMBINATIONS = 500;

function renumber(text: string, offset: number): string {
  return offset === 0 ? text : text.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`);
}

function combine(reads: readonly Read[]): NamedStatement | string {
  const key = reads.map((read) => read.statement.name).join(',');
  const known = combined.get(key);
  if (known) return known;
  let offset = 0;
  const columns = reads.map((read, index) => {
    const text = renumber(read.statement.text, offset);
    offset += read.params.length;
    return `(SELECT coalesce(json_agg(t), '[]') FROM (${text}) t) AS "${index}"`;
  });
  const text = `SELECT ${columns.join(', ')}`;
  if (combined.size >= MAX_NAMED_COMBINATIONS) return text;
  const named = statement(text);
  combined.set(key, named);
  return named;
}

/** The one statement and its values for `reads`, and how to split its one row back into each read's rows. */
export function combineReads(reads: readonly Read[]): { sql: NamedStatement | string; values: unknown[]; split(row: Record<string, unknown>): unknown[][] } {
  return {
    sql: combine(reads),
    values: reads.flatMap((read) => read.params),
    split: (row) => reads.map((_, index) => row[index] as unknown[]),
  };
}
