import { randomBytes } from 'node:crypto';
import { SignJWT } from 'jose';
import { hashPassword } from '../src/auth/passwords';
import { ConfigError, loadConfig } from '../src/config';
import { DEMO_PASSWORD } from '../src/demo/demo-seed';
import { buildApiKey, buildOrganisation, buildUser } from './support/factories';
import { dataOf, errorCode, untilSubscribed, useTestServer, type Caller } from './support/harness';
import { uuidOf } from './support/ids';
import { connect } from './support/ws-client';

// Weak passwords, password hashing, per-account throttling and signing out everywhere (catalogue 66).

const server = useTestServer();
/** Three failed logIns per email in 15 minutes; X-Forwarded-For names the address (one proxy). */
const throttled = useTestServer({ env: { LOGIN_FAILURES_PER_EMAIL: '3', TRUST_PROXY_HOPS: '1' } });

const SIGN_UP = `mutation ($input: SignUpInput!) { signUp(input: $input) { token user { id } } }`;
const LOG_IN = `mutation ($input: LogInInput!) { logIn(input: $input) { token } }`;
const VIEWER = `{ viewer { user { id } } }`;
const SIGN_OUT = `mutation { signOutEverywhere }`;
const AUTH_KEY = new TextEncoder().encode('test-secret-test-secret-test-secret-0123456789');

const uniqueEmail = () => `person-${randomBytes(5).toString('hex')}@example.org`;

describe('weak passwords (catalogue 66)', () => {
  it('refuses common and trivially weak passwords with BAD_USER_INPUT on input.password, saying why, and writes nothing', async () => {
    const email = uniqueEmail();
    const weak: [string, RegExp][] = [
      ['aaaaaaaaaa', /repeats characters/],
      ['password123', /commonly used/],
      ['1234567890', /most used|sequence/],
      ['qwertyuiop', /most used|keys|keyboard/],
      ['abcdefghijkl', /sequence/],
      [`${email.split('@')[0]}1`, /your name or email/],
    ];
    for (const [password, why] of weak) {
      const response = await server.gql(SIGN_UP, { input: { email, password, name: 'Ann Example' } });
      expect({ password, code: errorCode(response), field: response.body.errors?.[0]?.extensions?.field }).toEqual({ password, code: 'BAD_USER_INPUT', field: 'input.password' });
      expect(response.body.errors?.[0]?.message).toMatch(/too easy to guess/);
      expect(response.body.errors?.[0]?.message).toMatch(why);
      expect(response.body.errors?.[0]?.message).toMatch(/longer passphrase/);
    }
    expect(await server.sql('SELECT 1 FROM users WHERE email = $1', [email])).toHaveLength(0);
    // Passphrases pass: the factories', the demo's and the other tests' among them.
    for (const password of ['correct horse battery', DEMO_PASSWORD, 'two organisations here', 'a long passphrase']) {
      dataOf(await server.gql(SIGN_UP, { input: { email: uniqueEmail(), password, name: 'Ann Example' } }));
    }
  });
});

describe('password hashing (catalogue 66)', () => {
  it("defaults to OWASP's scrypt N=2^17, r=8, p=1: a lower cost only when PASSWORD_HASH_COST asks", async () => {
    const base = { AUTH_SECRET: 'x'.repeat(40), DATA_DIR: '/tmp/unused-data-dir' };
    expect(loadConfig(base).passwordHashCost).toBe(17);
    expect(loadConfig({ ...base, NODE_ENV: 'production' }).passwordHashCost).toBe(17);
    expect(loadConfig({ ...base, PASSWORD_HASH_COST: '12' }).passwordHashCost).toBe(12);
    expect(() => loadConfig({ ...base, PASSWORD_HASH_COST: '9' })).toThrow(ConfigError);
    expect(await hashPassword('correct horse battery', 17)).toMatch(/^scrypt\$131072\$8\$1\$/);
  });

  it('stores the parameters with the hash, and rehashes a weaker hash at the next successful logIn', async () => {
    const user = await buildUser(server);
    const id = uuidOf(user.id);
    const stored = async () => ((await server.sql('SELECT password_hash FROM users WHERE id = $1', [id])) as { password_hash: string }[])[0]!.password_hash;
    // The harness runs at N=2^12 (PASSWORD_HASH_COST=12); the format names N, r and p.
    expect(await stored()).toMatch(/^scrypt\$4096\$8\$1\$[\w-]{22}\$[\w-]{43}$/);

    // A hash from before (N=2^10): a wrong password leaves it, the right one replaces it.
    const old = await hashPassword('correct horse battery', 10);
    await server.sql('UPDATE users SET password_hash = $2 WHERE id = $1', [id, old]);
    expect(errorCode(await server.gql(LOG_IN, { input: { email: user.email, password: 'wrong horse battery' } }))).toBe('UNAUTHENTICATED');
    expect(await stored()).toBe(old);
    dataOf(await server.gql(LOG_IN, { input: { email: user.email, password: 'correct horse battery' } }));
    const rehashed = await stored();
    expect(rehashed).toMatch(/^scrypt\$4096\$8\$1\$/);
    // Still the same password, and not rehashed again.
    dataOf(await server.gql(LOG_IN, { input: { email: user.email, password: 'correct horse battery' } }));
    expect(await stored()).toBe(rehashed);
  });
});

