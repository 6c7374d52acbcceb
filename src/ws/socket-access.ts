import { CloseCode } from 'graphql-ws';
import { authenticate, type Credentials } from '../auth/authenticate';
import type { Auth } from '../auth/principal';
import type { AppDeps } from '../context';
import type { AccessHolder, AccessWatch } from '../events/access-watch';
import { identified, RateLimitedError, type RateLimits } from '../limits/rate-limits';

const FORBIDDEN = 4403;
/** RFC 6455's "Try Again Later": a rate-limited connection_init. graphql-ws clients retry it (4429 they would not). */
const RATE_LIMITED = 1013;
/** setTimeout's longest delay; longer token lifetimes re-arm. */
const MAX_TIMER_MS = 2 ** 31 - 1;

function payloadString(params: Record<string, unknown> | null | undefined, key: string): string | null {
  const value = params?.[key];
  return typeof value === 'string' ? value : null;
}

async function authenticateSocket(deps: AppDeps, credentials: Credentials): Promise<Auth> {
  const { auth, db } = await authenticate(deps.dataSource, deps.authKey, credentials);
  await db.finish(true);
  return auth;
}

/** The auth when it gives access to a socket (an organisation and a role), else null. */
const usable = (auth: Auth): Auth | null => (auth.failure || !auth.organisationId || !auth.role ? null : auth);

async function check(deps: AppDeps, credentials: Credentials): Promise<Auth | null> {
  return usable(await authenticateSocket(deps, credentials));
}

/** What the access checks of one server's sockets share. */
export interface AccessServices {
  deps: AppDeps;
  rateLimits: RateLimits;
  access: AccessWatch;
}

/** What access needs of its socket. */
export interface AccessSocket {
  readonly closed: boolean;
  /** The client's address (after trusted proxies): attempts without valid credentials are charged to it. */
  readonly clientIp?: string;
  close(code: number, reason: string): void;
}

/**
 * Whom one socket acts for, from connection_init until it closes: the credentials it sent, checked
 * as a request's are, and kept checked: the socket is closed (4403) when its token expires or when
 * its API key or membership is revoked, and a changed role applies to its next subscriptions.
 */
export class SocketAccess implements AccessHolder {
  auth?: Auth;
  credentials?: Credentials;
  private timer?: NodeJS.Timeout;
  private releaseAccess?: () => void;

  constructor(
    private readonly services: AccessServices,
    private readonly connection: AccessSocket,
  ) {}

  get organisationId(): string {
    return this.auth!.organisationId!;
  }

  get principalId(): string {
    return (this.auth!.apiKey?.id ?? this.auth!.membershipId)!;
  }

  /**
   * Checks connection_init's credentials and starts following their revocation. False when they
   * give no access (the socket is closed) or the socket closed meanwhile; rejects when the
   * database cannot be reached.
   */
  async grant(params: Record<string, unknown> | null | undefined): Promise<boolean> {
    const { connection } = this;
    const credentials: Credentials = { authorization: payloadString(params, 'authorization'), organisation: payloadString(params, 'organisation') };
    const auth = await this.admit(credentials);
    if (!auth) return false;
    if (connection.closed) return false;
    this.auth = auth;
    this.credentials = credentials;
    this.expireAt(auth.expiresAt);
    if (auth.apiKey?.id ?? auth.membershipId) {
      const release = await this.services.access.watch(this);
      if (connection.closed) {
        release();
        return false;
      }
      this.releaseAccess = release;
      // A revocation that committed between the check above and the watch taking hold was
      // not seen by the watch (it follows events after its registration): check once more.
      if (!(await check(this.services.deps, credentials))) {
        connection.close(FORBIDDEN, 'Access revoked');
        return false;
      }
      if (connection.closed) return false;
    }
    return true;
  }

  /**
   * Checks connection_init's credentials and charges the attempt, as an HTTP request is charged:
   * none sent, or refused, to the client address (ANONYMOUS_REQUESTS_PER_MINUTE; none sent is
   * charged before anything else runs); a known caller to its own bucket, one point (its
   * organisation's, or the user's when the organisation is refused). Closes the socket and returns
   * null when they give no access (4403) or a bucket is spent (1013, with the wait in the reason).
   */
  private async admit(credentials: Credentials): Promise<Auth | null> {
    const { connection } = this;
    const { rateLimits, deps } = this.services;
    const ip = connection.clientIp;
    try {
      const presented = Boolean(credentials.authorization?.trim());
      if (!presented && ip) await rateLimits.chargeAddress(ip);
      const auth = presented ? await authenticateSocket(deps, credentials) : {};
      if (identified(auth)) await rateLimits.chargeCaller(auth, 1);
      else if (presented && ip) await rateLimits.chargeAddress(ip);
      if (usable(auth)) return auth;
      connection.close(CloseCode.Forbidden, 'Forbidden');
      return null;
    } catch (error) {
      if (!(error instanceof RateLimitedError)) throw error;
      connection.close(RATE_LIMITED, `Rate limited: retry in ${String(error.extensions.retryAfterSeconds)} s`);
      return null;
    }
  }

  /** Closes the socket when its token expires (timers top out at ~24 days: re-arm until then). */
  private expireAt(expiresAt: number | undefined): void {
    if (!expiresAt || this.connection.closed) return;
    const remaining = expiresAt * 1000 - Date.now();
    this.timer = setTimeout(
      () => (remaining > MAX_TIMER_MS ? this.expireAt(expiresAt) : this.connection.close(FORBIDDEN, 'Token expired')),
      Math.max(0, Math.min(remaining, MAX_TIMER_MS)),
    );
    this.timer.unref();
  }

  /** Its API key was revoked or its membership changed: closes it unless it still has access. */
  accessChanged(): void {
    const { credentials } = this;
    if (!credentials || this.connection.closed) return;
    check(this.services.deps, credentials).then(
      (still) => {
        if (!still) this.connection.close(FORBIDDEN, 'Access revoked');
        // A changed role applies to the socket's next subscriptions, as a new request would see it.
        else this.auth = still;
      },
      () => this.connection.close(FORBIDDEN, 'Access could not be verified'),
    );
  }

  /** Stops the expiry timer and the revocation watch: the socket is done. */
  end(): void {
    clearTimeout(this.timer);
    this.releaseAccess?.();
  }
}
