import type { Context } from '../../context';
import { BadInputError, NotFoundError } from '../../errors';
import { requireIdOf } from '../../common/global-id';
import { newApiKeySecret } from '../../auth/api-key-secret';
import { recordActivity } from '../activity/activity.service';
import { Role, roleAtLeast, roleInWords } from '../../auth/role';
import { ApiKey } from './api-key.entity';
import { newRowId } from '../../db/row-id';
import type { CreateApiKeyInput, CreatedApiKey } from './api-key.inputs';

/** Creates an API key of the organisation; its secret is returned once and only hashed at rest. */
export async function createApiKey(ctx: Context, input: CreateApiKeyInput): Promise<CreatedApiKey> {
  const role = input.role ?? Role.OBSERVER;
  if (role === Role.OWNER) throw new BadInputError('An API key cannot be an OWNER', 'input.role');
  if (!roleAtLeast(ctx.auth.role!, role)) throw new BadInputError('An API key cannot have more power than you', 'input.role');
  const id = newRowId();
  const { secret, hash } = newApiKeySecret(ctx.db.organisationId!, id);
  return ctx.db.transaction(async () => {
    const apiKey = await ctx.db.repo(ApiKey).insert({ id, name: input.name.trim(), role, secretHash: hash, createdBy: ctx.auth.userId ?? null });
    await recordActivity(ctx, { type: 'API_KEY_CREATED', entityType: 'ApiKey', entityId: id, summary: `API key ${apiKey.name} (${roleInWords(role, false)}) created` });
    return { apiKey, secret };
  });
}

/** Revokes an API key at once; revoking twice keeps the first revocation time. */
export async function revokeApiKey(ctx: Context, globalId: string): Promise<ApiKey> {
  const id = requireIdOf('ApiKey', globalId);
  return ctx.db.transaction(async () => {
    const apiKey = await ctx.read.byId(ApiKey, id);
    if (!apiKey) throw new NotFoundError('ApiKey');
    if (!apiKey.revokedAt) {
      apiKey.revokedAt = new Date();
      await ctx.db.repo(ApiKey).update({ id }, { revokedAt: apiKey.revokedAt });
      await recordActivity(ctx, {
        type: 'API_KEY_REVOKED',
        entityType: 'ApiKey',
        entityId: id,
        summary: `API key ${apiKey.name} revoked`,
        data: { changes: { revokedAt: { from: null, to: apiKey.revokedAt } } },
      });
    }
    return apiKey;
  });
}