describe('failed logIns per account (catalogue 66)', () => {
  const logInFrom = (email: string, password: string, ip: string) => throttled.gql(LOG_IN, { input: { email, password } }, { headers: { 'x-forwarded-for': ip } });
  const address = () => `198.51.100.${1 + (randomBytes(1)[0]! % 250)}`;

  it('refuses a fourth attempt within the window from any address, alike whether or not the account exists', async () => {
    const user = await buildUser(throttled);
    const unknown = uniqueEmail();
    const refusals: Awaited<ReturnType<typeof logInFrom>>[] = [];
    for (const email of [user.email, unknown]) {
      for (let i = 0; i < 3; i += 1) expect(errorCode(await logInFrom(email, `wrong guess number ${i}`, address()))).toBe('UNAUTHENTICATED');
      // The right password does not help now, whichever address it comes from.
      const refused = await logInFrom(email.toUpperCase(), 'correct horse battery', address());
      expect(refused.status).toBe(429);
      expect(errorCode(refused)).toBe('RATE_LIMITED');
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      refusals.push(refused);
    }
    // The same answer for an account and for no account: nothing says which exists.
    const shape = (r: (typeof refusals)[number]) => ({ status: r.status, message: r.body.errors?.[0]?.message?.replace(/\d+ s$/, 'N s'), data: r.body.data });
    expect(shape(refusals[0]!)).toEqual(shape(refusals[1]!));
    // Another account is not concerned.
    const other = await buildUser(throttled);
    dataOf(await logInFrom(other.email, 'correct horse battery', address()));
  });

  it('counts failures only: successful logIns spend nothing of the budget', async () => {
    const user = await buildUser(throttled);
    for (let i = 0; i < 5; i += 1) dataOf(await logInFrom(user.email, 'correct horse battery', address()));
    for (let i = 0; i < 3; i += 1) expect(errorCode(await logInFrom(user.email, `wrong guess ${i}`, address()))).toBe('UNAUTHENTICATED');
    expect(errorCode(await logInFrom(user.email, 'wrong guess 3', address()))).toBe('RATE_LIMITED');
  });
});

