import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { BucketDecision, BucketStore, BucketStoreFactory } from './leaky-bucket';

/**
 * Buckets every replica shares (REDIS_URL), kept by rate-limiter-flexible in Redis. Its model is
 * a window, not a leak: `capacity` points per `capacity / ratePerSecond` seconds, which grants
 * the same points per minute and the same burst as the in-memory leaky bucket. When Redis does not
 * answer, each process falls back to a window of its own in memory (the library's insurance
 * limiter): limits then hold per replica, as without Redis, rather than failing requests.
 */
class RedisBuckets implements BucketStore {
  private readonly limiter: RateLimiterRedis;

  constructor(
    redis: Redis,
    keyPrefix: string,
    private readonly capacity: number,
    ratePerSecond: number,
  ) {
    const duration = Math.max(1, Math.round(capacity / ratePerSecond));
    this.limiter = new RateLimiterRedis({
      storeClient: redis,
      keyPrefix,
      points: capacity,
      duration,
      rejectIfRedisNotReady: true,
      insuranceLimiter: new RateLimiterMemory({ keyPrefix, points: capacity, duration }),
    });
  }

  async charge(key: string, points: number): Promise<BucketDecision> {
    try {
      const result = await this.limiter.consume(key, points);
      return { allowed: true, remaining: Math.max(0, result.remainingPoints) };
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      return { allowed: false, remaining: Math.max(0, rejection.remainingPoints), retryAfterSeconds: Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)) };
    }
  }

  async overdraw(key: string, points: number): Promise<void> {
    await this.limiter.penalty(key, points);
  }

  async refund(key: string, points: number): Promise<void> {
    // Never below empty: a reward past what was consumed would be a credit.
    const consumed = (await this.limiter.get(key))?.consumedPoints ?? 0;
    if (consumed > 0) await this.limiter.reward(key, Math.min(points, consumed));
  }

  async available(key: string): Promise<number> {
    return Math.max(0, this.capacity - ((await this.limiter.get(key))?.consumedPoints ?? 0));
  }
}

/** Bucket stores in `redis`, each kind under `<keyPrefix><name>:`. */
export function redisBuckets(redis: Redis, keyPrefix: string): BucketStoreFactory {
  return (name, capacity, ratePerSecond) => new RedisBuckets(redis, `${keyPrefix}${name}`, capacity, ratePerSecond);
}
