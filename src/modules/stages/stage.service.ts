import { Partner } from '../partners/partner.entity';
import type { Context } from '../../context';
import { progressOfProject } from './progress.loader';
import { idOf, requireIdOf, toGlobalId } from '../../common/global-id';
import { changedFields, changedSet } from '../../common/changes';
import { optionalText } from '../../common/text';
import type { TenantInsert } from '../../db/tenant-repository';
import { AppError, BadInputError, InvalidTransitionError, NotFoundError } from '../../errors';
import { assertRoom, LIST_CAPS } from '../../limits/list-caps';
import { recordActivity } from '../activity/activity.service';
import { Membership } from '../organisations/membership.entity';
import { Project } from '../projects/project.entity';
import type { ProjectStatus } from '../projects/project.enums';
import { Celebration } from './celebration.entity';
import type { Progress } from './progress';
import { StageDependency } from './stage-dependency.entity';
import { dependencyGraph, dependencyProblem } from './stage.dependencies';
import { projectStages, stageDependsOn } from './stage.relations';
import { Stage } from './stage.entity';
import { StageEventType, StageStatus } from './stage.enums';
import type { AddStageInput, BlockStageInput, CelebrateStageInput, CompleteStageInput, MoveStageInput, UpdateStageInput } from './stage.inputs';
import { StageAction, nextStageStatus, projectRefusesStageWrite, stageEventOf, targetStatus } from './stage.transitions';
import { assertCurrent, assertProjectNotArchived } from '../../common/archived';

const DEPENDENCIES_FIELD = 'input.dependsOnStageIds';

/** The activity types of stage changes: the contract's StageEventType plus the celebration. */
type StageActivityType = `${StageEventType}` | 'STAGE_CELEBRATED';

interface LockedProject {
  id: string;
  status: ProjectStatus;
  archivedAt: Date | null;
}

/** A stage of this organisation by global id; null for a malformed, missing or foreign id. */
export async function getStage(ctx: Context, globalId: string): Promise<Stage | null> {
  const id = idOf('Stage', globalId);
  return id ? ctx.read.byId(Stage, id) : null;
}

/**
 * The current Progress of a project of this organisation (by UUID), read afresh (the loader's
 * cached value is dropped first); null when the project is not one of the organisation's. For
 * whoever needs progress outside a Project field, e.g. the projectProgress subscription.
 */
export async function computeProgress(ctx: Context, projectId: string): Promise<Progress | null> {
  const project = await ctx.read.byId(Project, projectId);
  if (!project) return null;
  ctx.read.forget();
  return ctx.read.batch(progressOfProject).load(projectId);
}

/**
 * Locks a project row of this organisation: FOR UPDATE when the write renumbers or rewires the
 * plan (so such writes serialize per project), FOR SHARE otherwise (so the project's status cannot
 * change under the write). Every stage write locks the project before any stage row, one order
 * for all, so writes cannot deadlock on each other.
 */
async function lockProject(ctx: Context, projectId: string, mode: 'UPDATE' | 'SHARE'): Promise<LockedProject | null> {
  const rows = await ctx.db.query<LockedProject>(
    `lock the project plan (${mode})`,
    `SELECT id, status, archived_at AS "archivedAt" FROM projects WHERE organisation_id = $1 AND id = $2 FOR ${mode}`,
    [ctx.db.organisationId, projectId],
  );
  if (rows[0]) assertProjectNotArchived(rows[0]);
  return rows[0] ?? null;
}

/** INVALID_TRANSITION unless the project accepts this stage write (see projectRefusesStageWrite). */
function assertProjectAccepts(project: LockedProject, needsActive: boolean): void {
  const refusal = projectRefusesStageWrite(project.status, needsActive);
  if (refusal) throw new AppError('INVALID_TRANSITION', refusal, { projectStatus: project.status });
}

