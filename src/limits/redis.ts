import { Redis } from 'ioredis';
import type { Logger } from '../logger';

/**
 * The process's Redis connection (REDIS_URL). Commands fail at once while it is down rather than
 * queue (no offline queue, one retry): rate limits then fall back to each process's own memory
 * (redis-buckets.ts) instead of holding requests up. ioredis reconnects by itself; each change of
 * state is logged once.
 */
export function connectRedis(url: string, logger: Logger): Redis {
  const redis = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 2_000, lazyConnect: false });
  let down = false;
  redis.on('error', (error) => {
    if (down) return;
    down = true;
    logger.warn({ err: error }, 'Redis unreachable: rate limits are per process until it is back');
  });
  redis.on('ready', () => {
    if (down) logger.info('Redis reachable again: rate limits are shared again');
    down = false;
  });
  return redis;
}
