import { ArgsType, Field, ID, InputType } from 'type-graphql';
import { IsOptional } from 'class-validator';
import { PageArgs } from '../../common/pagination';
import { DateScalar } from '../../common/scalars';
import { IsCleanText, TEXT_MAX } from '../../common/validation';
import { ChallengeStatus } from './challenge.enums';

@InputType({ description: 'A challenge concerns a partner, a stage of the project, or (neither given) the project itself.' })
export class RaiseChallengeInput {
  @Field(() => ID)
  projectId!: string;

  @Field(() => ID, {
    description: "The partner raising the challenge: the caller must be linked to one of its representatives, or an ADMIN or OWNER raising it on the partner's behalf.",
  })
  raisedByPartnerId!: string;

  @Field(() => ID, { description: 'The principle the challenge cites.' })
  principleId!: string;

  @Field()
  @IsCleanText({ max: TEXT_MAX })
  description!: string;

  @Field(() => ID, { nullable: true, description: 'The partner the challenge is about.' })
  concernsPartnerId?: string | null;

  @Field(() => ID, { nullable: true, description: 'The stage (of the same project) the challenge is about.' })
  concernsStageId?: string | null;

  @Field(() => ID, {
    nullable: true,
    description:
      "One of the raising partner's representatives. Left out: the caller's own linked representative of it. Someone else's: only an ADMIN or OWNER, on the partner's behalf, with evidence.",
  })
  representativeId?: string | null;

  @Field(() => String, { nullable: true, description: 'Required on behalf of a partner: what shows the partner raised it.' })
  @IsCleanText({ max: TEXT_MAX, allowEmpty: true })
  evidence?: string | null;

  @Field(() => ID, { nullable: true, description: 'The member who owns the challenge (NOT_FOUND for anyone else).' })
  ownerUserId?: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'When it should be resolved by; an OPEN challenge past it is overdue.' })
  dueDate?: string | null;
}

@InputType({ description: 'Who owns an OPEN challenge and by when it should be resolved; a field left out stays, null clears it.' })
export class UpdateChallengeInput {
  @Field(() => ID)
  id!: string;

  @Field(() => ID, { nullable: true, description: 'The member who owns the challenge (NOT_FOUND for anyone else); null: nobody.' })
  ownerUserId?: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'When it should be resolved by; null: no date.' })
  dueDate?: string | null;
}

@InputType()
export class ResolveChallengeInput {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'How the challenge was resolved.' })
  @IsCleanText({ max: TEXT_MAX })
  resolution!: string;
}

@ArgsType()
export class ChallengesArgs extends PageArgs {
  @Field(() => ChallengeStatus, { nullable: true, description: 'Only challenges in this status.' })
  @IsOptional()
  status?: ChallengeStatus | null;

  @Field(() => Boolean, { nullable: true, description: 'true: only OPEN challenges whose dueDate is before today (UTC). false or left out: no such filter.' })
  @IsOptional()
  overdue?: boolean | null;
}
