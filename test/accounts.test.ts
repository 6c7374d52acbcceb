import { buildUser } from './support/factories';
import { dataOf, errorCode, useTestServer } from './support/harness';

const server = useTestServer();

const SIGN_UP = `mutation ($input: SignUpInput!) { signUp(input: $input) { token user { id email name } } }`;
const LOG_IN = `mutation ($input: LogInInput!) { logIn(input: $input) { token user { id email } } }`;
const VIEWER = `{ viewer { user { id email name } organisations { role organisation { slug } } apiKey { id } } }`;

describe('accounts', () => {
  it('signs up, stores only a hash of the password, and signs in', async () => {
    const email = `Ann.${Date.now()}@Example.org`;
    const signedUp = dataOf(await server.gql(SIGN_UP, { input: { email, password: 'a long passphrase', name: ' Ann ' } }));
    expect(signedUp.signUp.user).toMatchObject({ email: email.toLowerCase(), name: 'Ann' });
    const [row] = await server.sql('SELECT password_hash FROM users WHERE email = $1', [email.toLowerCase()]);
    expect(row.password_hash).toMatch(/^scrypt\$/);
    expect(row.password_hash).not.toContain('a long passphrase');

    const loggedIn = dataOf(await server.gql(LOG_IN, { input: { email: email.toUpperCase(), password: 'a long passphrase' } }));
    expect(loggedIn.logIn.user.id).toBe(signedUp.signUp.user.id);
    const viewer = dataOf(await server.gql(VIEWER, {}, { token: loggedIn.logIn.token }));
    expect(viewer.viewer).toEqual({ user: signedUp.signUp.user, organisations: [], apiKey: null });
  });

  it('refuses a taken email with CONFLICT, whatever its case', async () => {
    const user = await buildUser(server);
    const again = await server.gql(SIGN_UP, { input: { email: user.email.toUpperCase(), password: 'another passphrase', name: 'Other' } });
    expect(errorCode(again)).toBe('CONFLICT');
    const [{ count }] = await server.sql('SELECT count(*)::int AS count FROM users WHERE lower(email) = $1', [user.email]);
    expect(count).toBe(1);
  });

  it('answers a wrong password and an unknown email alike', async () => {
    const user = await buildUser(server);
    const wrongPassword = await server.gql(LOG_IN, { input: { email: user.email, password: 'not the password' } });
    const unknownEmail = await server.gql(LOG_IN, { input: { email: `nobody-${Date.now()}@example.org`, password: 'not the password' } });
    expect(errorCode(wrongPassword)).toBe('UNAUTHENTICATED');
    expect(wrongPassword.body.errors).toEqual(unknownEmail.body.errors);
  });

  it('validates sign-up input with field paths and writes nothing', async () => {
    const email = `bad-${Date.now()}@example.org`;
    const response = await server.gql(SIGN_UP, { input: { email, password: 'short', name: 'Ann' } });
    expect(errorCode(response)).toBe('BAD_USER_INPUT');
    expect(response.body.errors?.[0]?.extensions?.field).toBe('input.password');
    for (const name of ['   ', 'x'.repeat(201), 'nul\u0000byte', 'lone \ud800 surrogate']) {
      const bad = await server.gql(SIGN_UP, { input: { email, password: 'long enough passphrase', name } });
      expect(errorCode(bad)).toBe('BAD_USER_INPUT');
      expect(bad.body.errors?.[0]?.extensions?.field).toBe('input.name');
    }
    expect(await server.sql('SELECT 1 FROM users WHERE email = $1', [email])).toHaveLength(0);
  });

  it('needs credentials for viewer, and rejects forged and expired tokens', async () => {
    expect(errorCode(await server.gql(VIEWER))).toBe('UNAUTHENTICATED');
    const user = await buildUser(server);
    const [header, payload] = user.token.split('.');
    const forged = `${header}.${payload}.${'A'.repeat(43)}`;
    expect(errorCode(await server.gql(VIEWER, {}, { token: forged }))).toBe('UNAUTHENTICATED');
    expect(errorCode(await server.gql(VIEWER, {}, { token: 'not-a-token' }))).toBe('UNAUTHENTICATED');
  });
});
