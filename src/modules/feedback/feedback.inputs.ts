import { IsOptional } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';
import { IsCleanText } from '../../common/validation';

/** The longest answer the public form takes, and the longest "you said" or "we did". */
export const FEEDBACK_MAX = 2_000;

@InputType({ description: 'Opens a public feedback form of an evaluation for one of its service-user or carer partners.' })
export class OpenFeedbackLinkInput {
  @Field(() => ID)
  evaluationId!: string;

  @Field(() => ID, { description: 'A partner of kind SERVICE_USERS or CARERS (not archived): the answers are its involvement.' })
  partnerId!: string;
}

@InputType({ description: '"You said, we did": what service users said and what the partnership did, shown back on the feedback form.' })
export class RecordYouSaidWeDidInput {
  @Field(() => ID)
  evaluationId!: string;

  @Field({ description: `What they said; trimmed, 1 to ${FEEDBACK_MAX} characters.` })
  @IsCleanText({ max: FEEDBACK_MAX })
  youSaid!: string;

  @Field({ description: `What was done; trimmed, 1 to ${FEEDBACK_MAX} characters.` })
  @IsCleanText({ max: FEEDBACK_MAX })
  weDid!: string;

  @Field(() => ID, { nullable: true, description: 'A decision of the same project it answers with.' })
  @IsOptional()
  decisionId?: string | null;

  @Field(() => ID, { nullable: true, description: 'A stage of the same project it answers with.' })
  @IsOptional()
  stageId?: string | null;
}
