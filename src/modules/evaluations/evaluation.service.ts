import { Project } from '../projects/project.entity';
import { Stage } from '../stages/stage.entity';
import { Partner } from '../partners/partner.entity';
import type { Context } from '../../context';
import { BadInputError, NotFoundError } from '../../errors';
import { assertRoom, LIST_CAPS } from '../../limits/list-caps';
import { idOf, requireIdOf, toGlobalId } from '../../common/global-id';
import { optionalText } from '../../common/text';
import type { TenantEntity } from '../../db/tenant-entity';
import type { TenantInsert } from '../../db/tenant-repository';
import { newRowId } from '../../db/row-id';
import type { Class } from '../../read/relations';
import { recordActivity } from '../activity/activity.service';
import { Evaluation } from './evaluation.entity';
import { EvaluationStatus } from './evaluation.enums';
import type { AddMeasureInput, CreateEvaluationInput, RecordInvolvementInput, RecordMeasurementInput, ReopenEvaluationInput, UpdateMeasurementInput } from './evaluation.inputs';
import { assertCanPublish, assertCanReopen, assertOpenForChange, isFutureDay, speaksForServiceUsers, statusAfterEvidence } from './evaluation.rules';
import { Involvement } from './involvement.entity';
import { Measure } from './measure.entity';
import { Measurement } from './measurement.entity';
import { changeFromBaseline, progressToTarget } from './measure.scoring';
import { measureLatest } from './evaluation.relations';
import { todayUtc } from '../stages/progress';
import { assertCurrent, assertProjectNotArchived } from '../../common/archived';

/** The evaluation with this global id, or null when it is missing, malformed or another organisation's. */
export async function getEvaluation(ctx: Context, globalId: string): Promise<Evaluation | null> {
  const id = idOf('Evaluation', globalId);
  return id ? ctx.read.byId(Evaluation, id) : null;
}

/** The measurement of `measure` with the latest date (ties: the one recorded last), or null. */
export function latestMeasurement(ctx: Context, measure: Measure): Measurement | null | Promise<Measurement | null> {
  return ctx.read.load(measureLatest, measure);
}

/** `latest.value - baseline`, signed; null without a measurement or a baseline. */
export async function measureChangeFromBaseline(ctx: Context, measure: Measure): Promise<number | null> {
  return changeFromBaseline(measure, (await latestMeasurement(ctx, measure))?.value);
}

/** The direction-aware fraction 0..1 of the way from baseline to target; null without a measurement. */
export async function measureProgressToTarget(ctx: Context, measure: Measure): Promise<number | null> {
  return progressToTarget(measure, (await latestMeasurement(ctx, measure))?.value);
}

/**
 * Creates a DRAFT evaluation of a project, optionally tied to one of that project's stages.
 * NOT_FOUND when the project, or the stage within that project, is not this organisation's;
 * LIMIT_REACHED once the project has LIST_CAPS.evaluationsPerProject.
 */
export async function createEvaluation(ctx: Context, input: CreateEvaluationInput): Promise<Evaluation> {
  const projectId = requireIdOf('Project', input.projectId);
  const stageId = input.stageId === null || input.stageId === undefined ? null : requireIdOf('Stage', input.stageId);
  return ctx.db.transaction(async () => {
    const project = await ctx.read.byId(Project, projectId);
    if (!project) throw new NotFoundError('Project');
    assertProjectNotArchived(project);
    if (stageId) {
      const stage = await ctx.read.byId(Stage, stageId);
      // A stage of another project is as unknown here as one of another organisation.
      if (!stage || stage.projectId !== project.id) throw new NotFoundError('Stage');
    }
    assertRoom(await ctx.read.count(Evaluation, { projectId: project.id }), LIST_CAPS.evaluationsPerProject, 'evaluations of a project');
    const evaluation = await insertRecorded(ctx, Evaluation, {
      projectId: project.id,
      stageId,
      title: input.title.trim(),
      status: EvaluationStatus.DRAFT,
    });
    await recordActivity(ctx, {
      type: 'EVALUATION_CREATED',
      entityType: 'Evaluation',
      entityId: evaluation.id,
      projectId: project.id,
      summary: `Evaluation "${evaluation.title}" created for ${project.name}`,
      data: { projectId: project.globalId, stageId: stageId && toGlobalId('Stage', stageId), title: evaluation.title },
    });
    return evaluation;
  });
}

