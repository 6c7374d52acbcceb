import DataLoader from 'dataloader';
import type { RequestDb } from '../../db/request-db';
import { byIdLoader, childrenLoader } from '../../db/tenant-loaders';
import { byKey } from '../../common/loader-utils';
import { Evaluation } from './evaluation.entity';
import { Involvement } from './involvement.entity';
import { Measure } from './measure.entity';
import { Measurement } from './measurement.entity';

export function createEvaluationLoaders(db: RequestDb) {
  return {
    evaluationById: byIdLoader(db, Evaluation),
    /** A project's evaluations, oldest first. */
    evaluationsOfProject: childrenLoader(db, Evaluation, 'projectId', { createdAt: 'ASC', id: 'ASC' }),
    /** An evaluation's measures in their order. */
    measuresOfEvaluation: childrenLoader(db, Measure, 'evaluationId', { position: 'ASC', createdAt: 'ASC', id: 'ASC' }),
    /** A measure's measurements by date, ties in the order they were recorded. */
    measurementsOfMeasure: childrenLoader(db, Measurement, 'measureId', { date: 'ASC', createdAt: 'ASC', id: 'ASC' }),
    /** An evaluation's service-user involvements by date, ties in the order they were recorded. */
    involvementsOfEvaluation: childrenLoader(db, Involvement, 'evaluationId', { date: 'ASC', createdAt: 'ASC', id: 'ASC' }),
    /**
     * Each measure's latest measurement (latest date; ties: recorded last), or null: one
     * `DISTINCT ON (measure_id)` query per batch, served by measurements_latest_idx.
     */
    latestMeasurement: new DataLoader<string, Measurement | null>(async (measureIds) => {
      const qb = await db.repo(Measurement).queryBuilder('m');
      const rows = await qb
        .andWhere('m.measureId IN (:...measureIds)', { measureIds: [...measureIds] })
        .distinctOn(['m.measureId'])
        .orderBy('m.measureId', 'ASC')
        .addOrderBy('m.date', 'DESC')
        .addOrderBy('m.createdAt', 'DESC')
        .addOrderBy('m.id', 'DESC')
        .getMany();
      return byKey(measureIds, rows, (row) => row.measureId);
    }),
  };
}
