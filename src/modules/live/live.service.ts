import { Project } from '../projects/project.entity';
import type { Context } from '../../context';
import { ForbiddenError, NotFoundError } from '../../errors';
import { idOf } from '../../common/global-id';
import { RequestDb } from '../../db/request-db';
import { eventStream } from '../../events/event-stream';
import type { ActivityEventRow } from '../../events/activity-event.entity';
import { activityCursor, parseActivityCursor, toActivityEvent } from '../activity/activity.service';
import type { ActivityEvent } from '../activity/activity-event.type';
import { StageEventType } from '../stages/stage.enums';
import type { StageEvent } from './stage-event.type';
import type { Progress } from '../stages/progress';
import { computeProgress } from '../stages/stage.service';

const STAGE_EVENT_TYPES = new Set<string>(Object.values(StageEventType));

/** The organisation a subscription is bound to: always the caller's, never an argument. */
function organisationOf(ctx: Context): string {
  if (ctx.auth.failure) throw ctx.auth.failure;
  if (!ctx.auth.organisationId || !ctx.auth.role) throw new ForbiddenError('Subscriptions need an organisation');
  return ctx.auth.organisationId;
}

function stream(ctx: Context, organisationId: string, after: bigint | null, filter: (row: ActivityEventRow) => boolean) {
  const { dataSource } = ctx.deps;
  return eventStream({
    hub: ctx.deps.events,
    organisationId,
    after,
    openDb: () => new RequestDb(dataSource, { organisationId }),
    filter,
    log: ctx.log,
  });
}

/** Resolves a project argument within the caller's organisation; foreign or missing: NOT_FOUND. */
async function projectUuid(ctx: Context, projectId: string): Promise<string> {
  const id = idOf('Project', projectId);
  const project = id ? await ctx.read.byId(Project, id) : null;
  if (!project) throw new NotFoundError('Project');
  return project.id;
}

/**
 * Subscription setup runs once; release its database scope before waiting for events, so an idle
 * subscription holds no connection.
 */
function released<T>(ctx: Context, iterable: T): T {
  ctx.renew();
  return iterable;
}

/** `activity(after)`: the log after the cursor, then live; without a cursor, live only. */
export async function subscribeActivity(ctx: Context, after: string | null | undefined): Promise<AsyncIterable<ActivityEventRow>> {
  const organisationId = organisationOf(ctx);
  const from = after ? BigInt(parseActivityCursor(after)) : null;
  return released(
    ctx,
    stream(ctx, organisationId, from, () => true),
  );
}

/** `stageUpdated(projectId)`: every stage change of the organisation, or of one project. */
export async function subscribeStageEvents(ctx: Context, projectId: string | null | undefined): Promise<AsyncIterable<ActivityEventRow>> {
  const organisationId = organisationOf(ctx);
  const project = projectId ? await projectUuid(ctx, projectId) : null;
  return released(
    ctx,
    stream(ctx, organisationId, null, (row) => STAGE_EVENT_TYPES.has(row.type) && (project === null || row.projectId === project)),
  );
}

/** `projectProgress(projectId)`: a wake-up after every change to the project. */
export async function subscribeProjectChanges(ctx: Context, projectId: string): Promise<AsyncIterable<ActivityEventRow>> {
  const organisationId = organisationOf(ctx);
  const project = await projectUuid(ctx, projectId);
  return released(
    ctx,
    stream(ctx, organisationId, null, (row) => row.projectId === project),
  );
}

/** Each event is resolved in a fresh scope: long-lived subscriptions must not see stale rows. */
export function activityEventOf(ctx: Context, row: ActivityEventRow): ActivityEvent {
  ctx.renew();
  return toActivityEvent(row);
}

/** The project's progress as it is after the event that woke the subscription. */
export async function progressAfter(ctx: Context, row: ActivityEventRow): Promise<Progress> {
  ctx.renew();
  const progress = await computeProgress(ctx, row.projectId!);
  if (!progress) throw new NotFoundError('Project');
  return progress;
}

export function stageEventOf(ctx: Context, row: ActivityEventRow): StageEvent {
  ctx.renew();
  return { type: row.type as StageEventType, cursor: activityCursor(row.seq), row };
}
