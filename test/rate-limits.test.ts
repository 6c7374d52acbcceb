import { randomBytes } from 'node:crypto';
import WebSocket from 'ws';
import { LeakyBuckets } from '../src/limits/leaky-bucket';
import { buildOrganisation, buildUser, type TestOrganisation } from './support/factories';
import { dataOf, errorCode, startTestServer, useTestServer, type Caller, type GraphQLResponse, type TestServer } from './support/harness';
import { uuidOf } from './support/ids';
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
  it('fill with charges, drain at the rate, and say when a refused charge would fit', async () => {
    let now = 0;
    const buckets = new LeakyBuckets(10, 2, () => now);
    expect(await buckets.charge('a', 6)).toEqual({ allowed: true, remaining: 4 });
    expect(await buckets.charge('a', 6)).toEqual({ allowed: false, remaining: 4, retryAfterSeconds: 1 });
    expect(await buckets.charge('b', 10)).toEqual({ allowed: true, remaining: 0 });
    now = 1_000;
    expect(await buckets.available('a')).toBe(6);
    expect(await buckets.charge('a', 6)).toEqual({ allowed: true, remaining: 0 });
    expect(await buckets.charge('a', 5)).toEqual({ allowed: false, remaining: 0, retryAfterSeconds: 3 });
    now = 10_000;
    expect(await buckets.available('a')).toBe(10);
    expect(await buckets.charge('a', 11)).toMatchObject({ allowed: false });
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
    // Nine five-point queries leave about 5 points (a point a second comes back); a 14-point
    // subscription (a stage's dependencies are priced at their cap of 10) does not fit.
    for (let i = 0; i < 9; i += 1) dataOf(await slowRefill.gql(FIVE_POINTS, {}, org.as));
    const socket = connect(slowRefill.wsUrl, { authorization: `Bearer ${org.owner.token}`, organisation: org.slug });
    try {
      const costly = socket.subscribe(`subscription { stageUpdated { stage { dependsOn { id } project { id } } project { id } } }`);
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
      await guarded.gql(
        `mutation ($input: SignUpInput!) { signUp(input: $input) { token } }`,
        { input: { email, name: 'Guarded', password } },
        { headers: { 'x-forwarded-for': ip } },
      ),
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

/** An address of the documentation range (RFC 5737), new for each test. */
let nextAddress = 0;
const freshAddress = () => `203.0.113.${(nextAddress += 1)}`;

/**
 * Five requests a minute per address without valid credentials (one back every 12 s, longer than
 * any of these tests); X-Forwarded-For names the address (one proxy). The factories' sign-ups come
 * from 127.0.0.1, whose five they share: this file makes two there.
 */
const anon = useTestServer({ env: { ANONYMOUS_REQUESTS_PER_MINUTE: '5', TRUST_PROXY_HOPS: '1' } });
/** Three organisations per user a day. */
const creations = useTestServer({ env: { ORGANISATIONS_PER_USER_PER_DAY: '3' } });

const from = (ip: string, caller: Caller = {}): Caller => ({ ...caller, headers: { ...caller.headers, 'x-forwarded-for': ip } });

/** A graphql-transport-ws connection_init from `ip`; resolves with the close code and reason, or 'ack'. */
function wsAttempt(url: string, ip: string, payload: Record<string, unknown>): Promise<{ code: number | 'ack'; reason: string }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, 'graphql-transport-ws', { headers: { 'x-forwarded-for': ip } });
    socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload })));
    socket.on('message', (data: Buffer) => {
      if (JSON.parse(String(data)).type === 'connection_ack') {
        resolve({ code: 'ack', reason: '' });
        socket.close();
      }
    });
    socket.on('close', (code, reason) => resolve({ code, reason: String(reason) }));
    socket.on('error', reject);
  });
}

