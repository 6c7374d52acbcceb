import { LIST_CAPS } from '../../limits/list-caps';
import { belongsTo, hasMany } from '../../read/relations';
import { User } from '../accounts/user.entity';
import { Partner } from '../partners/partner.entity';
import { Representative } from '../partners/representative.entity';
import { Principle } from '../principles/principle.entity';
import { Project } from '../projects/project.entity';
import { Stage } from '../stages/stage.entity';
import { Challenge } from './challenge.entity';

export const challengePrinciple = belongsTo(Challenge, 'principle', Principle, 'principleId', { required: true, field: { description: 'The principle the challenge cites.' } });
export const challengeRaisedBy = belongsTo(Challenge, 'raisedBy', Partner, 'raisedByPartnerId', { required: true, field: { description: 'The partner that raised it.' } });
export const challengeConcernsPartner = belongsTo(Challenge, 'concernsPartner', Partner, 'concernsPartnerId', { field: { description: 'The partner it is about, if any.' } });
export const challengeConcernsStage = belongsTo(Challenge, 'concernsStage', Stage, 'concernsStageId', { field: { description: 'The stage it is about, if any.' } });
export const challengeProject = belongsTo(Challenge, 'project', Project, 'projectId', { required: true });
export const challengeRaisedByUser = belongsTo(Challenge, 'raisedByUser', User, 'raisedByUserId', {
  field: { description: 'Who raised it: the representative themselves, or the ADMIN or OWNER who raised it on behalf; null when not known or no longer a member.' },
});
export const challengeRepresentative = belongsTo(Challenge, 'representative', Representative, 'representativeId', {
  field: { description: 'The representative who spoke for the raising partner; null only for challenges raised before representatives were checked.' },
});
export const challengeOwner = belongsTo(Challenge, 'owner', User, 'ownerUserId', {
  field: { description: 'The member who owns the challenge; null when nobody does (or they are no longer a member).' },
});

export const projectChallenges = hasMany(Project, 'challenges', Challenge, 'projectId', {
  cap: LIST_CAPS.challengesPerProject,
  order: { createdAt: 'ASC', id: 'ASC' },
  field: { description: `The project's challenges, oldest first; at most ${LIST_CAPS.challengesPerProject}.` },
});

export const stageChallenges = hasMany(Stage, 'challenges', Challenge, 'concernsStageId', {
  cap: LIST_CAPS.challengesPerProject,
  order: { createdAt: 'ASC', id: 'ASC' },
  field: { description: `The challenges raised about this stage, oldest first; at most ${LIST_CAPS.challengesPerProject}.` },
});
