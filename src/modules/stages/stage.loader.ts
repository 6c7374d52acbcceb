import DataLoader from 'dataloader';
import type { RequestDb } from '../../db/request-db';
import { byIdLoader, childrenLoader } from '../../db/tenant-loaders';
import { toGlobalId } from '../../common/global-id';
import { ForbiddenError } from '../../errors';
import { Celebration } from './celebration.entity';
import { NO_STAGES, toProgress, todayUtc, type Progress, type StageCounts } from './progress';
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
  last_completed_at: Date | null;
}

/**
 * The stage counts of many projects in one aggregate query. A raw query: the tenant predicate is
 * written by hand (row-level security is the second wall). Projects without stages count zero.
 */
export async function loadStageCounts(db: RequestDb, projectIds: readonly string[], today: string): Promise<StageCounts[]> {
  const organisationId = db.organisationId;
  if (!organisationId) throw new ForbiddenError('This operation needs an organisation (X-Organisation header)');
  const rows = await db.query<CountsRow>(
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
    [organisationId, [...projectIds], today],
  );
  const byProject = new Map(
    rows.map((row) => [
      row.project_id,
      {
        total: row.total,
        done: row.done,
        inProgress: row.in_progress,
        blocked: row.blocked,
        late: row.late,
        lastCompletedAt: row.last_completed_at,
      } satisfies StageCounts,
    ]),
  );
  return projectIds.map((id) => byProject.get(id) ?? NO_STAGES);
}

/**
 * The action plan's per-request loaders, all tenant-bound to the request's organisation. Stage
 * writes clear them (see stage.service.ts), so a later field of the same request sees the change.
 */
export function createStageLoaders(db: RequestDb) {
  return {
    stageById: byIdLoader(db, Stage),
    /** A project's stages by position. */
    stagesOfProject: childrenLoader(db, Stage, 'projectId', { position: 'ASC', id: 'ASC' }),
    /** The stages a stage depends on, by position. */
    dependenciesOfStage: dependenciesLoader(db),
    /** A stage's celebrations, oldest first. */
    celebrationsOfStage: childrenLoader(db, Celebration, 'stageId', { createdAt: 'ASC', id: 'ASC' }),
    /** A project's Progress (keyed by project UUID), one aggregate query per batch. */
    progressOfProject: new DataLoader<string, Progress>(async (projectIds) => {
      const now = new Date();
      const counts = await loadStageCounts(db, projectIds, todayUtc(now));
      return projectIds.map((id, i) => toProgress(toGlobalId('Project', id), counts[i]!, now));
    }),
  };
}
