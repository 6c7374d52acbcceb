import { Reads } from '../../db/column-plan';
import { Arg, Authorized, Ctx, FieldResolver, Float, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { LIST_CAPS } from '../../limits/list-caps';
import { Role } from '../../auth/role';
import { Evaluation } from './evaluation.entity';
import { AddMeasureInput, CreateEvaluationInput, RecordInvolvementInput, RecordMeasurementInput, ReopenEvaluationInput, UpdateMeasurementInput } from './evaluation.inputs';
import {
  addMeasure,
  createEvaluation,
  getEvaluation,
  measureChangeFromBaseline,
  measureProgressToTarget,
  publishEvaluation,
  recordInvolvement,
  recordMeasurement,
  reopenEvaluation,
  updateMeasurement,
} from './evaluation.service';
import { Involvement } from './involvement.entity';
import { Measure } from './measure.entity';
import { Measurement } from './measurement.entity';

@Resolver(() => Evaluation)
export class EvaluationResolver {
  @Authorized(Role.OBSERVER)
  @Query(() => Evaluation, { nullable: true, description: 'Null when not found in this organisation.' })
  evaluation(@Ctx() ctx: Context, @Arg('id', () => ID) id: string): Promise<Evaluation | null> {
    return getEvaluation(ctx, id);
  }

  @Authorized(Role.MEMBER)
  @Mutation(() => Evaluation, {
    description: `Creates a DRAFT evaluation of a project, optionally tied to one of its stages; LIMIT_REACHED once the project has ${LIST_CAPS.evaluationsPerProject}.`,
  })
  createEvaluation(@Ctx() ctx: Context, @Arg('input', () => CreateEvaluationInput) input: CreateEvaluationInput): Promise<Evaluation> {
    return createEvaluation(ctx, input);
  }

  @Authorized(Role.MEMBER)
  @Mutation(() => Measure, {
    description: `Appends a measure; EVALUATION_PUBLISHED once the evaluation is published; LIMIT_REACHED once it has ${LIST_CAPS.measuresPerEvaluation}.`,
  })
  addMeasure(@Ctx() ctx: Context, @Arg('input', () => AddMeasureInput) input: AddMeasureInput): Promise<Measure> {
    return addMeasure(ctx, input);
  }

  @Authorized(Role.MEMBER)
  @Mutation(() => Measurement, {
    description: `Records a value of a measure at a date (not in the future); a DRAFT evaluation becomes IN_PROGRESS. EVALUATION_PUBLISHED once it is published; LIMIT_REACHED once the measure has ${LIST_CAPS.measurementsPerMeasure}.`,
  })
  recordMeasurement(@Ctx() ctx: Context, @Arg('input', () => RecordMeasurementInput) input: RecordMeasurementInput): Promise<Measurement> {
    return recordMeasurement(ctx, input);
  }

  @Authorized(Role.MEMBER)
  @Mutation(() => Involvement, {
    description: `Records involvement of a SERVICE_USERS or CARERS partner; a DRAFT evaluation becomes IN_PROGRESS. EVALUATION_PUBLISHED once it is published; LIMIT_REACHED once the evaluation has ${LIST_CAPS.involvementsPerEvaluation}.`,
  })
  recordInvolvement(@Ctx() ctx: Context, @Arg('input', () => RecordInvolvementInput) input: RecordInvolvementInput): Promise<Involvement> {
    return recordInvolvement(ctx, input);
  }

  @Authorized(Role.MEMBER)
  @Mutation(() => Evaluation, { description: 'Publishes an evaluation; SERVICE_USER_INVOLVEMENT_REQUIRED without involvement.' })
  publishEvaluation(@Ctx() ctx: Context, @Arg('id', () => ID) id: string): Promise<Evaluation> {
    return publishEvaluation(ctx, id);
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => Evaluation, { description: 'PUBLISHED -> IN_PROGRESS, with a reason kept in the activity log, so that the evaluation can change again.' })
  reopenEvaluation(@Ctx() ctx: Context, @Arg('input', () => ReopenEvaluationInput) input: ReopenEvaluationInput): Promise<Evaluation> {
    return reopenEvaluation(ctx, input);
  }

  @Authorized(Role.MEMBER)
  @Mutation(() => Measurement, {
    description: 'Corrects a measurement, with a reason; the activity log keeps the old and new values. EVALUATION_PUBLISHED while its evaluation is published.',
  })
  updateMeasurement(@Ctx() ctx: Context, @Arg('input', () => UpdateMeasurementInput) input: UpdateMeasurementInput): Promise<Measurement> {
    return updateMeasurement(ctx, input);
  }
}

@Resolver(() => Measure)
export class MeasureResolver {
  @Reads()
  @FieldResolver(() => Float, { nullable: true, description: 'latest.value - baseline (signed, not direction-aware); null without a measurement.' })
  changeFromBaseline(@Ctx() ctx: Context, @Root() measure: Measure): Promise<number | null> {
    return measureChangeFromBaseline(ctx, measure);
  }

  @Reads()
  @FieldResolver(() => Float, {
    nullable: true,
    description: 'Fraction 0 to 1 of the way from baseline to target, direction-aware and clamped; null without a measurement.',
  })
  progressToTarget(@Ctx() ctx: Context, @Root() measure: Measure): Promise<number | null> {
    return measureProgressToTarget(ctx, measure);
  }
}

/** Every resolver class of this feature, see the feature file. */
export const evaluationResolvers = [EvaluationResolver, MeasureResolver] as const;