/** Locks a stage's project (in `mode`), then the stage itself FOR UPDATE. NOT_FOUND when missing. */
async function lockStage(ctx: Context, stageId: string, mode: 'UPDATE' | 'SHARE'): Promise<{ project: LockedProject; stage: Stage }> {
  // A stage never changes project, so reading its project before any lock is safe.
  const unlocked = await ctx.read.byId(Stage, stageId);
  if (!unlocked) throw new NotFoundError('Stage');
  const project = await lockProject(ctx, unlocked.projectId, mode);
  const stage = await ctx.db.repo(Stage).findOneForUpdate(stageId);
  if (!project || !stage) throw new NotFoundError('Stage');
  return { project, stage };
}

/** The partner id behind `globalId` when it is a partner of this organisation; NOT_FOUND otherwise. */
async function resolveOwner(ctx: Context, globalId: string): Promise<string> {
  const id = requireIdOf('Partner', globalId);
  const partner = await ctx.read.byId(Partner, id);
  if (!partner) throw new NotFoundError('Partner');
  assertCurrent(partner, 'partner', 'input.ownerPartnerId');
  return id;
}

/**
 * The user id behind `globalId` when that user is a member of this organisation; NOT_FOUND
 * otherwise (another organisation's member, a stranger, a malformed id). The stage's foreign key
 * to memberships holds it too, against a member removed meanwhile.
 */
async function resolveAssignee(ctx: Context, globalId: string): Promise<string> {
  const id = requireIdOf('User', globalId);
  if ((await ctx.read.count(Membership, { userId: id })) === 0) throw new NotFoundError('User');
  return id;
}

/**
 * Resolves dependency ids for `stageId` (null for a stage not created yet) in `projectId`:
 * NOT_FOUND unless every one is a stage of the same project; BAD_USER_INPUT on the stage itself or
 * on a cycle in the project's dependency graph. Duplicates are dropped.
 */
async function resolveDependencies(ctx: Context, projectId: string, stageId: string | null, globalIds: readonly string[]): Promise<string[]> {
  const ids = [...new Set(globalIds.map((globalId) => requireIdOf('Stage', globalId)))];
  if (stageId && ids.includes(stageId)) throw new BadInputError('A stage cannot depend on itself', DEPENDENCIES_FIELD);
  if (ids.length === 0) return ids;
  // One round trip: the stages named, and (for an existing stage) the project's dependency graph.
  const [found, pairs] = await Promise.all([ctx.read.count(Stage, { projectId, id: ids }), stageId ? ctx.read.rows(StageDependency, { where: { projectId } }) : null]);
  if (found !== ids.length) throw new NotFoundError('Stage');
  if (stageId && pairs) {
    const problem = dependencyProblem(dependencyGraph(pairs), stageId, ids);
    if (problem === 'SELF') throw new BadInputError('A stage cannot depend on itself', DEPENDENCIES_FIELD);
    if (problem === 'CYCLE') throw new BadInputError('These dependencies would make a cycle: a stage would wait for itself', DEPENDENCIES_FIELD);
  }
  return ids;
}

async function replaceDependencies(ctx: Context, stage: Stage, dependsOn: readonly string[]): Promise<void> {
  const repo = ctx.db.repo(StageDependency);
  await repo.delete({ stageId: stage.id });
  await repo.insertMany(dependsOn.map((dependsOnStageId) => ({ projectId: stage.projectId, stageId: stage.id, dependsOnStageId })));
}

/** Appends the stage's activity event: entityType Stage, the project, and always `{ stageId }`. */
function recordStageActivity(ctx: Context, type: StageActivityType, stage: Stage, summary: string, data: Record<string, unknown> = {}) {
  return recordActivity(ctx, {
    type,
    entityType: 'Stage',
    entityId: stage.id,
    projectId: stage.projectId,
    summary,
    data: { stageId: stage.id, ...data },
  });
}

async function insertCelebration(ctx: Context, stage: Stage, message: string | null): Promise<Celebration> {
  return ctx.db.repo(Celebration).insert({
    stageId: stage.id,
    message,
    acknowledgedByUserId: ctx.auth.userId ?? null,
    acknowledgedByApiKeyId: ctx.auth.apiKey?.id ?? null,
  });
}

