import { Field, ID, InputType, Int } from 'type-graphql';
import { ArrayMaxSize, IsOptional, Min } from 'class-validator';
import { DateScalar } from '../../common/scalars';
import { IsCleanText, NAME_MAX, TEXT_MAX } from '../../common/validation';
import { LIST_CAPS } from '../../limits/list-caps';

/** At most this many dependencies per stage (Stage.dependsOn's cap): a plan, not a graph database. */
export const MAX_DEPENDENCIES = LIST_CAPS.dependenciesPerStage;

@InputType()
export class AddStageInput {
  @Field(() => ID)
  projectId!: string;

  @Field()
  @IsCleanText({ max: NAME_MAX })
  title!: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsCleanText({ max: TEXT_MAX, allowEmpty: true })
  description?: string | null;

  @Field(() => ID, { nullable: true, description: 'A partner of the organisation who owns the stage.' })
  @IsOptional()
  ownerPartnerId?: string | null;

  @Field(() => DateScalar, { nullable: true })
  @IsOptional()
  dueDate?: string | null;

  @Field(() => ID, { nullable: true, description: 'A member of the organisation (a User id) who owns the work.' })
  @IsOptional()
  assigneeUserId?: string | null;

  @Field(() => [ID], { nullable: true, description: `Stages of the same project that must be DONE before this one starts; at most ${MAX_DEPENDENCIES}.` })
  @IsOptional()
  @ArrayMaxSize(MAX_DEPENDENCIES)
  dependsOnStageIds?: string[] | null;
}

@InputType()
export class UpdateStageInput {
  @Field(() => ID)
  id!: string;

  @Field(() => Int, { description: 'The version you read; a stale one is CONFLICT.' })
  expectedVersion!: number;

  @Field(() => String, { nullable: true, description: 'Omit to keep; cannot be null.' })
  @IsOptional()
  @IsCleanText({ max: NAME_MAX })
  title?: string | null;

  @Field(() => String, { nullable: true, description: 'Omit to keep; null clears.' })
  @IsOptional()
  @IsCleanText({ max: TEXT_MAX, allowEmpty: true })
  description?: string | null;

  @Field(() => ID, { nullable: true, description: 'Omit to keep; null clears.' })
  @IsOptional()
  ownerPartnerId?: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'Omit to keep; null clears.' })
  @IsOptional()
  dueDate?: string | null;

  @Field(() => ID, { nullable: true, description: 'A member of the organisation (a User id) who owns the work. Omit to keep; null clears.' })
  @IsOptional()
  assigneeUserId?: string | null;

  @Field(() => [ID], { nullable: true, description: `Replaces the set of dependencies (at most ${MAX_DEPENDENCIES}). Omit to keep; null or [] clears.` })
  @IsOptional()
  @ArrayMaxSize(MAX_DEPENDENCIES)
  dependsOnStageIds?: string[] | null;
}

@InputType()
export class MoveStageInput {
  @Field(() => ID)
  id!: string;

  @Field(() => Int, { description: 'The new 0-based position; the other stages shift.' })
  @Min(0)
  position!: number;
}

@InputType()
export class BlockStageInput {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'Why the stage is blocked; required.' })
  @IsCleanText({ max: TEXT_MAX })
  reason!: string;
}

@InputType()
export class CompleteStageInput {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { nullable: true, description: 'A message celebrating the stage; a celebration is recorded either way.' })
  @IsOptional()
  @IsCleanText({ max: TEXT_MAX, allowEmpty: true })
  celebration?: string | null;
}

@InputType()
export class CelebrateStageInput {
  @Field(() => ID)
  stageId!: string;

  @Field()
  @IsCleanText({ max: TEXT_MAX })
  message!: string;
}
