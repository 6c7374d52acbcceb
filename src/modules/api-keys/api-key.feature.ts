import { defineFeature } from '../../common/feature';
import { ApiKey } from './api-key.entity';
import { ApiKeyResolver } from './api-key.resolver';
import { OrganisationApiKeysResolver } from './organisation-api-keys.resolver';

export const apiKeysFeature = defineFeature({ name: 'api-keys', entities: [ApiKey], resolvers: [ApiKeyResolver, OrganisationApiKeysResolver], nodes: [ApiKey] });
