import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { EVENTS_CHANNEL, notifyEventSql } from '../src/events/event-log';
import { emptyWriteTotals, summariseWrites, type WriteSummary, type WriteTotals } from './writes';

/**
 * The database's share of a write, without the application in front of it: what the server's
 * `updateStage` sends inside its transaction (the organisation's counter lock, the stage's update,
 * the event's append, with or without its `pg_notify`), from `writers` connections at once, with a
 * connection LISTENing as every server process does. On a 2-core machine the whole GraphQL
 * mutation saturates the cores long before PostgreSQL's commit-time NOTIFY lock binds, so this
 * round shows what the lock costs the database itself, and what a deployment whose replicas write
 * faster than one machine's application gains without it (issue #17's pgbench figures, repeated in
 * the bench with the application's own statements).
 */
export interface CommitPathOrganisation {
  id: string;
  stageIds: string[];
}

const LOCK = 'SELECT 1 FROM organisation_event_counters WHERE organisation_id = $1 FOR UPDATE';
const UPDATE = 'UPDATE stages SET description = $3, version = version + 1, updated_at = now() WHERE organisation_id = $1 AND id = $2';
const append = (notify: boolean) =>
  `WITH counter AS (UPDATE organisation_event_counters SET last_seq = last_seq + 1 WHERE organisation_id = $1 RETURNING last_seq)
   INSERT INTO activity_events (organisation_id, seq, type, entity_type, entity_id, summary, data)
   SELECT $1, last_seq, 'STAGE_UPDATED', 'Stage', $2, 'Updated stage', '{}' FROM counter
   RETURNING seq${notify ? `, ${notifyEventSql('organisation_id', 'seq')}` : ''}`;

/** One window of `seconds`: `writers` connections writing, each to a stage of its own, round-robin over the organisations. */
async function drive(url: string, organisations: CommitPathOrganisation[], writers: number, seconds: number, notify: boolean, totals?: WriteTotals): Promise<void> {
  const listener = new Client({ connectionString: url });
  await listener.connect();
  let heard = 0;
  listener.on('notification', () => (heard += 1));
  await listener.query(`LISTEN ${EVENTS_CHANNEL}`);
  const clients = await Promise.all(
    Array.from({ length: writers }, async () => {
      const client = new Client({ connectionString: url });
      await client.connect();
      return client;
    }),
  );
  const latencies: number[] = [];
  let failures = 0;
  let firstFailure: string | undefined;
  const appendSql = append(notify);
  const started = performance.now();
  const until = started + seconds * 1000;
  await Promise.all(
    clients.map(async (client, w) => {
      const organisation = organisations[w % organisations.length]!;
      const stageId = organisation.stageIds[Math.floor(w / organisations.length) % organisation.stageIds.length]!;
      for (let count = 0; performance.now() < until; count += 1) {
        const sent = performance.now();
        try {
          await client.query('BEGIN');
          await client.query(LOCK, [organisation.id]);
          await client.query(UPDATE, [organisation.id, stageId, `commit path ${count}`]);
          await client.query(appendSql, [organisation.id, stageId]);
          await client.query('COMMIT');
          latencies.push(performance.now() - sent);
        } catch (error) {
          failures += 1;
          firstFailure ??= String(error);
          await client.query('ROLLBACK').catch(() => undefined);
        }
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  // Every notifying commit must be heard (the listener is what a server process would be).
  const settleBy = performance.now() + 10_000;
  while (notify && heard < latencies.length && performance.now() < settleBy) await new Promise((resolve) => setTimeout(resolve, 50));
  await Promise.all([...clients, listener].map((client) => client.end()));
  if (!totals) return;
  totals.writes += latencies.length;
  totals.failures += failures;
  totals.firstFailure ??= firstFailure;
  totals.seconds += elapsed;
  totals.latenciesMs.push(...latencies);
  totals.undelivered += notify ? Math.max(0, latencies.length - heard) : 0;
}

/** NOTIFY in every commit against none, in alternating windows after a warm-up of each. */
export async function runCommitPath(url: string, organisations: CommitPathOrganisation[], writers: number, seconds: number, rounds: number): Promise<WriteSummary[]> {
  const sides = [
    { label: 'database only: NOTIFY in every commit', notify: true },
    { label: 'database only: no NOTIFY (Redis wake-ups)', notify: false },
  ];
  for (const side of sides) await drive(url, organisations, writers, 2, side.notify);
  const totals = sides.map(() => emptyWriteTotals());
  for (let round = 0; round < rounds; round += 1) {
    for (const [index, side] of sides.entries()) await drive(url, organisations, writers, seconds / rounds, side.notify, totals[index]);
  }
  return sides.map((side, index) => summariseWrites(side.label, totals[index]!));
}
