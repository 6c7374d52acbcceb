import type { NonEmptyArray } from 'type-graphql';
import { registerNodeTypes } from './common/node';
import { ActivityEventRow } from './events/activity-event.entity';
import { accountsFeature } from './modules/accounts/account.feature';
import { activityFeature } from './modules/activity/activity.feature';
import { archiveFeature } from './modules/archive/archive.feature';
import { apiKeysFeature } from './modules/api-keys/api-key.feature';
import { challengesFeature } from './modules/challenges/challenge.feature';
import { decisionsFeature } from './modules/decisions/decision.feature';
import { digestsFeature } from './modules/digests/digest.feature';
import { evaluationsFeature } from './modules/evaluations/evaluation.feature';
import { feedbackFeature } from './modules/feedback/feedback.feature';
import { invitationsFeature } from './modules/invitations/invitation.feature';
import { liveFeature } from './modules/live/live.feature';
import { nodeFeature } from './modules/node/node.feature';
import { organisationsFeature } from './modules/organisations/organisation.feature';
import { partnersFeature } from './modules/partners/partner.feature';
import { principlesFeature } from './modules/principles/principle.feature';
import { projectUpdatesFeature } from './modules/project-updates/project-update.feature';
import { projectsFeature } from './modules/projects/project.feature';
import { reportsFeature } from './modules/reports/report.feature';
import { stagesFeature } from './modules/stages/stage.feature';
import { webhooksFeature } from './modules/webhooks/webhook.feature';
import { relationFieldResolvers } from './read/relation-fields';

/** Every feature of the application: the one list a new feature module is added to. */
export const features = [
  accountsFeature,
  organisationsFeature,
  apiKeysFeature,
  invitationsFeature,
  activityFeature,
  partnersFeature,
  principlesFeature,
  projectsFeature,
  challengesFeature,
  stagesFeature,
  projectUpdatesFeature,
  decisionsFeature,
  digestsFeature,
  evaluationsFeature,
  feedbackFeature,
  reportsFeature,
  liveFeature,
  nodeFeature,
  archiveFeature,
  webhooksFeature,
];

/** Every TypeORM entity: the features' and the event log's. */
export const entities: Function[] = [ActivityEventRow, ...features.flatMap((feature) => feature.entities ?? [])];

/** Every resolver class of the schema: the features' own and a field resolver per exposed relation. */
export const resolvers = [
  ...features.flatMap((feature) => feature.resolvers ?? []),
  ...relationFieldResolvers(features.flatMap((feature) => Object.values(feature.relations ?? {}))),
] as unknown as NonEmptyArray<Function>;

registerNodeTypes(features.flatMap((feature) => feature.nodes ?? []));
