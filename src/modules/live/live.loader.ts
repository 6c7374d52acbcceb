import type { RequestDb } from '../../db/request-db';
import { byIdLoader } from '../../db/tenant-loaders';
import { Celebration } from '../stages/celebration.entity';

export function createLiveLoaders(db: RequestDb) {
  return {
    celebrationById: byIdLoader(db, Celebration),
  };
}
