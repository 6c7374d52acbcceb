import DataLoader from 'dataloader';
import type { RequestDb } from '../../db/request-db';
import { statement, type NamedStatement } from '../../db/statement';
import { byIdLoader, childrenLoader, selectList, tenantOf, toEntities } from '../../db/tenant-loaders';
import { byKey, groupByKey } from '../../common/loader-utils';
import { Evaluation } from './evaluation.entity';
import { Involvement } from './involvement.entity';
import { Measure } from './measure.entity';
import { Measurement } from './measurement.entity';

/** Built on first use (they need the entities' column mapping), then shared by every request. */
let latest: NamedStatement | undefined;
let measuresWithLatest: NamedStatement | undefined;

/** The ORDER BY of "the latest measurement": latest date, ties the one recorded last. */
const LATEST_FIRST = 'date DESC, created_at DESC, id DESC';

export function createEvaluationLoaders(db: RequestDb) {
  /**
   * Each measure's latest measurement (latest date; ties: recorded last), or null: one
   * `DISTINCT ON (measure_id)` query per batch, served by measurements_latest_idx.
   */
  const latestMeasurement = new DataLoader<string, Measurement | null>(async (measureIds) => {
    const metadata = db.metadata(Measurement);
    latest ??= statement(
      `SELECT DISTINCT ON (measure_id) ${selectList(metadata)} FROM measurements
        WHERE organisation_id = $1 AND measure_id = ANY($2::uuid[])
        ORDER BY measure_id, ${LATEST_FIRST}`,
    );
    const rows = await db.read(latest, [tenantOf(db), [...measureIds]]);
    return byKey(measureIds, toEntities<Measurement>(metadata, rows), (row) => row.measureId);
  });

  /**
   * An evaluation's measures in their order, each read with its latest measurement (one index
   * probe per measure), which primes {@link latestMeasurement}: every view of a measure shows its
   * latest value, and reading both at once saves the dashboard a round trip.
   */
  const measuresOfEvaluation = new DataLoader<string, Measure[]>(async (evaluationIds) => {
    const metadata = db.metadata(Measure);
    const measurement = db.metadata(Measurement);
    measuresWithLatest ??= statement(
      `SELECT ${selectList(metadata, 'm')},
              (SELECT to_json(l) FROM (SELECT ${selectList(measurement)} FROM measurements
                 WHERE organisation_id = m.organisation_id AND measure_id = m.id ORDER BY ${LATEST_FIRST} LIMIT 1) l) AS "latestMeasurement"
         FROM measures m
        WHERE m.organisation_id = $1 AND m.evaluation_id = ANY($2::uuid[])
        ORDER BY m.position ASC, m.created_at ASC, m.id ASC`,
    );
    const rows = await db.read<{ latestMeasurement: object | null }>(measuresWithLatest, [tenantOf(db), [...evaluationIds]]);
    const measures = toEntities<Measure>(
      metadata,
      rows.map(({ latestMeasurement: found, ...measure }) => {
        const id = (measure as { id: string }).id;
        latestMeasurement.prime(id, found ? toEntities<Measurement>(measurement, [found])[0]! : null);
        return measure;
      }),
    );
    return groupByKey(evaluationIds, measures, (measure) => measure.evaluationId);
  });

  return {
    evaluationById: byIdLoader(db, Evaluation),
    /** A project's evaluations, oldest first. */
    evaluationsOfProject: childrenLoader(db, Evaluation, 'projectId', { createdAt: 'ASC', id: 'ASC' }),
    measuresOfEvaluation,
    /** A measure's measurements by date, ties in the order they were recorded. */
    measurementsOfMeasure: childrenLoader(db, Measurement, 'measureId', { date: 'ASC', createdAt: 'ASC', id: 'ASC' }),
    /** An evaluation's service-user involvements by date, ties in the order they were recorded. */
    involvementsOfEvaluation: childrenLoader(db, Involvement, 'evaluationId', { date: 'ASC', createdAt: 'ASC', id: 'ASC' }),
    latestMeasurement,
  };
}