/**
 * Appends a stage to a project's plan (position = the number of stages). NOT_FOUND for a project,
 * owner partner, assignee (a member) or dependency that is not this organisation's (dependencies must be stages of the
 * same project); INVALID_TRANSITION on a COMPLETED or CANCELLED project; LIMIT_REACHED once the
 * plan has LIST_CAPS.stagesPerProject stages.
 */
export async function addStage(ctx: Context, input: AddStageInput): Promise<Stage> {
  const projectId = requireIdOf('Project', input.projectId);
  const stage = await ctx.db.transaction(async () => {
    const project = await lockProject(ctx, projectId, 'UPDATE');
    if (!project) throw new NotFoundError('Project');
    assertProjectAccepts(project, false);
    const ownerPartnerId = input.ownerPartnerId != null ? await resolveOwner(ctx, input.ownerPartnerId) : null;
    const assigneeUserId = input.assigneeUserId != null ? await resolveAssignee(ctx, input.assigneeUserId) : null;
    const dependsOn = await resolveDependencies(ctx, projectId, null, input.dependsOnStageIds ?? []);
    const position = await ctx.read.count(Stage, { projectId });
    assertRoom(position, LIST_CAPS.stagesPerProject, 'stages in a project');
    const created = await ctx.db.repo(Stage).insert({
      projectId,
      title: input.title.trim(),
      description: optionalText(input.description),
      ownerPartnerId,
      assigneeUserId,
      dueDate: input.dueDate ?? null,
      position,
      status: StageStatus.NOT_STARTED,
    });
    await replaceDependencies(ctx, created, dependsOn);
    await recordStageActivity(ctx, StageEventType.STAGE_ADDED, created, `Added stage "${created.title}"`, { position });
    return created;
  });
  return stage;
}

/**
 * Edits a stage with optimistic concurrency (CONFLICT on a stale expectedVersion). Omitted fields
 * stay; null clears a nullable one (title cannot be cleared); dependsOnStageIds replaces the whole
 * set (null clears it). Dependencies: NOT_FOUND outside the project, BAD_USER_INPUT on itself or a
 * cycle. An assignee who is not a member is NOT_FOUND. INVALID_TRANSITION on a COMPLETED or
 * CANCELLED project.
 */
export async function updateStage(ctx: Context, input: UpdateStageInput): Promise<Stage> {
  const id = requireIdOf('Stage', input.id);
  const rewires = input.dependsOnStageIds !== undefined;
  const stage = await ctx.db.transaction(async () => {
    // Rewiring locks the project exclusively: two concurrent edits could otherwise each add one
    // half of a cycle that neither sees.
    const { project, stage: current } = await lockStage(ctx, id, rewires ? 'UPDATE' : 'SHARE');
    assertProjectAccepts(project, false);
    const patch: TenantInsert<Stage> = {};
    if (input.title !== undefined) {
      if (input.title === null) throw new BadInputError('A stage needs a title', 'input.title');
      patch.title = input.title.trim();
    }
    if (input.description !== undefined) patch.description = optionalText(input.description);
    if (input.ownerPartnerId !== undefined) patch.ownerPartnerId = input.ownerPartnerId === null ? null : await resolveOwner(ctx, input.ownerPartnerId);
    if (input.assigneeUserId !== undefined) {
      patch.assigneeUserId = input.assigneeUserId === null ? null : await resolveAssignee(ctx, input.assigneeUserId);
    }
    if (input.dueDate !== undefined) patch.dueDate = input.dueDate;
    const dependsOn = rewires ? await resolveDependencies(ctx, current.projectId, current.id, input.dependsOnStageIds ?? []) : null;
    const dependedOn = dependsOn ? (await ctx.read.rows(StageDependency, { where: { stageId: id } })).map((row) => row.dependsOnStageId) : [];
    const updated = await ctx.db.repo(Stage).updateVersioned(id, input.expectedVersion, patch);
    if (dependsOn) await replaceDependencies(ctx, updated, dependsOn);
    const changed = [...Object.keys(patch), ...(dependsOn ? ['dependsOn'] : [])];
    const changes = {
      ...changedFields(current, patch, { ownerPartnerId: 'Partner', assigneeUserId: 'User' }),
      ...(dependsOn ? { dependsOnStageIds: changedSet('Stage', dependedOn, dependsOn) } : {}),
    };
    await recordStageActivity(ctx, StageEventType.STAGE_UPDATED, updated, `Updated stage "${updated.title}"`, { changed, changes });
    return updated;
  });
  return stage;
}