describe('signing out everywhere (catalogue 66)', () => {
  it('ends every earlier token on HTTP, with or without an organisation, while tokens issued after work', async () => {
    const org = await buildOrganisation(server);
    const { owner } = org;
    const second = dataOf(await server.gql(LOG_IN, { input: { email: owner.email, password: 'correct horse battery' } })).logIn.token as string;
    const as = (token: string, organisation?: string): Caller => ({ token, organisation });
    dataOf(await server.gql(VIEWER, {}, as(second)));

    expect(dataOf(await server.gql(SIGN_OUT, {}, as(owner.token))).signOutEverywhere).toBe(true);
    for (const token of [owner.token, second]) {
      expect(errorCode(await server.gql(VIEWER, {}, as(token)))).toBe('UNAUTHENTICATED');
      expect(errorCode(await server.gql(`{ organisation { name } }`, {}, as(token, org.slug)))).toBe('UNAUTHENTICATED');
      expect(errorCode(await server.gql(SIGN_OUT, {}, as(token)))).toBe('UNAUTHENTICATED');
    }
    const fresh = dataOf(await server.gql(LOG_IN, { input: { email: owner.email, password: 'correct horse battery' } })).logIn.token as string;
    expect(dataOf(await server.gql(`{ organisation { name } }`, {}, as(fresh, org.slug))).organisation.name).toBe(org.name);
    // Each organisation's log says so (and that is what reaches the other server processes).
    const events = await server.sql(`SELECT type, entity_type FROM activity_events WHERE organisation_id = $1 AND type = 'MEMBER_SIGNED_OUT'`, [org.uuid]);
    expect(events).toEqual([{ type: 'MEMBER_SIGNED_OUT', entity_type: 'Membership' }]);
  });

  it('decides by generation, not by time: an earlier token is dead even if stamped after the sign-out, a later one lives even in the same second', async () => {
    const user = await buildUser(server);
    const id = uuidOf(user.id);
    dataOf(await server.gql(SIGN_OUT, {}, { token: user.token }));
    // A token of the old generation stamped in the sign-out's second, or later: refused. (A
    // check of `iat` against a sign-out time, both in seconds, would let the first through.)
    const now = Math.floor(Date.now() / 1000);
    for (const issuedAt of [now, now + 5]) {
      const stale = await new SignJWT({ gen: 0 })
        .setProtectedHeader({ alg: 'HS256' })
        .setIssuer('partnership-hub')
        .setSubject(id)
        .setIssuedAt(issuedAt)
        .setExpirationTime(now + 600)
        .sign(AUTH_KEY);
      expect(errorCode(await server.gql(VIEWER, {}, { token: stale }))).toBe('UNAUTHENTICATED');
    }
    // One of the new generation stamped before it: accepted; tokens without a generation are generation 0.
    const current = await new SignJWT({ gen: 1 })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer('partnership-hub')
      .setSubject(id)
      .setIssuedAt(now - 60)
      .setExpirationTime(now + 600)
      .sign(AUTH_KEY);
    expect(dataOf(await server.gql(VIEWER, {}, { token: current })).viewer.user.id).toBe(user.id);
    const other = await buildUser(server);
    const legacy = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer('partnership-hub')
      .setSubject(uuidOf(other.id))
      .setIssuedAt()
      .setExpirationTime(now + 600)
      .sign(AUTH_KEY);
    expect(dataOf(await server.gql(VIEWER, {}, { token: legacy })).viewer.user.id).toBe(other.id);
  });

  it("closes the user's open sockets with 4403, and refuses the old token on a new one", async () => {
    const org = await buildOrganisation(server);
    const socket = connect(server.wsUrl, { authorization: `Bearer ${org.owner.token}`, organisation: org.slug });
    const live = socket.subscribe(`subscription { stageUpdated { type } }`);
    try {
      await untilSubscribed(server, org);
      dataOf(await server.gql(SIGN_OUT, {}, { token: org.owner.token }));
      expect(await socket.closed).toBe(4403);
      expect(live.results).toEqual([]);
    } finally {
      await socket.dispose();
    }
    const again = connect(server.wsUrl, { authorization: `Bearer ${org.owner.token}`, organisation: org.slug });
    try {
      expect(await again.closed).toBe(4403);
    } finally {
      await again.dispose();
    }
  });

  it('is for a signed-in user acting for no organisation: refused with X-Organisation, to API keys and anonymously', async () => {
    const org = await buildOrganisation(server);
    const key = await buildApiKey(server, org);
    const withOrganisation = await server.gql(SIGN_OUT, {}, org.as);
    expect(errorCode(withOrganisation)).toBe('FORBIDDEN');
    expect(withOrganisation.body.errors?.[0]?.message).toMatch(/without X-Organisation/);
    expect(errorCode(await server.gql(SIGN_OUT, {}, key.as))).toBe('FORBIDDEN');
    expect(errorCode(await server.gql(SIGN_OUT))).toBe('UNAUTHENTICATED');
    // None of these signed anyone out.
    dataOf(await server.gql(`{ organisation { name } }`, {}, org.as));
    // API keys are the organisation's, not the user's session: signing out leaves them working.
    dataOf(await server.gql(SIGN_OUT, {}, { token: org.owner.token }));
    dataOf(await server.gql(`{ organisation { name } }`, {}, key.as));
  });
});
