import type { RequestDb } from './db/request-db';
import { createAccountLoaders } from './modules/accounts/account.loader';
import { createApiKeyLoaders } from './modules/api-keys/api-key.loader';
import { createOrganisationLoaders } from './modules/organisations/organisation.loader';

/**
 * Every per-request DataLoader, grouped by feature. Created lazily once per request (or per
 * subscription event), so batches never cross requests or tenants.
 */
export function createLoaders(db: RequestDb) {
  return {
    accounts: createAccountLoaders(db),
    apiKeys: createApiKeyLoaders(db),
    organisations: createOrganisationLoaders(db),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
