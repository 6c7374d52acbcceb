import type { GraphQLResolveInfo } from 'graphql';
import type { Context } from '../../context';
import { AppError, InvalidTransitionError, NotFoundError } from '../../errors';
import { changedFields } from '../../common/changes';
import { assertRoom, LIST_CAPS } from '../../limits/list-caps';
import { requireIdOf } from '../../common/global-id';
import { DEFAULT_PAGE_SIZE, type Page } from '../../common/pagination';
import { optionalText } from '../../common/text';
import { before, type Where } from '../../read/where';
import { recordActivity } from '../activity/activity.service';
import { requireMember } from '../organisations/organisation.members';
import { Partner } from '../partners/partner.entity';
import { namedRepresentative, speakerData, speakerFor, speakerSummary } from '../partners/representative.service';
import { Principle } from '../principles/principle.entity';
import { Project } from '../projects/project.entity';
import { todayUtc } from '../stages/progress';
import { Stage } from '../stages/stage.entity';
import { Challenge } from './challenge.entity';
import { ChallengeStatus } from './challenge.enums';
import type { ChallengesArgs, RaiseChallengeInput, ResolveChallengeInput, UpdateChallengeInput } from './challenge.inputs';
import { canMoveChallenge } from './challenge.transitions';
import { assertCurrent, assertProjectNotArchived } from '../../common/archived';

/** An OPEN challenge whose due date is before `today` (UTC, 'YYYY-MM-DD'), as Stage.isLate counts days. */
export function isChallengeOverdue(challenge: Pick<Challenge, 'status' | 'dueDate'>, today: string = todayUtc()): boolean {
  return challenge.status === ChallengeStatus.OPEN && challenge.dueDate !== null && challenge.dueDate < today;
}

/**
 * The organisation's challenges, newest first (keyset on created_at, id, see src/read/pages.ts),
 * optionally in one status and, with `overdue: true`, only the OPEN ones past their due date
 * (another status with it: none). What the selection asks of the page's nodes is read in the
 * page's round trip. `totalCount` counts with the same filters, only when asked for. A malformed
 * `after` is BAD_USER_INPUT.
 */
export function listChallenges(ctx: Context, args: ChallengesArgs, info?: GraphQLResolveInfo): Promise<Page<Challenge>> {
  const overdue = args.overdue === true;
  const status = overdue ? (!args.status || args.status === ChallengeStatus.OPEN ? ChallengeStatus.OPEN : []) : args.status;
  const where: Where<Challenge> = { ...(status == null ? {} : { status }), ...(overdue ? { dueDate: before(todayUtc()) } : {}) };
  return ctx.read.page(Challenge, { first: args.first ?? DEFAULT_PAGE_SIZE, after: args.after, where, newestFirst: true }, info);
}

/**
 * Raises an OPEN challenge on a project in a partner's name: raised by the partner (only its
 * linked representative, or an ADMIN or OWNER on its behalf naming one and giving evidence; see
 * speakerFor), citing a principle, about a partner, a stage of the same project, or the project
 * itself (neither given), owned by a member and due by `dueDate` when given.
 *
 * Every id is resolved first: NOT_FOUND for one that does not name a row of the organisation (the
 * stage one of this project, the owner a member); then NOT_A_REPRESENTATIVE, BAD_USER_INPUT for
 * missing evidence on behalf (input.evidence) or another partner's representative
 * (input.representativeId); LIMIT_REACHED once the project has LIST_CAPS.challengesPerProject.
 */
export async function raiseChallenge(ctx: Context, input: RaiseChallengeInput): Promise<Challenge> {
  const projectId = requireIdOf('Project', input.projectId);
  const raisedByPartnerId = requireIdOf('Partner', input.raisedByPartnerId);
  const principleId = requireIdOf('Principle', input.principleId);
  const concernsPartnerId = input.concernsPartnerId == null ? null : requireIdOf('Partner', input.concernsPartnerId);
  const concernsStageId = input.concernsStageId == null ? null : requireIdOf('Stage', input.concernsStageId);
  const evidence = optionalText(input.evidence);
  return ctx.db.transaction(async () => {
    const { read } = ctx;
    const [project, raisedBy, principle, concerns, stage, named, owner] = await Promise.all([
      read.byId(Project, projectId),
      read.byId(Partner, raisedByPartnerId),
      read.byId(Principle, principleId),
      concernsPartnerId ? read.byId(Partner, concernsPartnerId) : null,
      concernsStageId ? read.byId(Stage, concernsStageId) : null,
      namedRepresentative(ctx, input.representativeId),
      input.ownerUserId == null ? null : requireMember(ctx, input.ownerUserId),
    ]);
    if (!project) throw new NotFoundError('Project');
    if (!raisedBy) throw new NotFoundError('Partner');
    if (!principle) throw new NotFoundError('Principle');
    if (concernsPartnerId && !concerns) throw new NotFoundError('Partner');
    // A stage of another project is as good as missing (the composite foreign key agrees).
    if (concernsStageId && stage?.projectId !== projectId) throw new NotFoundError('Stage');
    assertProjectNotArchived(project);
    assertCurrent(raisedBy, 'partner', 'input.raisedByPartnerId');
    assertCurrent(principle, 'principle', 'input.principleId');
    assertCurrent(concerns, 'partner', 'input.concernsPartnerId');
    assertCurrent(named, 'representative', 'input.representativeId');
    const speaker = await speakerFor(ctx, raisedBy, named, evidence);
    assertRoom(await read.count(Challenge, { projectId }), LIST_CAPS.challengesPerProject, 'challenges of a project');
    const challenge = await ctx.db.repo(Challenge).insert({
      projectId,
      raisedByPartnerId,
      principleId,
      description: input.description,
      concernsPartnerId,
      concernsStageId,
      status: ChallengeStatus.OPEN,
      resolution: null,
      closedAt: null,
      raisedByUserId: ctx.auth.userId ?? null,
      onBehalf: speaker.onBehalf,
      representativeId: speaker.representative.id,
      evidence: speaker.evidence,
      ownerUserId: owner?.id ?? null,
      dueDate: input.dueDate ?? null,
    });
    const id = challenge.id;
    await recordActivity(ctx, {
      type: 'CHALLENGE_RAISED',
      entityType: 'Challenge',
      entityId: id,
      projectId,
      summary: `${raisedBy.name} raised a challenge on ${project.name}${concerns ? ` about ${concerns.name}` : ''} (${speakerSummary(speaker, 'by')})`,
      data: {
        raisedByPartnerId: raisedBy.globalId,
        principleId: principle.globalId,
        concernsPartnerId: concerns?.globalId ?? null,
        concernsStageId: stage?.globalId ?? null,
        ...speakerData(speaker),
        ownerUserId: owner?.globalId ?? null,
        dueDate: input.dueDate ?? null,
      },
    });
    return challenge;
  });
}

