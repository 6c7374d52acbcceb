import { Arg, Authorized, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import type { Context } from '../../context';
import { USER } from '../../auth/auth-checker';
import { Role } from '../../auth/role';
import { ApiKey } from './api-key.entity';
import { CreateApiKeyInput, CreatedApiKey } from './api-key.inputs';
import { createApiKey, revokeApiKey } from './api-key.service';

@Resolver(() => ApiKey)
export class ApiKeyResolver {
  @Authorized(USER, Role.ADMIN)
  @Mutation(() => CreatedApiKey, { description: 'Creates an API key; the secret is shown once. ADMIN or above, and a user: an API key cannot create keys.' })
  createApiKey(@Ctx() ctx: Context, @Arg('input', () => CreateApiKeyInput) input: CreateApiKeyInput): Promise<CreatedApiKey> {
    return createApiKey(ctx, input);
  }

  @Authorized(USER, Role.ADMIN)
  @Mutation(() => ApiKey, { description: 'Revokes an API key at once. ADMIN or above, and a user: an API key cannot revoke keys.' })
  revokeApiKey(@Ctx() ctx: Context, @Arg('id', () => ID) id: string): Promise<ApiKey> {
    return revokeApiKey(ctx, id);
  }
}
