import { ArrayMaxSize, ArrayNotEmpty, IsOptional } from 'class-validator';
import { ArgsType, Field, ID, InputType } from 'type-graphql';
import { PageArgs } from '../../common/pagination';
import { DateScalar } from '../../common/scalars';
import { IsCleanText, TEXT_MAX } from '../../common/validation';
import { LIST_CAPS } from '../../limits/list-caps';

const MAX_LINKS = LIST_CAPS.linksPerDecision;

@InputType({ description: 'A decision of a project: what, when, who agreed, and what it concerns. Ids of another organisation are NOT_FOUND.' })
export class RecordDecisionInput {
  @Field(() => ID)
  projectId!: string;

  @Field(() => DateScalar, { description: 'The day it was decided; not in the future.' })
  decidedOn!: string;

  @Field({ description: `What was decided; trimmed, 1 to ${TEXT_MAX} characters.` })
  @IsCleanText({ max: TEXT_MAX })
  text!: string;

  @Field(() => [ID], { description: `The partners who agreed it (not archived): at least one, at most ${MAX_LINKS}.` })
  @ArrayNotEmpty()
  @ArrayMaxSize(MAX_LINKS)
  agreedByPartnerIds!: string[];

  @Field(() => [ID], { nullable: true, description: `Stages of the same project it concerns; at most ${MAX_LINKS}.` })
  @IsOptional()
  @ArrayMaxSize(MAX_LINKS)
  stageIds?: string[] | null;

  @Field(() => [ID], { nullable: true, description: `Challenges on the same project it concerns; at most ${MAX_LINKS}.` })
  @IsOptional()
  @ArrayMaxSize(MAX_LINKS)
  challengeIds?: string[] | null;

  @Field(() => [ID], { nullable: true, description: `Principles (not archived) it concerns; at most ${MAX_LINKS}.` })
  @IsOptional()
  @ArrayMaxSize(MAX_LINKS)
  principleIds?: string[] | null;
}

@ArgsType()
export class DecisionsArgs extends PageArgs {
  @Field(() => ID, { nullable: true, description: "Only this project's decisions (an unknown or another organisation's project: none)." })
  @IsOptional()
  projectId?: string | null;
}
