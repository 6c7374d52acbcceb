import { APP_ROLE } from '../src/db/rls';
import { RequestDb } from '../src/db/request-db';
import { Role } from '../src/auth/role';
import { tenantSnapshot } from './support/db-state';
import { buildApiKey, buildMember, buildOrganisation } from './support/factories';
import { dataOf, errorCode, useTestServer } from './support/harness';

const server = useTestServer();

describe('tenant isolation', () => {
  it("gives organisation B's users and keys nothing of A, by id or by slug", async () => {
    const a = await buildOrganisation(server, { name: 'Alpha Trust MARKER-A' });
    const b = await buildOrganisation(server, { name: 'Beta Council' });
    const aKey = await buildApiKey(server, a, Role.ADMIN);
    const aMember = await buildMember(server, a, Role.MEMBER);
    const bKey = await buildApiKey(server, b, Role.ADMIN);
    const aBefore = await tenantSnapshot(server, a.uuid);

    // A's slug through B's user: not a member, so FORBIDDEN.
    expect(errorCode(await server.gql(`{ organisation { name } }`, {}, { token: b.owner.token, organisation: a.slug }))).toBe('FORBIDDEN');
    expect(errorCode(await server.gql(`{ organisation { name } }`, {}, { token: b.owner.token, organisation: a.id }))).toBe('FORBIDDEN');

    for (const caller of [b.as, bKey.as]) {
      // Keys and members are managed by people: a key is refused before any lookup (catalogue 61).
      const managing = caller === bKey.as ? 'FORBIDDEN' : 'NOT_FOUND';
      // A's ids look like ids that do not exist.
      for (const id of [a.id, aKey.id, aMember.membershipId]) {
        const node = await server.gql(`query ($id: ID!) { node(id: $id) { id } }`, { id }, caller);
        expect(dataOf(node).node).toBeNull();
      }
      expect(errorCode(await server.gql(`mutation ($id: ID!) { revokeApiKey(id: $id) { id } }`, { id: aKey.id }, caller))).toBe(managing);
      for (const mutation of [
        `mutation ($id: ID!) { changeMemberRole(input: { membershipId: $id, role: OBSERVER }) { id } }`,
        `mutation ($id: ID!) { removeMember(input: { membershipId: $id }) { id } }`,
      ]) {
        expect(errorCode(await server.gql(mutation, { id: aMember.membershipId }, caller))).toBe(managing);
      }
      const everything = await server.gql(`{ organisation { name members { user { email } } } activity(first: 100) { nodes { summary entityId } } }`, {}, caller);
      const text = JSON.stringify(dataOf(everything));
      expect(text).not.toContain('MARKER-A');
      expect(text).not.toContain(a.owner.email);
      expect(text).not.toContain(aMember.email);
    }

    // Nothing of A changed.
    expect(await tenantSnapshot(server, a.uuid)).toEqual(aBefore);
    const [key] = await server.sql('SELECT revoked_at FROM api_keys WHERE name IS NOT NULL AND organisation_id = $1 AND revoked_at IS NOT NULL', [a.uuid]);
    expect(key).toBeUndefined();
    const [membership] = await server.sql('SELECT role FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.email = $1', [aMember.email]);
    expect(membership.role).toBe('MEMBER');
    dataOf(await server.gql(`{ viewer { apiKey { id } } }`, {}, aKey.as));
  });

  it('cannot steer the organisation through an API key header', async () => {
    const a = await buildOrganisation(server);
    const b = await buildOrganisation(server);
    const bKey = await buildApiKey(server, b);
    const response = dataOf(await server.gql(`{ organisation { slug } }`, {}, { ...bKey.as, organisation: a.slug }));
    expect(response.organisation.slug).toBe(b.slug);
  });
});

describe('row-level security (white box)', () => {
  it('binds every tenant table with ENABLE and FORCE row-level security', async () => {
    const tables = await server.sql<{ table_name: string; rls: boolean; forced: boolean }>(`
      SELECT c.relname AS table_name, c.relrowsecurity AS rls, c.relforcerowsecurity AS forced
        FROM information_schema.columns col
        JOIN pg_class c ON c.relname = col.table_name
        JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = col.table_schema
       WHERE col.table_schema = 'public' AND col.column_name = 'organisation_id' AND c.relkind = 'r'`);
    expect(tables.length).toBeGreaterThanOrEqual(4);
    for (const table of tables) expect(table).toMatchObject({ rls: true, forced: true });
    const policies = await server.sql<{ tablename: string }>(`SELECT DISTINCT tablename FROM pg_policies WHERE schemaname = 'public'`);
    expect(new Set(policies.map((p) => p.tablename))).toEqual(new Set([...tables.map((t) => t.table_name), 'organisations', 'users', 'organisation_creations']));
  });

  it('runs requests as a role that is neither superuser, nor BYPASSRLS, nor owner of any table', async () => {
    const db = new RequestDb(server.dataSource, {});
    try {
      const [role] = await db.query<{ current_user: string; rolsuper: boolean; rolbypassrls: boolean; owned: number }>(
        'the request role',
        `
        SELECT current_user, r.rolsuper, r.rolbypassrls,
               (SELECT count(*)::int FROM pg_class c WHERE c.relowner = r.oid) AS owned
          FROM pg_roles r WHERE r.rolname = current_user`,
      );
      expect(role).toEqual({ current_user: APP_ROLE, rolsuper: false, rolbypassrls: false, owned: 0 });
    } finally {
      await db.finish(false);
    }
  });

  it('shows a transaction without an organisation no tenant rows, and one organisation only its own', async () => {
    const a = await buildOrganisation(server);
    const b = await buildOrganisation(server);
    await buildApiKey(server, a);
    await buildApiKey(server, b);
    const [aId, bId] = [a.uuid, b.uuid];

    // One scope at a time: the embedded database has a single connection.
    const none = new RequestDb(server.dataSource, {});
    try {
      expect(await none.query('every api key', 'SELECT * FROM api_keys')).toHaveLength(0);
      expect(await none.query('every event', 'SELECT * FROM activity_events')).toHaveLength(0);
      expect(await none.query('every membership', 'SELECT * FROM memberships')).toHaveLength(0);
    } finally {
      await none.finish(false);
    }
    const scoped = new RequestDb(server.dataSource, { organisationId: bId });
    try {
      const keys = await scoped.query<{ organisation_id: string }>('every api key', 'SELECT organisation_id FROM api_keys');
      expect(keys.length).toBeGreaterThan(0);
      expect(keys.every((k) => k.organisation_id === bId)).toBe(true);
      // Writing into A from B's transaction is refused by the policy's WITH CHECK.
      await expect(
        scoped.query('write into another organisation', `INSERT INTO api_keys (organisation_id, name, role, secret_hash) VALUES ($1, 'x', 'ADMIN', 'x')`, [aId]),
      ).rejects.toThrow(/row-level security/);
    } finally {
      await scoped.finish(false);
    }
  });

  it('keeps the organisation setting inside the transaction (no leak to the next borrower)', async () => {
    const a = await buildOrganisation(server);
    const db = new RequestDb(server.dataSource, { organisationId: a.uuid });
    await db.query('open', 'SELECT 1');
    await db.finish(true);
    const after = await server.sql(`SELECT current_setting('app.organisation_id', true) AS org, current_user`);
    expect(after[0].org || '').toBe('');
    expect(after[0].current_user).not.toBe(APP_ROLE);
  });
});
