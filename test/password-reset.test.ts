import { randomBytes } from 'node:crypto';
import { errorField, errorMessage } from './support/assertions';
import { buildMember, buildOrganisation, buildUser } from './support/factories';
import { dataOf, errorCode, untilSubscribed, useTestServer, type Caller, type TestServer } from './support/harness';
import { uuidOf } from './support/ids';
import { tokenOf, useMailbox } from './support/mailbox';
import { connect } from './support/ws-client';
import { Role } from '../src/auth/role';

// Password reset by real mail (issue #15): an in-process SMTP server receives the link, the tests
// follow it.

const mailbox = useMailbox();
const server = useTestServer({ env: mailbox.env });
/**
 * No SMTP_URL (mails go to the log); two reset requests per email an hour, three failed attempts
 * per email, six credential attempts per address a minute; X-Forwarded-For believed (one proxy).
 */
const limited = useTestServer({ env: { PASSWORD_RESETS_PER_EMAIL: '2', LOGIN_FAILURES_PER_EMAIL: '3', AUTH_ATTEMPTS_PER_MINUTE: '6', TRUST_PROXY_HOPS: '1' } });

const REQUEST = `mutation ($input: RequestPasswordResetInput!) { requestPasswordReset(input: $input) }`;
const RESET = `mutation ($input: ResetPasswordInput!) { resetPassword(input: $input) { token user { id email } } }`;
const LOG_IN = `mutation ($input: LogInInput!) { logIn(input: $input) { token } }`;
const VIEWER = `{ viewer { user { id } } }`;
const NEW_PASSWORD = 'quartz harbour lantern nine';

const uniqueEmail = () => `nobody-${randomBytes(5).toString('hex')}@example.org`;
const from = (ip: string): Caller => ({ headers: { 'x-forwarded-for': ip } });

async function resetLink(s: TestServer, email: string): Promise<string> {
  expect(dataOf(await s.gql(REQUEST, { input: { email } })).requestPasswordReset).toBe(true);
  const mail = await mailbox.next(email);
  return tokenOf(mail.links[0]!, 'password-reset');
}

const passwordHash = async (s: TestServer, userId: string) =>
  (await s.sql<{ password_hash: string }>('SELECT password_hash FROM users WHERE id = $1', [uuidOf(userId)]))[0]!.password_hash;

