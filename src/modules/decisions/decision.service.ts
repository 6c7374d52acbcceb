import type { GraphQLResolveInfo } from 'graphql';
import type { Context } from '../../context';
import { assertCurrent, assertProjectNotArchived } from '../../common/archived';
import { idOf, requireIdOf } from '../../common/global-id';
import { DEFAULT_PAGE_SIZE, type Page, type PageArgs } from '../../common/pagination';
import { BadInputError, NotFoundError } from '../../errors';
import type { Where } from '../../read/where';
import { recordActivity } from '../activity/activity.service';
import { Challenge } from '../challenges/challenge.entity';
import { Partner } from '../partners/partner.entity';
import { Principle } from '../principles/principle.entity';
import { todayUtc } from '../stages/progress';
import { Stage } from '../stages/stage.entity';
import { DecisionChallenge, DecisionPartner, DecisionPrinciple, DecisionStage } from './decision-links.entity';
import { Decision } from './decision.entity';
import type { DecisionsArgs, RecordDecisionInput } from './decision.inputs';

/**
 * The organisation's decisions, newest recorded first (keyset on created_at, id), or one project's.
 * A projectId that names no project of this organisation keeps none, as another organisation's
 * does. A malformed `after` is BAD_USER_INPUT.
 */
export function listDecisions(ctx: Context, args: DecisionsArgs, info?: GraphQLResolveInfo): Promise<Page<Decision>> {
  if (args.projectId == null) return ctx.read.page(Decision, { first: args.first ?? DEFAULT_PAGE_SIZE, after: args.after, newestFirst: true }, info);
  // An id of another type cannot name a project: the empty list matches nothing.
  return listProjectDecisions(ctx, idOf('Project', args.projectId) ?? [], args, info);
}

/** A project's decisions (by UUID), newest recorded first. */
export function listProjectDecisions(ctx: Context, projectId: string | never[], args: PageArgs, info?: GraphQLResolveInfo): Promise<Page<Decision>> {
  return ctx.read.page(Decision, { first: args.first ?? DEFAULT_PAGE_SIZE, after: args.after, where: { projectId }, newestFirst: true }, info);
}

/** The UUIDs behind global ids of `type`, without duplicates; NOT_FOUND for an id of another type. */
function uuidsOf(type: string, globalIds: readonly string[] | null | undefined): string[] {
  return [...new Set((globalIds ?? []).map((globalId) => requireIdOf(type, globalId)))];
}

/** The rows of `target` with these ids (all of them), or NOT_FOUND naming `type`. */
async function allOf<T extends { id: string }>(ctx: Context, target: new () => T, type: string, ids: string[], where: Where<T> = {}): Promise<T[]> {
  if (ids.length === 0) return [];
  const rows = await ctx.read.rows(target, { where: { ...where, id: ids } as Where<T> });
  if (rows.length !== ids.length) throw new NotFoundError(type);
  return rows;
}

/**
 * Records a decision on a project of the request's organisation, as the acting user or API key,
 * logged as DECISION_RECORDED. The project is locked FOR SHARE, so it cannot be archived under
 * the write.
 *
 * Every id is resolved first: NOT_FOUND for one that does not name a row of this organisation
 * (the stages and challenges ones of this project), exactly as a random id. Then BAD_USER_INPUT
 * for a decidedOn in the future (input.decidedOn), an archived partner (input.agreedByPartnerIds)
 * or principle (input.principleIds); INVALID_TRANSITION with `extensions.archived` on an archived
 * project. A COMPLETED or CANCELLED project still takes decisions (what to hand over, what to
 * stop), as its log is the record of them.
 */
export async function recordDecision(ctx: Context, input: RecordDecisionInput): Promise<Decision> {
  const projectId = requireIdOf('Project', input.projectId);
  const partnerIds = uuidsOf('Partner', input.agreedByPartnerIds);
  const stageIds = uuidsOf('Stage', input.stageIds);
  const challengeIds = uuidsOf('Challenge', input.challengeIds);
  const principleIds = uuidsOf('Principle', input.principleIds);
  const text = input.text.trim();
  return ctx.db.transaction(async () => {
    const [project] = await ctx.db.query<{ name: string; archivedAt: Date | null }>(
      'lock the project for a decision',
      `SELECT name, archived_at AS "archivedAt" FROM projects WHERE organisation_id = $1 AND id = $2 FOR SHARE`,
      [ctx.db.organisationId, projectId],
    );
    if (!project) throw new NotFoundError('Project');
    const [partners, , , principles] = await Promise.all([
      allOf(ctx, Partner, 'Partner', partnerIds),
      // A stage or challenge of another project is as good as missing.
      allOf(ctx, Stage, 'Stage', stageIds, { projectId }),
      allOf(ctx, Challenge, 'Challenge', challengeIds, { projectId }),
      allOf(ctx, Principle, 'Principle', principleIds),
    ]);
    if (input.decidedOn > todayUtc()) throw new BadInputError('A decision cannot be dated in the future', 'input.decidedOn');
    for (const partner of partners) assertCurrent(partner, 'partner', 'input.agreedByPartnerIds');
    for (const principle of principles) assertCurrent(principle, 'principle', 'input.principleIds');
    assertProjectNotArchived(project);

    const decision = await ctx.db.repo(Decision).insert({
      projectId,
      decidedOn: input.decidedOn,
      text,
      recordedByUserId: ctx.auth.userId ?? null,
      recordedByApiKeyId: ctx.auth.apiKey?.id ?? null,
    });
    const decisionId = decision.id;
    await ctx.db.repo(DecisionPartner).insertMany(partnerIds.map((partnerId) => ({ decisionId, partnerId })));
    if (stageIds.length) await ctx.db.repo(DecisionStage).insertMany(stageIds.map((stageId) => ({ decisionId, stageId })));
    if (challengeIds.length) await ctx.db.repo(DecisionChallenge).insertMany(challengeIds.map((challengeId) => ({ decisionId, challengeId })));
    if (principleIds.length) await ctx.db.repo(DecisionPrinciple).insertMany(principleIds.map((principleId) => ({ decisionId, principleId })));

    const names = partners.map((partner) => partner.name).sort((a, b) => a.localeCompare(b));
    await recordActivity(ctx, {
      type: 'DECISION_RECORDED',
      entityType: 'Decision',
      entityId: decisionId,
      projectId,
      summary: `${project.name}: decided on ${input.decidedOn}, agreed by ${names.join(', ')}: ${text}`,
      data: {
        decidedOn: input.decidedOn,
        agreedByPartnerIds: partners.map((partner) => partner.globalId),
        stageIds: input.stageIds ?? [],
        challengeIds: input.challengeIds ?? [],
        principleIds: principles.map((principle) => principle.globalId),
      },
    });
    return decision;
  });
}
