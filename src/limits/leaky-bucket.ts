/** What a bucket said to one charge. */
export type BucketDecision =
  | { allowed: true; remaining: number }
  | { allowed: false; remaining: number; retryAfterSeconds: number };

/**
 * Leaky buckets of points, one per key (Shopify's model for GraphQL cost): each key's bucket holds
 * up to `capacity` points, a charge adds its points, and the bucket drains at `ratePerSecond`; a
 * charge that would overflow is refused whole, with the wait after which it would fit.
 *
 * In memory, per process: with N server processes a key gets up to N times the rate. Drained
 * buckets are forgotten, so memory follows the keys active in the last `capacity / rate` seconds.
 */
export class LeakyBuckets {
  private readonly levels = new Map<string, { level: number; at: number }>();
  private charges = 0;

  constructor(
    readonly capacity: number,
    readonly ratePerSecond: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Adds `points` to `key`'s bucket if they fit. A charge above `capacity` never fits. */
  charge(key: string, points: number): BucketDecision {
    const now = this.now();
    if (++this.charges % 1_000 === 0) this.forgetDrained(now);
    const level = this.levelAt(key, now);
    if (level + points > this.capacity) {
      const retryAfterSeconds = Math.max(1, Math.ceil((level + points - this.capacity) / this.ratePerSecond));
      return { allowed: false, remaining: Math.floor(this.capacity - level), retryAfterSeconds };
    }
    this.levels.set(key, { level: level + points, at: now });
    return { allowed: true, remaining: Math.floor(this.capacity - level - points) };
  }

  /** Points `key` may still spend right now. */
  available(key: string): number {
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