/**
 * Closes an OPEN challenge as RESOLVED (with its resolution) or WITHDRAWN, under a row lock so two
 * closers cannot both win. Anything but OPEN is INVALID_TRANSITION; a missing or foreign challenge
 * NOT_FOUND.
 */
async function closeChallenge(ctx: Context, globalId: string, to: ChallengeStatus.RESOLVED | ChallengeStatus.WITHDRAWN, resolution: string | null): Promise<Challenge> {
  const id = requireIdOf('Challenge', globalId);
  return ctx.db.transaction(async () => {
    const repo = ctx.db.repo(Challenge);
    const challenge = await repo.findOneForUpdate(id);
    if (!challenge) throw new NotFoundError('Challenge');
    assertProjectNotArchived((await ctx.read.byId(Project, challenge.projectId))!);
    if (!canMoveChallenge(challenge.status, to)) throw new InvalidTransitionError('Challenge', challenge.status, to);
    await repo.update({ id }, { status: to, closedAt: new Date(), ...(resolution === null ? {} : { resolution }) });
    const project = await ctx.read.byId(Project, challenge.projectId);
    await recordActivity(ctx, {
      type: to === ChallengeStatus.RESOLVED ? 'CHALLENGE_RESOLVED' : 'CHALLENGE_WITHDRAWN',
      entityType: 'Challenge',
      entityId: id,
      projectId: challenge.projectId,
      summary: `A challenge on ${project?.name ?? 'a project'} was ${to === ChallengeStatus.RESOLVED ? 'resolved' : 'withdrawn'}`,
      data: {
        from: challenge.status,
        to,
        changes: { status: { from: challenge.status, to }, ...(resolution === null ? {} : { resolution: { from: challenge.resolution, to: resolution } }) },
      },
    });
    return (await ctx.read.byId(Challenge, id))!;
  });
}

/**
 * Gives an OPEN challenge an owner (a member) and a due date, or clears them: what taking it on
 * looks like. Any member may (as raising and resolving are MEMBER+); the change is logged with
 * its old and new values. NOT_FOUND for a missing or foreign challenge or a non-member owner;
 * INVALID_TRANSITION once it is closed, or its project archived. A change to nothing records
 * nothing.
 */
export async function updateChallenge(ctx: Context, input: UpdateChallengeInput): Promise<Challenge> {
  const id = requireIdOf('Challenge', input.id);
  return ctx.db.transaction(async () => {
    const repo = ctx.db.repo(Challenge);
    const challenge = await repo.findOneForUpdate(id);
    if (!challenge) throw new NotFoundError('Challenge');
    const owner = input.ownerUserId == null ? null : await requireMember(ctx, input.ownerUserId);
    assertProjectNotArchived((await ctx.read.byId(Project, challenge.projectId))!);
    if (challenge.status !== ChallengeStatus.OPEN) {
      throw new AppError('INVALID_TRANSITION', `The challenge is ${challenge.status}: only an OPEN challenge changes hands`, { status: challenge.status });
    }
    const patch: { ownerUserId?: string | null; dueDate?: string | null } = {};
    if (input.ownerUserId !== undefined) patch.ownerUserId = owner?.id ?? null;
    if (input.dueDate !== undefined) patch.dueDate = input.dueDate;
    const changes = changedFields(challenge, patch, { ownerUserId: 'User' });
    if (Object.keys(changes).length === 0) return challenge;
    await repo.update({ id }, patch);
    const project = await ctx.read.byId(Project, challenge.projectId);
    await recordActivity(ctx, {
      type: 'CHALLENGE_UPDATED',
      entityType: 'Challenge',
      entityId: id,
      projectId: challenge.projectId,
      summary: `A challenge on ${project?.name ?? 'a project'} ${changes.ownerUserId ? (owner ? `is now owned by ${owner.name}` : 'has no owner now') : 'was rescheduled'}`,
      data: { changes },
    });
    return (await ctx.read.byId(Challenge, id))!;
  });
}

/** OPEN -> RESOLVED with a resolution; see {@link closeChallenge} for the failure modes. */
export function resolveChallenge(ctx: Context, input: ResolveChallengeInput): Promise<Challenge> {
  return closeChallenge(ctx, input.id, ChallengeStatus.RESOLVED, input.resolution);
}

/** OPEN -> WITHDRAWN; see {@link closeChallenge} for the failure modes. */
export function withdrawChallenge(ctx: Context, globalId: string): Promise<Challenge> {
  return closeChallenge(ctx, globalId, ChallengeStatus.WITHDRAWN, null);
}
