import type { GraphQLResolveInfo } from 'graphql';
import { Reads } from '../../db/column-plan';
import { Arg, Authorized, Ctx, FieldResolver, Float, ID, Info, Mutation, Query, Resolver, Root } from 'type-graphql';
import { selectsField } from '../../common/lookahead';
import type { Context } from '../../context';
import { NotFoundError } from '../../errors';
import { LIST_CAPS } from '../../limits/list-caps';
import { Role } from '../../auth/role';
import { Partner } from '../partners/partner.entity';
import { Project } from '../projects/project.entity';
import { Stage } from '../stages/stage.entity';
import { Evaluation } from './evaluation.entity';
import { AddMeasureInput, CreateEvaluationInput, RecordInvolvementInput, RecordMeasurementInput } from './evaluation.inputs';
import {
  addMeasure,
  createEvaluation,
  getEvaluation,
  latestMeasurement,
  measureChangeFromBaseline,
  measureProgressToTarget,
  publishEvaluation,
  recordInvolvement,
  recordMeasurement,
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
    description: `Appends a measure; INVALID_TRANSITION once the evaluation is published; LIMIT_REACHED once it has ${LIST_CAPS.measuresPerEvaluation}.`,
  })
  addMeasure(@Ctx() ctx: Context, @Arg('input', () => AddMeasureInput) input: AddMeasureInput): Promise<Measure> {
    return addMeasure(ctx, input);
  }

  @Authorized(Role.MEMBER)
  @Mutation(() => Measurement, {
    description: `Records a value of a measure at a date; a DRAFT evaluation becomes IN_PROGRESS. LIMIT_REACHED once the measure has ${LIST_CAPS.measurementsPerMeasure}.`,
  })
  recordMeasurement(@Ctx() ctx: Context, @Arg('input', () => RecordMeasurementInput) input: RecordMeasurementInput): Promise<Measurement> {
    return recordMeasurement(ctx, input);
  }

  @Authorized(Role.MEMBER)
  @Mutation(() => Involvement, {
    description: `Records involvement of a SERVICE_USERS or CARERS partner; a DRAFT evaluation becomes IN_PROGRESS. LIMIT_REACHED once the evaluation has ${LIST_CAPS.involvementsPerEvaluation}.`,
  })
  recordInvolvement(@Ctx() ctx: Context, @Arg('input', () => RecordInvolvementInput) input: RecordInvolvementInput): Promise<Involvement> {
    return recordInvolvement(ctx, input);
  }

  @Authorized(Role.MEMBER)
  @Mutation(() => Evaluation, { description: 'Publishes an evaluation; SERVICE_USER_INVOLVEMENT_REQUIRED without involvement.' })
  publishEvaluation(@Ctx() ctx: Context, @Arg('id', () => ID) id: string): Promise<Evaluation> {
    return publishEvaluation(ctx, id);
  }

  @Reads()
  @FieldResolver(() => Stage, { nullable: true, description: 'The stage of the action plan this evaluation is part of.' })
  async stage(@Ctx() ctx: Context, @Root() evaluation: Evaluation): Promise<Stage | null> {
    return evaluation.stageId ? ctx.loaders.stages.stageById.load(evaluation.stageId) : null;
  }

  @Reads()
  @FieldResolver(() => [Measure], { description: `In their order; at most ${LIST_CAPS.measuresPerEvaluation}.` })
  measures(@Ctx() ctx: Context, @Root() evaluation: Evaluation): Measure[] | Promise<Measure[]> {
    return ctx.loaders.evaluations.measuresOfEvaluation.get(evaluation.id);
  }

  @Reads()
  @FieldResolver(() => [Involvement], { description: `By date; the same day in the order recorded; at most ${LIST_CAPS.involvementsPerEvaluation}.` })
  involvements(@Ctx() ctx: Context, @Root() evaluation: Evaluation): Promise<Involvement[]> {
    return ctx.loaders.evaluations.involvementsOfEvaluation.load(evaluation.id);
  }

  @Reads()
  @FieldResolver(() => Project)
  async project(@Ctx() ctx: Context, @Root() evaluation: Evaluation): Promise<Project> {
    const project = await ctx.loaders.projects.projectById.load(evaluation.projectId);
    if (!project) throw new NotFoundError('Project');
    return project;
  }
}

@Resolver(() => Measure)
export class MeasureResolver {
  @Reads()
  @FieldResolver(() => [Measurement], { description: `By date; the same day in the order recorded; at most ${LIST_CAPS.measurementsPerMeasure}.` })
  measurements(@Ctx() ctx: Context, @Root() measure: Measure): Promise<Measurement[]> {
    return ctx.loaders.evaluations.measurementsOfMeasure.load(measure.id);
  }

  @Reads()
  @FieldResolver(() => Measurement, { nullable: true, description: 'The measurement with the latest date; ties: the one recorded last.' })
  latest(@Ctx() ctx: Context, @Root() measure: Measure): Measurement | null | Promise<Measurement | null> {
    return latestMeasurement(ctx, measure);
  }

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

@Resolver(() => Involvement)
export class InvolvementResolver {
  @Reads()
  @FieldResolver(() => Partner)
  async partner(@Ctx() ctx: Context, @Root() involvement: Involvement): Promise<Partner> {
    const partner = await ctx.loaders.partners.partnerById.load(involvement.partnerId);
    if (!partner) throw new NotFoundError('Partner');
    return partner;
  }
}

@Resolver(() => Project)
export class ProjectEvaluationsResolver {
  @Reads()
  @FieldResolver(() => [Evaluation], { description: `Oldest first; at most ${LIST_CAPS.evaluationsPerProject}.` })
  evaluations(@Ctx() ctx: Context, @Root() project: Project, @Info() info: GraphQLResolveInfo): Promise<Evaluation[]> {
    const { evaluations } = ctx.loaders;
    return selectsField(info, 'measures') ? evaluations.evaluationsWithMeasures(project.id) : evaluations.evaluationsOfProject.load(project.id);
  }
}

/** Every resolver class of this feature, registered in src/resolvers.ts. */
export const evaluationResolvers = [EvaluationResolver, MeasureResolver, InvolvementResolver, ProjectEvaluationsResolver] as const;
