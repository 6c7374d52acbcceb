/** What a bucket said to one charge. */
export type BucketDecision = { allowed: true; remaining: number } | { allowed: false; remaining: number; retryAfterSeconds: number };

/**
 * What rate limits need of a bucket store: keyed buckets of points that fill with charges and
 * empty with time. {@link LeakyBuckets} keeps them in this process's memory; with REDIS_URL,
 * `RedisBuckets` (redis-buckets.ts) keeps them in Redis, shared by every replica. Asynchronous,
 * as a shared store is.
 */
export interface BucketStore {
  /** Adds `points` to `key`'s bucket if they fit; refused whole otherwise, with the wait. */
  charge(key: string, points: number): Promise<BucketDecision>;
  /** Adds `points` whether or not they fit (work already done): the bucket may be overdrawn. */
  overdraw(key: string, points: number): Promise<void>;
  /** Takes back up to `points` of an earlier charge (never below empty). */
  refund(key: string, points: number): Promise<void>;
  /** Points `key` may still spend right now. */
  available(key: string): Promise<number>;
}

/** Makes the store of one kind of bucket (`name`, which shared stores key by): `capacity` points, draining at `ratePerSecond`. */
export type BucketStoreFactory = (name: string, capacity: number, ratePerSecond: number) => BucketStore;

/**
 * Leaky buckets of points, one per key (Shopify's model for GraphQL cost): each key's bucket holds
 * up to `capacity` points, a charge adds its points, and the bucket drains at `ratePerSecond`; a
 * charge that would overflow is refused whole, with the wait after which it would fit.
 *
 * In memory, per process: with N server processes a key gets up to N times the rate. Drained
 * buckets are forgotten, so memory follows the keys active in the last `capacity / rate` seconds.
 */
export class LeakyBuckets implements BucketStore {
  private readonly levels = new Map<string, { level: number; at: number }>();
  private charges = 0;

  constructor(
    readonly capacity: number,
    readonly ratePerSecond: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Adds `points` to `key`'s bucket if they fit. A charge above `capacity` never fits. */
  async charge(key: string, points: number): Promise<BucketDecision> {
    const now = this.now();
    if (++this.charges % 1_000 === 0) this.forgetDrained(now);
    const level = this.levelAt(key, now);
    if (level + points > this.capacity) {
      const retryAfterSeconds = Math.max(1, Math.ceil((level + points - this.capacity) / this.ratePerSecond));
      return { allowed: false, remaining: Math.max(0, Math.floor(this.capacity - level)), retryAfterSeconds };
    }
    this.levels.set(key, { level: level + points, at: now });
    return { allowed: true, remaining: Math.floor(this.capacity - level - points) };
  }

  /**
   * Adds `points` to `key`'s bucket whether or not they fit: for work already done. Past
   * `capacity` the bucket is overdrawn, and refuses every charge until it has drained that far.
   */
  async overdraw(key: string, points: number): Promise<void> {
    const now = this.now();
    this.levels.set(key, { level: this.levelAt(key, now) + points, at: now });
  }

  async refund(key: string, points: number): Promise<void> {
    const now = this.now();
    const level = this.levelAt(key, now);
    if (level > 0) this.levels.set(key, { level: Math.max(0, level - points), at: now });
  }

  /** Points `key` may still spend right now. */
  async available(key: string): Promise<number> {
    return Math.floor(this.capacity - this.levelAt(key, this.now()));
  }

  private levelAt(key: string, now: number): number {
    const entry = this.levels.get(key);
    if (!entry) return 0;
    return Math.max(0, entry.level - ((now - entry.at) / 1000) * this.ratePerSecond);
  }

  private forgetDrained(now: number): void {
    for (const [key, entry] of this.levels) {
      if (entry.level - ((now - entry.at) / 1000) * this.ratePerSecond <= 0) this.levels.delete(key);
    }
  }
}
