import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';
import { ArrayMaxSize, ArrayNotEmpty, IsOptional } from 'class-validator';
import { PageArgs } from '../../common/pagination';
import { DateScalar } from '../../common/scalars';
import { IsCleanText, NAME_MAX, TEXT_MAX } from '../../common/validation';
import { ProjectPartnerRole, ProjectStatus } from './project.enums';

/** More ids than any organisation has principles: a bound on the work one request can ask for. */
const MAX_IDS = 200;

@ArgsType()
export class ProjectsArgs extends PageArgs {
  @Field(() => ProjectStatus, { nullable: true, description: 'Only projects in this status.' })
  @IsOptional()
  status?: ProjectStatus | null;
}

@InputType()
export class CreateProjectInput {
  @Field()
  @IsCleanText({ max: NAME_MAX })
  name!: string;

  @Field(() => String, { nullable: true })
  @IsCleanText({ max: TEXT_MAX, allowEmpty: true })
  summary?: string | null;

  @Field(() => String, { nullable: true })
  @IsCleanText({ max: TEXT_MAX, allowEmpty: true })
  goals?: string | null;

  @Field(() => DateScalar, { nullable: true })
  startDate?: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'Not before startDate.' })
  targetDate?: string | null;
}

@InputType({ description: 'Fields left out stay as they are; an explicit null clears a nullable field.' })
export class UpdateProjectInput {
  @Field(() => ID)
  id!: string;

  @Field(() => Int, { description: 'The version you last read; a stale one is CONFLICT.' })
  expectedVersion!: number;

  @Field(() => String, { nullable: true, description: 'Cannot be cleared.' })
  @IsCleanText({ max: NAME_MAX })
  name?: string | null;

  @Field(() => String, { nullable: true })
  @IsCleanText({ max: TEXT_MAX, allowEmpty: true })
  summary?: string | null;

  @Field(() => String, { nullable: true })
  @IsCleanText({ max: TEXT_MAX, allowEmpty: true })
  goals?: string | null;

  @Field(() => DateScalar, { nullable: true })
  startDate?: string | null;

  @Field(() => DateScalar, { nullable: true })
  targetDate?: string | null;
}

@InputType()
export class InvolvePartnerInput {
  @Field(() => ID)
  projectId!: string;

  @Field(() => ID)
  partnerId!: string;

  @Field(() => ProjectPartnerRole, { description: 'Involving a partner again changes its role.' })
  role!: ProjectPartnerRole;
}

@InputType()
export class SetProjectPrinciplesInput {
  @Field(() => ID)
  projectId!: string;

  @Field(() => [ID], { description: "The project's principles from now on; agreements to any left out are deleted." })
  @ArrayMaxSize(MAX_IDS)
  principleIds!: string[];
}

@InputType()
export class RecordAgreementInput {
  @Field(() => ID)
  projectId!: string;

  @Field(() => ID, { description: 'A partner involved in the project.' })
  partnerId!: string;

  @Field({
    description:
      "The name as written on the signature, kept in the activity log. The agreement's signedBy is always the name of the representative who spoke for the partner (the caller's own, or representativeId), never this.",
  })
  @IsCleanText({ max: NAME_MAX })
  signedBy!: string;

  @Field(() => String, { nullable: true })
  @IsCleanText({ max: TEXT_MAX, allowEmpty: true })
  note?: string | null;

  @Field(() => ID, {
    nullable: true,
    description:
      "One of the partner's representatives. Left out: the caller's own linked representative of the partner. Someone else's: only an ADMIN or OWNER, on the partner's behalf, with evidence.",
  })
  representativeId?: string | null;

  @Field(() => String, { nullable: true, description: 'Required on behalf of a partner: what shows it agreed (e.g. "signed paper copy, partnership forum 3 Dec").' })
  @IsCleanText({ max: TEXT_MAX, allowEmpty: true })
  evidence?: string | null;

  @Field(() => [ID], { nullable: true, description: 'Principles of the project; all of them when left out.' })
  @IsOptional()
  @ArrayNotEmpty()
  @ArrayMaxSize(MAX_IDS)
  principleIds?: string[] | null;
}

@InputType()
export class ChangeProjectStatusInput {
  @Field(() => ID)
  id!: string;

  @Field(() => ProjectStatus)
  status!: ProjectStatus;
}
