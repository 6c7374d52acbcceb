import { AGREEMENTS_PER_PROJECT, LIST_CAPS } from '../../limits/list-caps';
import { belongsTo, hasMany, through } from '../../read/relations';
import { User } from '../accounts/user.entity';
import { Partner } from '../partners/partner.entity';
import { Representative } from '../partners/representative.entity';
import { Principle } from '../principles/principle.entity';
import { Agreement } from './agreement.entity';
import { ProjectPartnerRow } from './project-partner.entity';
import { ProjectPrinciple } from './project-principle.entity';
import { Project } from './project.entity';
import { MissingAgreement, ProjectPartner } from './project.types';

export const projectPartners = hasMany(Project, 'partners', ProjectPartnerRow, 'projectId', {
  cap: LIST_CAPS.partnersPerProject,
  order: { createdAt: 'ASC', id: 'ASC' },
  field: { as: () => ProjectPartner, description: `The partners involved, in order of involvement; at most ${LIST_CAPS.partnersPerProject}.` },
});

export const projectPrinciples = through(Project, 'principles', ProjectPrinciple, 'projectId', 'principleId', Principle, {
  cap: LIST_CAPS.principlesPerOrganisation,
  order: { position: 'ASC', createdAt: 'ASC', id: 'ASC' },
  field: { description: `The principles that underpin the project, by position; at most ${LIST_CAPS.principlesPerOrganisation}.` },
});

/** Every agreement recorded for the project, first signed first; the field orders them by involvement and position (project.service.ts). */
export const projectAgreements = hasMany(Project, 'agreements', Agreement, 'projectId', { cap: AGREEMENTS_PER_PROJECT, order: { createdAt: 'ASC', id: 'ASC' }, field: false });

export const partnerProjects = through(Partner, 'projects', ProjectPartnerRow, 'partnerId', 'projectId', Project, {
  unless: ['archivedAt'],
  cap: LIST_CAPS.projectsPerPartner,
  order: { createdAt: 'ASC', id: 'ASC' },
  field: { description: `The projects this partner is involved in, oldest first; at most ${LIST_CAPS.projectsPerPartner}.` },
});

export const projectPartnerPartner = belongsTo(ProjectPartner, 'partner', Partner, 'partnerId', { required: true });
export const agreementPartner = belongsTo(Agreement, 'partner', Partner, 'partnerId', { required: true });
export const agreementPrinciple = belongsTo(Agreement, 'principle', Principle, 'principleId', { required: true });
export const agreementRepresentative = belongsTo(Agreement, 'representative', Representative, 'representativeId', {
  field: { description: 'The representative who spoke for the partner; null only for agreements recorded before representatives were checked.' },
});
export const agreementRecordedBy = belongsTo(Agreement, 'recordedBy', User, 'recordedByUserId', {
  field: { description: 'Who recorded it: the representative themselves, or the ADMIN or OWNER who recorded it on behalf; null when not known or no longer a member.' },
});
export const missingAgreementPartner = belongsTo(MissingAgreement, 'partner', Partner, 'partnerId', { required: true });
export const missingAgreementPrinciple = belongsTo(MissingAgreement, 'principle', Principle, 'principleId', { required: true });
