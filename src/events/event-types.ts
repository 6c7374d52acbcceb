/**
 * Every type of event the activity log holds, as a closed list: a typo where an event is written,
 * or where one is reacted to (the access watch closes sockets on a revocation), fails to compile
 * instead of silently never matching. Clients read `ActivityEvent.type` as a string; new types
 * are added here first.
 */
export const ACTIVITY_EVENT_TYPES = [
  'ORGANISATION_CREATED',
  'MEMBER_ADDED',
  'MEMBER_ROLE_CHANGED',
  'MEMBER_REMOVED',
  'MEMBER_SIGNED_OUT',
  'API_KEY_CREATED',
  'API_KEY_REVOKED',
  'PARTNER_CREATED',
  'PARTNER_UPDATED',
  'REPRESENTATIVE_ADDED',
  'PRINCIPLE_CREATED',
  'PRINCIPLE_UPDATED',
  'PRINCIPLE_SET_ADOPTED',
  'PROJECT_CREATED',
  'PROJECT_UPDATED',
  'PARTNER_INVOLVED',
  'PROJECT_PRINCIPLES_SET',
  'AGREEMENT_RECORDED',
  'PROJECT_STARTED',
  'PROJECT_STATUS_CHANGED',
  'STAGE_ADDED',
  'STAGE_UPDATED',
  'STAGE_STARTED',
  'STAGE_BLOCKED',
  'STAGE_COMPLETED',
  'STAGE_CANCELLED',
  'STAGE_MOVED',
  'STAGE_CELEBRATED',
  'CHALLENGE_RAISED',
  'CHALLENGE_RESOLVED',
  'CHALLENGE_WITHDRAWN',
  'EVALUATION_CREATED',
  'EVALUATION_PUBLISHED',
  'MEASURE_ADDED',
  'MEASUREMENT_RECORDED',
  'INVOLVEMENT_RECORDED',
] as const;

export type ActivityEventType = (typeof ACTIVITY_EVENT_TYPES)[number];
