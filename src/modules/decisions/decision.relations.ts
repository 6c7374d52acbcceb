import { LIST_CAPS } from '../../limits/list-caps';
import { belongsTo, through } from '../../read/relations';
import { User } from '../accounts/user.entity';
import { Challenge } from '../challenges/challenge.entity';
import { Partner } from '../partners/partner.entity';
import { Principle } from '../principles/principle.entity';
import { Project } from '../projects/project.entity';
import { Stage } from '../stages/stage.entity';
import { DecisionChallenge, DecisionPartner, DecisionPrinciple, DecisionStage } from './decision-links.entity';
import { Decision } from './decision.entity';

const cap = LIST_CAPS.linksPerDecision;

export const decisionProject = belongsTo(Decision, 'project', Project, 'projectId', { required: true });
export const decisionRecordedBy = belongsTo(Decision, 'recordedBy', User, 'recordedByUserId', {
  field: { description: 'Who recorded it; null when an API key did, or they are no longer a member.' },
});
export const decisionAgreedBy = through(Decision, 'agreedBy', DecisionPartner, 'decisionId', 'partnerId', Partner, {
  cap,
  order: { name: 'ASC', id: 'ASC' },
  field: { description: `The partners who agreed it, by name (archived ones too: they agreed then); at least one, at most ${cap}.` },
});
export const decisionStages = through(Decision, 'stages', DecisionStage, 'decisionId', 'stageId', Stage, {
  cap,
  order: { position: 'ASC', id: 'ASC' },
  field: { description: `The stages of its project it concerns, by position; at most ${cap}.` },
});
export const decisionChallenges = through(Decision, 'challenges', DecisionChallenge, 'decisionId', 'challengeId', Challenge, {
  cap,
  order: { createdAt: 'ASC', id: 'ASC' },
  field: { description: `The challenges on its project it concerns, oldest first; at most ${cap}.` },
});
export const decisionPrinciples = through(Decision, 'principles', DecisionPrinciple, 'decisionId', 'principleId', Principle, {
  cap,
  order: { position: 'ASC', createdAt: 'ASC', id: 'ASC' },
  field: { description: `The principles it concerns, by position; at most ${cap}.` },
});
