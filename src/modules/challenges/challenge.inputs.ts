import { Field, ID, InputType } from 'type-graphql';
import { IsCleanText, TEXT_MAX } from '../../common/validation';

@InputType({ description: 'A challenge concerns a partner, a stage of the project, or (neither given) the project itself.' })
export class RaiseChallengeInput {
  @Field(() => ID)
  projectId!: string;

  @Field(() => ID, { description: 'The partner raising the challenge.' })
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
}

@InputType()
export class ResolveChallengeInput {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'How the challenge was resolved.' })
  @IsCleanText({ max: TEXT_MAX })
  resolution!: string;
}
