import { ProjectStatus } from '../src/modules/projects/project.enums';
import { NO_STAGES, isStageLate, toProgress, todayUtc } from '../src/modules/stages/progress';
import { dependencyGraph, dependencyProblem } from '../src/modules/stages/stage.dependencies';
import { StageStatus } from '../src/modules/stages/stage.enums';
import { StageAction, isFinalStageStatus, nextStageStatus, projectRefusesStageWrite, targetStatus } from '../src/modules/stages/stage.transitions';

const ALL_STATUSES = Object.values(StageStatus);

describe('stage transitions', () => {
  const allowed: Record<StageAction, StageStatus[]> = {
    [StageAction.START]: [StageStatus.NOT_STARTED, StageStatus.BLOCKED],
    [StageAction.BLOCK]: [StageStatus.NOT_STARTED, StageStatus.IN_PROGRESS],
    [StageAction.COMPLETE]: [StageStatus.IN_PROGRESS],
    [StageAction.CANCEL]: [StageStatus.NOT_STARTED, StageStatus.IN_PROGRESS, StageStatus.BLOCKED],
  };

  it.each(Object.values(StageAction))('%s goes exactly from the statuses api.md lists', (action) => {
    for (const from of ALL_STATUSES) {
      const expected = allowed[action].includes(from) ? targetStatus(action) : null;
      expect([from, nextStageStatus(from, action)]).toEqual([from, expected]);
    }
  });

  it('leads each act to its status', () => {
    expect(targetStatus(StageAction.START)).toBe(StageStatus.IN_PROGRESS);
    expect(targetStatus(StageAction.BLOCK)).toBe(StageStatus.BLOCKED);
    expect(targetStatus(StageAction.COMPLETE)).toBe(StageStatus.DONE);
    expect(targetStatus(StageAction.CANCEL)).toBe(StageStatus.CANCELLED);
  });

  it('keeps DONE and CANCELLED final', () => {
    for (const status of [StageStatus.DONE, StageStatus.CANCELLED]) {
      expect(isFinalStageStatus(status)).toBe(true);
      for (const action of Object.values(StageAction)) expect(nextStageStatus(status, action)).toBeNull();
    }
    for (const status of [StageStatus.NOT_STARTED, StageStatus.IN_PROGRESS, StageStatus.BLOCKED]) expect(isFinalStageStatus(status)).toBe(false);
  });

  it('lets a project refuse stage writes by its status', () => {
    expect(projectRefusesStageWrite(ProjectStatus.ACTIVE, true)).toBeNull();
    expect(projectRefusesStageWrite(ProjectStatus.ACTIVE, false)).toBeNull();
    for (const status of [ProjectStatus.PROPOSED, ProjectStatus.ON_HOLD]) {
      expect(projectRefusesStageWrite(status, false)).toBeNull();
      expect(projectRefusesStageWrite(status, true)).toMatch(/not active/);
    }
    for (const status of [ProjectStatus.COMPLETED, ProjectStatus.CANCELLED]) {
      expect(projectRefusesStageWrite(status, false)).toMatch(/not active/);
      expect(projectRefusesStageWrite(status, true)).toMatch(/not active/);
    }
  });
});

describe('stage dependencies', () => {
  // c depends on b, b depends on a; d stands alone.
  const graph = dependencyGraph([
    { stageId: 'c', dependsOnStageId: 'b' },
    { stageId: 'b', dependsOnStageId: 'a' },
  ]);

  it('refuses a self-dependency', () => {
    expect(dependencyProblem(graph, 'a', ['a'])).toBe('SELF');
    expect(dependencyProblem(new Map(), 'x', ['y', 'x'])).toBe('SELF');
  });

  it('refuses direct and transitive cycles', () => {
    expect(dependencyProblem(graph, 'b', ['c'])).toBe('CYCLE');
    expect(dependencyProblem(graph, 'a', ['c'])).toBe('CYCLE');
    expect(dependencyProblem(graph, 'a', ['d', 'b'])).toBe('CYCLE');
  });

  it('accepts acyclic sets, including replacing a stage own edges and diamonds', () => {
    expect(dependencyProblem(graph, 'c', ['a'])).toBeNull();
    expect(dependencyProblem(graph, 'd', ['a', 'b', 'c'])).toBeNull();
    expect(dependencyProblem(graph, 'a', [])).toBeNull();
    expect(dependencyProblem(graph, 'a', ['d'])).toBeNull();
    const diamond = dependencyGraph([
      { stageId: 'b', dependsOnStageId: 'a' },
      { stageId: 'c', dependsOnStageId: 'a' },
    ]);
    expect(dependencyProblem(diamond, 'd', ['b', 'c'])).toBeNull();
  });

  it('terminates on a graph that already has a cycle not through the stage', () => {
    const looped = dependencyGraph([
      { stageId: 'x', dependsOnStageId: 'y' },
      { stageId: 'y', dependsOnStageId: 'x' },
    ]);
    expect(dependencyProblem(looped, 'z', ['x'])).toBeNull();
  });
});

describe('lateness and progress', () => {
  it('takes today as the UTC calendar day', () => {
    expect(todayUtc(new Date('2025-03-01T23:30:00-05:00'))).toBe('2025-03-02');
  });

  it('is late only before today and only while open', () => {
    const today = '2025-03-10';
    expect(isStageLate({ dueDate: '2025-03-09', status: StageStatus.NOT_STARTED }, today)).toBe(true);
    expect(isStageLate({ dueDate: '2025-03-09', status: StageStatus.IN_PROGRESS }, today)).toBe(true);
    expect(isStageLate({ dueDate: '2025-03-09', status: StageStatus.BLOCKED }, today)).toBe(true);
    expect(isStageLate({ dueDate: '2025-03-10', status: StageStatus.NOT_STARTED }, today)).toBe(false);
    expect(isStageLate({ dueDate: '2025-03-09', status: StageStatus.DONE }, today)).toBe(false);
    expect(isStageLate({ dueDate: '2025-03-09', status: StageStatus.CANCELLED }, today)).toBe(false);
    expect(isStageLate({ dueDate: null, status: StageStatus.NOT_STARTED }, today)).toBe(false);
  });

  it('is all zeros and nulls without stages', () => {
    expect({ ...toProgress('P', NO_STAGES) }).toEqual({
      projectId: 'P',
      total: 0,
      done: 0,
      inProgress: 0,
      blocked: 0,
      late: 0,
      percentComplete: 0,
      lastCompletedAt: null,
      daysSinceLastCompletion: null,
    });
  });

  it('rounds the percentage to one decimal and counts whole days', () => {
    const now = new Date('2025-03-10T12:00:00Z');
    const last = new Date('2025-03-07T12:00:01Z');
    const progress = toProgress('P', { total: 3, done: 1, inProgress: 1, blocked: 0, late: 1, lastCompletedAt: last }, now);
    expect(progress.percentComplete).toBe(33.3);
    expect(progress.daysSinceLastCompletion).toBe(2);
    expect(progress.lastCompletedAt).toBe(last);
    expect(toProgress('P', { ...NO_STAGES, total: 3, done: 2 }).percentComplete).toBe(66.7);
    expect(toProgress('P', { ...NO_STAGES, total: 8, done: 1 }).percentComplete).toBe(12.5);
    expect(toProgress('P', { ...NO_STAGES, total: 4, done: 4 }).percentComplete).toBe(100);
    expect(toProgress('P', { ...NO_STAGES, total: 1, done: 0, lastCompletedAt: now }, now).daysSinceLastCompletion).toBe(0);
  });
});
