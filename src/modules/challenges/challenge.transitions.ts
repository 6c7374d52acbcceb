import { ChallengeStatus } from './challenge.enums';

/** OPEN -> RESOLVED or WITHDRAWN; RESOLVED and WITHDRAWN are final. */
export function canMoveChallenge(from: ChallengeStatus, to: ChallengeStatus): boolean {
  switch (from) {
    case ChallengeStatus.OPEN:
      return to === ChallengeStatus.RESOLVED || to === ChallengeStatus.WITHDRAWN;
    case ChallengeStatus.RESOLVED:
    case ChallengeStatus.WITHDRAWN:
      return false;
    default: {
      const never: never = from;
      throw new Error(`Unknown challenge status ${String(never)}`);
    }
  }
}
