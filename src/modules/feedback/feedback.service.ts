import type { Context } from '../../context';
import { linkSecretMatches, newFeedbackToken } from '../../auth/link-tokens';
import { requireIdOf } from '../../common/global-id';
import { newRowId } from '../../db/row-id';
import { BadInputError, NotFoundError } from '../../errors';
import { LIST_CAPS } from '../../limits/list-caps';
import { recordActivity } from '../activity/activity.service';
import { Decision } from '../decisions/decision.entity';
import { Evaluation } from '../evaluations/evaluation.entity';
import { EvaluationStatus } from '../evaluations/evaluation.enums';
import { involvablePartner, lockEvaluationForChange, recordInvolvement } from '../evaluations/evaluation.service';
import type { Involvement } from '../evaluations/involvement.entity';
import { Organisation } from '../organisations/organisation.entity';
import { Partner } from '../partners/partner.entity';
import { Project } from '../projects/project.entity';
import { todayUtc } from '../stages/progress';
import { Stage } from '../stages/stage.entity';
import { FeedbackLink } from './feedback-link.entity';
import type { OpenFeedbackLinkInput, RecordYouSaidWeDidInput } from './feedback.inputs';
import { YouSaidWeDid } from './you-said-we-did.entity';

/** Where people answer: the form's page on this server (src/web/feedback-page.ts). */
export function feedbackFormUrl(ctx: Context, token: string): string {
  return `${ctx.deps.config.mail.publicUrl}/feedback/${token}`;
}

/**
 * Opens a public feedback form of an evaluation that is not published, for one of its organisation's
 * SERVICE_USERS or CARERS partners (not archived; any other kind is BAD_USER_INPUT on
 * input.partnerId). Returns the link and its URL, which holds the only copy of its secret.
 */
export async function openFeedbackLink(ctx: Context, input: OpenFeedbackLinkInput): Promise<{ link: FeedbackLink; url: string }> {
  const evaluationId = requireIdOf('Evaluation', input.evaluationId);
  const partnerId = requireIdOf('Partner', input.partnerId);
  return ctx.db.transaction(async () => {
    const evaluation = await lockEvaluationForChange(ctx, evaluationId);
    // Its answers are this partner's involvement: the same partners as recordInvolvement takes.
    const partner = await involvablePartner(ctx, partnerId);
    const id = newRowId();
    const { token, hash } = newFeedbackToken(ctx.db.organisationId!, id);
    await ctx.db.repo(FeedbackLink).insertMany([{ id, evaluationId, partnerId, tokenHash: hash, openedByUserId: ctx.auth.userId ?? null, closedAt: null }]);
    await recordActivity(ctx, {
      type: 'FEEDBACK_LINK_OPENED',
      entityType: 'FeedbackLink',
      entityId: id,
      projectId: evaluation.projectId,
      summary: `Opened a feedback form of evaluation "${evaluation.title}" for ${partner.name}`,
      data: { evaluationId: evaluation.globalId, partnerId: partner.globalId },
    });
    const link = (await ctx.read.byId(FeedbackLink, id))!;
    return { link, url: feedbackFormUrl(ctx, token) };
  });
}

/** Closes a feedback link: its form takes no more answers (what it took stays). Closing a closed one changes nothing. */
export async function closeFeedbackLink(ctx: Context, globalId: string): Promise<FeedbackLink> {
  const id = requireIdOf('FeedbackLink', globalId);
  return ctx.db.transaction(async () => {
    const closed = await ctx.db.query<{ evaluationId: string }>(
      'close a feedback link',
      `UPDATE feedback_links SET closed_at = now() WHERE organisation_id = $1 AND id = $2 AND closed_at IS NULL RETURNING evaluation_id AS "evaluationId"`,
      [ctx.db.organisationId, id],
    );
    const link = await ctx.read.byId(FeedbackLink, id);
    if (!link) throw new NotFoundError('FeedbackLink');
    if (closed.length > 0) {
      const evaluation = (await ctx.read.byId(Evaluation, link.evaluationId))!;
      await recordActivity(ctx, {
        type: 'FEEDBACK_LINK_CLOSED',
        entityType: 'FeedbackLink',
        entityId: id,
        projectId: evaluation.projectId,
        summary: `Closed a feedback form of evaluation "${evaluation.title}"`,
        data: { evaluationId: evaluation.globalId, changes: { open: { from: true, to: false } } },
      });
    }
    return link;
  });
}

/**
 * Records a "you said, we did" on an evaluation that is not published (a published one is frozen:
 * EVALUATION_PUBLISHED), optionally naming a decision or stage of the same project (NOT_FOUND otherwise).
 */
