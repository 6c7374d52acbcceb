import type { AuthChecker } from 'type-graphql';
import type { Context } from '../context';
import { ForbiddenError, UnauthenticatedError } from '../errors';
import { Role, roleAtLeast } from '../modules/organisations/role';

/** `@Authorized('USER')`: any signed-in user, no organisation needed, API keys refused. */
export const USER = 'USER';

/**
 * The one auth checker. `@Authorized()` needs any valid credential; `@Authorized(Role.MEMBER)`
 * needs an organisation and at least that role (roles are ranked OWNER > ADMIN > MEMBER >
 * OBSERVER); `@Authorized(USER)` needs a user token. Throws coded errors rather than returning
 * false, so clients can tell UNAUTHENTICATED from FORBIDDEN.
 */
export const authChecker: AuthChecker<Context, string> = ({ context }, required) => {
  const { auth } = context;
  if (auth.failure) throw auth.failure;
  if (!auth.userId && !auth.apiKey) throw new UnauthenticatedError();
  if (required.includes(USER)) {
    if (!auth.userId) throw new ForbiddenError('This operation needs a user, not an API key');
    return true;
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
