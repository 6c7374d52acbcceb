import DataLoader from 'dataloader';
import type { RequestDb } from '../../db/request-db';
import { statement, type NamedStatement } from '../../db/statement';
import { byIdLoader, childrenLoader, selectList, tenantOf, toEntities } from '../../db/tenant-loaders';
import { byKey } from '../../common/loader-utils';
import { Evaluation } from './evaluation.entity';
import { Involvement } from './involvement.entity';
import { Measure } from './measure.entity';
import { Measurement } from './measurement.entity';

/** Built on first use (it needs the entity's column mapping), then shared by every request. */
let latest: NamedStatement | undefined;

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
      const metadata = db.metadata(Measurement);
      latest ??= statement(
        `SELECT DISTINCT ON (measure_id) ${selectList(metadata)} FROM measurements
          WHERE organisation_id = $1 AND measure_id = ANY($2::uuid[])
          ORDER BY measure_id, date DESC, created_at DESC, id DESC`,
      );
      const rows = await db.read(latest, [tenantOf(db), [...measureIds]]);
      return byKey(measureIds, toEntities<Measurement>(metadata, rows), (row) => row.measureId);
    }),
  };
}
