import { LIST_CAPS } from '../../limits/list-caps';
import { belongsTo, hasMany } from '../../read/relations';
import { Decision } from '../decisions/decision.entity';
import { Evaluation } from '../evaluations/evaluation.entity';
import { Partner } from '../partners/partner.entity';
import { Stage } from '../stages/stage.entity';
import { FeedbackLink } from './feedback-link.entity';
import { YouSaidWeDid } from './you-said-we-did.entity';

const cap = LIST_CAPS.involvementsPerEvaluation;

export const evaluationFeedbackLinks = hasMany(Evaluation, 'feedbackLinks', FeedbackLink, 'evaluationId', {
  cap,
  order: { createdAt: 'ASC', id: 'ASC' },
  field: { description: `Its public feedback forms, open and closed, oldest first; at most ${cap}.` },
});
export const evaluationYouSaidWeDid = hasMany(Evaluation, 'youSaidWeDid', YouSaidWeDid, 'evaluationId', {
  cap,
  order: { createdAt: 'ASC', id: 'ASC' },
  field: { description: `"You said, we did": the team's answers, oldest first; at most ${cap}.` },
});
export const feedbackLinkEvaluation = belongsTo(FeedbackLink, 'evaluation', Evaluation, 'evaluationId', { required: true });
export const feedbackLinkPartner = belongsTo(FeedbackLink, 'partner', Partner, 'partnerId', {
  required: true,
  field: { description: 'The service-user or carer partner whose involvement its answers are.' },
});
export const youSaidWeDidEvaluation = belongsTo(YouSaidWeDid, 'evaluation', Evaluation, 'evaluationId', { required: true });
export const youSaidWeDidDecision = belongsTo(YouSaidWeDid, 'decision', Decision, 'decisionId', { field: { description: 'The decision it answers with, if any.' } });
export const youSaidWeDidStage = belongsTo(YouSaidWeDid, 'stage', Stage, 'stageId', { field: { description: 'The stage it answers with, if any.' } });
