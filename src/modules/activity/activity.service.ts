import { ApiKey } from '../api-keys/api-key.entity';
import { User } from '../accounts/user.entity';
import type { Context } from '../../context';
import { ActivityEventRow } from '../../events/activity-event.entity';
import { appendEvent, eventPage, type EventFilter, type EventInput } from '../../events/event-log';
import { idOf, toGlobalId } from '../../common/global-id';
import { DEFAULT_PAGE_SIZE, toPage, type Page } from '../../common/pagination';
import type { ActivityArgs } from './activity.args';
import { BadInputError } from '../../errors';
import type { ActivityEvent } from './activity-event.type';

/**
 * Appends an event to the organisation's activity log inside the caller's transaction, as done by
 * the calling user or API key (see appendEvent in src/events/event-log.ts). `organisationId` is the
 * request's, unless the caller has set the transaction to another (only endSessions does: a
 * user's sign-out is told to each of their organisations).
 */
export async function recordActivity(ctx: Context, event: EventInput, organisationId: string = ctx.db.organisationId!): Promise<ActivityEventRow> {
  const row = await appendEvent(ctx.db, ctx.deps.events, organisationId, event, { userId: ctx.auth.userId ?? null, apiKeyId: ctx.auth.apiKey?.id ?? null });
  await afterActivityRecorded(ctx, row);
  return row;
}

/**
 * Reacts to an event in the transaction that appended it (webhooks enqueue their deliveries): what
 * it writes commits, or rolls back, with the event. The transaction acts for `event.organisationId`
 * under row-level security, though `ctx.db.organisationId` may be unset (endSessions). Throwing
 * fails the write that recorded the event.
 */
export type ActivityHook = (ctx: Context, event: ActivityEventRow) => Promise<void>;

const activityHooks: ActivityHook[] = [];

/** Registers `hook` for every event recorded from now on, once per process (a feature module does, when loaded). */
export function onActivityRecorded(hook: ActivityHook): void {
  activityHooks.push(hook);
}

/** Runs the hooks of {@link onActivityRecorded} for `event`: for the one writer that appends without recordActivity (acceptInvitation). */
export async function afterActivityRecorded(ctx: Context, event: ActivityEventRow): Promise<void> {
  for (const hook of activityHooks) await hook(ctx, event);
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
  if (row.actorUserId) return row.actorName ?? (await ctx.read.byId(User, row.actorUserId))?.name ?? null;
  if (row.actorApiKeyId) {
    const key = await ctx.read.byId(ApiKey, row.actorApiKeyId);
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

/**
 * Pages through the organisation's activity, oldest first (or newest first), optionally one
 * project's or some types' events; totalCount counts what the filter keeps.
 */
export async function listActivity(ctx: Context, args: ActivityArgs): Promise<Page<ActivityEvent>> {
  const first = args.first ?? DEFAULT_PAGE_SIZE;
  const after = args.after ? BigInt(parseActivityCursor(args.after)) : null;
  const projectId = args.projectId != null ? idOf('Project', args.projectId) : undefined;
  // A filter naming no project of this organisation keeps nothing (as another organisation's does).
  if (projectId === null)
    return toPage<ActivityEvent>(
      [],
      { first, after: args.after },
      (event) => event.cursor,
      async () => 0,
    );
  const filter: EventFilter = { ...(projectId ? { projectId } : {}), ...(args.types != null ? { types: [...new Set(args.types)] } : {}) };
  // A request without an organisation is refused (FORBIDDEN) before anything is read.
  const rows = await eventPage(ctx.db, { after, limit: first + 1, newestFirst: args.newestFirst ?? false, filter });
  return toPage(
    rows.map(toActivityEvent),
    { first, after: args.after },
    (event) => event.cursor,
    () => ctx.read.count(ActivityEventRow, { ...(filter.projectId ? { projectId: filter.projectId } : {}), ...(filter.types ? { type: filter.types } : {}) }),
  );
}
