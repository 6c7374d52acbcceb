import type { RequestDb } from '../../db/request-db';
import { byIdLoader } from '../../db/tenant-loaders';
import { Project } from './project.entity';

export function createProjectLoaders(db: RequestDb) {
  return {
    projectById: byIdLoader(db, Project),
  };
}