/**
 * Appends a measure to an evaluation. EVALUATION_PUBLISHED once the evaluation is PUBLISHED;
 * NOT_FOUND for an evaluation that is not this organisation's; LIMIT_REACHED once it has
 * LIST_CAPS.measuresPerEvaluation.
 */
export async function addMeasure(ctx: Context, input: AddMeasureInput): Promise<Measure> {
  const evaluationId = requireIdOf('Evaluation', input.evaluationId);
  return ctx.db.transaction(async () => {
    // The lock serialises concurrent appends (positions) and publishing.
    const evaluation = await lockEvaluationForChange(ctx, evaluationId);
    // One round trip: how many measures it has, and the last of them (to append after).
    const [measures, [last]] = await Promise.all([
      ctx.read.count(Measure, { evaluationId }),
      ctx.read.rows(Measure, { where: { evaluationId }, order: { position: 'DESC' }, limit: 1 }),
    ]);
    assertRoom(measures, LIST_CAPS.measuresPerEvaluation, 'measures of an evaluation');
    const measure = await ctx.db.repo(Measure).insert({
      evaluationId,
      name: input.name.trim(),
      unit: optionalText(input.unit),
      baseline: input.baseline,
      target: input.target,
      direction: input.direction,
      position: last ? last.position + 1 : 0,
    });
    await recordActivity(ctx, {
      type: 'MEASURE_ADDED',
      entityType: 'Measure',
      entityId: measure.id,
      projectId: evaluation.projectId,
      summary: `Measure "${measure.name}" added to evaluation "${evaluation.title}"`,
      data: {
        evaluationId: evaluation.globalId,
        name: measure.name,
        unit: measure.unit,
        baseline: measure.baseline,
        target: measure.target,
        direction: measure.direction,
      },
    });
    return measure;
  });
}

/**
 * Records a value of a measure at a date, by the calling user (none for an API key). The
 * evaluation's first evidence moves it from DRAFT to IN_PROGRESS. BAD_USER_INPUT (input.date) for a
 * day after today (UTC); NOT_FOUND for a measure that is not this organisation's;
 * EVALUATION_PUBLISHED once its evaluation is published; LIMIT_REACHED once it has
 * LIST_CAPS.measurementsPerMeasure.
 */
export async function recordMeasurement(ctx: Context, input: RecordMeasurementInput): Promise<Measurement> {
  const measureId = requireIdOf('Measure', input.measureId);
  assertNotFuture(input.date);
  return ctx.db.transaction(async () => {
    const measure = await ctx.read.byId(Measure, measureId);
    if (!measure) throw new NotFoundError('Measure');
    assertCurrent(measure, 'measure', 'input.measureId');
    const evaluation = await lockEvaluationForChange(ctx, measure.evaluationId);
    assertRoom(await ctx.read.count(Measurement, { measureId }), LIST_CAPS.measurementsPerMeasure, 'measurements of a measure');
    const measurement = await insertRecorded(ctx, Measurement, {
      measureId,
      value: input.value,
      date: input.date,
      source: optionalText(input.source),
      note: optionalText(input.note),
      recordedByUserId: ctx.auth.userId ?? null,
    });
    const statusChange = await startOnEvidence(ctx, evaluation);
    await recordActivity(ctx, {
      type: 'MEASUREMENT_RECORDED',
      entityType: 'Measurement',
      entityId: measurement.id,
      projectId: evaluation.projectId,
      summary: `${measure.name}: ${measurement.value}${measure.unit ? ` ${measure.unit}` : ''} on ${measurement.date}`,
      data: {
        evaluationId: evaluation.globalId,
        measureId: toGlobalId('Measure', measure.id),
        value: measurement.value,
        date: measurement.date,
        ...(statusChange && { status: statusChange }),
      },
    });
    return measurement;
  });
}

