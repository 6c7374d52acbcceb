import type { Context } from '../context';
import { idOf } from '../common/global-id';
import { RequestDb } from '../db/request-db';
import { ForbiddenError, NotFoundError } from '../errors';
import type { ActivityEventRow } from '../events/activity-event.entity';
import type { ActivityEventType } from '../events/event-types';
import { eventStream } from '../events/event-stream';
import { activityCursor, parseActivityCursor } from '../modules/activity/activity.service';
import { Project } from '../modules/projects/project.entity';

/** What a subscription built on the activity log listens to (see {@link subscribeToEvents}). */
export interface EventSubscriptionOptions {
  /** The event types it delivers. */
  types: readonly ActivityEventType[];
  /** Only this project's events (a global id); null or absent for the whole organisation's. */
  projectId?: string | null;
  /** An activity cursor: replay the matching events after it, then go live; null: live only. */
  after?: string | null;
}

/**
 * The committed events of the caller's organisation of some types (and, with `projectId`, of one
 * project), as an async iterable for a `@Subscription`'s `subscribe`: first those after `after`
 * (declare the field with `@Replays({ cursor: 'after' })`), then live ones, each delivered once
 * its transaction committed (they are read from the log, never from the mutation). The
 * organisation is always the caller's, so another tenant's events never reach it.
 *
 * FORBIDDEN without an organisation; NOT_FOUND for a project that is not this organisation's
 * (exactly as a random id); BAD_USER_INPUT for a malformed `after`. Setup's database scope is
 * released before it waits, so an idle subscription holds no connection; resolve each event in a
 * fresh scope ({@link eventOf}).
 */
export async function subscribeToEvents(ctx: Context, options: EventSubscriptionOptions): Promise<AsyncIterable<ActivityEventRow>> {
  if (ctx.auth.failure) throw ctx.auth.failure;
  const organisationId = ctx.auth.organisationId;
  if (!organisationId || !ctx.auth.role) throw new ForbiddenError('Subscriptions need an organisation');
  const after = options.after ? BigInt(parseActivityCursor(options.after)) : null;
  let project: string | null = null;
  if (options.projectId) {
    const id = idOf('Project', options.projectId);
    const found = id ? await ctx.read.byId(Project, id) : null;
    if (!found) throw new NotFoundError('Project');
    project = found.id;
  }
  const types = new Set<string>(options.types);
  const { dataSource } = ctx.deps;
  ctx.renew();
  return eventStream({
    hub: ctx.deps.events,
    organisationId,
    after,
    openDb: () => new RequestDb(dataSource, { organisationId }),
    filter: (row) => types.has(row.type) && (project === null || row.projectId === project),
    log: ctx.log,
  });
}

/** An event as a subscription sends it: its activity cursor (to resume from) and its row. */
export interface LoggedEvent {
  cursor: string;
  row: ActivityEventRow;
}

/**
 * The event a subscription delivers, in a fresh database scope: a long-lived subscription must not
 * read what it cached for an earlier event.
 */
export function eventOf(ctx: Context, row: ActivityEventRow): LoggedEvent {
  ctx.renew();
  return { cursor: activityCursor(row.seq), row };
}
