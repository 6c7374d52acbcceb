import DataLoader from 'dataloader';
import { In } from 'typeorm';
import type { RequestDb } from '../../db/request-db';
import { byKey } from '../../common/loader-utils';
import { ApiKey } from './api-key.entity';

export function createApiKeyLoaders(db: RequestDb) {
  return {
    apiKeyById: new DataLoader<string, ApiKey | null>(async (ids) =>
      byKey(ids, await db.repo(ApiKey).findBy({ id: In([...ids]) }), (k) => k.id),
    ),
  };
}
