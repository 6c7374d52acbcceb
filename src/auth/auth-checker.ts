import type { AuthChecker } from 'type-graphql';
import type { Context } from '../context';
import { ForbiddenError, UnauthenticatedError } from '../errors';
import { Role, roleAtLeast } from './role';

/**
 * `@Authorized(USER)`: any signed-in user, no organisation needed, API keys refused. With a role,
 * `@Authorized(USER, Role.ADMIN)`: a user with that role. API keys are screens and integrations:
 * credentials, members and roles are managed by people, so a leaked key cannot mint keys that
 * outlive it or grant anyone access (catalogue 61).
 */
export const USER = 'USER';

/**
 * The one auth checker. `@Authorized()` needs any valid credential; `@Authorized(Role.MEMBER)`
 * needs an organisation and at least that role (roles are ranked OWNER > ADMIN > MEMBER >
 * OBSERVER); `@Authorized(USER)` needs a user token, and with a role that role too. Throws coded
 * errors rather than returning false, so clients can tell UNAUTHENTICATED from FORBIDDEN.
 */
export const authChecker: AuthChecker<Context, string> = ({ context }, required) => {
  const { auth } = context;
  if (auth.failure) throw auth.failure;
  if (!auth.userId && !auth.apiKey) throw new UnauthenticatedError();
  if (required.includes(USER) && !auth.userId) {
    throw new ForbiddenError('This operation needs a signed-in user: API keys cannot manage organisations, API keys or members');
  }
  const roles = required.filter((r): r is Role => r in Role);
  if (roles.length === 0) return true;
  if (!auth.organisationId || !auth.role) {
    throw new ForbiddenError('This operation needs an organisation: send the X-Organisation header');
  }
  if (!roles.some((role) => roleAtLeast(auth.role!, role))) {
    throw new ForbiddenError(`This operation needs the ${roles.join(' or ')} role`);
  }
  return true;
};
