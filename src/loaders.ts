import type { RequestDb } from './db/request-db';
import { createAccountLoaders } from './modules/accounts/account.loader';
import { createApiKeyLoaders } from './modules/api-keys/api-key.loader';
import { createChallengeLoaders } from './modules/challenges/challenge.loader';
import { createEvaluationLoaders } from './modules/evaluations/evaluation.loader';
import { createOrganisationLoaders } from './modules/organisations/organisation.loader';
import { createPartnerLoaders } from './modules/partners/partner.loader';
import { createPrincipleLoaders } from './modules/principles/principle.loader';
import { createProjectLoaders } from './modules/projects/project.loader';
import { createStageLoaders } from './modules/stages/stage.loader';

/**
 * Every per-request DataLoader, grouped by feature. Created lazily once per request (or per
 * subscription event), so batches never cross requests or tenants.
 */
export function createLoaders(db: RequestDb) {
  return {
    accounts: createAccountLoaders(db),
    apiKeys: createApiKeyLoaders(db),
    organisations: createOrganisationLoaders(db),
    partners: createPartnerLoaders(db),
    principles: createPrincipleLoaders(db),
    projects: createProjectLoaders(db),
    challenges: createChallengeLoaders(db),
    stages: createStageLoaders(db),
    evaluations: createEvaluationLoaders(db),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
