import { registerEnumType } from 'type-graphql';

/** Where a challenge is: OPEN -> RESOLVED (with a resolution) or WITHDRAWN. */
export enum ChallengeStatus {
  OPEN = 'OPEN',
  RESOLVED = 'RESOLVED',
  WITHDRAWN = 'WITHDRAWN',
}

registerEnumType(ChallengeStatus, {
  name: 'ChallengeStatus',
  description: 'Where a challenge is: OPEN -> RESOLVED (with a resolution) or WITHDRAWN.',
});
