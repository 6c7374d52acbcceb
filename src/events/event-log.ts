import type { DataSource } from 'typeorm';
import { entityRead, readStatement, tenantOf } from '../db/entity-read';
import { onOrganisationWrite } from '../db/organisation-writes';
import { RequestDb } from '../db/request-db';
import { ActivityEventRow } from './activity-event.entity';
import type { ActivityEventType } from './event-types';

/*
 * The event log: each organisation's append-only activity log (`activity_events`), numbered by the
 * organisation's counter row (`organisation_event_counters`), and the NOTIFY that tells every
 * process an event committed. Only this module writes the log, touches the counters, or encodes
 * and decodes the notification; the hub, the event streams and the activity query read the log
 * through its one `eventsAfter`. Both reads are scoped to the organisation `db` acts for.
 */

/** The channel every appended event notifies on commit. */
export const EVENTS_CHANNEL = 'partnership_hub_events';

/**
 * The SQL expression that notifies of the event in columns (or parameters) `organisationId` and
 * `seq`: for the append, and for tests that write events white-box. PostgreSQL delivers it only on
 * commit, so a listener never hears of an event it cannot read yet.
 */
export function notifyEventSql(organisationId: string, seq: string): string {
  return `pg_notify('${EVENTS_CHANNEL}', ${organisationId} || ':' || ${seq})`;
}

/** What a notification on {@link EVENTS_CHANNEL} says: whose log grew, and to which seq. */
export interface EventNotification {
  organisationId: string;
  seq: string;
}

/** Reads a payload of {@link notifyEventSql}; undefined for anything else. */
export function decodeEventNotification(payload: string | undefined): EventNotification | undefined {
  const separator = payload?.indexOf(':') ?? -1;
  if (!payload || separator <= 0) return undefined;
  return { organisationId: payload.slice(0, separator), seq: payload.slice(separator + 1) };
}

const COUNTER_LOCK = 'SELECT 1 FROM organisation_event_counters WHERE organisation_id = $1 FOR UPDATE';

/**
 * Makes every write transaction of an organisation on `dataSource` take the organisation's counter
 * row lock before anything else. Every write takes it anyway (to number its event); taking it first
 * serialises the organisation's writers and gives them one lock order, so the row locks taken later
 * (projects, stages, evaluations) cannot deadlock, and "read the last position, append after it"
 * needs no lock of its own. Every process that serves wires it through createLiveUpdates.
 */
export function orderOrganisationWrites(dataSource: DataSource): void {
  onOrganisationWrite(dataSource, async (query, organisationId) => {
    await query(COUNTER_LOCK, [organisationId]);
  });
}

/** Runs SQL: pg's Client, for seeding scripts. */
export interface SqlRunner {
  query(sql: string, params: unknown[]): Promise<unknown>;
}

const CREATE_COUNTER = 'INSERT INTO organisation_event_counters (organisation_id) VALUES ($1)';

/** Starts a new organisation's log: its counter row, without which nothing can be appended. */
export async function createEventCounter(db: RequestDb | SqlRunner, organisationId: string): Promise<void> {
  if (db instanceof RequestDb) await db.query('start the event log', CREATE_COUNTER, [organisationId]);
  else await db.query(CREATE_COUNTER, [organisationId]);
}

/** An event to append (the log adds its seq, actor and time). */
export interface EventInput {
  /** What happened, from the closed list of ./event-types.ts. */
  type: ActivityEventType;
  /** The GraphQL type of the entity, e.g. Stage. */
  entityType: string;
  entityId: string | null;
  /** The project the change belongs to, for project-scoped subscriptions. */
  projectId?: string | null;
  /** Kept to its first 500 characters. */
  summary: string;
  /** Machine-readable details for subscribers (ids, old and new values). */
  data?: Record<string, unknown>;
}

/** Who acted: a user, an API key, or neither (the system). */
export interface EventActor {
  userId: string | null;
  apiKeyId: string | null;
}

/** What an append tells once its event has committed: this process's event hub. */
export interface EventWaker {
  /** Whether the append notifies the other processes itself, in its transaction (pg_notify). */
  readonly notifiesInTransaction: boolean;
  /** After commit: the event at `seq` is readable. */
  committed(organisationId: string, seq: string): void;
}

/**
 * Appends `event` to `organisationId`'s log inside `db`'s current transaction. The seq comes from
 * updating the organisation's counter row, whose lock is held to commit: events of one organisation
 * commit in seq order, so a reader that saw seq N never later finds an N-1 committed behind it. The
 * transaction must act for `organisationId` (row-level security). Throws if the organisation has no
 * counter ({@link createEventCounter}).
 *
 * Other processes hear the NOTIFY, which PostgreSQL delivers only on commit; this process (and the
 * embedded database, whose NOTIFY reaches no other connection) hears from `waker` after commit.
 * With Redis wake-ups there is no NOTIFY (its commit-time lock serialised every writer of the
 * database): `waker` publishes after commit.
 */
