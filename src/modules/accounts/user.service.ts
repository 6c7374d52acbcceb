import type { Context } from '../../context';
import { ForbiddenError } from '../../errors';
import { Role, roleAtLeast } from '../../auth/role';
import type { User } from './user.entity';

/**
 * The User objects a request holds as the caller's own account (viewer, signUp, logIn). Keyed by
 * the object, not the id: a subscription's execution is shared by every alike subscriber of the
 * same role (src/events/shared-subscriptions.ts), so "the caller" there is only whoever opened it.
 */
const callersOwn = new WeakSet<User>();

/** Marks `user` as the caller's own account, whose email the caller always sees. */
export function asCallersOwn<T extends User | null>(user: T): T {
  if (user) callersOwn.add(user);
  return user;
}

/**
 * Whether the caller may read people's emails: anyone but an OBSERVER (an OBSERVER key is a
 * screen, and its secret travels in kiosk links; an OBSERVER user only follows along). Outside an
 * organisation a request sees no one else (row-level security), so there is nothing to hide.
 */
export function mayReadEmails(ctx: Context): boolean {
  const { role } = ctx.auth;
  return !role || roleAtLeast(role, Role.MEMBER);
}

/**
 * A user's email, for callers who may read emails, and for everyone their own. Row-level security
 * has already decided which users a request sees at all. `User.email` is `String!` in the public
 * contract, so an OBSERVER's request for it is refused (FORBIDDEN, on that field) rather than
 * answered with null, which would be a breaking change.
 */
export function emailOf(ctx: Context, user: User): string {
  if (mayReadEmails(ctx) || callersOwn.has(user)) return user.email;
  throw new ForbiddenError("An OBSERVER sees members' names, not their emails");
}
