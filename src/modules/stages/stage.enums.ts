import { registerEnumType } from 'type-graphql';

/** Where a stage is: NOT_STARTED -> IN_PROGRESS -> DONE, with BLOCKED and CANCELLED. */
export enum StageStatus {
  NOT_STARTED = 'NOT_STARTED',
  IN_PROGRESS = 'IN_PROGRESS',
  BLOCKED = 'BLOCKED',
  DONE = 'DONE',
  CANCELLED = 'CANCELLED',
}

registerEnumType(StageStatus, {
  name: 'StageStatus',
  description: 'Where a stage is: NOT_STARTED -> IN_PROGRESS -> DONE, with BLOCKED and CANCELLED. DONE and CANCELLED are final.',
});

/** What happened to a stage, as told to live dashboards. */
export enum StageEventType {
  STAGE_ADDED = 'STAGE_ADDED',
  STAGE_UPDATED = 'STAGE_UPDATED',
  STAGE_STARTED = 'STAGE_STARTED',
  STAGE_BLOCKED = 'STAGE_BLOCKED',
  STAGE_COMPLETED = 'STAGE_COMPLETED',
  STAGE_CANCELLED = 'STAGE_CANCELLED',
  STAGE_MOVED = 'STAGE_MOVED',
}

registerEnumType(StageEventType, { name: 'StageEventType', description: 'What happened to a stage.' });
