import type { RequestDb } from '../../db/request-db';
import { byIdLoader, childrenLoader } from '../../db/tenant-loaders';
import { Challenge } from './challenge.entity';

/** Per-request loaders of challenges; every batch is scoped to the request's organisation. */
export function createChallengeLoaders(db: RequestDb) {
  return {
    challengeById: byIdLoader(db, Challenge),
    /** The challenges of each project, oldest first. */
    challengesOfProject: childrenLoader(db, Challenge, 'projectId', { createdAt: 'ASC', id: 'ASC' }),
  };
}
