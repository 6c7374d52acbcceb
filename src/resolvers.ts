import type { NonEmptyArray } from 'type-graphql';
import { AccountResolver } from './modules/accounts/account.resolver';
import { ActivityResolver } from './modules/activity/activity.resolver';
import { ApiKeyResolver } from './modules/api-keys/api-key.resolver';
import { NodeResolver } from './modules/node/node.resolver';
import { MembershipResolver, OrganisationResolver } from './modules/organisations/organisation.resolver';

/** Every resolver class of the schema, listed explicitly. */
export const resolvers: NonEmptyArray<Function> = [
  AccountResolver,
  OrganisationResolver,
  MembershipResolver,
  ApiKeyResolver,
  ActivityResolver,
  NodeResolver,
];
