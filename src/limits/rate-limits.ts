import { Kind, type DocumentNode, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';
import type { Auth } from '../auth/principal';
import type { RateLimitsConfig } from '../config';
import { AppError } from '../errors';
import { LeakyBuckets, type BucketStore, type BucketStoreFactory } from './leaky-bucket';

/** RATE_LIMITED, HTTP 429 with Retry-After; `extensions.retryAfterSeconds` says the same. */
export class RateLimitedError extends AppError {
  constructor(message: string, retryAfterSeconds: number) {
    super('RATE_LIMITED', message, {
      retryAfterSeconds,
      http: { status: 429, headers: new Map([['retry-after', String(retryAfterSeconds)]]) },
    });
  }
}

/** The bucket state a successful response reports in `extensions.rateLimit`. */
export interface RateLimitStatus {
  /** Bucket size in points. */
  limit: number;
  /** Points left after this operation. */
  remaining: number;
  /** Points regained per second. */
  restorePerSecond: number;
}

/**
 * Mutations that take a password or a mailed token, or send mail to whoever an anonymous caller
 * names: limited per client IP, whoever the caller claims to be.
 */
const CREDENTIAL_FIELDS = new Set(['logIn', 'signUp', 'acceptInvitation', 'requestPasswordReset', 'resetPassword']);

/** True when the credentials named a caller (a user or an API key), whatever they may do. */
export function identified(auth: Auth): boolean {
  return Boolean(auth.userId || auth.apiKey);
}

/**
 * Per-process rate limits (see {@link LeakyBuckets} for what "per process" means): a bucket of
 * query-cost points per organisation, so one noisy tenant cannot starve the others (or per user,
 * outside any organisation); a bucket of requests per client address for callers without valid
 * credentials; a small bucket of logIn/signUp attempts per client address, and one of failed
 * logIns per email, against password guessing.
 *
 * Every bucket is a {@link BucketStore} made by `stores`: in memory by default; with REDIS_URL,
 * in Redis, shared by every replica (src/limits/redis-buckets.ts), which changes nothing else.
 */
export class RateLimits {
  private readonly callers: BucketStore;
  private readonly credentialAttempts: BucketStore;
  private readonly addresses: BucketStore;
  private readonly loginFailures: BucketStore;
  private readonly passwordResets: BucketStore;
  private readonly feedbackAddresses: BucketStore;
  private readonly feedbackLinks: BucketStore;

  constructor(
    readonly config: RateLimitsConfig,
    stores: BucketStoreFactory = (_name, capacity, rate) => new LeakyBuckets(capacity, rate),
  ) {
    this.callers = stores('callers', config.points, config.restorePerSecond);
    this.credentialAttempts = stores('credential-attempts', config.authAttemptsPerMinute, config.authAttemptsPerMinute / 60);
    this.addresses = stores('addresses', config.anonymousRequestsPerMinute, config.anonymousRequestsPerMinute / 60);
    this.loginFailures = stores('login-failures', config.loginFailuresPerEmail, config.loginFailuresPerEmail / config.loginFailureWindowSeconds);
    this.passwordResets = stores('password-resets', config.passwordResetsPerEmail, config.passwordResetsPerEmail / config.passwordResetWindowSeconds);
    this.feedbackAddresses = stores('feedback-addresses', config.feedbackAnswersPerAddressPerHour, config.feedbackAnswersPerAddressPerHour / 3600);
    this.feedbackLinks = stores('feedback-links', config.feedbackAnswersPerLinkPerHour, config.feedbackAnswersPerLinkPerHour / 3600);
  }

  /**
   * Charges one request without valid credentials (none sent, or refused) to the client address
   * `ip`. Throws {@link RateLimitedError}. Callers with valid credentials are never charged here:
   * their own bucket limits them, so a flood from a shared address (a trust's NAT) does not lock
   * out its signed-in people.
   */
  async chargeAddress(ip: string): Promise<void> {
    const decision = await this.addresses.charge(`ip:${ip}`, 1);
    if (!decision.allowed) {
      throw new RateLimitedError(
        `Too many requests without valid credentials from this address (at most ${this.config.anonymousRequestsPerMinute} a minute); try again in ${decision.retryAfterSeconds} s`,
        decision.retryAfterSeconds,
      );
    }
  }

  /** True when `ip` has no request without credentials left: its next one would be refused. */
  async addressExhausted(ip: string): Promise<boolean> {
    return (await this.addresses.available(`ip:${ip}`)) < 1;
  }

  /**
   * Counts a logIn attempt for `email` (normalised) before its password is checked, so concurrent
   * guesses cannot all pass; a successful logIn gives it back ({@link loginSucceeded}). The same
   * for an email with or without an account. Throws {@link RateLimitedError}.
   */
  async chargeLoginAttempt(email: string): Promise<void> {
    const decision = await this.loginFailures.charge(`email:${email}`, 1);
    if (!decision.allowed) {
      const minutes = Math.ceil(this.config.loginFailureWindowSeconds / 60);
      throw new RateLimitedError(
        `Too many failed log-in attempts for this email (at most ${this.config.loginFailuresPerEmail} in ${minutes} minutes); try again in ${decision.retryAfterSeconds} s`,
        decision.retryAfterSeconds,
      );
    }
  }

  /**
   * Counts a requestPasswordReset for `email` (normalised), before anything is looked up, so the
   * same for an email with or without an account: each may mail a link, and a flood of them to
   * one address is refused. Throws {@link RateLimitedError}.
   */
  async chargePasswordReset(email: string): Promise<void> {
    const decision = await this.passwordResets.charge(`email:${email}`, 1);
    if (!decision.allowed) {
      const minutes = Math.ceil(this.config.passwordResetWindowSeconds / 60);
      throw new RateLimitedError(
        `Too many password reset requests for this email (at most ${this.config.passwordResetsPerEmail} in ${minutes} minutes); try again in ${decision.retryAfterSeconds} s`,
        decision.retryAfterSeconds,
      );
    }
  }

  /**
   * Counts one answer to the public feedback form of link `linkId` from `ip`, against both the
   * address's and the form's hourly budgets. Throws {@link RateLimitedError}.
   */
  async chargeFeedbackAnswer(ip: string, linkId: string): Promise<void> {
    for (const [bucket, key] of [
      [this.feedbackAddresses, `ip:${ip}`],
      [this.feedbackLinks, `link:${linkId}`],
    ] as const) {
      const decision = await bucket.charge(key, 1);
      if (!decision.allowed) throw new RateLimitedError('Too many answers to this feedback form; try again later', decision.retryAfterSeconds);
    }
  }

  /** The logIn counted by {@link chargeLoginAttempt} succeeded: it was not a failure. */
  async loginSucceeded(email: string): Promise<void> {
    await this.loginFailures.refund(`email:${email}`, 1);
  }

  /**
   * Charges `cost` points to the organisation the caller acts for (or to the user, outside any
   * organisation; anonymous calls have no bucket and return null). Throws {@link RateLimitedError}.
   */
  async chargeCaller(auth: Auth, cost: number): Promise<RateLimitStatus | null> {
    const key = auth.organisationId ? `organisation:${auth.organisationId}` : auth.userId ? `user:${auth.userId}` : null;
    if (!key) return null;
    const decision = await this.callers.charge(key, Math.max(1, cost));
    if (!decision.allowed) {
      throw new RateLimitedError(
        `Rate limit exceeded: this operation costs ${cost} points and ${decision.remaining} of ${this.config.points} are available; ` +
          `${this.config.restorePerSecond} points are restored per second`,
        decision.retryAfterSeconds,
      );
    }
    return { limit: this.config.points, remaining: decision.remaining, restorePerSecond: this.config.restorePerSecond };
  }

  /**
   * Charges one delivery of a subscription (its operation's `cost`, for one event it executed) to
   * the organisation's bucket. The work is done, so it is never refused: it may overdraw the
   * bucket, whose next operations (queries, mutations, new subscriptions) are then refused until
   * it has drained. Since an organisation's events come from its own mutations, its live fan-out
   * cannot outrun its budget for long, while its open dashboards keep receiving.
   */
  async chargeDelivery(organisationId: string, cost: number): Promise<void> {
    await this.callers.overdraw(`organisation:${organisationId}`, Math.max(1, cost));
  }

  /** Charges one attempt per credential field (logIn, signUp, acceptInvitation, requestPasswordReset, resetPassword) in `operation` to `ip`. Throws {@link RateLimitedError}. */
  async chargeCredentialAttempts(ip: string, document: DocumentNode, operation: OperationDefinitionNode): Promise<void> {
    const attempts = credentialFields(document, operation.selectionSet, new Set());
    if (attempts === 0) return;
    const decision = await this.credentialAttempts.charge(`ip:${ip}`, attempts);
    if (!decision.allowed) {
      throw new RateLimitedError('Too many sign-up, log-in, invitation or password-reset attempts from this address; try again later', decision.retryAfterSeconds);
    }
  }
}

/** Credential fields at the root of an operation, aliases and fragments included. */
function credentialFields(document: DocumentNode, set: SelectionSetNode, seen: Set<string>): number {
  let count = 0;
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) {
      if (CREDENTIAL_FIELDS.has(selection.name.value)) count += 1;
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      count += credentialFields(document, selection.selectionSet, seen);
    } else if (!seen.has(selection.name.value)) {
      seen.add(selection.name.value);
      const fragment = document.definitions.find((d) => d.kind === Kind.FRAGMENT_DEFINITION && d.name.value === selection.name.value);
      if (fragment?.kind === Kind.FRAGMENT_DEFINITION) count += credentialFields(document, fragment.selectionSet, seen);
    }
  }
  return count;
}
