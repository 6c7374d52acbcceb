import type { RequestDb } from '../../db/request-db';
import { byIdLoader } from '../../db/tenant-loaders';
import { Challenge } from './challenge.entity';

export function createChallengeLoaders(db: RequestDb) {
  return {
    challengeById: byIdLoader(db, Challenge),
  };
}
