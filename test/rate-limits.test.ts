import { randomBytes } from 'node:crypto';
import { LeakyBuckets } from '../src/limits/leaky-bucket';
import { buildOrganisation, type TestOrganisation } from './support/factories';
import { dataOf, errorCode, useTestServer, type GraphQLResponse, type TestServer } from './support/harness';
import { connect, pause } from './support/ws-client';

// Per-organisation cost budgets (catalogue 56) and a per-IP budget for logIn/signUp (A2).

/** Small budgets: 50 points, 10 restored per second; a 5-point query may run twice a second. */
const server = useTestServer({ env: { QUERY_MAX_COST: '50', RATE_LIMIT_POINTS: '50', RATE_LIMIT_RESTORE_PER_SECOND: '10' } });
/** Five logIn/signUp attempts a minute per address; X-Forwarded-For names the address (one proxy). */
/** A bucket that refills slowly, so a test on a loaded machine cannot outwait it by accident. */
const slowRefill = useTestServer({ env: { QUERY_MAX_COST: '50', RATE_LIMIT_POINTS: '50', RATE_LIMIT_RESTORE_PER_SECOND: '1' } });
const guarded = useTestServer({ env: { AUTH_ATTEMPTS_PER_MINUTE: '5', TRUST_PROXY_HOPS: '1' } });

/** 1 (the connection) + 4 x 1 (each partner): 5 points. */
const FIVE_POINTS = `{ partners(first: 4) { nodes { id } } }`;
/** One object: 1 point. */
const ONE_POINT = `{ organisation { name } }`;

describe('leaky buckets', () => {
  it('fill with charges, drain at the rate, and say when a refused charge would fit', () => {
    let now = 0;
    const buckets = new LeakyBuckets(10, 2, () => now);
    expect(buckets.charge('a', 6)).toEqual({ allowed: true, remaining: 4 });
    expect(buckets.charge('a', 6)).toEqual({ allowed: false, remaining: 4, retryAfterSeconds: 1 });
    expect(buckets.charge('b', 10)).toEqual({ allowed: true, remaining: 0 });
    now = 1_000;
    expect(buckets.available('a')).toBe(6);
    expect(buckets.charge('a', 6)).toEqual({ allowed: true, remaining: 0 });
    expect(buckets.charge('a', 5)).toEqual({ allowed: false, remaining: 0, retryAfterSeconds: 3 });
    now = 10_000;
    expect(buckets.available('a')).toBe(10);
    expect(buckets.charge('a', 11)).toMatchObject({ allowed: false });
  });
});

