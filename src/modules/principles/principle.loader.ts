import type { RequestDb } from '../../db/request-db';
import { byIdLoader } from '../../db/tenant-loaders';
import { Principle } from './principle.entity';

export function createPrincipleLoaders(db: RequestDb) {
  return {
    principleById: byIdLoader(db, Principle),
  };
}
