import type { Auth } from '../auth/principal';
import type { WsCapsConfig } from '../config';
import { AppError } from '../errors';

/**
 * The close code for a socket over its organisation's or its user's cap. Not graphql-ws's 4429:
 * that one means a second connection_init (this server sends it so), and graphql-ws's client
 * never retries it, while a socket refused here may well fit a little later.
 */
export const TOO_MANY_SOCKETS = 4029;

/** Whose cap was reached. */
export type CapScope = 'ORGANISATION' | 'USER';

/** What a socket and its subscriptions count toward: an API key's count toward its organisation only. */
export interface CapHolder {
  readonly organisationId: string;
  readonly userId: string | null;
}

export function capHolderOf(auth: Auth): CapHolder {
  return { organisationId: auth.organisationId!, userId: auth.apiKey ? null : (auth.userId ?? null) };
}

/** A subscription over its organisation's or user's cap (the socket stays open). */
export class TooManySubscriptionsError extends AppError {
  constructor(scope: CapScope, limit: number) {
    super('TOO_MANY_SUBSCRIPTIONS', `At most ${limit} subscriptions at once ${scope === 'USER' ? 'per user' : 'per organisation'}; complete one first`, { scope, limit });
  }
}

/** Counts by key, forgetting keys that fall to zero (so memory follows who is connected). */
class Counts {
  private readonly counts = new Map<string, number>();

  get(key: string): number {
    return this.counts.get(key) ?? 0;
  }

  add(key: string, delta: number): void {
    const count = this.get(key) + delta;
    if (count > 0) this.counts.set(key, count);
    else this.counts.delete(key);
  }
}

/**
 * The WebSockets and subscriptions each organisation and each user holds on this server process,
 * against WS_MAX_{SOCKETS,SUBSCRIPTIONS}_PER_{ORGANISATION,USER}. Per process, like the rate
 * limits: with N processes or replicas the caps are N times as wide.
 */
export class ConnectionCaps {
  private readonly sockets = new Counts();
  private readonly subscriptions = new Counts();
  private subscriptionTotal = 0;

  constructor(private readonly config: WsCapsConfig) {}

  /** Subscriptions held on this server process, by everyone (the metrics' gauge). */
  get subscriptionCount(): number {
    return this.subscriptionTotal;
  }

  /** Counts one socket for `holder`, unless that passes a cap: then counts nothing and says whose. */
  admitSocket(holder: CapHolder): CapScope | null {
    const refused = this.over(this.sockets, holder, this.config.socketsPerOrganisation, this.config.socketsPerUser);
    if (!refused) this.count(this.sockets, holder, 1);
    return refused;
  }

  releaseSocket(holder: CapHolder): void {
    this.count(this.sockets, holder, -1);
  }

  /** The error for one more subscription of `holder`, if that passes a cap; counts nothing. */
  checkSubscription(holder: CapHolder): TooManySubscriptionsError | null {
    const { subscriptionsPerOrganisation, subscriptionsPerUser } = this.config;
    const refused = this.over(this.subscriptions, holder, subscriptionsPerOrganisation, subscriptionsPerUser);
    return refused && new TooManySubscriptionsError(refused, refused === 'USER' ? subscriptionsPerUser : subscriptionsPerOrganisation);
  }

  /** Counts one subscription of `holder`, checked with {@link checkSubscription} in the same turn. */
  addSubscription(holder: CapHolder): void {
    this.subscriptionTotal += 1;
    this.count(this.subscriptions, holder, 1);
  }

  releaseSubscription(holder: CapHolder): void {
    this.subscriptionTotal -= 1;
    this.count(this.subscriptions, holder, -1);
  }

  private over(counts: Counts, holder: CapHolder, perOrganisation: number, perUser: number): CapScope | null {
    if (holder.userId !== null && counts.get(`user:${holder.userId}`) >= perUser) return 'USER';
    if (counts.get(`organisation:${holder.organisationId}`) >= perOrganisation) return 'ORGANISATION';
    return null;
  }

  private count(counts: Counts, holder: CapHolder, delta: number): void {
    counts.add(`organisation:${holder.organisationId}`, delta);
    if (holder.userId !== null) counts.add(`user:${holder.userId}`, delta);
  }
}