/**
 * A partner of this organisation whose involvement an evaluation may record: not archived, of kind
 * SERVICE_USERS or CARERS (BAD_USER_INPUT on input.partnerId otherwise); NOT_FOUND when not this
 * organisation's.
 */
export async function involvablePartner(ctx: Context, partnerId: string): Promise<Partner> {
  const partner = await ctx.read.byId(Partner, partnerId);
  if (!partner) throw new NotFoundError('Partner');
  assertCurrent(partner, 'partner', 'input.partnerId');
  if (!speaksForServiceUsers(partner.kind)) {
    throw new BadInputError(`Involvement must come from a partner of kind SERVICE_USERS or CARERS, not ${partner.kind}`, 'input.partnerId');
  }
  return partner;
}

/**
 * Records feedback or participation of a partner of kind SERVICE_USERS or CARERS in an evaluation
 * (any other kind: BAD_USER_INPUT on input.partnerId). The evaluation's first evidence moves it from
 * DRAFT to IN_PROGRESS. NOT_FOUND for an evaluation or partner that is not this organisation's;
 * EVALUATION_PUBLISHED once the evaluation is published; LIMIT_REACHED once it has
 * LIST_CAPS.involvementsPerEvaluation.
 */
export async function recordInvolvement(ctx: Context, input: RecordInvolvementInput, via: { feedbackLinkId: string } | null = null): Promise<Involvement> {
  const evaluationId = requireIdOf('Evaluation', input.evaluationId);
  const partnerId = requireIdOf('Partner', input.partnerId);
  return ctx.db.transaction(async () => {
    const evaluation = await lockEvaluationForChange(ctx, evaluationId);
    const partner = await involvablePartner(ctx, partnerId);
    assertRoom(await ctx.read.count(Involvement, { evaluationId }), LIST_CAPS.involvementsPerEvaluation, 'involvements in an evaluation');
    const involvement = await insertRecorded(ctx, Involvement, {
      evaluationId,
      partnerId,
      summary: input.summary.trim(),
      date: input.date,
      feedbackLinkId: via?.feedbackLinkId ?? null,
    });
    const statusChange = await startOnEvidence(ctx, evaluation);
    await recordActivity(ctx, {
      type: 'INVOLVEMENT_RECORDED',
      entityType: 'Involvement',
      entityId: involvement.id,
      projectId: evaluation.projectId,
      summary: `${partner.name} involved in evaluation "${evaluation.title}" on ${involvement.date}${via ? ' (through its feedback form)' : ''}`,
      data: {
        evaluationId: evaluation.globalId,
        partnerId: partner.globalId,
        date: involvement.date,
        ...(via && { viaFeedbackLink: true }),
        ...(statusChange && { status: statusChange }),
      },
    });
    return involvement;
  });
}

/**
 * Publishes an evaluation and stamps publishedAt. SERVICE_USER_INVOLVEMENT_REQUIRED until it has an
 * involvement; INVALID_TRANSITION when already published; NOT_FOUND when not this organisation's.
 */
export async function publishEvaluation(ctx: Context, globalId: string): Promise<Evaluation> {
  const id = requireIdOf('Evaluation', globalId);
  return ctx.db.transaction(async () => {
    // Locked before checking, so two publishers cannot both pass the checks.
    const evaluation = await lockEvaluation(ctx, id);
    assertCanPublish(evaluation.status, await ctx.read.count(Involvement, { evaluationId: id }));
    const from = evaluation.status;
    const publishedAt = new Date();
    await ctx.db.repo(Evaluation).update({ id }, { status: EvaluationStatus.PUBLISHED, publishedAt });
    evaluation.status = EvaluationStatus.PUBLISHED;
    evaluation.publishedAt = publishedAt;
    await recordActivity(ctx, {
      type: 'EVALUATION_PUBLISHED',
      entityType: 'Evaluation',
      entityId: id,
      projectId: evaluation.projectId,
      summary: `Evaluation "${evaluation.title}" published`,
      data: { status: { from, to: evaluation.status }, publishedAt: publishedAt.toISOString(), changes: { status: { from, to: evaluation.status } } },
    });
    return evaluation;
  });
}

