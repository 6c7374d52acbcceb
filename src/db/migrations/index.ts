import { Foundation1764201600000 } from './1764201600000-foundation';
import { Domain1764201700000 } from './1764201700000-domain';
import { Idempotency1764201800000 } from './1764201800000-idempotency';
import { LatestMeasurementIndex1764201900000 } from './1764201900000-latest-measurement-index';
import { UsersIsolation1764202000000 } from './1764202000000-users-isolation';
import { CredentialsAndCreations1764202100000 } from './1764202100000-credentials-and-creations';
import { ActivityActorName1764202400000 } from './1764202400000-activity-actor-name';
import { Invitations1764202500000 } from './1764202500000-invitations';
import { SpeakingForPartners1764202600000 } from './1764202600000-speaking-for-partners';
import { AssigneesAndFrozenRecords1764202700000 } from './1764202700000-assignees-and-frozen-records';
import { ArchiveAndPartnerNames1764202800000 } from './1764202800000-archive-and-partner-names';
import { RepresentativesSpeakAsMembers1764202900000 } from './1764202900000-representatives-speak-as-members';
import { ActivityByProject1764203000000 } from './1764203000000-activity-by-project';
import { LatestMeasurementOnMeasure1764203100000 } from './1764203100000-latest-measurement-on-measure';
import { TimeOrderedIds1764203200000 } from './1764203200000-time-ordered-ids';
import { ProjectUpdates1764203300000 } from './1764203300000-project-updates';
import { Decisions1764203400000 } from './1764203400000-decisions';
import { Webhooks1764203500000 } from './1764203500000-webhooks';
import { Digests1764203600000 } from './1764203600000-digests';
import { FeedbackLinks1764203800000 } from './1764203800000-feedback-links';
import { WebhookLogRetention1764203900000 } from './1764203900000-webhook-log-retention';

/** Every migration in order; the server runs them at start, the CLI through ormconfig.ts. */
export const migrations = [
  Foundation1764201600000,
  Domain1764201700000,
  Idempotency1764201800000,
  LatestMeasurementIndex1764201900000,
  UsersIsolation1764202000000,
  CredentialsAndCreations1764202100000,
  ActivityActorName1764202400000,
  Invitations1764202500000,
  SpeakingForPartners1764202600000,
  AssigneesAndFrozenRecords1764202700000,
  ArchiveAndPartnerNames1764202800000,
  RepresentativesSpeakAsMembers1764202900000,
  ActivityByProject1764203000000,
  LatestMeasurementOnMeasure1764203100000,
  TimeOrderedIds1764203200000,
  ProjectUpdates1764203300000,
  Decisions1764203400000,
  Webhooks1764203500000,
  Digests1764203600000,
  FeedbackLinks1764203800000,
  WebhookLogRetention1764203900000,
];
