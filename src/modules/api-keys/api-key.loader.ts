import type { RequestDb } from '../../db/request-db';
import { byIdLoader } from '../../db/tenant-loaders';
import { ApiKey } from './api-key.entity';

export function createApiKeyLoaders(db: RequestDb) {
  return {
    apiKeyById: byIdLoader(db, ApiKey),
  };
}
