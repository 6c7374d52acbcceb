import { Kind, type DocumentNode, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';
import type { Auth } from '../auth/principal';
import type { RateLimitsConfig } from '../config';
import { AppError } from '../errors';
import { LeakyBuckets } from './leaky-bucket';

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

/** Mutations that take a password: limited per client IP, whoever the caller claims to be. */
const CREDENTIAL_FIELDS = new Set(['logIn', 'signUp']);

/**
 * Per-process rate limits (see {@link LeakyBuckets} for what "per process" means): a bucket of
 * query-cost points per organisation, so one noisy tenant cannot starve the others, and a small
 * bucket of logIn/signUp attempts per client IP against password guessing.
 */
export class RateLimits {
  private readonly callers: LeakyBuckets;
  private readonly credentialAttempts: LeakyBuckets;

  constructor(readonly config: RateLimitsConfig) {
    this.callers = new LeakyBuckets(config.points, config.restorePerSecond);
    this.credentialAttempts = new LeakyBuckets(config.authAttemptsPerMinute, config.authAttemptsPerMinute / 60);
  }

  /**
   * Charges `cost` points to the organisation the caller acts for (or to the user, outside any
   * organisation; anonymous calls have no bucket and return null). Throws {@link RateLimitedError}.
   */
  chargeCaller(auth: Auth, cost: number): RateLimitStatus | null {
    const key = auth.organisationId ? `organisation:${auth.organisationId}` : auth.userId ? `user:${auth.userId}` : null;
    if (!key) return null;
    const decision = this.callers.charge(key, Math.max(1, cost));
    if (!decision.allowed) {
      throw new RateLimitedError(
        `Rate limit exceeded: this operation costs ${cost} points and ${decision.remaining} of ${this.config.points} are available; ` +
          `${this.config.restorePerSecond} points are restored per second`,
        decision.retryAfterSeconds,
      );
    }
    return { limit: this.config.points, remaining: decision.remaining, restorePerSecond: this.config.restorePerSecond };
  }

  /** Charges one attempt per logIn/signUp field in `operation` to `ip`. Throws {@link RateLimitedError}. */
  chargeCredentialAttempts(ip: string, document: DocumentNode, operation: OperationDefinitionNode): void {
    const attempts = credentialFields(document, operation.selectionSet, new Set());
    if (attempts === 0) return;
    const decision = this.credentialAttempts.charge(`ip:${ip}`, attempts);
    if (!decision.allowed) {
      throw new RateLimitedError('Too many sign-up or log-in attempts from this address; try again later', decision.retryAfterSeconds);
    }
  }
}

/** logIn/signUp fields at the root of an operation, aliases and fragments included. */
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
