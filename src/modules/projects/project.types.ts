import { Field, ObjectType } from 'type-graphql';
import { connectionType } from '../../common/pagination';
import { Project } from './project.entity';
import { ProjectPartnerRole } from './project.enums';

/** A partner's involvement in a project, as clients see it; `partner` resolves through a loader. */
@ObjectType({ description: 'A partner involved in a project, and how.' })
export class ProjectPartner {
  /** The partner's UUID, for the `partner` field resolver. */
  partnerId!: string;

  @Field(() => ProjectPartnerRole)
  role!: ProjectPartnerRole;
}

/** An agreement the project still needs before it can start: `partner` has not agreed `principle`. */
@ObjectType({ description: 'An agreement still missing: this partner has not agreed this principle.' })
export class MissingAgreement {
  partnerId!: string;
  principleId!: string;
}

export const ProjectConnection = connectionType(Project, 'Project');
