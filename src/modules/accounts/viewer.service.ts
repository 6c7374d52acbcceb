import { User } from './user.entity';
import type { Context } from '../../context';
import { Membership } from '../organisations/membership.entity';
import { ApiKey } from '../api-keys/api-key.entity';
import { LIST_CAPS } from '../../limits/list-caps';
import type { Viewer } from './viewer.type';
import { asCallersOwn } from './user.service';

/** The caller as the API shows it; a user's memberships span every organisation they belong to. */
export async function getViewer(ctx: Context): Promise<Viewer> {
  const { auth } = ctx;
  if (auth.apiKey) {
    const apiKey = await ctx.db.repo(ApiKey).findOneBy({ id: auth.apiKey.id });
    return { user: null, organisations: [], apiKey };
  }
  const userId = auth.userId!;
  const manager = await ctx.db.manager();
  // Row-level security shows this transaction the user's own memberships in every organisation.
  // Capped here: no organisation can count a user's memberships in the others when adding them.
  const organisations = await manager.find(Membership, { where: { userId }, order: { createdAt: 'ASC', id: 'ASC' }, take: LIST_CAPS.organisationsPerUser });
  const user = asCallersOwn(await ctx.read.byId(User, userId));
  return { user, organisations, apiKey: null };
}