describe('password reset by mail', () => {
  it('mails a one-hour link naming the organisations; the new password works, every earlier token stops on HTTP and an open WebSocket closes', async () => {
    const org = await buildOrganisation(server, { name: 'Westgate Health Board' });
    const { owner } = org;
    const second = dataOf(await server.gql(LOG_IN, { input: { email: owner.email, password: 'correct horse battery' } })).logIn.token as string;
    let token: string;
    const socket = connect(server.wsUrl, { authorization: `Bearer ${owner.token}`, organisation: org.slug });
    const live = socket.subscribe(`subscription { stageUpdated { type } }`);
    try {
      await untilSubscribed(server, org);
      expect(dataOf(await server.gql(REQUEST, { input: { email: owner.email.toUpperCase() } })).requestPasswordReset).toBe(true);
      const mail = await mailbox.next(owner.email);
      expect(mail.headers.from).toMatch(/Partnership Hub.*<hub@example\.org>/);
      expect(mail.subject).toMatch(/Reset your Partnership Hub password/);
      expect(mail.text).toContain('You use it with Westgate Health Board.');
      expect(mail.html).toContain('Westgate Health Board');
      expect(mail.links).toHaveLength(1);
      expect(mail.html).toContain(`href="${mail.links[0]}"`);
      expect(mail.links[0]!.startsWith(`${mailbox.publicUrl}/#/password-reset/phr_`)).toBe(true);
      token = tokenOf(mail.links[0]!, 'password-reset');
      // Only a hash is kept, for an hour.
      const [stored] = await server.sql('SELECT password_reset_hash, password_reset_expires_at - now() AS left FROM users WHERE id = $1', [uuidOf(owner.id)]);
      expect(stored.password_reset_hash).not.toContain(token.slice(4));
      expect(JSON.stringify(stored)).not.toContain(token.slice(4));

      const reset = dataOf(await server.gql(RESET, { input: { token, password: NEW_PASSWORD } })).resetPassword;
      expect(reset.user).toEqual({ id: owner.id, email: owner.email });
      expect(dataOf(await server.gql(VIEWER, {}, { token: reset.token })).viewer.user.id).toBe(owner.id);
      // The open socket closes with 4403, having delivered nothing.
      expect(await socket.closed).toBe(4403);
      // (The subscriber may also have recorded the close itself as an error.)
      expect(live.results.filter((result) => result.data !== undefined)).toEqual([]);
    } finally {
      await socket.dispose();
    }
    // Every token issued before is refused over HTTP; the one the reset returned works.
    for (const old of [owner.token, second]) {
      expect(errorCode(await server.gql(VIEWER, {}, { token: old }))).toBe('UNAUTHENTICATED');
      expect(errorCode(await server.gql(`{ organisation { name } }`, {}, { token: old, organisation: org.slug }))).toBe('UNAUTHENTICATED');
    }
    const again = connect(server.wsUrl, { authorization: `Bearer ${owner.token}`, organisation: org.slug });
    try {
      expect(await again.closed).toBe(4403);
    } finally {
      await again.dispose();
    }
    const fresh = dataOf(await server.gql(LOG_IN, { input: { email: owner.email, password: NEW_PASSWORD } })).logIn.token as string;
    expect(dataOf(await server.gql(VIEWER, {}, { token: fresh })).viewer.user.id).toBe(owner.id);
    expect(errorCode(await server.gql(LOG_IN, { input: { email: owner.email, password: 'correct horse battery' } }))).toBe('UNAUTHENTICATED');
    // The organisation's log says the member's sessions ended, and why.
    const [event] = await server.sql(`SELECT summary FROM activity_events WHERE organisation_id = $1 AND type = 'MEMBER_SIGNED_OUT'`, [org.uuid]);
    expect(event.summary).toMatch(/reset their password/);
    // The link works once.
    const hash = await passwordHash(server, owner.id);
    expect(errorCode(await server.gql(RESET, { input: { token, password: 'another fine passphrase' } }))).toBe('INVALID_TOKEN');
    expect(await passwordHash(server, owner.id)).toBe(hash);
  });

  it('answers true for an email without an account, sends nothing and writes nothing', async () => {
    const unknown = uniqueEmail();
    const known = await buildUser(server);
    const users = await server.sql('SELECT id, password_hash, password_reset_hash, token_generation FROM users ORDER BY id');
    const response = await server.gql(REQUEST, { input: { email: unknown } });
    expect(response.body.data).toEqual({ requestPasswordReset: true });
    expect(response.body.errors).toBeUndefined();
    // A known email's answer is the same; its mail arriving shows the mail for the unknown one would have too.
    const knownResponse = await server.gql(REQUEST, { input: { email: known.email } });
    expect(knownResponse.body.data).toEqual(response.body.data);
    await mailbox.next(known.email);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(mailbox.to(unknown)).toEqual([]);
    const after = await server.sql('SELECT id, password_hash, password_reset_hash, token_generation FROM users ORDER BY id');
    expect(after.filter((row: any) => row.id !== uuidOf(known.id))).toEqual(users.filter((row: any) => row.id !== uuidOf(known.id)));
  });

  it('refuses used, replaced, expired, unknown and malformed tokens with INVALID_TOKEN, changing nothing', async () => {
    const user = await buildUser(server);
    const first = await resetLink(server, user.email);
    const second = await resetLink(server, user.email);
    const hash = await passwordHash(server, user.id);
    // A newer request replaces the older link.
    expect(errorCode(await server.gql(RESET, { input: { token: first, password: NEW_PASSWORD } }))).toBe('INVALID_TOKEN');
    await server.sql(`UPDATE users SET password_reset_expires_at = now() - interval '1 second' WHERE id = $1`, [uuidOf(user.id)]);
    for (const token of [second, `phr_${'0'.repeat(64)}`, 'phr_short', 'not-a-token']) {
      expect({ token, code: errorCode(await server.gql(RESET, { input: { token, password: NEW_PASSWORD } })) }).toEqual({ token, code: 'INVALID_TOKEN' });
    }
    expect(await passwordHash(server, user.id)).toBe(hash);
    dataOf(await server.gql(VIEWER, {}, { token: user.token }));
  });

  it('takes only a password signUp would take (the account’s email and name count against it), keeping the link for another try', async () => {
    const user = await buildUser(server, { name: 'Morgan Quill', email: `morgan.quill-${randomBytes(3).toString('hex')}@example.org` });
    const token = await resetLink(server, user.email);
    const own = `${user.email.split('@')[0]}1`;
    for (const password of ['short', 'password123', own]) {
      const weak = await server.gql(RESET, { input: { token, password } });
      expect({ password, code: errorCode(weak), field: errorField(weak) }).toEqual({ password, code: 'BAD_USER_INPUT', field: 'input.password' });
    }
    expect(errorMessage(await server.gql(RESET, { input: { token, password: own } }))).toMatch(/your name or email/);
    dataOf(await server.gql(VIEWER, {}, { token: user.token }));
    dataOf(await server.gql(RESET, { input: { token, password: NEW_PASSWORD } }));
  });

  it('is for no organisation: refused with X-Organisation', async () => {
    const org = await buildOrganisation(server);
    const member = await buildMember(server, org, Role.MEMBER);
    await mailbox.next(member.email); // the invitation they joined by
    const token = await resetLink(server, member.email);
    const refused = await server.gql(RESET, { input: { token, password: NEW_PASSWORD } }, member.as);
    expect(errorCode(refused)).toBe('FORBIDDEN');
    dataOf(await server.gql(VIEWER, {}, { token: member.token }));
    dataOf(await server.gql(RESET, { input: { token, password: NEW_PASSWORD } }));
  });
});

