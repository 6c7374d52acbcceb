import type { RequestDb } from '../../db/request-db';
import { byIdLoader } from '../../db/tenant-loaders';
import { Stage } from './stage.entity';

export function createStageLoaders(db: RequestDb) {
  return {
    stageById: byIdLoader(db, Stage),
  };
}
