import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { StageStatus } from './stage.enums';

/** A project's progress through its action plan: derived from its stages, never stored. */
@ObjectType({ description: "A project's progress through its action plan, derived from its stages." })
export class Progress {
  @Field(() => ID, { description: 'The global id of the project.' })
  projectId!: string;

  @Field(() => Int, { description: 'Stages that are not CANCELLED.' })
  total!: number;

  @Field(() => Int)
  done!: number;

  @Field(() => Int)
  inProgress!: number;

  @Field(() => Int)
  blocked!: number;

  @Field(() => Int, { description: 'Stages past their due date (UTC) that are not DONE or CANCELLED.' })
  late!: number;

  @Field(() => Float, { description: 'done / total as a percentage, 0 to 100, one decimal; 0 when total is 0.' })
  percentComplete!: number;

  @Field(() => Date, { nullable: true, description: 'When the latest stage was completed.' })
  lastCompletedAt!: Date | null;

  @Field(() => Int, { nullable: true, description: 'Whole days since lastCompletedAt; null when no stage is done.' })
  daysSinceLastCompletion!: number | null;
}

/** The counts one aggregate query returns per project. */
export interface StageCounts {
  total: number;
  done: number;
  inProgress: number;
  blocked: number;
  late: number;
  lastCompletedAt: Date | null;
}

export const NO_STAGES: StageCounts = { total: 0, done: 0, inProgress: 0, blocked: 0, late: 0, lastCompletedAt: null };

const DAY_MS = 86_400_000;

/** Today's calendar day in UTC, 'YYYY-MM-DD': the day due dates are compared with. */
export function todayUtc(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/** A stage is late when its due date is before today (UTC) and it is not DONE or CANCELLED. */
export function isStageLate(stage: { dueDate: string | null; status: StageStatus }, today: string): boolean {
  if (!stage.dueDate || stage.status === StageStatus.DONE || stage.status === StageStatus.CANCELLED) return false;
  return stage.dueDate < today;
}

/** Turns a project's stage counts into its Progress at `now`. */
export function toProgress(projectGlobalId: string, counts: StageCounts, now: Date = new Date()): Progress {
  const progress = new Progress();
  progress.projectId = projectGlobalId;
  progress.total = counts.total;
  progress.done = counts.done;
  progress.inProgress = counts.inProgress;
  progress.blocked = counts.blocked;
  progress.late = counts.late;
  progress.percentComplete = counts.total === 0 ? 0 : Math.round((1000 * counts.done) / counts.total) / 10;
  progress.lastCompletedAt = counts.lastCompletedAt;
  progress.daysSinceLastCompletion = counts.lastCompletedAt === null ? null : Math.max(0, Math.floor((now.getTime() - counts.lastCompletedAt.getTime()) / DAY_MS));
  return progress;
}