describe('per-organisation rate limits', () => {
  it('reports the cost and the budget left on every response', async () => {
    const org = await buildOrganisation(server);
    const response = await server.gql(FIVE_POINTS, {}, org.as);
    dataOf(response);
    expect(response.body.extensions).toEqual({ cost: 5, rateLimit: { limit: 50, remaining: expect.any(Number), restorePerSecond: 10 } });
    expect(response.body.extensions?.rateLimit.remaining).toBeLessThanOrEqual(45);
  });

  it('refuses an organisation at 10x its rate with RATE_LIMITED and a retry hint, while another is served', async () => {
    const noisy = await buildOrganisation(server);
    const quiet = await buildOrganisation(server);
    const timed = async (org: TestOrganisation, query = FIVE_POINTS) => {
      const started = performance.now();
      const response = await server.gql(query, {}, org.as);
      return { response, ms: performance.now() - started };
    };

    const baseline: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      baseline.push((await timed(quiet, ONE_POINT)).ms);
      await pause(100);
    }

    // The noisy organisation sends 20 five-point queries a second for 3 s: 100 points a second
    // against a budget of 10. The quiet one sends a one-point query every 250 ms meanwhile, well
    // within its own budget.
    const noisyCalls: Promise<{ response: GraphQLResponse; ms: number }>[] = [];
    const quietCalls: { response: GraphQLResponse; ms: number }[] = [];
    const floodStarted = performance.now();
    const flood = (async () => {
      for (let i = 0; i < 60; i += 1) {
        noisyCalls.push(timed(noisy));
        await pause(50);
      }
    })();
    for (let i = 0; i < 12; i += 1) {
      quietCalls.push(await timed(quiet, ONE_POINT));
      await pause(250);
    }
    await flood;
    const noisyResults = await Promise.all(noisyCalls);
    const floodSeconds = (performance.now() - floodStarted) / 1_000;

    const limited = noisyResults.filter((r) => errorCode(r.response) === 'RATE_LIMITED');
    const served = noisyResults.filter((r) => r.response.status === 200 && !r.response.body.errors);
    expect(limited.length + served.length).toBe(60);
    // At most the 50-point bucket (10 queries) plus 10 points a second (2 queries) got through.
    expect(served.length).toBeGreaterThanOrEqual(10);
    expect(served.length).toBeLessThanOrEqual(10 + Math.ceil(2 * floodSeconds) + 1);
    const refusal = limited[0]!.response;
    expect(refusal.status).toBe(429);
    expect(Number(refusal.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(refusal.body.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: Number(refusal.headers.get('retry-after')) });
    expect(refusal.body.errors?.[0]?.message).toMatch(/costs 5 points/);

    for (const { response } of quietCalls) expect(dataOf(response).organisation.name).toBe(quiet.name);
    const sorted = (values: number[]) => [...values].sort((a, b) => a - b);
    const quietP50 = sorted(quietCalls.map((c) => c.ms))[6]!;
    const baselineP50 = sorted(baseline)[2]!;
    // Generous: refusals are cheap, so the quiet organisation's median stays in the same range.
    expect({ quietP50, baselineP50, ok: quietP50 < Math.max(3 * baselineP50, baselineP50 + 500) }).toMatchObject({ ok: true });

    // The bucket drains: a client that waits as long as Retry-After says is served again.
    let retry = await server.gql(FIVE_POINTS, {}, noisy.as);
    for (let attempt = 0; attempt < 5 && errorCode(retry) === 'RATE_LIMITED'; attempt += 1) {
      await pause(Number(retry.headers.get('retry-after')) * 1_000);
      retry = await server.gql(FIVE_POINTS, {}, noisy.as);
    }
    expect(dataOf(retry).partners.nodes).toEqual([]);
  });

  it('charges subscriptions over WebSocket from the same budget', async () => {
    const org = await buildOrganisation(slowRefill);
    // Nine five-point queries leave about 5 points (a point a second comes back); a 15-point
    // subscription does not fit.
    for (let i = 0; i < 9; i += 1) dataOf(await slowRefill.gql(FIVE_POINTS, {}, org.as));
    const socket = connect(slowRefill.wsUrl, { authorization: `Bearer ${org.owner.token}`, organisation: org.slug });
    try {
      const costly = socket.subscribe(`subscription { stageUpdated { stage { project { stages { dependsOn { id } } } } } }`);
      await costly.done;
      expect(costly.results[0]?.errors?.[0]).toMatchObject({ extensions: { code: 'RATE_LIMITED', retryAfterSeconds: expect.any(Number) } });
    } finally {
      await socket.dispose();
    }
  });
});

describe('per-IP limit on logIn and signUp', () => {
  const address = () => `198.51.100.${randomBytes(1)[0]! % 250}`;
  const logIn = (s: TestServer, ip: string, password: string, email = 'nobody@example.org') =>
    s.gql(`mutation ($input: LogInInput!) { logIn(input: $input) { token } }`, { input: { email, password } }, { headers: { 'x-forwarded-for': ip } });

  it('refuses the sixth attempt in a minute from one address, counting aliases, but not other addresses', async () => {
    const ip = address();
    const email = `user-${randomBytes(4).toString('hex')}@example.org`;
    const password = 'correct horse battery';
    dataOf(
      await guarded.gql(`mutation ($input: SignUpInput!) { signUp(input: $input) { token } }`, { input: { email, name: 'Guarded', password } }, { headers: { 'x-forwarded-for': ip } }),
    );
    for (let i = 0; i < 2; i += 1) expect(errorCode(await logIn(guarded, ip, `wrong ${i}`, email))).toBe('UNAUTHENTICATED');
    // Two aliased attempts in one operation count as two, whether or not both run: that makes five.
    const aliased = await guarded.gql(
      `mutation { a: logIn(input: { email: "${email}", password: "wrong a" }) { token } b: logIn(input: { email: "${email}", password: "wrong b" }) { token } }`,
      {},
      { headers: { 'x-forwarded-for': ip } },
    );
    expect(errorCode(aliased)).toBe('UNAUTHENTICATED');

    const sixth = await logIn(guarded, ip, password, email);
    expect(sixth.status).toBe(429);
    expect(errorCode(sixth)).toBe('RATE_LIMITED');
    expect(Number(sixth.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(sixth.body.data).toBeUndefined();

    let other = address();
    while (other === ip) other = address();
    expect(dataOf(await logIn(guarded, other, password, email)).logIn.token).toEqual(expect.any(String));
  });
});