describe('anonymous callers, per client address (catalogue 59)', () => {
  it('refuses the sixth request without credentials from one address, before parsing or validating it, and serves other addresses', async () => {
    const ip = freshAddress();
    // Five documents that fail validation (each a 400 of its own) spend the address's five.
    for (let i = 0; i < 5; i += 1) {
      const invalid = await anon.gql(`{ nope${i} }`, {}, from(ip));
      expect(errorCode(invalid)).toBe('GRAPHQL_VALIDATION_FAILED');
    }
    // Now the address is refused whatever it sends: were these parsed or validated first, they
    // would fail with GRAPHQL_PARSE_FAILED and GRAPHQL_VALIDATION_FAILED instead.
    const flood = `{ ${Array.from({ length: 300 }, () => '__typename').join(' ')} }`;
    for (const query of [`{ nope }`, `{ unparsable`, flood, `mutation { logIn(input: { email: "a@example.org", password: "b" }) { token } }`]) {
      const refused = await anon.gql(query, {}, from(ip));
      expect(refused.status).toBe(429);
      expect(errorCode(refused)).toBe('RATE_LIMITED');
      expect(refused.body.errors?.[0]?.message).toMatch(/without valid credentials from this address/);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(refused.body.errors?.[0]?.extensions?.retryAfterSeconds).toBe(Number(refused.headers.get('retry-after')));
    }
    expect(errorCode(await anon.gql(`{ nope }`, {}, from(freshAddress())))).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('charges failed credentials to the address, refuses them before validation once it is spent, and still serves valid ones from it', async () => {
    const ip = freshAddress();
    const user = await buildUser(anon);
    for (let i = 0; i < 5; i += 1) {
      expect(errorCode(await anon.gql(`{ viewer { user { id } } }`, {}, from(ip, { token: `not-a-token-${i}` })))).toBe('UNAUTHENTICATED');
    }
    const forged = await anon.gql(`{ nope }`, {}, from(ip, { token: 'phk_not_a_key' }));
    expect(forged.status).toBe(429);
    expect(errorCode(forged)).toBe('RATE_LIMITED');
    // A valid token from the same address is never refused by the address's budget: it has its own.
    expect(dataOf(await anon.gql(`{ viewer { user { id } } }`, {}, from(ip, { token: user.token }))).viewer.user.id).toBe(user.id);
    expect(errorCode(await anon.gql(`{ nope }`, {}, from(ip, { token: user.token })))).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('charges WebSocket connection attempts without valid credentials to the same address (1013 once spent), not valid ones', async () => {
    const ip = freshAddress();
    const org = await buildOrganisation(anon);
    expect(await wsAttempt(anon.wsUrl, ip, {})).toEqual({ code: 4403, reason: 'Forbidden' });
    expect(await wsAttempt(anon.wsUrl, ip, { authorization: 'Bearer not-a-token', organisation: org.slug })).toEqual({ code: 4403, reason: 'Forbidden' });
    for (let i = 0; i < 3; i += 1) expect(errorCode(await anon.gql(`{ __typename }`, {}, from(ip)))).toBeUndefined();
    // HTTP and WebSocket share the address's five: the sixth attempt is refused, retryably.
    const refused = await wsAttempt(anon.wsUrl, ip, {});
    expect(refused.code).toBe(1013);
    expect(refused.reason).toMatch(/^Rate limited: retry in \d+ s$/);
    expect((await wsAttempt(anon.wsUrl, ip, { authorization: 'Bearer not-a-token', organisation: org.slug })).code).toBe(1013);
    expect(await wsAttempt(anon.wsUrl, ip, { authorization: `Bearer ${org.owner.token}`, organisation: org.slug })).toEqual({ code: 'ack', reason: '' });
  });
});

describe('organisations per user, and work outside an organisation (catalogue 63)', () => {
  const CREATE = `mutation ($input: CreateOrganisationInput!) { createOrganisation(input: $input) { slug } }`;
  const create = (s: TestServer, token: string) => s.gql(CREATE, { input: { slug: `org-${randomBytes(5).toString('hex')}`, name: 'Another budget' } }, { token });

  it('refuses a user their fourth organisation in a day with RATE_LIMITED and the wait, counted in the database', async () => {
    const user = await buildUser(creations);
    for (let i = 0; i < 3; i += 1) dataOf(await create(creations, user.token));
    const fourth = await create(creations, user.token);
    expect(fourth.status).toBe(429);
    expect(errorCode(fourth)).toBe('RATE_LIMITED');
    expect(fourth.body.errors?.[0]?.message).toMatch(/created 3 organisations in the last 24 hours/);
    const retryAfter = Number(fourth.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(23 * 3600);
    expect(retryAfter).toBeLessThanOrEqual(24 * 3600);
    expect(fourth.body.data).toBeNull();
    // Counted in the database: a second server on the same data (another replica, or a restart) agrees.
    const replica = await startTestServer({ database: creations.database, env: { ORGANISATIONS_PER_USER_PER_DAY: '3' } });
    try {
      expect(errorCode(await create(replica, user.token))).toBe('RATE_LIMITED');
    } finally {
      await replica.stop();
    }
    const [{ count }] = await creations.sql(`SELECT count(*)::int AS count FROM memberships WHERE user_id = $1 AND role = 'OWNER'`, [uuidOf(user.id)]);
    expect(count).toBe(3);
    // Another user is not concerned.
    dataOf(await create(creations, (await buildUser(creations)).token));
  });

  it('lets concurrent creations by one user through only up to the limit', async () => {
    const user = await buildUser(creations);
    const responses = await Promise.all(Array.from({ length: 6 }, () => create(creations, user.token)));
    expect(responses.filter((r) => !r.body.errors).length).toBe(3);
    expect(responses.filter((r) => errorCode(r) === 'RATE_LIMITED').length).toBe(3);
  });

  it('charges viewer and createOrganisation outside an organisation to the user, and a WebSocket connection to its organisation', async () => {
    const user = await buildUser(slowRefill);
    // Outside an organisation the user's own bucket (50 points, one back a second) pays.
    const viewer = await slowRefill.gql(`{ viewer { user { id } } }`, {}, { token: user.token });
    expect(viewer.body.extensions?.rateLimit).toMatchObject({ limit: 50 });
    let refused: GraphQLResponse | undefined;
    for (let i = 0; i < 60 && !refused; i += 1) {
      const response = await slowRefill.gql(`{ viewer { user { id } } }`, {}, { token: user.token });
      if (errorCode(response) === 'RATE_LIMITED') refused = response;
    }
    expect(refused?.status).toBe(429);
    expect(errorCode(await create(slowRefill, user.token))).toBe('RATE_LIMITED');

    // A socket's connection_init is work too: it is charged to the organisation it acts for.
    const org = await buildOrganisation(slowRefill);
    for (let i = 0; i < 10; i += 1) dataOf(await slowRefill.gql(FIVE_POINTS, {}, org.as));
    const attempts = [];
    for (let i = 0; i < 10; i += 1) attempts.push(await wsAttempt(slowRefill.wsUrl, '127.0.0.1', { authorization: `Bearer ${org.owner.token}`, organisation: org.slug }));
    expect(attempts.some((a) => a.code === 1013)).toBe(true);
  });
});
