import { LIST_CAPS } from '../../limits/list-caps';
import { belongsTo, hasMany } from '../../read/relations';
import { User } from '../accounts/user.entity';
import { Partner } from '../partners/partner.entity';
import { Project } from '../projects/project.entity';
import { Stage } from '../stages/stage.entity';
import { Evaluation } from './evaluation.entity';
import { Involvement } from './involvement.entity';
import { Measure } from './measure.entity';
import { Measurement } from './measurement.entity';

export const projectEvaluations = hasMany(Project, 'evaluations', Evaluation, 'projectId', {
  cap: LIST_CAPS.evaluationsPerProject,
  order: { createdAt: 'ASC', id: 'ASC' },
  field: { description: `Oldest first; at most ${LIST_CAPS.evaluationsPerProject}.` },
});

export const evaluationStage = belongsTo(Evaluation, 'stage', Stage, 'stageId', { field: { description: 'The stage of the action plan this evaluation is part of.' } });
export const evaluationProject = belongsTo(Evaluation, 'project', Project, 'projectId', { required: true });

export const evaluationMeasures = hasMany(Evaluation, 'measures', Measure, 'evaluationId', {
  unless: ['archivedAt'],
  cap: LIST_CAPS.measuresPerEvaluation,
  order: { position: 'ASC', createdAt: 'ASC', id: 'ASC' },
  field: { description: `In their order; at most ${LIST_CAPS.measuresPerEvaluation}.` },
});

export const evaluationInvolvements = hasMany(Evaluation, 'involvements', Involvement, 'evaluationId', {
  cap: LIST_CAPS.involvementsPerEvaluation,
  order: { date: 'ASC', createdAt: 'ASC', id: 'ASC' },
  field: { description: `By date; the same day in the order recorded; at most ${LIST_CAPS.involvementsPerEvaluation}.` },
});

export const measureMeasurements = hasMany(Measure, 'measurements', Measurement, 'measureId', {
  unless: ['archivedAt'],
  cap: LIST_CAPS.measurementsPerMeasure,
  order: { date: 'ASC', createdAt: 'ASC', id: 'ASC' },
  field: { description: `By date; the same day in the order recorded; at most ${LIST_CAPS.measurementsPerMeasure}.` },
});

/**
 * The measure's latest measurement, by the id the measure keeps (`latestMeasurementId`): the latest
 * date, the same day the one recorded last, never an archived one. A page's measures read theirs
 * by id in one batched read, not one index probe per measure.
 */
export const measureLatest = belongsTo(Measure, 'latest', Measurement, 'latestMeasurementId', {
  field: { description: 'The measurement with the latest date; ties: the one recorded last.' },
});

export const involvementPartner = belongsTo(Involvement, 'partner', Partner, 'partnerId', { required: true });

export const measurementRecordedBy = belongsTo(Measurement, 'recordedBy', User, 'recordedByUserId', {
  field: { description: 'Who recorded the measurement; null when an API key did, or they are no longer a member.' },
});
