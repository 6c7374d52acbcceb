import DataLoader from 'dataloader';
import type { RequestDb } from '../../db/request-db';
import { byIdLoader, childrenLoader, entityRead, parentsOf, readChildren, readStatement, tenantOf, type EntityRead, type ParentsSql } from '../../db/tenant-loaders';
import { byKey, groupByKey, PeekableLoader } from '../../common/loader-utils';
import type { PrimePage, ProjectPageSql } from '../projects/project.page';
import { Evaluation } from './evaluation.entity';
import { Involvement } from './involvement.entity';
import { Measure } from './measure.entity';
import { Measurement } from './measurement.entity';

/** The order of a project's evaluations: oldest first. */
const EVALUATION_ORDER = { createdAt: 'ASC', id: 'ASC' } as const;

/** The ORDER BY of "the latest measurement": latest date, ties the one recorded last. */
const LATEST_FIRST = 'date DESC, created_at DESC, id DESC';

/**
 * Measures (`m`), each with its latest measurement as a JSON column, in their order within their
 * evaluation: `join` and `where` pick which, `extra` adds columns. The tenant predicate on `m` is
 * the caller's to write.
 */
function measuresWithLatestSql(measure: EntityRead, measurement: EntityRead, { extra = '', join = '', where }: { extra?: string; join?: string; where: string }): string {
  return `SELECT ${measure.select('m')}${extra},
              (SELECT to_json(l) FROM (SELECT ${measurement.select()} FROM measurements
                 WHERE organisation_id = m.organisation_id AND measure_id = m.id ORDER BY ${LATEST_FIRST} LIMIT 1) l) AS "latestMeasurement"
         FROM measures m${join}
        WHERE ${where}
        ORDER BY m.position ASC, m.created_at ASC, m.id ASC`;
}