/**
 * Takes a PUBLISHED evaluation back to IN_PROGRESS (publishedAt is cleared), so that it can change
 * again; the reason is logged with the event. INVALID_TRANSITION unless it is PUBLISHED; NOT_FOUND
 * when not this organisation's.
 */
export async function reopenEvaluation(ctx: Context, input: ReopenEvaluationInput): Promise<Evaluation> {
  const id = requireIdOf('Evaluation', input.id);
  const reason = input.reason.trim();
  return ctx.db.transaction(async () => {
    const evaluation = await lockEvaluation(ctx, id);
    assertCanReopen(evaluation.status);
    const from = evaluation.status;
    const to = EvaluationStatus.IN_PROGRESS;
    await ctx.db.repo(Evaluation).update({ id }, { status: to, publishedAt: null });
    await recordActivity(ctx, {
      type: 'EVALUATION_REOPENED',
      entityType: 'Evaluation',
      entityId: id,
      projectId: evaluation.projectId,
      summary: `Evaluation "${evaluation.title}" reopened: ${reason}`,
      data: { status: { from, to }, reason, publishedAt: evaluation.publishedAt?.toISOString() ?? null, changes: { status: { from, to } } },
    });
    const reopened = await ctx.read.byId(Evaluation, id);
    if (!reopened) throw new NotFoundError('Evaluation');
    return reopened;
  });
}

/**
 * Corrects a measurement: omitted fields stay, `source` and `note` clear with null or blank, and
 * `value` and `date` cannot be cleared (BAD_USER_INPUT on the field; a date after today, UTC, too).
 * The event MEASUREMENT_CORRECTED keeps the reason and each changed field's old and new values,
 * as strings (`data.changes: [{ field, from, to }]`); a correction that changes nothing writes
 * nothing. NOT_FOUND for a measurement that is not this organisation's; EVALUATION_PUBLISHED when
 * its evaluation is published.
 */
export async function updateMeasurement(ctx: Context, input: UpdateMeasurementInput): Promise<Measurement> {
  const id = requireIdOf('Measurement', input.id);
  const { value, date } = input;
  if (value === null) throw new BadInputError('A measurement needs a value', 'input.value');
  if (date === null) throw new BadInputError('A measurement needs a date', 'input.date');
  if (date !== undefined) assertNotFuture(date);
  const reason = input.reason.trim();
  return ctx.db.transaction(async () => {
    // A measurement never changes measure, nor a measure evaluation: reading them before the
    // evaluation's lock is safe, and the lock order (evaluation, then its rows) is recordMeasurement's.
    const unlocked = await ctx.read.byId(Measurement, id);
    if (!unlocked) throw new NotFoundError('Measurement');
    const measure = await ctx.read.byId(Measure, unlocked.measureId);
    if (!measure) throw new NotFoundError('Measurement');
    const evaluation = await lockEvaluationForChange(ctx, measure.evaluationId);
    const current = await ctx.db.repo(Measurement).findOneForUpdate(id);
    if (!current) throw new NotFoundError('Measurement');
    assertCurrent(current, 'measurement', 'input.id');
    const patch: TenantInsert<Measurement> = {};
    if (value !== undefined) patch.value = value;
    if (date !== undefined) patch.date = date;
    if (input.source !== undefined) patch.source = optionalText(input.source);
    if (input.note !== undefined) patch.note = optionalText(input.note);
    const changes = measurementChanges(current, patch);
    if (changes.length === 0) return current;
    await ctx.db.repo(Measurement).update({ id }, patch);
    const corrected = await ctx.read.byId(Measurement, id);
    if (!corrected) throw new NotFoundError('Measurement');
    await recordActivity(ctx, {
      type: 'MEASUREMENT_CORRECTED',
      entityType: 'Measurement',
      entityId: id,
      projectId: evaluation.projectId,
      summary: `${measure.name}: measurement of ${current.date} corrected (${changes.map((c) => c.field).join(', ')}): ${reason}`,
      data: { evaluationId: evaluation.globalId, measureId: toGlobalId('Measure', measure.id), reason, changes },
    });
    return corrected;
  });
}

