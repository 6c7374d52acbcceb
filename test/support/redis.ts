import net from 'node:net';

/** Where tests find Redis: TEST_REDIS_URL, or the machine's own. */
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL || 'redis://127.0.0.1:6379';

/** Set by global-setup when Redis answered: tests of what the replicas share in Redis run then. */
export const REDIS_ENV = 'PH_TEST_REDIS';

const REDIS_REQUIRED = Boolean(process.env.CI) || process.env.REQUIRE_REDIS === '1';

/** Whether Redis at TEST_REDIS_URL answers PING, within a second. */
export function redisAnswers(url: string = TEST_REDIS_URL): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port || 6379) });
    const done = (answer: boolean) => {
      socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(1_000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
  });
}

/**
 * Tests that need Redis: skipped, visibly, on a machine without it (a user's fresh clone), never
 * where it is required (CI, or REQUIRE_REDIS=1): there a missing Redis fails the run.
 */
export function describeWithRedis(name: string, body: () => void): void {
  if (process.env[REDIS_ENV]) return describe(name, body);
  if (REDIS_REQUIRED) throw new Error(`tests of shared state need Redis at ${TEST_REDIS_URL} (${process.env.CI ? 'CI is set' : 'REQUIRE_REDIS=1'})`);
  console.warn(`Redis does not answer at ${TEST_REDIS_URL}: "${name}" skipped (set TEST_REDIS_URL, or run redis-server)`);
  describe.skip(name, body);
}
