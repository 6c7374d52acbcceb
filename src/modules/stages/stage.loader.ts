import DataLoader from 'dataloader';
import type { RequestDb } from '../../db/request-db';
import { statement } from '../../db/statement';
import { byIdLoader, childrenLoader, readChildren, tenantOf } from '../../db/tenant-loaders';
import { toGlobalId } from '../../common/global-id';
import { groupByKey } from '../../common/loader-utils';
import type { PrimePage, ProjectPageSql } from '../projects/project.page';
import { Celebration } from './celebration.entity';
import { NO_STAGES, isStageLate, toProgress, todayUtc, type Progress, type StageCounts } from './progress';
import { StageStatus } from './stage.enums';
import { StageDependency } from './stage-dependency.entity';
import { Stage } from './stage.entity';

/**
 * The dependencies of many stages in one query (stages joined to stage_dependencies), each list
 * ordered by position. Tenant-bound through the repository's query builder.
 */
function dependenciesLoader(db: RequestDb): DataLoader<string, Stage[]> {
  return new DataLoader(async (stageIds) => {
    const qb = await db.repo(Stage).queryBuilder('s');
    const { entities, raw } = await qb
      .innerJoin(StageDependency, 'd', 'd.organisationId = s.organisationId AND d.dependsOnStageId = s.id')
      .addSelect('d.stageId', 'dependent_id')
      .andWhere('d.stageId IN (:...stageIds)', { stageIds: [...stageIds] })
      .orderBy('s.position', 'ASC')
      .addOrderBy('s.id', 'ASC')
      .getRawAndEntities<{ s_id: string; dependent_id: string }>();
    const byId = new Map(entities.map((stage) => [stage.id, stage]));
    const groups = new Map<string, Stage[]>();
    for (const row of raw) {
      const stage = byId.get(row.s_id);
      if (!stage) continue;
      const group = groups.get(row.dependent_id);
      if (group) group.push(stage);
      else groups.set(row.dependent_id, [stage]);
    }
    return stageIds.map((id) => groups.get(id) ?? []);
  });
}

interface CountsRow {
  project_id: string;
  total: number;
  done: number;
  in_progress: number;
  blocked: number;
  late: number;
  /** An ISO timestamp (rows are read as JSON). */
  last_completed_at: string | null;
}

const STAGE_COUNTS = statement(
  `SELECT project_id,
          count(*) FILTER (WHERE status <> 'CANCELLED')::int AS total,
          count(*) FILTER (WHERE status = 'DONE')::int AS done,
          count(*) FILTER (WHERE status = 'IN_PROGRESS')::int AS in_progress,
          count(*) FILTER (WHERE status = 'BLOCKED')::int AS blocked,
          count(*) FILTER (WHERE due_date < $3::date AND status NOT IN ('DONE', 'CANCELLED'))::int AS late,
          max(completed_at) FILTER (WHERE status = 'DONE') AS last_completed_at
     FROM stages
    WHERE organisation_id = $1 AND project_id = ANY($2::uuid[])
    GROUP BY project_id`,
);

/**
 * The stage counts of many projects in one aggregate query. A raw query: the tenant predicate is
 * written by hand (row-level security is the second wall). Projects without stages count zero.
 */
export async function loadStageCounts(db: RequestDb, projectIds: readonly string[], today: string): Promise<StageCounts[]> {
  const rows = await db.read<CountsRow>(STAGE_COUNTS, [tenantOf(db), [...projectIds], today]);
  const byProject = new Map(
    rows.map((row) => [
      row.project_id,
      {
        total: row.total,
        done: row.done,
        inProgress: row.in_progress,
        blocked: row.blocked,
        late: row.late,
        lastCompletedAt: row.last_completed_at === null ? null : new Date(row.last_completed_at),
      } satisfies StageCounts,
    ]),
  );
  return projectIds.map((id) => byProject.get(id) ?? NO_STAGES);
}

/** The order of a project's stages: by position. */
const STAGE_ORDER = { position: 'ASC', id: 'ASC' } as const;

/**
 * The action plan's per-request loaders, all tenant-bound to the request's organisation. Stage
 * writes clear them (see stage.service.ts), so a later field of the same request sees the change.
 */
export function createStageLoaders(db: RequestDb) {
  const stagesCache = new Map<string, Promise<Stage[]>>();
  const stagesOfProject = childrenLoader(db, Stage, 'projectId', STAGE_ORDER, stagesCache);
  return {
    stageById: byIdLoader(db, Stage),
    /** Celebrations by id (a STAGE_COMPLETED event names its own). */
    celebrationById: byIdLoader(db, Celebration),
    /** A project's stages by position. */
    stagesOfProject,
    /**
     * The stages of every project of a page, read with the page (see ProjectPageSql) and ordered
     * as {@link stagesOfProject} orders them, which it then primes. Primed stages also count the
     * page's progress (progressOfProject reads the same cache).
     */
    async stagesOfPage(page: ProjectPageSql): Promise<PrimePage> {
      const stages = await readChildren(db, Stage, 'projectId', STAGE_ORDER, page);
      return (projectIds) => groupByKey(projectIds, stages, (stage) => stage.projectId).forEach((group, i) => stagesOfProject.prime(projectIds[i]!, group));
    },
    /** The stages a stage depends on, by position. */
    dependenciesOfStage: dependenciesLoader(db),
    /** A stage's celebrations, oldest first. */
    celebrationsOfStage: childrenLoader(db, Celebration, 'stageId', { createdAt: 'ASC', id: 'ASC' }),
    /**
     * A project's Progress (keyed by project UUID). When the same request is loading those
     * projects' stages anyway (a dashboard asks for both), it is counted from those rows: one
     * statement fewer. Otherwise one aggregate query per batch.
     */
    progressOfProject: new DataLoader<string, Progress>(async (projectIds) => {
      const now = new Date();
      const today = todayUtc(now);
      const loading = projectIds.map((id) => stagesCache.get(id));
      const counts = loading.every((stages) => stages !== undefined)
        ? (await Promise.all(loading)).map((stages) => countStages(stages!, today))
        : await loadStageCounts(db, projectIds, today);
      return projectIds.map((id, i) => toProgress(toGlobalId('Project', id), counts[i]!, now));
    }),
  };
}

/** What {@link loadStageCounts} counts in SQL, counted from a project's stage rows. */
export function countStages(stages: readonly Stage[], today: string): StageCounts {
  const counts: StageCounts = { ...NO_STAGES };
  let lastCompleted: number | null = null;
  for (const stage of stages) {
    if (stage.status !== StageStatus.CANCELLED) counts.total += 1;
    if (stage.status === StageStatus.DONE) {
      counts.done += 1;
      if (stage.completedAt && (lastCompleted === null || stage.completedAt.getTime() > lastCompleted)) lastCompleted = stage.completedAt.getTime();
    }
    if (stage.status === StageStatus.IN_PROGRESS) counts.inProgress += 1;
    if (stage.status === StageStatus.BLOCKED) counts.blocked += 1;
    if (isStageLate(stage, today)) counts.late += 1;
  }
  counts.lastCompletedAt = lastCompleted === null ? null : new Date(lastCompleted);
  return counts;
}
