import type { RequestDb } from '../../db/request-db';
import { statement } from '../../db/statement';
import { tenantOf } from '../../db/entity-read';
import { toGlobalId } from '../../common/global-id';
import { batched } from '../../read/batched';
import { NO_STAGES, isStageLate, toProgress, todayUtc, type Progress, type StageCounts } from './progress';
import { StageStatus } from './stage.enums';
import { projectStages } from './stage.relations';
import type { Stage } from './stage.entity';

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

/**
 * A project's Progress (keyed by project UUID). When the same request is loading those projects'
 * stages anyway (a dashboard asks for both), it is counted from those rows: one statement fewer.
 * Otherwise one aggregate query per batch.
 */
export const progressOfProject = batched<string, Progress>('Project.progress', async (read, db, projectIds) => {
  const now = new Date();
  const today = todayUtc(now);
  const loading = projectIds.map((id) => read.loading(projectStages, id));
  const counts = loading.every((stages) => stages !== undefined)
    ? (await Promise.all(loading)).map((stages) => countStages(stages!, today))
    : await loadStageCounts(db, projectIds, today);
  return projectIds.map((id, i) => toProgress(toGlobalId('Project', id), counts[i]!, now));
});

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
