import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { buildOrganisation, buildUser } from './support/factories';
import { dataOf, errorCode, startTestServer, useTestServer, type TestServer } from './support/harness';
import { describeWithRedis, REDIS_ENV } from './support/redis';

// With REDIS_URL, the replicas share their rate-limit and log-in buckets: two servers on one
// database are one budget, not two. Without Redis answering, each keeps its own and nothing fails.
const prefix = `ph-test-${randomBytes(6).toString('hex')}:`;
const limits = {
  RATE_LIMIT_POINTS: '20',
  RATE_LIMIT_RESTORE_PER_SECOND: '1',
  QUERY_MAX_COST: '20',
  LOGIN_FAILURES_PER_EMAIL: '3',
  REDIS_URL: process.env[REDIS_ENV] ?? 'redis://127.0.0.1:1',
  REDIS_KEY_PREFIX: prefix,
};
/** 1 (the connection) + 10 x 1: eleven points, so two do not fit in one bucket of 20. */
const ELEVEN_POINTS = `{ partners(first: 10) { nodes { id } } }`;

describeWithRedis('rate limits shared through Redis', () => {
  const first = useTestServer({ env: limits });
  let second: TestServer;
  beforeAll(async () => {
    second = await startTestServer({ database: first.database, env: limits });
  }, 120_000);
  afterAll(async () => {
    await second?.stop();
  });

  it("charges an organisation's operations on every replica to one bucket", async () => {
    const org = await buildOrganisation(first);
    const spent = await first.gql(ELEVEN_POINTS, {}, org.as);
    expect(spent.body.extensions?.rateLimit).toMatchObject({ limit: 20, remaining: 9 });
    // The other replica alone would have had 20 points; it shares the first one's 9.
    const refused = await second.gql(ELEVEN_POINTS, {}, org.as);
    expect(errorCode(refused)).toBe('RATE_LIMITED');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('counts failed log-ins of one email on every replica together', async () => {
    const user = await buildUser(first);
    const LOG_IN = `mutation ($input: LogInInput!) { logIn(input: $input) { token } }`;
    const wrong = { input: { email: user.email, password: 'not the password at all' } };
    for (const server of [first, second, first]) expect(errorCode(await server.gql(LOG_IN, wrong))).toBe('UNAUTHENTICATED');
    expect(errorCode(await second.gql(LOG_IN, wrong))).toBe('RATE_LIMITED');
  });
});

describe('without Redis answering', () => {
  const alone = useTestServer({ env: { ...limits, REDIS_URL: 'redis://127.0.0.1:1' } });

  it('keeps serving, with the limits of each process', async () => {
    const org = await buildOrganisation(alone);
    dataOf(await alone.gql(ELEVEN_POINTS, {}, org.as));
    expect(errorCode(await alone.gql(ELEVEN_POINTS, {}, org.as))).toBe('RATE_LIMITED');
    expect(alone.logs.some((line) => line.msg === 'Redis unreachable: rate limits are per process until it is back')).toBe(true);
  });

  it('stops trying to reach Redis once stopped, so nothing keeps the process alive', async () => {
    // A "Redis" that hangs up on every connection, counting them: the Redis clients (rate limits
    // and wake-ups) retry every 50 ms to 2 s while it is down. QUIT is refused then, so a stop
    // that only quit left the rate-limit client retrying for ever (a Jest run never exited).
    let connections = 0;
    const refuser = net.createServer((socket) => {
      connections++;
      socket.destroy();
    });
    await new Promise<void>((resolve) => refuser.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = refuser.address() as net.AddressInfo;
      const server = await startTestServer({ database: alone.database, env: { ...limits, REDIS_URL: `redis://127.0.0.1:${port}` } });
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(connections).toBeGreaterThan(0);
      await server.stop();
      const afterStop = connections;
      await new Promise((resolve) => setTimeout(resolve, 2_500));
      expect(connections).toBe(afterStop);
    } finally {
      refuser.close();
    }
  });
});
