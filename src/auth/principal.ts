import type { Role } from './role';
import type { AppError } from '../errors';

/** Who is calling and for which organisation, as established from the request's credentials. */
export interface Auth {
  /** The user behind a user token. */
  userId?: string;
  /** The API key used instead of a user token. */
  apiKey?: { id: string; name: string };
  /** The organisation the request acts for, with the caller's role and membership in it. */
  organisationId?: string;
  role?: Role;
  membershipId?: string;
  /** When the credential stops being valid (seconds since the epoch); long-lived sockets check it. */
  expiresAt?: number;
  /**
   * Why credentials were refused, raised only when an operation needs them: public operations
   * (signUp, logIn) still work with a stale token in the header.
   */
  failure?: AppError;
}

/** How `ActivityEvent.actor` and audit rows name the caller. */
export function actorOf(auth: Auth): { userId: string | null; apiKeyId: string | null } {
  return { userId: auth.userId ?? null, apiKeyId: auth.apiKey?.id ?? null };
}
