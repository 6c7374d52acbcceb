/** The operations the dashboard sends (schema.graphql), with the shapes it reads. */

export type Role = 'OWNER' | 'ADMIN' | 'MEMBER' | 'OBSERVER';
export type StageStatus = 'NOT_STARTED' | 'IN_PROGRESS' | 'BLOCKED' | 'DONE' | 'CANCELLED';

export const LOG_IN = /* GraphQL */ `
  mutation LogIn($input: LogInInput!) { logIn(input: $input) { token user { name } } }`;

export interface Membership {
  role: Role;
  organisation: { slug: string; name: string } | null;
}

export const MEMBERSHIPS = /* GraphQL */ `
  query Memberships { viewer { organisations { role organisation { slug name } } } }`;

export interface BootData {
  viewer: { user: { name: string } | null; organisations: Membership[]; apiKey: { name: string; role: Role } | null };
  organisation: { slug: string; name: string };
}

export const BOOT = /* GraphQL */ `
  query Boot {
    viewer { user { name } organisations { role organisation { slug name } } apiKey { name role } }
    organisation { slug name }
  }`;

export interface Progress {
  total: number;
  done: number;
  inProgress: number;
  blocked: number;
  late: number;
  percentComplete: number;
  lastCompletedAt: string | null;
  daysSinceLastCompletion: number | null;
}

const PROGRESS = `progress { total done inProgress blocked late percentComplete lastCompletedAt daysSinceLastCompletion }`;

export interface ProjectSummary {
  id: string;
  name: string;
  summary: string | null;
  status: string;
  targetDate: string | null;
  progress: Progress;
  challenges: { id: string; status: string }[];
  /** Only in the overview: what is moving, stuck or late right now. */
  stages?: { id: string; title: string; status: StageStatus; isLate: boolean; dueDate: string | null; blockedReason: string | null }[];
}

export const OVERVIEW = /* GraphQL */ `
  query Overview($after: String) {
    projects(first: 10, after: $after) {
      nodes {
        id name summary status targetDate ${PROGRESS} challenges { id status }
        stages { id title status isLate dueDate blockedReason }
      }
      pageInfo { hasNextPage endCursor }
    }
  }`;

export interface OverviewPage {
  projects: { nodes: ProjectSummary[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
}

export interface Stage {
  id: string;
  title: string;
  description: string | null;
  position: number;
  status: StageStatus;
  dueDate: string | null;
  isLate: boolean;
  blockedReason: string | null;
  completedAt: string | null;
  owner: { id: string; name: string } | null;
  dependsOn: { id: string; title: string; status: StageStatus }[];
  celebrations: { id: string; message: string | null; createdAt: string }[];
}

export interface Project extends ProjectSummary {
  goals: string | null;
  startDate: string | null;
  partners: { role: string; partner: { id: string; name: string; kind: string } }[];
  principles: { id: string; title: string; position: number }[];
  agreements: { partner: { id: string; name: string }; principle: { id: string } }[];
  missingAgreements: { partner: { id: string; name: string }; principle: { id: string } }[];
  stages: Stage[];
  evaluations: { id: string; title: string; status: string }[];
  challenges: { id: string; status: string; description: string; principle: { title: string }; raisedBy: { name: string } }[];
}

export const PROJECT = /* GraphQL */ `
  query Project($id: ID!) {
    project(id: $id) {
      id name summary goals status startDate targetDate ${PROGRESS}
      partners { role partner { id name kind } }
      principles { id title position }
      agreements { partner { id name } principle { id } }
      missingAgreements { partner { id name } principle { id } }
      stages {
        id title description position status dueDate isLate blockedReason completedAt
        owner { id name } dependsOn { id title status } celebrations { id message createdAt }
      }
      evaluations { id title status }
      challenges { id status description principle { title } raisedBy { name } }
    }
  }`;

export const START_STAGE = /* GraphQL */ `mutation StartStage($id: ID!) { startStage(id: $id) { id status } }`;
export const BLOCK_STAGE = /* GraphQL */ `mutation BlockStage($input: BlockStageInput!) { blockStage(input: $input) { id status } }`;
export const COMPLETE_STAGE = /* GraphQL */ `mutation CompleteStage($input: CompleteStageInput!) { completeStage(input: $input) { id status } }`;
export const MOVE_STAGE = /* GraphQL */ `mutation MoveStage($input: MoveStageInput!) { moveStage(input: $input) { id } }`;

export interface Measurement {
  id: string;
  value: number;
  date: string;
  source: string | null;
}

export interface Measure {
  id: string;
  name: string;
  unit: string | null;
  baseline: number | null;
  target: number | null;
  direction: 'HIGHER_IS_BETTER' | 'LOWER_IS_BETTER';
  latest: Measurement | null;
  changeFromBaseline: number | null;
  progressToTarget: number | null;
  measurements: Measurement[];
}

export interface Evaluation {
  id: string;
  title: string;
  status: string;
  project: { id: string; name: string };
  stage: { id: string; title: string } | null;
  measures: Measure[];
  involvements: { id: string; summary: string; date: string; partner: { name: string; kind: string } }[];
}

export const EVALUATION = /* GraphQL */ `
  query Evaluation($id: ID!) {
    evaluation(id: $id) {
      id title status project { id name } stage { id title }
      measures {
        id name unit baseline target direction changeFromBaseline progressToTarget
        latest { id value date source }
        measurements { id value date source }
      }
      involvements { id summary date partner { name kind } }
    }
  }`;

export interface ActivityEvent {
  cursor: string;
  type: string;
  occurredAt: string;
  actor: string | null;
  entityType: string;
  summary: string | null;
}

const ACTIVITY_FIELDS = 'cursor type occurredAt actor entityType summary';

export interface ActivityPage {
  activity: { nodes: ActivityEvent[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
}

export const ACTIVITY_PAGE = /* GraphQL */ `
  query Activity($after: String) {
    activity(first: 50, after: $after) { nodes { ${ACTIVITY_FIELDS} } pageInfo { hasNextPage endCursor } }
  }`;

export const ACTIVITY_SUBSCRIPTION = /* GraphQL */ `
  subscription Activity($after: String) { activity(after: $after) { ${ACTIVITY_FIELDS} } }`;

export interface StageEvent {
  type: string;
  cursor: string;
  celebration: { id: string; message: string | null } | null;
  stage: { id: string; title: string; owner: { name: string } | null };
  project: { id: string; name: string };
}

export const STAGE_UPDATED = /* GraphQL */ `
  subscription StageUpdated {
    stageUpdated { type cursor celebration { id message } stage { id title owner { name } } project { id name } }
  }`;
