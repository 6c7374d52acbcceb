import { ProjectStatus } from '../projects/project.enums';
import { StageStatus } from './stage.enums';

/** The status-changing acts on a stage, one per mutation. */
export enum StageAction {
  START = 'START',
  BLOCK = 'BLOCK',
  COMPLETE = 'COMPLETE',
  CANCEL = 'CANCEL',
}

/** Where each act leads. */
export function targetStatus(action: StageAction): StageStatus {
  switch (action) {
    case StageAction.START:
      return StageStatus.IN_PROGRESS;
    case StageAction.BLOCK:
      return StageStatus.BLOCKED;
    case StageAction.COMPLETE:
      return StageStatus.DONE;
    case StageAction.CANCEL:
      return StageStatus.CANCELLED;
    default: {
      const never: never = action;
      throw new Error(`Unknown stage action ${String(never)}`);
    }
  }
}

/** The statuses each act may start from (shared/api.md, "Stage transitions"). */
function allowedFrom(action: StageAction): readonly StageStatus[] {
  switch (action) {
    case StageAction.START:
      return [StageStatus.NOT_STARTED, StageStatus.BLOCKED];
    case StageAction.BLOCK:
      return [StageStatus.NOT_STARTED, StageStatus.IN_PROGRESS];
    case StageAction.COMPLETE:
      return [StageStatus.IN_PROGRESS];
    case StageAction.CANCEL:
      return [StageStatus.NOT_STARTED, StageStatus.IN_PROGRESS, StageStatus.BLOCKED];
    default: {
      const never: never = action;
      throw new Error(`Unknown stage action ${String(never)}`);
    }
  }
}

/**
 * The status a stage in `from` reaches by `action`, or null when the transition is not allowed.
 * DONE and CANCELLED are final: no act leaves them.
 */
export function nextStageStatus(from: StageStatus, action: StageAction): StageStatus | null {
  return allowedFrom(action).includes(from) ? targetStatus(action) : null;
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