export async function recordYouSaidWeDid(ctx: Context, input: RecordYouSaidWeDidInput): Promise<YouSaidWeDid> {
  const evaluationId = requireIdOf('Evaluation', input.evaluationId);
  const decisionId = input.decisionId ? requireIdOf('Decision', input.decisionId) : null;
  const stageId = input.stageId ? requireIdOf('Stage', input.stageId) : null;
  return ctx.db.transaction(async () => {
    const evaluation = await lockEvaluationForChange(ctx, evaluationId);
    const [decision, stage] = await Promise.all([decisionId ? ctx.read.byId(Decision, decisionId) : null, stageId ? ctx.read.byId(Stage, stageId) : null]);
    if (decisionId && decision?.projectId !== evaluation.projectId) throw new NotFoundError('Decision');
    if (stageId && stage?.projectId !== evaluation.projectId) throw new NotFoundError('Stage');
    const count = await ctx.read.count(YouSaidWeDid, { evaluationId });
    if (count >= LIST_CAPS.involvementsPerEvaluation)
      throw new BadInputError(`An evaluation holds at most ${LIST_CAPS.involvementsPerEvaluation} "you said, we did" entries`, 'input.evaluationId');
    const id = newRowId();
    const youSaid = input.youSaid.trim();
    const weDid = input.weDid.trim();
    await ctx.db.repo(YouSaidWeDid).insertMany([{ id, evaluationId, youSaid, weDid, decisionId, stageId, recordedByUserId: ctx.auth.userId ?? null }]);
    await recordActivity(ctx, {
      type: 'YOU_SAID_WE_DID_RECORDED',
      entityType: 'YouSaidWeDid',
      entityId: id,
      projectId: evaluation.projectId,
      summary: `You said: ${youSaid} We did: ${weDid}`,
      data: { evaluationId: evaluation.globalId, ...(decision && { decisionId: decision.globalId }), ...(stage && { stageId: stage.globalId }) },
    });
    return (await ctx.read.byId(YouSaidWeDid, id))!;
  });
}

/** What the public form shows: whose form it is, whether it takes answers, and the team's answers. */
export interface FeedbackForm {
  linkId: string;
  organisationName: string;
  projectName: string;
  evaluationTitle: string;
  partnerName: string;
  /** Closed links and published evaluations take no answers. */
  takesAnswers: boolean;
  youSaidWeDid: { youSaid: string; weDid: string; date: string }[];
}

/**
 * The form a token names, read in a context acting for the token's organisation (row-level
 * security applies); null for a token that matches no link, a closed one included, as for a
 * random one (nothing says whether a link ever existed).
 */
export async function feedbackFormOf(ctx: Context, token: { linkId: string; secret: string }): Promise<FeedbackForm | null> {
  // By hand: the hash is a column no read hands out.
  const [row] = await ctx.db.query<{ tokenHash: string }>(
    'find the feedback link its token names',
    'SELECT token_hash AS "tokenHash" FROM feedback_links WHERE organisation_id = $1 AND id = $2 AND closed_at IS NULL',
    [ctx.db.organisationId, token.linkId],
  );
  if (!row || !linkSecretMatches(token.secret, row.tokenHash)) return null;
  const link = (await ctx.read.byId(FeedbackLink, token.linkId))!;
  const [evaluation, partner, organisation, answers] = await Promise.all([
    ctx.read.byId(Evaluation, link.evaluationId),
    ctx.read.byId(Partner, link.partnerId),
    ctx.read.byId(Organisation, ctx.db.organisationId!),
    ctx.read.rows(YouSaidWeDid, { where: { evaluationId: link.evaluationId }, order: { createdAt: 'DESC', id: 'DESC' }, limit: 50 }),
  ]);
  const project = evaluation && (await ctx.read.byId(Project, evaluation.projectId));
  if (!evaluation || !partner || !organisation || !project) return null;
  return {
    linkId: link.id,
    organisationName: organisation.name,
    projectName: project.name,
    evaluationTitle: evaluation.title,
    partnerName: partner.name,
    takesAnswers: evaluation.status !== EvaluationStatus.PUBLISHED && project.archivedAt === null && partner.archivedAt === null,
    youSaidWeDid: answers.map((entry) => ({ youSaid: entry.youSaid, weDid: entry.weDid, date: entry.createdAt.toISOString().slice(0, 10) })),
  };
}

/**
 * Records an answer given on a link's form as the evaluation's involvement in the link's partner's
 * name, dated today (UTC), with the link locked (FOR SHARE) so it cannot close under the write.
 * Null when the link closed meanwhile. The evaluation's own rules apply (EVALUATION_PUBLISHED,
 * LIMIT_REACHED).
 */
export async function answerFeedbackForm(ctx: Context, linkId: string, answer: string): Promise<Involvement | null> {
  return ctx.db.transaction(async () => {
    const [link] = await ctx.db.query<{ evaluationId: string; partnerId: string }>(
      'lock an open feedback link for an answer',
      `SELECT evaluation_id AS "evaluationId", partner_id AS "partnerId" FROM feedback_links WHERE organisation_id = $1 AND id = $2 AND closed_at IS NULL FOR SHARE`,
      [ctx.db.organisationId, linkId],
    );
    if (!link) return null;
    const [evaluation, partner] = await Promise.all([ctx.read.byId(Evaluation, link.evaluationId), ctx.read.byId(Partner, link.partnerId)]);
    return recordInvolvement(ctx, { evaluationId: evaluation!.globalId, partnerId: partner!.globalId, summary: answer, date: todayUtc() }, { feedbackLinkId: linkId });
  });
}
