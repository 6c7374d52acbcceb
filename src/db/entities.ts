import { ApiKey } from '../modules/api-keys/api-key.entity';
import { ActivityEventRow } from '../modules/activity/activity-event.entity';
import { User } from '../modules/accounts/user.entity';
import { Membership } from '../modules/organisations/membership.entity';
import { Organisation } from '../modules/organisations/organisation.entity';
import { Partner } from '../modules/partners/partner.entity';
import { Representative } from '../modules/partners/representative.entity';
import { Principle } from '../modules/principles/principle.entity';
import { Project } from '../modules/projects/project.entity';
import { ProjectPartnerRow } from '../modules/projects/project-partner.entity';
import { ProjectPrinciple } from '../modules/projects/project-principle.entity';
import { Agreement } from '../modules/projects/agreement.entity';
import { Stage } from '../modules/stages/stage.entity';
import { StageDependency } from '../modules/stages/stage-dependency.entity';
import { Celebration } from '../modules/stages/celebration.entity';
import { Challenge } from '../modules/challenges/challenge.entity';
import { Evaluation } from '../modules/evaluations/evaluation.entity';
import { Measure } from '../modules/evaluations/measure.entity';
import { Measurement } from '../modules/evaluations/measurement.entity';
import { Involvement } from '../modules/evaluations/involvement.entity';

/** Every TypeORM entity, listed explicitly. */
export const entities = [
  User,
  Organisation,
  Membership,
  ApiKey,
  ActivityEventRow,
  Partner,
  Representative,
  Principle,
  Project,
  ProjectPartnerRow,
  ProjectPrinciple,
  Agreement,
  Stage,
  StageDependency,
  Celebration,
  Challenge,
  Evaluation,
  Measure,
  Measurement,
  Involvement,
];