/**
 * Moves a stage to `position` (0-based) in its project's plan; the stages between shift by one and
 * positions stay 0..n-1. BAD_USER_INPUT outside 0..n-1; INVALID_TRANSITION on a COMPLETED or
 * CANCELLED project. Concurrent moves of one project serialize on the project row; the position
 * uniqueness is checked at commit, so the renumbering is one statement. Positions are the plan's
 * order, not the stage's content: moving changes no stage's version.
 */
export async function moveStage(ctx: Context, input: MoveStageInput): Promise<Project> {
  const id = requireIdOf('Stage', input.id);
  const projectId = await ctx.db.transaction(async () => {
    const { project, stage } = await lockStage(ctx, id, 'UPDATE');
    assertProjectAccepts(project, false);
    const siblings = await ctx.read.load(projectStages, project);
    if (input.position > siblings.length - 1) {
      throw new BadInputError(`position must be between 0 and ${siblings.length - 1}`, 'input.position');
    }
    const from = siblings.findIndex((sibling) => sibling.id === id);
    const order = siblings.map((sibling) => sibling.id).filter((siblingId) => siblingId !== id);
    order.splice(input.position, 0, id);
    await ctx.db.query(
      'renumber the project plan',
      `UPDATE stages AS s SET position = v.position, updated_at = now()
         FROM unnest($3::uuid[], $4::int[]) AS v(id, position)
        WHERE s.organisation_id = $1 AND s.project_id = $2 AND s.id = v.id AND s.position <> v.position`,
      [ctx.db.organisationId, project.id, order, order.map((_, index) => index)],
    );
    await recordStageActivity(ctx, StageEventType.STAGE_MOVED, stage, `Moved stage "${stage.title}" from ${from + 1} to ${input.position + 1}`, {
      from,
      to: input.position,
      changes: { position: { from, to: input.position } },
    });
    return project.id;
  });
  const project = await ctx.read.byId(Project, projectId);
  if (!project) throw new NotFoundError('Project');
  return project;
}

interface TransitionSteps {
  /** Fields set besides the status. */
  patch(stage: Stage): TenantInsert<Stage>;
  /** Checks after the status check (e.g. dependencies), before anything is written. */
  check?(stage: Stage): Promise<void>;
  /** Writes after the stage (e.g. the celebration); returns extra activity data. */
  after?(stage: Stage): Promise<Record<string, unknown>>;
  summary(stage: Stage): string;
}

/**
 * One status transition, all-or-nothing: locks the project (shared) and the stage, checks the
 * project accepts it, checks the transition table, runs the steps, bumps the version and records
 * the activity. INVALID_TRANSITION changes nothing.
 */
async function transitionStage(ctx: Context, globalId: string, action: StageAction, steps: TransitionSteps): Promise<Stage> {
  const id = requireIdOf('Stage', globalId);
  const stage = await ctx.db.transaction(async () => {
    const { project, stage: current } = await lockStage(ctx, id, 'SHARE');
    assertProjectAccepts(project, action === StageAction.START || action === StageAction.COMPLETE);
    const to = nextStageStatus(current.status, action);
    if (!to) throw new InvalidTransitionError('Stage', current.status, targetStatus(action));
    await steps.check?.(current);
    // The row is locked, so its version cannot have moved since it was read.
    const patch: TenantInsert<Stage> = { ...steps.patch(current), status: to };
    const updated = await ctx.db.repo(Stage).updateVersioned(id, current.version, patch);
    const data = (await steps.after?.(updated)) ?? {};
    const changes = changedFields(current, patch, { completedByUserId: 'User' });
    await recordStageActivity(ctx, stageEventOf(action), updated, steps.summary(updated), { ...data, changes });
    return updated;
  });
  return stage;
}

