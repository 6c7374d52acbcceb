import { Field, Float, ID, InputType } from 'type-graphql';
import { IsNumber, IsOptional } from 'class-validator';
import { DateScalar } from '../../common/scalars';
import { IsCleanText, NAME_MAX, TEXT_MAX } from '../../common/validation';
import { MeasureDirection } from './evaluation.enums';

const FINITE = { allowNaN: false, allowInfinity: false } as const;

@InputType()
export class CreateEvaluationInput {
  @Field(() => ID)
  projectId!: string;

  @Field()
  @IsCleanText({ max: NAME_MAX })
  title!: string;

  @Field(() => ID, { nullable: true, description: 'A stage of the same project the evaluation is part of.' })
  @IsOptional()
  stageId?: string | null;
}

@InputType()
export class AddMeasureInput {
  @Field(() => ID)
  evaluationId!: string;

  @Field()
  @IsCleanText({ max: NAME_MAX })
  name!: string;

  @Field(() => String, { nullable: true, description: 'E.g. "days", "%", "patients"; blank means none.' })
  @IsOptional()
  @IsCleanText({ max: NAME_MAX, allowEmpty: true })
  unit?: string | null;

  @Field(() => Float)
  @IsNumber(FINITE, { message: 'must be a finite number' })
  baseline!: number;

  @Field(() => Float, { description: 'May equal the baseline (hold the line).' })
  @IsNumber(FINITE, { message: 'must be a finite number' })
  target!: number;

  @Field(() => MeasureDirection)
  direction!: MeasureDirection;
}

@InputType()
export class RecordMeasurementInput {
  @Field(() => ID)
  measureId!: string;

  @Field(() => Float)
  @IsNumber(FINITE, { message: 'must be a finite number' })
  value!: number;

  @Field(() => DateScalar, { description: 'The day the value applies to.' })
  date!: string;

  @Field(() => String, { nullable: true, description: 'Where the value comes from; blank means none.' })
  @IsOptional()
  @IsCleanText({ max: TEXT_MAX, allowEmpty: true })
  source?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsCleanText({ max: TEXT_MAX, allowEmpty: true })
  note?: string | null;
}

@InputType()
export class RecordInvolvementInput {
  @Field(() => ID)
  evaluationId!: string;

  @Field(() => ID, { description: 'A partner of kind SERVICE_USERS or CARERS.' })
  partnerId!: string;

  @Field({ description: 'What they said or did.' })
  @IsCleanText({ max: TEXT_MAX })
  summary!: string;

  @Field(() => DateScalar)
  date!: string;
}

@InputType()
export class ReopenEvaluationInput {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'Why a published evaluation must change again; required, kept in the activity log.' })
  @IsCleanText({ max: TEXT_MAX })
  reason!: string;
}

@InputType()
export class UpdateMeasurementInput {
  @Field(() => ID)
  id!: string;

  @Field(() => Float, { nullable: true, description: 'Omit to keep; cannot be null.' })
  @IsOptional()
  @IsNumber(FINITE, { message: 'must be a finite number' })
  value?: number | null;

  @Field(() => DateScalar, { nullable: true, description: 'Omit to keep; cannot be null, nor in the future.' })
  @IsOptional()
  date?: string | null;

  @Field(() => String, { nullable: true, description: 'Omit to keep; null or blank clears.' })
  @IsOptional()
  @IsCleanText({ max: TEXT_MAX, allowEmpty: true })
  source?: string | null;

  @Field(() => String, { nullable: true, description: 'Omit to keep; null or blank clears.' })
  @IsOptional()
  @IsCleanText({ max: TEXT_MAX, allowEmpty: true })
  note?: string | null;

  @Field({ description: 'Why the value was wrong; required, kept in the activity log with the old and new values.' })
  @IsCleanText({ max: TEXT_MAX })
  reason!: string;
}
