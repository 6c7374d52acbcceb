import type { Context } from '../../context';
import { InvalidTransitionError, NotFoundError } from '../../errors';
import { assertRoom, LIST_CAPS } from '../../limits/list-caps';
import { requireIdOf } from '../../common/global-id';
import { recordActivity } from '../activity/activity.service';
import { Partner } from '../partners/partner.entity';
import { Principle } from '../principles/principle.entity';
import { Project } from '../projects/project.entity';
import { Stage } from '../stages/stage.entity';
import { Challenge } from './challenge.entity';
import { ChallengeStatus } from './challenge.enums';
import type { RaiseChallengeInput, ResolveChallengeInput } from './challenge.inputs';
import { canMoveChallenge } from './challenge.transitions';

/**
 * Raises an OPEN challenge on a project: raised by a partner, citing a principle, about a partner,
 * a stage of the same project, or the project itself (neither given). Every id must name a row of
 * the organisation (and the stage one of this project): NOT_FOUND otherwise. LIMIT_REACHED once
 * the project has LIST_CAPS.challengesPerProject.
 */
export async function raiseChallenge(ctx: Context, input: RaiseChallengeInput): Promise<Challenge> {
  const projectId = requireIdOf('Project', input.projectId);
  const raisedByPartnerId = requireIdOf('Partner', input.raisedByPartnerId);
  const principleId = requireIdOf('Principle', input.principleId);
  const concernsPartnerId = input.concernsPartnerId == null ? null : requireIdOf('Partner', input.concernsPartnerId);
  const concernsStageId = input.concernsStageId == null ? null : requireIdOf('Stage', input.concernsStageId);
  return ctx.db.transaction(async () => {
    const { read } = ctx;
    const [project, raisedBy, principle, concerns, stage] = await Promise.all([
      read.byId(Project, projectId),
      read.byId(Partner, raisedByPartnerId),
      read.byId(Principle, principleId),
      concernsPartnerId ? read.byId(Partner, concernsPartnerId) : null,
      concernsStageId ? read.byId(Stage, concernsStageId) : null,
    ]);
    if (!project) throw new NotFoundError('Project');
    if (!raisedBy) throw new NotFoundError('Partner');
    if (!principle) throw new NotFoundError('Principle');
    if (concernsPartnerId && !concerns) throw new NotFoundError('Partner');
    // A stage of another project is as good as missing (the composite foreign key agrees).
    if (concernsStageId && stage?.projectId !== projectId) throw new NotFoundError('Stage');
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
    });
    const id = challenge.id;
    await recordActivity(ctx, {
      type: 'CHALLENGE_RAISED',
      entityType: 'Challenge',
      entityId: id,
      projectId,
      summary: `${raisedBy.name} raised a challenge on ${project.name}${concerns ? ` about ${concerns.name}` : ''}`,
      data: {
        raisedByPartnerId: raisedBy.globalId,
        principleId: principle.globalId,
        concernsPartnerId: concerns?.globalId ?? null,
        concernsStageId: stage?.globalId ?? null,
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
    if (!canMoveChallenge(challenge.status, to)) throw new InvalidTransitionError('Challenge', challenge.status, to);
    await repo.update({ id }, { status: to, closedAt: new Date(), ...(resolution === null ? {} : { resolution }) });
    const project = await ctx.read.byId(Project, challenge.projectId);
    await recordActivity(ctx, {
      type: to === ChallengeStatus.RESOLVED ? 'CHALLENGE_RESOLVED' : 'CHALLENGE_WITHDRAWN',
      entityType: 'Challenge',
      entityId: id,
      projectId: challenge.projectId,
      summary: `A challenge on ${project?.name ?? 'a project'} was ${to === ChallengeStatus.RESOLVED ? 'resolved' : 'withdrawn'}`,
      data: { from: challenge.status, to },
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