export async function appendEvent(db: RequestDb, waker: EventWaker, organisationId: string, event: EventInput, actor: EventActor): Promise<ActivityEventRow> {
  // The actor's name goes into the event: the log keeps naming a former member.
  const [row] = await db.query<{ seq: string; occurred_at: Date; actor_name: string | null }>(
    'append an event',
    `WITH counter AS (
       UPDATE organisation_event_counters SET last_seq = last_seq + 1
        WHERE organisation_id = $1 RETURNING last_seq
     )
     INSERT INTO activity_events (organisation_id, seq, type, entity_type, entity_id, project_id, summary, data, actor_user_id, actor_name, actor_api_key_id)
     SELECT $1, last_seq, $2, $3, $4, $5, $6, $7, $8, (SELECT name FROM users WHERE id = $8), $9 FROM counter
     RETURNING seq, occurred_at, actor_name${waker.notifiesInTransaction ? `, ${notifyEventSql('organisation_id', 'seq')}` : ''}`,
    [
      organisationId,
      event.type,
      event.entityType,
      event.entityId,
      event.projectId ?? null,
      event.summary.slice(0, 500),
      JSON.stringify(event.data ?? {}),
      actor.userId,
      actor.apiKeyId,
    ],
  );
  if (!row) throw new Error('organisation has no event counter');
  db.afterCommit(() => waker.committed(organisationId, row.seq));
  return Object.assign(new ActivityEventRow(), {
    organisationId,
    seq: row.seq,
    type: event.type,
    entityType: event.entityType,
    entityId: event.entityId,
    projectId: event.projectId ?? null,
    summary: event.summary,
    data: event.data ?? {},
    actorUserId: actor.userId,
    actorName: row.actor_name,
    actorApiKeyId: actor.apiKeyId,
    occurredAt: row.occurred_at,
  });
}

/**
 * The events of the organisation `db` acts for after `after`, oldest first, at most `limit`: the
 * one read of the log (the hub's deliveries, a stream's replay, the activity query's pages), as
 * entity instances like every read. FORBIDDEN, before anything is read, when `db` acts for no
 * organisation; row-level security applies as well.
 */
export async function eventsAfter(db: RequestDb, after: bigint, limit: number): Promise<ActivityEventRow[]> {
  const values = [tenantOf(db), after.toString(), limit];
  const read = entityRead(db, ActivityEventRow);
  // e.seq, not seq: the bare name would be the select list's, which is text (bigint travels as text in JSON).
  const sql = readStatement('eventsAfter', [read], () => `SELECT ${read.select('e')} FROM activity_events e WHERE e.organisation_id = $1 AND e.seq > $2 ORDER BY e.seq LIMIT $3`);
  return read.toEntities<ActivityEventRow>(await db.read(sql, values));
}

/** Which events a page of the log keeps: one project's (a UUID), of some types. */
export interface EventFilter {
  readonly projectId?: string;
  readonly types?: readonly string[];
}

/**
 * A page of the log for the activity query: `limit` events after the one at seq `after` (null:
 * from the start), oldest first, or newest first (`after` then pages back through history),
 * keeping those `filter` keeps. Scoped as {@link eventsAfter} is.
 */
export async function eventPage(db: RequestDb, options: { after: bigint | null; limit: number; newestFirst: boolean; filter: EventFilter }): Promise<ActivityEventRow[]> {
  const { after, newestFirst, filter } = options;
  const values: unknown[] = [tenantOf(db), options.limit];
  const conditions = ['e.organisation_id = $1'];
  if (after !== null) conditions.push(`e.seq ${newestFirst ? '<' : '>'} $${values.push(after.toString())}`);
  if (filter.projectId !== undefined) conditions.push(`e.project_id = $${values.push(filter.projectId)}`);
  if (filter.types !== undefined) conditions.push(`e.type = ANY($${values.push(filter.types)}::text[])`);
  const read = entityRead(db, ActivityEventRow);
  const shape = `eventPage:${newestFirst}:${after !== null}:${filter.projectId !== undefined}:${filter.types !== undefined}`;
  const sql = readStatement(
    shape,
    [read],
    () => `SELECT ${read.select('e')} FROM activity_events e WHERE ${conditions.join(' AND ')} ORDER BY e.seq ${newestFirst ? 'DESC' : 'ASC'} LIMIT $2`,
  );
  return read.toEntities<ActivityEventRow>(await db.read(sql, values));
}

/** The latest committed seq of the organisation `db` acts for (0 when its log is empty). */
export async function latestSeq(db: RequestDb): Promise<bigint> {
  const sql = readStatement('latestSeq', [], () => 'SELECT max(seq)::text AS seq FROM activity_events WHERE organisation_id = $1');
  const [row] = await db.read<{ seq: string | null }>(sql, [tenantOf(db)]);
  return BigInt(row?.seq ?? '0');
}