describe('without SMTP_URL', () => {
  it('writes the reset mail to the server log only', async () => {
    const user = await buildUser(limited);
    expect(dataOf(await limited.gql(REQUEST, { input: { email: user.email } }, from('203.0.113.1'))).requestPasswordReset).toBe(true);
    const deadline = Date.now() + 5_000;
    let line: Record<string, any> | undefined;
    while (!(line = limited.logs.find((l) => l.mail?.to === user.email)) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(line).toMatchObject({ msg: expect.stringMatching(/SMTP_URL is unset/), mail: { kind: 'password-reset' } });
    // The logged link is a working one.
    const token = tokenOf((line!.mail.text as string).match(/https?:\/\/\S+/)![0], 'password-reset');
    dataOf(await limited.gql(RESET, { input: { token, password: NEW_PASSWORD } }, from('203.0.113.1')));
    expect(mailbox.to(user.email)).toEqual([]);
  });
});

describe('password reset limits', () => {
  it('refuses a third request for one email within the hour, from any address, alike whether or not it has an account', async () => {
    const user = await buildUser(limited);
    const shapes = [];
    for (const email of [user.email, uniqueEmail()]) {
      for (let i = 0; i < 2; i += 1) expect(dataOf(await limited.gql(REQUEST, { input: { email } }, from(`203.0.113.${20 + i}`))).requestPasswordReset).toBe(true);
      const refused = await limited.gql(REQUEST, { input: { email: email.toUpperCase() } }, from('203.0.113.30'));
      expect([refused.status, errorCode(refused)]).toEqual([429, 'RATE_LIMITED']);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      shapes.push({ status: refused.status, message: errorMessage(refused)?.replace(/\d+ s$/, 'N s'), data: refused.body.data });
    }
    expect(shapes[0]).toEqual(shapes[1]);
  });

  it('counts failed resets against the account’s email, and every attempt against the client address', async () => {
    const user = await buildUser(limited);
    expect(dataOf(await limited.gql(REQUEST, { input: { email: user.email } }, from('203.0.113.40'))).requestPasswordReset).toBe(true);
    let line: Record<string, any> | undefined;
    const deadline = Date.now() + 5_000;
    while (!(line = limited.logs.find((l) => l.mail?.to === user.email)) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    const token = tokenOf((line!.mail.text as string).match(/https?:\/\/\S+/)![0], 'password-reset');
    // Three refusals of the password (the email's budget), each from another address...
    for (let i = 0; i < 3; i += 1) {
      expect(errorCode(await limited.gql(RESET, { input: { token, password: `${user.email.split('@')[0]}${i}` } }, from(`203.0.113.${41 + i}`)))).toBe('BAD_USER_INPUT');
    }
    // ...and even a good one is refused now.
    const refused = await limited.gql(RESET, { input: { token, password: NEW_PASSWORD } }, from('203.0.113.50'));
    expect([refused.status, errorCode(refused)]).toEqual([429, 'RATE_LIMITED']);
    dataOf(await limited.gql(VIEWER, {}, { token: user.token }));

    // Per address: six credential attempts a minute, requests and resets alike.
    const ip = '203.0.113.99';
    for (let i = 0; i < 3; i += 1) dataOf(await limited.gql(REQUEST, { input: { email: uniqueEmail() } }, from(ip)));
    for (let i = 0; i < 3; i += 1) expect(errorCode(await limited.gql(RESET, { input: { token: `phr_${i}`, password: NEW_PASSWORD } }, from(ip)))).toBe('INVALID_TOKEN');
    const seventh = await limited.gql(REQUEST, { input: { email: uniqueEmail() } }, from(ip));
    expect([seventh.status, errorCode(seventh)]).toEqual([429, 'RATE_LIMITED']);
    expect(dataOf(await limited.gql(REQUEST, { input: { email: uniqueEmail() } }, from('203.0.113.98'))).requestPasswordReset).toBe(true);
  });
});
