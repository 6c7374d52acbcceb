import { registerEnumType } from 'type-graphql';
import { ProjectStatus } from './project.enums';

/**
 * What a status change of a project needs:
 * - `ALLOWED`: it may happen;
 * - `NEEDS_AGREEMENT`: it may happen only when every involved partner has agreed every one of the
 *   project's principles (PROPOSED -> ACTIVE);
 * - `NEEDS_PLAN_DONE`: it may happen only when every stage of the plan is DONE or CANCELLED (to
 *   COMPLETED; STAGES_OPEN otherwise);
 * - `INVALID`: never (INVALID_TRANSITION), including a change to the same status.
 */
export type ProjectTransition = 'ALLOWED' | 'NEEDS_AGREEMENT' | 'NEEDS_PLAN_DONE' | 'INVALID';

/**
 * The project state machine of docs/api.md: PROPOSED -> ACTIVE (agreement rule), ACTIVE <->
 * ON_HOLD, ACTIVE or ON_HOLD -> COMPLETED (plan rule: a project completes only when its plan
 * does), anything not COMPLETED -> CANCELLED. COMPLETED and CANCELLED are final.
 */
export function projectTransition(from: ProjectStatus, to: ProjectStatus): ProjectTransition {
  if (from === to) return 'INVALID';
  if (to === ProjectStatus.CANCELLED) return from === ProjectStatus.COMPLETED ? 'INVALID' : 'ALLOWED';
  switch (from) {
    case ProjectStatus.PROPOSED:
      return to === ProjectStatus.ACTIVE ? 'NEEDS_AGREEMENT' : 'INVALID';
    case ProjectStatus.ACTIVE:
      if (to === ProjectStatus.COMPLETED) return 'NEEDS_PLAN_DONE';
      return to === ProjectStatus.ON_HOLD ? 'ALLOWED' : 'INVALID';
    case ProjectStatus.ON_HOLD:
      if (to === ProjectStatus.COMPLETED) return 'NEEDS_PLAN_DONE';
      return to === ProjectStatus.ACTIVE ? 'ALLOWED' : 'INVALID';
    case ProjectStatus.COMPLETED:
    case ProjectStatus.CANCELLED:
      return 'INVALID';
    default: {
      const never: never = from;
      throw new Error(`Unknown project status ${String(never)}`);
    }
  }
}

/** COMPLETED and CANCELLED projects are read-only: their details, partners, principles and agreements stay as they ended. */
export function isReadOnlyStatus(status: ProjectStatus): boolean {
  switch (status) {
    case ProjectStatus.COMPLETED:
    case ProjectStatus.CANCELLED:
      return true;
    case ProjectStatus.PROPOSED:
    case ProjectStatus.ACTIVE:
    case ProjectStatus.ON_HOLD:
      return false;
    default: {
      const never: never = status;
      throw new Error(`Unknown project status ${String(never)}`);
    }
  }
}

/** A status change of a project, as a person asks for it: startProject, or changeProjectStatus to its target. */
export enum ProjectAction {
  START = 'START',
  HOLD = 'HOLD',
  RESUME = 'RESUME',
  COMPLETE = 'COMPLETE',
  CANCEL = 'CANCEL',
}

registerEnumType(ProjectAction, {
  name: 'ProjectAction',
  description: 'A status change of a project: START (startProject), HOLD, RESUME, COMPLETE and CANCEL (changeProjectStatus to ON_HOLD, ACTIVE, COMPLETED, CANCELLED).',
});

const MOVES: Record<ProjectAction, { from: readonly ProjectStatus[]; to: ProjectStatus }> = {
  [ProjectAction.START]: { from: [ProjectStatus.PROPOSED], to: ProjectStatus.ACTIVE },
  [ProjectAction.HOLD]: { from: [ProjectStatus.ACTIVE], to: ProjectStatus.ON_HOLD },
  [ProjectAction.RESUME]: { from: [ProjectStatus.ON_HOLD], to: ProjectStatus.ACTIVE },
  [ProjectAction.COMPLETE]: { from: [ProjectStatus.ACTIVE, ProjectStatus.ON_HOLD], to: ProjectStatus.COMPLETED },
  [ProjectAction.CANCEL]: { from: [ProjectStatus.PROPOSED, ProjectStatus.ACTIVE, ProjectStatus.ON_HOLD], to: ProjectStatus.CANCELLED },
};

/**
 * The status changes the state machine allows a project now, in the order of the enum; none once
 * it is archived. START and COMPLETE are offered even while their rule (agreement, plan) is not
 * met: a person asking learns what is missing from the refusal (PRINCIPLES_NOT_AGREED,
 * STAGES_OPEN), which names it, rather than from a button that is not there.
 */
export function availableProjectActions(project: { status: ProjectStatus; archivedAt: Date | null }): ProjectAction[] {
  if (project.archivedAt) return [];
  return Object.values(ProjectAction).filter((action) => {
    const move = MOVES[action];
    return move.from.includes(project.status) && projectTransition(project.status, move.to) !== 'INVALID';
  });
}
