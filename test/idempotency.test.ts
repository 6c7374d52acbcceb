import { randomUUID } from 'node:crypto';
import { Role } from '../src/auth/role';
import { buildMember, buildOrganisation, type TestOrganisation } from './support/factories';
import { dataOf, errorCode, useTestServer, type Caller } from './support/harness';

// Idempotency keys, the Stripe model (catalogue 50): a retried or duplicated mutation acts once.

const server = useTestServer();

const CREATE_PARTNER = `mutation ($input: CreatePartnerInput!) { createPartner(input: $input) { id name kind version } }`;
const withKey = (caller: Caller, key: string): Caller => ({ ...caller, headers: { ...caller.headers, 'idempotency-key': key } });

async function partnersNamed(name: string): Promise<number> {
  const [{ count }] = await server.sql(`SELECT count(*)::int AS count FROM partners WHERE name = $1`, [name]);
  return count;
}

describe('idempotency keys', () => {
  let org: TestOrganisation;
  beforeAll(async () => {
    org = await buildOrganisation(server);
  });

  it('answers a sequential retry with the first response, and acts once', async () => {
    const key = randomUUID();
    const input = { name: `Retried ${key}`, kind: 'STAFF' };
    const first = await server.gql(CREATE_PARTNER, { input }, withKey(org.as, key));
    const retry = await server.gql(CREATE_PARTNER, { input }, withKey(org.as, key));
    expect(dataOf(first).createPartner.name).toBe(input.name);
    expect(retry.status).toBe(first.status);
    expect(retry.body.data).toEqual(first.body.data);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    expect(await partnersNamed(input.name)).toBe(1);
    expect(await server.sql(`SELECT 1 FROM activity_events WHERE summary LIKE $1`, [`%${input.name}%`])).toHaveLength(1);
    // The key lives in a tenant table, with its organisation and caller.
    const rows = await server.sql(
      `SELECT k.caller, k.response IS NOT NULL AS stored FROM idempotency_keys k JOIN organisations o ON o.id = k.organisation_id WHERE o.slug = $1 AND k.key = $2`,
      [org.slug, key],
    );
    expect(rows).toEqual([{ caller: expect.stringMatching(/^user:/), stored: true }]);
  });

  it('runs concurrent duplicates once, every caller getting the same response', async () => {
    const key = randomUUID();
    const input = { name: `Concurrent ${key}`, kind: 'TRADE_UNION' };
    const responses = await Promise.all(Array.from({ length: 5 }, () => server.gql(CREATE_PARTNER, { input }, withKey(org.as, key))));
    const created = dataOf(responses[0]!).createPartner;
    for (const response of responses) expect(dataOf(response).createPartner).toEqual(created);
    expect(responses.filter((r) => r.headers.get('idempotent-replayed') === 'true')).toHaveLength(4);
    expect(await partnersNamed(input.name)).toBe(1);
  });

  it('refuses the same key with a different request', async () => {
    const key = randomUUID();
    dataOf(await server.gql(CREATE_PARTNER, { input: { name: `Original ${key}`, kind: 'STAFF' } }, withKey(org.as, key)));
    const reused = await server.gql(CREATE_PARTNER, { input: { name: `Different ${key}`, kind: 'STAFF' } }, withKey(org.as, key));
    expect(reused.status).toBe(422);
    expect(errorCode(reused)).toBe('BAD_USER_INPUT');
    expect(reused.body.errors?.[0]?.message).toMatch(/already used with a different request/);
    expect(await partnersNamed(`Different ${key}`)).toBe(0);
    // Layout and key order are not differences.
    const same = await server.gql(
      `mutation ($input: CreatePartnerInput!) {\n  createPartner(input: $input) { id name kind version }\n}`,
      { input: { kind: 'STAFF', name: `Original ${key}` } },
      withKey(org.as, key),
    );
    expect(same.headers.get('idempotent-replayed')).toBe('true');
  });

  it('scopes keys to organisation and caller', async () => {
    const key = randomUUID();
    const member = await buildMember(server, org, Role.MEMBER);
    const elsewhere = await buildOrganisation(server, { owner: org.owner });
    // The same key, and each caller its own partner (one organisation's partners cannot share a name).
    const callers = [org.as, member.as, elsewhere.as];
    for (const [index, caller] of callers.entries()) {
      const response = await server.gql(CREATE_PARTNER, { input: { name: `Scoped ${key} ${index}`, kind: 'OTHER' } }, withKey(caller, key));
      expect(dataOf(response).createPartner.name).toBe(`Scoped ${key} ${index}`);
      expect(response.headers.get('idempotent-replayed')).toBeNull();
    }
  });

  it('keeps nothing when the transaction fails to commit, so the retry runs', async () => {
    const key = randomUUID();
    const input = { name: `Boom ${key}`, kind: 'STAFF' };
    // A deferred trigger fails the request's COMMIT after the partner, the event and the key were written.
    await server.sql(`CREATE OR REPLACE FUNCTION fail_on_boom() RETURNS trigger LANGUAGE plpgsql AS
      $$ BEGIN IF NEW.summary LIKE '%Boom%' THEN RAISE EXCEPTION 'boom'; END IF; RETURN NULL; END $$`);
    await server.sql(`CREATE CONSTRAINT TRIGGER fail_on_boom AFTER INSERT ON activity_events
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION fail_on_boom()`);
    try {
      const failed = await server.gql(CREATE_PARTNER, { input }, withKey(org.as, key));
      expect(failed.status).toBe(500);
      expect(errorCode(failed)).toBe('INTERNAL_SERVER_ERROR');
    } finally {
      await server.sql('DROP TRIGGER fail_on_boom ON activity_events');
    }
    expect(await server.sql(`SELECT 1 FROM idempotency_keys WHERE key = $1`, [key])).toHaveLength(0);
    const retry = await server.gql(CREATE_PARTNER, { input }, withKey(org.as, key));
    expect(dataOf(retry).createPartner.name).toBe(input.name);
    expect(retry.headers.get('idempotent-replayed')).toBeNull();
    expect(await partnersNamed(input.name)).toBe(1);
  });

  it('replays a mutation error as it was, without running it again', async () => {
    const key = randomUUID();
    const input = { name: 'x'.repeat(10_000), kind: 'STAFF' };
    const first = await server.gql(CREATE_PARTNER, { input }, withKey(org.as, key));
    expect(errorCode(first)).toBe('BAD_USER_INPUT');
    const retry = await server.gql(CREATE_PARTNER, { input }, withKey(org.as, key));
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.body.errors).toEqual(first.body.errors);
  });

  it('never keeps a secret: a retried createApiKey is CONFLICT and no second key exists', async () => {
    const key = randomUUID();
    const name = `key ${key}`;
    const createKey = `mutation { createApiKey(input: { name: "${name}" }) { secret } }`;
    const first = await server.gql(createKey, {}, withKey(org.as, key));
    const secret = dataOf(first).createApiKey.secret;
    const retry = await server.gql(createKey, {}, withKey(org.as, key));
    expect(retry.status).toBe(409);
    expect(errorCode(retry)).toBe('CONFLICT');
    expect(await server.sql(`SELECT 1 FROM api_keys WHERE name = $1`, [name])).toHaveLength(1);
    const [row] = await server.sql(`SELECT response::text AS response FROM idempotency_keys WHERE key = $1`, [key]);
    expect(row.response).toBeNull();
    expect(JSON.stringify(await server.sql(`SELECT response FROM idempotency_keys`))).not.toContain(secret);
  });

  it('keeps at most IDEMPOTENCY_MAX_STORED_BYTES of a response: a larger one is returned, its retry is CONFLICT and acts not again (catalogue 64)', async () => {
    const key = randomUUID();
    const name = `Large ${key}`;
    // 10,000 two-byte characters, selected under 15 aliases: a response of about 300 KB, over the default 64 KiB.
    const summary = 'é'.repeat(10_000);
    const aliases = Array.from({ length: 15 }, (_, i) => `s${i}: summary`).join(' ');
    const createLarge = `mutation ($input: CreateProjectInput!) { createProject(input: $input) { id name ${aliases} } }`;
    const first = await server.gql(createLarge, { input: { name, summary } }, withKey(org.as, key));
    const created = dataOf(first).createProject;
    expect(created.s14).toBe(summary);
    expect(Buffer.byteLength(JSON.stringify(first.body))).toBeGreaterThan(64 * 1024);

    const [row] = await server.sql(`SELECT octet_length(response::text) AS bytes, response FROM idempotency_keys WHERE key = $1`, [key]);
    expect(row.bytes).toBeLessThan(100);
    expect(row.response).toEqual({ omitted: 'TOO_LARGE', bytes: expect.any(Number) });

    const retry = await server.gql(createLarge, { input: { name, summary } }, withKey(org.as, key));
    expect(retry.status).toBe(409);
    expect(errorCode(retry)).toBe('CONFLICT');
    expect(retry.body.errors?.[0]?.message).toMatch(/succeeded; its response was too large to keep/);
    expect(retry.body.data).toBeUndefined();
    const [{ count }] = await server.sql(`SELECT count(*)::int AS count FROM projects WHERE name = $1`, [name]);
    expect(count).toBe(1);

    // A response under the limit is still kept and replayed whole.
    const smallKey = randomUUID();
    const small = `mutation ($input: CreateProjectInput!) { createProject(input: $input) { id name summary } }`;
    const kept = await server.gql(small, { input: { name: `Small ${smallKey}`, summary: 'é'.repeat(1_000) } }, withKey(org.as, smallKey));
    const replayed = await server.gql(small, { input: { name: `Small ${smallKey}`, summary: 'é'.repeat(1_000) } }, withKey(org.as, smallKey));
    expect(replayed.headers.get('idempotent-replayed')).toBe('true');
    expect(replayed.body.data).toEqual(dataOf(kept));
  });

  it('treats a key older than its retention (24 h) as new', async () => {
    const key = randomUUID();
    dataOf(await server.gql(CREATE_PARTNER, { input: { name: `Old ${key}`, kind: 'STAFF' } }, withKey(org.as, key)));
    await server.sql(`UPDATE idempotency_keys SET created_at = now() - interval '25 hours' WHERE key = $1`, [key]);
    const reused = await server.gql(CREATE_PARTNER, { input: { name: `New ${key}`, kind: 'STAFF' } }, withKey(org.as, key));
    expect(dataOf(reused).createPartner.name).toBe(`New ${key}`);
  });

  it('refuses a malformed key, and ignores the header on queries', async () => {
    const tooLong = await server.gql(CREATE_PARTNER, { input: { name: 'Never', kind: 'STAFF' } }, withKey(org.as, 'k'.repeat(256)));
    expect(tooLong.status).toBe(400);
    expect(errorCode(tooLong)).toBe('BAD_USER_INPUT');
    expect(await partnersNamed('Never')).toBe(0);
    const query = await server.gql(`{ organisation { slug } }`, {}, withKey(org.as, randomUUID()));
    expect(dataOf(query).organisation.slug).toBe(org.slug);
  });
});
