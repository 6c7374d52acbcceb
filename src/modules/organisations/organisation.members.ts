import type { Context } from '../../context';
import { NotFoundError } from '../../errors';
import { requireIdOf } from '../../common/global-id';
import { User } from '../accounts/user.entity';
import { Membership } from './membership.entity';

/**
 * The user behind `globalId` when they are a member of the request's organisation (someone who
 * owns work or speaks for a partner there); NOT_FOUND otherwise, so a user of another organisation
 * looks exactly like one that does not exist. Read through the request's reader.
 */
export async function requireMember(ctx: Context, globalId: string): Promise<User> {
  const userId = requireIdOf('User', globalId);
  const [memberships, user] = await Promise.all([ctx.read.rows(Membership, { where: { userId }, limit: 1 }), ctx.read.byId(User, userId)]);
  if (memberships.length === 0 || !user) throw new NotFoundError('User');
  return user;
}
