import { notifyEventSql } from '../../src/events/event-log';

/** Runs SQL as the database owner: the harness's `server.sql`, or a client inside a transaction. */
export type OwnerSql = (text: string, params: unknown[]) => Promise<unknown>;

/**
 * Appends `count` events to an organisation's activity log in one statement, white-box, as
 * recordActivity appends one: numbered from the organisation's counter row (whose lock the UPDATE
 * holds to commit, so seq order stays commit order and the next mutation continues after them),
 * each with its NOTIFY. Event n's summary is `backlog n`, right-padded with dots to `width`
 * characters when given (at most 500, as recordActivity keeps); its actor is `actorUserId`.
 */
export async function appendBacklog(sql: OwnerSql, organisationId: string, actorUserId: string, count: number, width = 0): Promise<void> {
  await sql(
    `WITH counter AS (
       UPDATE organisation_event_counters SET last_seq = last_seq + $2 WHERE organisation_id = $1 RETURNING last_seq
     ), appended AS (
       INSERT INTO activity_events (organisation_id, seq, type, entity_type, summary, actor_user_id)
       SELECT $1, counter.last_seq - $2 + n, 'BACKLOG_TEST', 'Organisation', rpad('backlog ' || n, greatest($4, length('backlog ' || n)), '.'), $3
         FROM counter, generate_series(1, $2::int) AS n
       RETURNING organisation_id, seq
     )
     SELECT count(${notifyEventSql('organisation_id', 'seq')}) FROM appended`,
    [organisationId, count, actorUserId, width],
  );
}

/** The summaries {@link appendBacklog} gives events 1 to `count`. */
export function backlogSummaries(count: number, width = 0): string[] {
  return Array.from({ length: count }, (_, i) => `backlog ${i + 1}`.padEnd(width, '.'));
}