/** One corrected field as the activity log keeps it: the values as strings, null for none. */
interface MeasurementChange {
  field: 'value' | 'date' | 'source' | 'note';
  from: string | null;
  to: string | null;
}

/** The fields of `patch` that differ from `current`, in the input's order, as {@link MeasurementChange}s. */
function measurementChanges(current: Measurement, patch: TenantInsert<Measurement>): MeasurementChange[] {
  const changes: MeasurementChange[] = [];
  for (const field of ['value', 'date', 'source', 'note'] as const) {
    if (!(field in patch)) continue;
    const from = current[field];
    const to = patch[field] ?? null;
    if (from !== to) changes.push({ field, from: from === null ? null : String(from), to: to === null ? null : String(to) });
  }
  return changes;
}

/** BAD_USER_INPUT on input.date for a day after today (UTC): a measurement records what was. */
function assertNotFuture(date: string): void {
  if (isFutureDay(date, todayUtc())) throw new BadInputError('A measurement cannot be dated in the future', 'input.date');
}

/**
 * Locks (FOR UPDATE) an evaluation of this organisation that may change: NOT_FOUND when it is not
 * this organisation's, EVALUATION_PUBLISHED when it is published. Every write to an evaluation's
 * measures, measurements or involvement takes it first, so none can slip past a publish.
 */
export async function lockEvaluationForChange(ctx: Context, id: string): Promise<Evaluation> {
  const evaluation = await lockEvaluation(ctx, id);
  assertOpenForChange(evaluation.status);
  return evaluation;
}

/** Reads and locks (FOR UPDATE) an evaluation of this organisation; NOT_FOUND otherwise. */
async function lockEvaluation(ctx: Context, id: string): Promise<Evaluation> {
  const evaluation = await ctx.db.repo(Evaluation).findOneForUpdate(id);
  if (!evaluation) throw new NotFoundError('Evaluation');
  // Not under the project's lock (archiving takes that one): a write racing the archive lands
  // just before it, as any earlier write does.
  assertProjectNotArchived((await ctx.read.byId(Project, evaluation.projectId))!);
  return evaluation;
}

/** Moves a (locked) DRAFT evaluation to IN_PROGRESS on its first evidence; returns the change, if any. */
async function startOnEvidence(ctx: Context, evaluation: Evaluation): Promise<{ from: EvaluationStatus; to: EvaluationStatus } | null> {
  const next = statusAfterEvidence(evaluation.status);
  if (next === evaluation.status) return null;
  await ctx.db.repo(Evaluation).update({ id: evaluation.id }, { status: next });
  const change = { from: evaluation.status, to: next };
  evaluation.status = next;
  return change;
}

/**
 * Inserts a tenant row stamped with clock_timestamp() rather than the default now(): now() is the
 * start of the request's transaction, and "recorded last" must also order two writes of one request.
 */
async function insertRecorded<T extends TenantEntity>(ctx: Context, target: Class<T>, values: TenantInsert<T>): Promise<T> {
  const id = newRowId();
  await ctx.db.repo(target).insertMany([{ ...values, id, createdAt: () => 'clock_timestamp()' } as TenantInsert<T>]);
  const row = await ctx.read.byId(target, id);
  if (!row) throw new Error(`Inserted ${target.name} ${id} is not readable`);
  return row;
}
