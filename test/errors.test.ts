import { READINESS_PROBE } from '../src/db/readiness';
import { combineReads } from '../src/db/read-batch';
import { buildOrganisation } from './support/factories';
import { dataOf, errorCode, startTestServer, useTestServer } from './support/harness';
import { createTestDatabase } from './support/test-database';

const server = useTestServer();

const NO_INTERNALS = /stack|\.ts:|\.js:|node_modules|\/work\/|SELECT|INSERT|relation "|column "|QueryFailedError/i;

describe('errors', () => {
  it('masks an internal error with a request id that is in the log', async () => {
    const org = await buildOrganisation(server);
    // Break the database under the running server: the next write fails inside PostgreSQL.
    await server.sql('ALTER TABLE api_keys RENAME COLUMN name TO name_broken');
    try {
      const response = await server.gql(`mutation { createApiKey(input: { name: "boom" }) { secret } }`, {}, org.as);
      const error = response.body.errors?.[0];
      expect(error).toMatchObject({ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } });
      expect(JSON.stringify(response.body)).not.toMatch(NO_INTERNALS);
      const requestId = error?.extensions?.requestId;
      expect(requestId).toEqual(response.headers.get('x-request-id'));
      const logged = server.logs.find((line) => line.requestId === requestId && line.level >= 50);
      expect(logged?.err?.message).toMatch(/name/);
    } finally {
      await server.sql('ALTER TABLE api_keys RENAME COLUMN name_broken TO name');
    }
    // The failed mutation left nothing behind, and the server carries on.
    expect(await server.sql(`SELECT 1 FROM activity_events WHERE type = 'API_KEY_CREATED'`)).toHaveLength(0);
    expect(dataOf(await server.gql(`{ organisation { slug } }`, {}, org.as)).organisation.slug).toBe(org.slug);
  });

  it('answers malformed JSON with a JSON 400, not an HTML page', async () => {
    const response = await fetch(server.graphqlUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":' });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/application\/json/);
    const text = await response.text();
    expect(JSON.parse(text).errors[0].extensions.code).toBe('BAD_REQUEST');
    expect(text).not.toMatch(NO_INTERNALS);
  });

  it('answers an oversized body with a JSON 413', async () => {
    const response = await fetch(server.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `{ __typename }`, variables: { pad: 'x'.repeat(200_000) } }),
    });
    expect(response.status).toBe(413);
    expect(((await response.json()) as any).errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('gives parse and validation errors a code and no internals', async () => {
    const parse = await server.gql(`{ viewer {`);
    expect(parse.status).toBe(400);
    expect(errorCode(parse)).toBe('GRAPHQL_PARSE_FAILED');
    const validation = await server.gql(`{ nope }`);
    expect(validation.status).toBe(400);
    expect(errorCode(validation)).toBe('GRAPHQL_VALIDATION_FAILED');
    const variable = await server.gql(`query ($first: Int) { activity(first: $first) { totalCount } }`, { first: 'abc' });
    expect(variable.status).toBe(400);
    expect(errorCode(variable)).toBe('BAD_USER_INPUT');
    for (const response of [parse, validation, variable]) expect(JSON.stringify(response.body)).not.toMatch(NO_INTERNALS);
  });

  it('refuses batched requests', async () => {
    const response = await fetch(server.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([{ query: '{ __typename }' }, { query: '{ __typename }' }]),
    });
    expect(response.status).toBe(400);
  });

  it('blocks CSRF-able requests and GET mutations', async () => {
    const form = await fetch(server.graphqlUrl, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{"query":"{ __typename }"}' });
    expect(form.status).toBe(400);
    const getMutation = await fetch(`${server.graphqlUrl}?query=${encodeURIComponent('mutation { logIn(input: {email: "a", password: "b"}) { token } }')}`, {
      headers: { 'apollo-require-preflight': 'true' },
    });
    expect(getMutation.status).toBe(405);
  });

  it('rejects page sizes over 100 with BAD_USER_INPUT on the argument', async () => {
    const org = await buildOrganisation(server);
    const response = await server.gql(`{ activity(first: 1000) { totalCount } }`, {}, org.as);
    expect(errorCode(response)).toBe('BAD_USER_INPUT');
    expect(response.body.errors?.[0]?.extensions?.field).toBe('first');
  });

  it('serves liveness and readiness', async () => {
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready' });
  });

  it('says not ready when requests could not read, though the database answers SELECT 1', async () => {
    // Every pooled connection's session already holds the name of the probe's read: the way the
    // embedded database once failed every named read (issue 12) while a bare ping succeeded.
    // Each connection its own session: straight to PostgreSQL, also in the suite's run through
    // PgBouncer (where the reads are unnamed and this cannot happen).
    const database = await createTestDatabase();
    const broken = await startTestServer({ database: { ...database, url: database.listenUrl ?? database.url } });
    try {
      const { sql: probe } = combineReads([{ statement: READINESS_PROBE, params: [] }]);
      const runners = Array.from({ length: broken.database.poolSize }, () => broken.dataSource.createQueryRunner());
      await Promise.all(runners.map((runner) => runner.connect()));
      try {
        for (const runner of runners) await runner.query(`PREPARE ${(probe as { name: string }).name} AS SELECT 2`);
      } finally {
        await Promise.all(runners.map((runner) => runner.release()));
      }
      expect(await broken.sql('SELECT 1 AS ping')).toEqual([{ ping: 1 }]);
      const unready = await fetch(`${broken.url}/readyz`);
      expect(unready.status).toBe(503);
      expect(await unready.json()).toEqual({ status: 'database unreachable' });
    } finally {
      await broken.stop();
      await database.drop();
    }
  });
});
