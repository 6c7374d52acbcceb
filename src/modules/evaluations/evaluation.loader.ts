import type { RequestDb } from '../../db/request-db';
import { byIdLoader } from '../../db/tenant-loaders';
import { Evaluation } from './evaluation.entity';

export function createEvaluationLoaders(db: RequestDb) {
  return {
    evaluationById: byIdLoader(db, Evaluation),
  };
}