/** DEPENDENCY_NOT_DONE (extensions.dependencies: their global ids, by position) while any is open. */
async function assertDependenciesDone(ctx: Context, stage: Stage): Promise<void> {
  const open = (await ctx.read.load(stageDependsOn, stage)).filter((dependency) => dependency.status !== StageStatus.DONE);
  if (open.length === 0) return;
  throw new AppError('DEPENDENCY_NOT_DONE', `This stage waits for ${open.length} stage(s) that are not DONE: ${open.map((s) => `"${s.title}"`).join(', ')}`, {
    dependencies: open.map((s) => toGlobalId('Stage', s.id)),
  });
}

/**
 * NOT_STARTED or BLOCKED -> IN_PROGRESS. DEPENDENCY_NOT_DONE while a dependency is not DONE;
 * INVALID_TRANSITION from another status or when the project is not ACTIVE. Sets startedAt on the
 * first start and clears the blocked reason.
 */
export function startStage(ctx: Context, globalId: string): Promise<Stage> {
  return transitionStage(ctx, globalId, StageAction.START, {
    check: (stage) => assertDependenciesDone(ctx, stage),
    patch: (stage) => ({ startedAt: stage.startedAt ?? new Date(), blockedReason: null }),
    summary: (stage) => `Started stage "${stage.title}"`,
  });
}

/** NOT_STARTED or IN_PROGRESS -> BLOCKED with a reason (validated non-blank by the input). */
export function blockStage(ctx: Context, input: BlockStageInput): Promise<Stage> {
  const reason = input.reason.trim();
  if (!reason) throw new BadInputError('A blocked stage needs a reason', 'input.reason');
  return transitionStage(ctx, input.id, StageAction.BLOCK, {
    patch: () => ({ blockedReason: reason }),
    summary: (stage) => `Blocked stage "${stage.title}": ${reason}`,
  });
}

/**
 * IN_PROGRESS -> DONE in an ACTIVE project: records completedAt and completedBy (the acting user;
 * null for an API key) and always a Celebration (with the given message, or none).
 */
export function completeStage(ctx: Context, input: CompleteStageInput): Promise<Stage> {
  return transitionStage(ctx, input.id, StageAction.COMPLETE, {
    patch: () => ({ completedAt: new Date(), completedByUserId: ctx.auth.userId ?? null }),
    after: async (stage) => {
      const celebration = await insertCelebration(ctx, stage, optionalText(input.celebration));
      return { celebrationId: celebration.id };
    },
    summary: (stage) => `Completed stage "${stage.title}"`,
  });
}

/** Any status but DONE or CANCELLED -> CANCELLED (final). */
export function cancelStage(ctx: Context, globalId: string): Promise<Stage> {
  return transitionStage(ctx, globalId, StageAction.CANCEL, {
    patch: () => ({ blockedReason: null }),
    summary: (stage) => `Cancelled stage "${stage.title}"`,
  });
}

/**
 * Adds a celebration to a DONE stage (INVALID_TRANSITION otherwise, or on a COMPLETED or
 * CANCELLED project), acknowledged by the acting user (or API key). LIMIT_REACHED once the stage
 * has LIST_CAPS.celebrationsPerStage (completing it made the first).
 */
export async function celebrateStage(ctx: Context, input: CelebrateStageInput): Promise<Celebration> {
  const id = requireIdOf('Stage', input.stageId);
  const message = input.message.trim();
  if (!message) throw new BadInputError('A celebration needs a message', 'input.message');
  const celebration = await ctx.db.transaction(async () => {
    const { project, stage } = await lockStage(ctx, id, 'SHARE');
    assertProjectAccepts(project, false);
    if (stage.status !== StageStatus.DONE) {
      throw new AppError('INVALID_TRANSITION', `Only a DONE stage can be celebrated; this one is ${stage.status}`, { from: stage.status });
    }
    assertRoom(await ctx.read.count(Celebration, { stageId: stage.id }), LIST_CAPS.celebrationsPerStage, 'celebrations of a stage');
    const created = await insertCelebration(ctx, stage, message);
    await recordStageActivity(ctx, 'STAGE_CELEBRATED', stage, `Celebrated stage "${stage.title}"`, { celebrationId: created.id });
    return created;
  });
  return celebration;
}