export function createEvaluationLoaders(db: RequestDb) {
  /**
   * Each measure's latest measurement (latest date; ties: recorded last), or null: one
   * `DISTINCT ON (measure_id)` query per batch, served by measurements_latest_idx.
   */
  const latestMeasurement = new PeekableLoader<string, Measurement | null>(async (measureIds) => {
    const read = entityRead(db, Measurement);
    const latest = readStatement(
      'latest',
      [read],
      () => `SELECT DISTINCT ON (measure_id) ${read.select()} FROM measurements
        WHERE organisation_id = $1 AND measure_id = ANY($2::uuid[])
        ORDER BY measure_id, ${LATEST_FIRST}`,
    );
    const rows = await db.read(latest, [tenantOf(db), [...measureIds]]);
    return byKey(measureIds, read.toEntities<Measurement>(rows), (row) => row.measureId);
  });

  /** The measure and measurement reads of {@link measuresWithLatestSql}, and the statement for `shape`. */
  function measuresWithLatest(shape: string, parts: Parameters<typeof measuresWithLatestSql>[2]) {
    const measure = entityRead(db, Measure);
    const measurement = entityRead(db, Measurement);
    return { measure, measurement, sql: readStatement(shape, [measure, measurement], () => measuresWithLatestSql(measure, measurement, parts)) };
  }

  /** Rows of {@link measuresWithLatestSql} as measures, priming {@link latestMeasurement} with each one's. */
  function measuresPrimingLatest({ measure, measurement }: { measure: EntityRead; measurement: EntityRead }, rows: readonly { latestMeasurement: object | null }[]): Measure[] {
    return measure.toEntities<Measure>(
      rows.map(({ latestMeasurement: found, ...row }) => {
        const id = (row as { id: string }).id;
        latestMeasurement.prime(id, found ? measurement.toEntities<Measurement>([found])[0]! : null);
        return row;
      }),
    );
  }

  /**
   * An evaluation's measures in their order, each read with its latest measurement (one index
   * probe per measure), which primes {@link latestMeasurement}: every view of a measure shows its
   * latest value, and reading both at once saves the dashboard a round trip.
   */
  const measuresOfEvaluation = new PeekableLoader<string, Measure[]>(async (evaluationIds) => {
    const read = measuresWithLatest('measuresOfEvaluation', { where: 'm.organisation_id = $1 AND m.evaluation_id = ANY($2::uuid[])' });
    const rows = await db.read<{ latestMeasurement: object | null }>(read.sql, [tenantOf(db), [...evaluationIds]]);
    return groupByKey(evaluationIds, measuresPrimingLatest(read, rows), (measure) => measure.evaluationId);
  });

  /**
   * The measures of every evaluation of `projects`, as {@link measuresOfEvaluation} reads them
   * and priming {@link latestMeasurement} alike, each with its project.
   */
  async function readMeasuresOfProjects(projects: ParentsSql): Promise<{ measure: Measure; projectId: string }[]> {
    const read = measuresWithLatest(`measuresOfProjects:${projects.shape}`, {
      extra: ', e.project_id AS "projectId"',
      join: ' JOIN evaluations e ON e.organisation_id = m.organisation_id AND e.id = m.evaluation_id',
      where: `m.organisation_id = $1 AND e.project_id = ANY(${projects.ids})`,
    });
    const rows = await db.read<{ latestMeasurement: object | null; projectId: string }>(read.sql, projects.values);
    const measures = measuresPrimingLatest(read, rows.map(({ projectId: _, ...row }) => row));
    return measures.map((measure, i) => ({ measure, projectId: rows[i]!.projectId }));
  }

  /**
   * The measures of every evaluation of each project (keyed by project UUID): what
   * {@link evaluationsWithMeasures} reads alongside the evaluations. Uncached: it only feeds
   * primes, and a later call (after addMeasure cleared an evaluation's measures) must read afresh.
   */
  const measuresOfProject = new DataLoader<string, Measure[]>(
    async (projectIds) => {
      const found = await readMeasuresOfProjects(parentsOf(db, projectIds));
      return groupByKey(projectIds, found, (row) => row.projectId).map((group) => group.map((row) => row.measure));
    },
    { cache: false },
  );

  const evaluationsOfProject = childrenLoader(db, Evaluation, 'projectId', EVALUATION_ORDER);

  /**
   * Projects whose evaluations' measures {@link evaluationsOfPage} primed. Skipping a read for
   * them can never give a stale answer: `measuresOfEvaluation` then answers, and an evaluation a
   * write cleared there (or one created since) is read afresh.
   */
  const measuresPrimed = new Set<string>();

  /**
   * A project's evaluations, as {@link evaluationsOfProject} gives them, with their measures read
   * in the same round trip: primes {@link measuresOfEvaluation} for every one of them (an
   * evaluation without measures with []) before they are returned, so `Evaluation.measures` then
   * reads nothing. For a selection that will ask the evaluations their measures.
   */
  async function evaluationsWithMeasures(projectId: string): Promise<Evaluation[]> {
    if (measuresPrimed.has(projectId)) return evaluationsOfProject.load(projectId);
    const [evaluations, measures] = await Promise.all([evaluationsOfProject.load(projectId), measuresOfProject.load(projectId)]);
    const ids = evaluations.map((evaluation) => evaluation.id);
    groupByKey(ids, measures, (measure) => measure.evaluationId).forEach((group, i) => measuresOfEvaluation.prime(ids[i]!, group));
    return evaluations;
  }

  /**
   * The evaluations of every project of a page, read with the page (see ProjectPageSql) and
   * ordered as {@link evaluationsOfProject} orders them, which it then primes; with `measures`,
   * their measures too, as {@link evaluationsWithMeasures} reads them, priming
   * {@link measuresOfEvaluation} (an evaluation without measures with []) and
   * {@link latestMeasurement}.
   */
  async function evaluationsOfPage(page: ProjectPageSql, { measures: withMeasures }: { measures: boolean }): Promise<PrimePage> {
    const [evaluations, found] = await Promise.all([readChildren(db, Evaluation, 'projectId', EVALUATION_ORDER, page), withMeasures ? readMeasuresOfProjects(page) : undefined]);
    return (projectIds) => {
      const byProject = groupByKey(projectIds, evaluations, (evaluation) => evaluation.projectId);
      byProject.forEach((group, i) => evaluationsOfProject.prime(projectIds[i]!, group));
      if (!found) return;
      const ids = byProject.flat().map((evaluation) => evaluation.id);
      const measures = found.map((row) => row.measure);
      groupByKey(ids, measures, (measure) => measure.evaluationId).forEach((group, i) => measuresOfEvaluation.prime(ids[i]!, group));
      for (const projectId of projectIds) measuresPrimed.add(projectId);
    };
  }

  return {
    evaluationById: byIdLoader(db, Evaluation),
    /** A project's evaluations, oldest first. */
    evaluationsOfProject,
    evaluationsWithMeasures,
    evaluationsOfPage,
    measuresOfEvaluation,
    /** A measure's measurements by date, ties in the order they were recorded. */
    measurementsOfMeasure: childrenLoader(db, Measurement, 'measureId', { date: 'ASC', createdAt: 'ASC', id: 'ASC' }),
    /** An evaluation's service-user involvements by date, ties in the order they were recorded. */
    involvementsOfEvaluation: childrenLoader(db, Involvement, 'evaluationId', { date: 'ASC', createdAt: 'ASC', id: 'ASC' }),
    latestMeasurement,
  };
}
