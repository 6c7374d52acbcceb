import { registerEnumType } from 'type-graphql';
import { ProjectStatus } from '../projects/project.enums';
import { StageEventType, StageStatus } from './stage.enums';

/** The status-changing acts on a stage, one per mutation. */
export enum StageAction {
  START = 'START',
  BLOCK = 'BLOCK',
  COMPLETE = 'COMPLETE',
  CANCEL = 'CANCEL',
}

registerEnumType(StageAction, { name: 'StageAction', description: 'A status change of a stage: startStage, blockStage, completeStage, cancelStage.' });

/**
 * What each act does (docs/api.md, "The action plan"): the statuses it may start from, where
 * it leads, and the live event it raises. One table, so the three can never disagree; a Record
 * over the enum makes a new act a compile error until it has all three.
 */
const ACTS: Record<StageAction, { from: readonly StageStatus[]; to: StageStatus; event: StageEventType }> = {
  [StageAction.START]: { from: [StageStatus.NOT_STARTED, StageStatus.BLOCKED], to: StageStatus.IN_PROGRESS, event: StageEventType.STAGE_STARTED },
  [StageAction.BLOCK]: { from: [StageStatus.NOT_STARTED, StageStatus.IN_PROGRESS], to: StageStatus.BLOCKED, event: StageEventType.STAGE_BLOCKED },
  [StageAction.COMPLETE]: { from: [StageStatus.IN_PROGRESS], to: StageStatus.DONE, event: StageEventType.STAGE_COMPLETED },
  [StageAction.CANCEL]: {
    from: [StageStatus.NOT_STARTED, StageStatus.IN_PROGRESS, StageStatus.BLOCKED],
    to: StageStatus.CANCELLED,
    event: StageEventType.STAGE_CANCELLED,
  },
};

/** Where each act leads. */
export function targetStatus(action: StageAction): StageStatus {
  return ACTS[action].to;
}

/** The live event each act raises. */
export function stageEventOf(action: StageAction): StageEventType {
  return ACTS[action].event;
}

/**
 * The status a stage in `from` reaches by `action`, or null when the transition is not allowed.
 * DONE and CANCELLED are final: no act leaves them.
 */
export function nextStageStatus(from: StageStatus, action: StageAction): StageStatus | null {
  return ACTS[action].from.includes(from) ? ACTS[action].to : null;
}

/** True for the statuses no act leaves. */
export function isFinalStageStatus(status: StageStatus): boolean {
  switch (status) {
    case StageStatus.DONE:
    case StageStatus.CANCELLED:
      return true;
    case StageStatus.NOT_STARTED:
    case StageStatus.IN_PROGRESS:
    case StageStatus.BLOCKED:
      return false;
    default: {
      const never: never = status;
      throw new Error(`Unknown stage status ${String(never)}`);
    }
  }
}

/**
 * Why a project in `status` refuses a stage write, or null when it accepts it. A COMPLETED or
 * CANCELLED project accepts no stage write at all; starting and completing a stage
 * (`needsActive`) also need the project to be ACTIVE.
 */
export function projectRefusesStageWrite(status: ProjectStatus, needsActive: boolean): string | null {
  switch (status) {
    case ProjectStatus.ACTIVE:
      return null;
    case ProjectStatus.PROPOSED:
    case ProjectStatus.ON_HOLD:
      return needsActive ? `The project is not active (it is ${status}): stages start and complete only in an ACTIVE project` : null;
    case ProjectStatus.COMPLETED:
    case ProjectStatus.CANCELLED:
      return `The project is not active (it is ${status}): its action plan can no longer change`;
    default: {
      const never: never = status;
      throw new Error(`Unknown project status ${String(never)}`);
    }
  }
}

/**
 * The acts a member may take on a stage now, in the order of the enum: those its status allows,
 * in a project that accepts them (not archived; START and COMPLETE only in an ACTIVE one), and
 * START only once every stage it depends on is DONE. What the page offers, so it offers nothing
 * the server would refuse for the plan's sake.
 */
export function availableStageActions(status: StageStatus, project: { status: ProjectStatus; archivedAt: Date | null }, dependenciesDone: boolean): StageAction[] {
  if (project.archivedAt) return [];
  return Object.values(StageAction).filter(
    (action) =>
      nextStageStatus(status, action) !== null &&
      projectRefusesStageWrite(project.status, action === StageAction.START || action === StageAction.COMPLETE) === null &&
      (action !== StageAction.START || dependenciesDone),
  );
}
