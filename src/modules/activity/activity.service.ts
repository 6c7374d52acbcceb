import type { Context } from '../../context';
import type { ActivityEventType } from '../../events/event-types';
import { EVENTS_CHANNEL } from '../../events/pg-listener';
import { toGlobalId } from '../../common/global-id';
import { DEFAULT_PAGE_SIZE, toPage, type Page, type PageArgs } from '../../common/pagination';
import { BadInputError } from '../../errors';
import { ActivityEventRow } from './activity-event.entity';
import type { ActivityEvent } from './activity-event.type';

export interface ActivityInput {
  /** What happened, from the closed list of src/events/event-types.ts. */
  type: ActivityEventType;
  /** The GraphQL type of the entity, e.g. Stage. */
  entityType: string;
  entityId: string | null;
  /** The project the change belongs to, for project-scoped subscriptions. */
  projectId?: string | null;
  summary: string;
  /** Machine-readable details for subscribers (ids, old and new values). */
  data?: Record<string, unknown>;
}

/**
 * Appends an event to the organisation's activity log inside the caller's transaction. The
 * sequence number is allocated by updating the organisation's counter row, whose lock is held
 * to commit: events of one organisation commit in sequence order, so a reader that saw seq N
 * never later finds an N-1 committed behind it. `organisationId` is the request's, unless the
 * caller has set the transaction to another (only endSessions does: a user's sign-out is told
 * to each of their organisations).
 */
export async function recordActivity(ctx: Context, event: ActivityInput, organisationId: string = ctx.db.organisationId!): Promise<ActivityEventRow> {
  // The actor's name goes into the event (a user always sees their own account, so no extra round trip).
  const [row] = await ctx.db.query<{ seq: string; occurred_at: Date; actor_name: string | null }>(
    `WITH counter AS (
       UPDATE organisation_event_counters SET last_seq = last_seq + 1
        WHERE organisation_id = $1 RETURNING last_seq
     )
     INSERT INTO activity_events (organisation_id, seq, type, entity_type, entity_id, project_id, summary, data, actor_user_id, actor_name, actor_api_key_id)
     SELECT $1, last_seq, $2, $3, $4, $5, $6, $7, $8, (SELECT name FROM users WHERE id = $8), $9 FROM counter
     RETURNING seq, occurred_at, actor_name, pg_notify('${EVENTS_CHANNEL}', organisation_id || ':' || seq)`,
    [
      organisationId,
      event.type,
      event.entityType,
      event.entityId,
      event.projectId ?? null,
      event.summary.slice(0, 500),
      JSON.stringify(event.data ?? {}),
      ctx.auth.userId ?? null,
      ctx.auth.apiKey?.id ?? null,
    ],
  );
  if (!row) throw new Error('organisation has no event counter');
  // Other processes hear the NOTIFY, delivered by PostgreSQL only on commit; this one (and the
  // embedded database, whose NOTIFY reaches no other connection) wakes its own hub after commit.
  const { events } = ctx.deps;
  ctx.db.afterCommit(() => events.wake(organisationId));
  return Object.assign(new ActivityEventRow(), {
    organisationId,
    seq: row.seq,
    type: event.type,
    entityType: event.entityType,
    entityId: event.entityId,
    projectId: event.projectId ?? null,
    summary: event.summary,
    data: event.data ?? {},
    actorUserId: ctx.auth.userId ?? null,
    actorName: row.actor_name,
    actorApiKeyId: ctx.auth.apiKey?.id ?? null,
    occurredAt: row.occurred_at,
  });
}

/** Activity cursors are the event's sequence number, opaque to clients. */
export function activityCursor(seq: string): string {
  return Buffer.from(`seq:${seq}`, 'utf8').toString('base64url');
}

export function parseActivityCursor(cursor: string): string {
  const match = /^seq:(\d{1,18})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) throw new BadInputError('after is not a valid activity cursor', 'after');
  return match[1]!;
}

/**
 * Names the actor of an event for clients: the user as named in the event (so a former member is
 * still named in the log of what they did, though their account is no longer visible), or the API
 * key's name.
 */
export async function actorName(ctx: Context, row: ActivityEventRow): Promise<string | null> {
  if (row.actorUserId) return row.actorName ?? (await ctx.loaders.accounts.userById.load(row.actorUserId))?.name ?? null;
  if (row.actorApiKeyId) {
    const key = await ctx.loaders.apiKeys.apiKeyById.load(row.actorApiKeyId);
    return key ? `API key: ${key.name}` : null;
  }
  return null;
}

export function toActivityEvent(row: ActivityEventRow): ActivityEvent {
  return {
    cursor: activityCursor(row.seq),
    type: row.type,
    occurredAt: row.occurredAt,
    entityType: row.entityType,
    entityId: row.entityId ? toGlobalId(row.entityType, row.entityId) : null,
    summary: row.summary,
    row,
  };
}

/** Pages through the organisation's activity, oldest first. */
export async function listActivity(ctx: Context, args: PageArgs): Promise<Page<ActivityEvent>> {
  const first = args.first ?? DEFAULT_PAGE_SIZE;
  const after = args.after ? parseActivityCursor(args.after) : '0';
  const repo = ctx.db.repo(ActivityEventRow);
  const qb = await repo.queryBuilder('e');
  const rows = await qb.andWhere('e.seq > :after', { after }).orderBy('e.seq', 'ASC').limit(first + 1).getMany();
  return toPage(rows.map(toActivityEvent), first, (event) => event.cursor, () => repo.count());
}
