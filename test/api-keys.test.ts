import { signUserToken } from '../src/auth/tokens';
import { Role } from '../src/auth/role';
import { buildApiKey, buildMember, buildOrganisation } from './support/factories';
import { dataOf, errorCode, useTestServer } from './support/harness';
import { uuidOf } from './support/ids';

const server = useTestServer();

const CREATE = `mutation ($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret apiKey { id name role createdAt revokedAt } } }`;
const REVOKE = `mutation ($id: ID!) { revokeApiKey(id: $id) { id revokedAt } }`;
const VIEWER = `{ viewer { user { id } apiKey { id name role } } organisation { slug } }`;
/** The key test/support/harness.ts gives the server to sign user tokens with. */
const AUTH_KEY = new TextEncoder().encode('test-secret-test-secret-test-secret-0123456789');

describe('API keys', () => {
  it('shows the secret once, stores only its hash, and authenticates with it', async () => {
    const org = await buildOrganisation(server);
    const created = dataOf(await server.gql(CREATE, { input: { name: 'Meeting room screen' } }, org.as)).createApiKey;
    expect(created.apiKey).toMatchObject({ name: 'Meeting room screen', role: 'OBSERVER', revokedAt: null });
    expect(created.secret).toMatch(/^phk_/);
    const rows = await server.sql('SELECT secret_hash FROM api_keys');
    expect(rows.some((r: any) => created.secret.includes(r.secret_hash))).toBe(false);

    // The key carries its organisation: no X-Organisation header needed.
    const viewer = dataOf(await server.gql(VIEWER, {}, { token: created.secret }));
    expect(viewer).toEqual({ viewer: { user: null, apiKey: { id: created.apiKey.id, name: 'Meeting room screen', role: 'OBSERVER' } }, organisation: { slug: org.slug } });
  });

  it('enforces the key role: an OBSERVER key cannot write', async () => {
    const org = await buildOrganisation(server);
    const observer = await buildApiKey(server, org, Role.OBSERVER);
    expect(errorCode(await server.gql(CREATE, { input: { name: 'escalate', role: 'ADMIN' } }, observer.as))).toBe('FORBIDDEN');
  });

  it('never grants more than the creator has, nor ownership', async () => {
    const org = await buildOrganisation(server);
    const admin = await buildMember(server, org, Role.ADMIN);
    expect(errorCode(await server.gql(CREATE, { input: { name: 'k', role: 'OWNER' } }, org.as))).toBe('BAD_USER_INPUT');
    expect(dataOf(await server.gql(CREATE, { input: { name: 'k', role: 'ADMIN' } }, admin.as)).createApiKey.apiKey.role).toBe('ADMIN');
    const member = await buildMember(server, org, Role.MEMBER);
    expect(errorCode(await server.gql(CREATE, { input: { name: 'k' } }, member.as))).toBe('FORBIDDEN');
  });

  it('stops working the moment it is revoked', async () => {
    const org = await buildOrganisation(server);
    const key = await buildApiKey(server, org, Role.MEMBER);
    dataOf(await server.gql(VIEWER, {}, key.as));
    const revoked = dataOf(await server.gql(REVOKE, { id: key.id }, org.as)).revokeApiKey;
    expect(revoked.revokedAt).not.toBeNull();
    expect(errorCode(await server.gql(VIEWER, {}, key.as))).toBe('UNAUTHENTICATED');
    // Revoking again keeps the first time.
    expect(dataOf(await server.gql(REVOKE, { id: key.id }, org.as)).revokeApiKey.revokedAt).toBe(revoked.revokedAt);
  });

  it('rejects tampered secrets and expired user tokens', async () => {
    const org = await buildOrganisation(server);
    const key = await buildApiKey(server, org);
    const tampered = key.secret.slice(0, -4) + (key.secret.endsWith('aaaa') ? 'bbbb' : 'aaaa');
    expect(errorCode(await server.gql(VIEWER, {}, { token: tampered }))).toBe('UNAUTHENTICATED');
    expect(errorCode(await server.gql(VIEWER, {}, { token: 'phk_garbage' }))).toBe('UNAUTHENTICATED');

    const userId = uuidOf(org.owner.id);
    const expired = await signUserToken(AUTH_KEY, userId, -60);
    expect(errorCode(await server.gql(VIEWER, {}, { token: expired, organisation: org.slug }))).toBe('UNAUTHENTICATED');
    const fresh = await signUserToken(AUTH_KEY, userId, 60);
    expect(dataOf(await server.gql(VIEWER, {}, { token: fresh, organisation: org.slug })).organisation.slug).toBe(org.slug);
  });

  it('returns NOT_FOUND for a key of another organisation and leaves it working', async () => {
    const a = await buildOrganisation(server);
    const b = await buildOrganisation(server);
    const aKey = await buildApiKey(server, a);
    expect(errorCode(await server.gql(REVOKE, { id: aKey.id }, b.as))).toBe('NOT_FOUND');
    dataOf(await server.gql(VIEWER, {}, aKey.as));
  });
});

describe('Organisation.apiKeys', () => {
  const KEYS = `{ organisation { apiKeys(first: 10) { totalCount nodes { id name role revokedAt } } } }`;

  it('lists the keys to the people who manage them, newest first, revoked ones with revokedAt, and no one else', async () => {
    const org = await buildOrganisation(server);
    const screen = await buildApiKey(server, org, Role.OBSERVER);
    const admin = await buildApiKey(server, org, Role.ADMIN);
    dataOf(await server.gql(`mutation ($id: ID!) { revokeApiKey(id: $id) { id } }`, { id: screen.id }, org.as));
    const listed = dataOf(await server.gql(KEYS, {}, org.as)).organisation.apiKeys;
    expect(listed.totalCount).toBe(2);
    expect(listed.nodes.map((key: any) => [key.id, key.role, key.revokedAt === null])).toEqual([
      [admin.id, 'ADMIN', true],
      [screen.id, 'OBSERVER', false],
    ]);
    expect(JSON.stringify(listed)).not.toContain(admin.secret);

    const member = await buildMember(server, org, Role.MEMBER);
    for (const caller of [member.as, admin.as]) expect(errorCode(await server.gql(KEYS, {}, caller))).toBe('FORBIDDEN');
    const other = await buildOrganisation(server);
    expect(dataOf(await server.gql(KEYS, {}, other.as)).organisation.apiKeys).toEqual({ totalCount: 0, nodes: [] });
  });
});
