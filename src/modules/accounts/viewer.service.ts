import { User } from './user.entity';
import type { Context } from '../../context';
import { ApiKey } from '../api-keys/api-key.entity';
import { membershipsOfUser } from './account.batches';
import type { Viewer } from './viewer.type';
import { asCallersOwn } from './user.service';

/** The caller as the API shows it; a user's memberships span every organisation they belong to. */
export async function getViewer(ctx: Context): Promise<Viewer> {
  const { auth } = ctx;
  if (auth.apiKey) {
    const apiKey = await ctx.read.byId(ApiKey, auth.apiKey.id);
    return { user: null, organisations: [], apiKey };
  }
  const userId = auth.userId!;
  // Capped in the read: no organisation can count a user's memberships in the others when adding them.
  const [organisations, user] = await Promise.all([ctx.read.batch(membershipsOfUser).load(userId), ctx.read.byId(User, userId)]);
  return { user: asCallersOwn(user), organisations, apiKey: null };
}
