/**
 * The activity filter's kinds of event: the log's types (src/events/event-types.ts) in groups people
 * think in. The key is what the route keeps (`#/activity?type=stages`).
 */
export const TYPE_GROUPS: Record<string, { label: string; types: string[] }> = {
  stages: {
    label: 'Stages and completions',
    types: ['STAGE_ADDED', 'STAGE_UPDATED', 'STAGE_STARTED', 'STAGE_BLOCKED', 'STAGE_COMPLETED', 'STAGE_CANCELLED', 'STAGE_MOVED', 'STAGE_CELEBRATED'],
  },
  projects: {
    label: 'Projects and agreements',
    types: [
      'PROJECT_CREATED',
      'PROJECT_UPDATED',
      'PARTNER_INVOLVED',
      'PROJECT_PRINCIPLES_SET',
      'AGREEMENT_RECORDED',
      'PROJECT_STARTED',
      'PROJECT_STATUS_CHANGED',
      'PROJECT_UPDATE_POSTED',
      'DECISION_RECORDED',
    ],
  },
  challenges: { label: 'Challenges', types: ['CHALLENGE_RAISED', 'CHALLENGE_UPDATED', 'CHALLENGE_RESOLVED', 'CHALLENGE_WITHDRAWN'] },
  evaluations: {
    label: 'Evaluations and measures',
    types: [
      'EVALUATION_CREATED',
      'EVALUATION_PUBLISHED',
      'EVALUATION_REOPENED',
      'MEASURE_ADDED',
      'MEASUREMENT_RECORDED',
      'MEASUREMENT_CORRECTED',
      'INVOLVEMENT_RECORDED',
      'FEEDBACK_LINK_OPENED',
      'FEEDBACK_LINK_CLOSED',
      'YOU_SAID_WE_DID_RECORDED',
    ],
  },
  partners: {
    label: 'Partners and principles',
    types: [
      'PARTNER_CREATED',
      'PARTNER_UPDATED',
      'REPRESENTATIVE_ADDED',
      'REPRESENTATIVE_LINKED',
      'REPRESENTATIVE_UNLINKED',
      'PRINCIPLE_CREATED',
      'PRINCIPLE_UPDATED',
      'PRINCIPLE_SET_ADOPTED',
    ],
  },
  people: {
    label: 'Members and access',
    types: [
      'ORGANISATION_CREATED',
      'MEMBER_ADDED',
      'MEMBER_ROLE_CHANGED',
      'MEMBER_REMOVED',
      'MEMBER_SIGNED_OUT',
      'MEMBER_INVITED',
      'INVITATION_REVOKED',
      'INVITATION_ACCEPTED',
      'API_KEY_CREATED',
      'API_KEY_REVOKED',
      'WEBHOOK_ENDPOINT_CREATED',
      'WEBHOOK_ENDPOINT_UPDATED',
      'WEBHOOK_ENDPOINT_DISABLED',
      'WEBHOOK_ENDPOINT_ENABLED',
      'WEBHOOK_ENDPOINT_DELETED',
      'WEBHOOK_SECRET_ROTATED',
    ],
  },
  archive: { label: 'Archiving and restoring', types: ['RECORD_ARCHIVED', 'RECORD_RESTORED'] },
};
