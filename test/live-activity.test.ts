import net from 'node:net';
import { Client } from 'pg';
import WebSocket from 'ws';
import { signUserToken } from '../src/auth/tokens';
import { Role } from '../src/auth/role';
import { buildApiKey, buildMember, buildOrganisation, buildUser } from './support/factories';
import { dataOf, startTestServer, untilSubscribed, useTestServer, type TestServer } from './support/harness';
import { connect, pause, type Subscriber } from './support/ws-client';
import { adminUrl } from './support/test-database';
import { appendBacklog, backlogSummaries } from './support/activity-backlog';
import { print } from 'graphql';
import { ActivityDocument } from '../web/src/gql/graphql';

/** The dashboard's own activity subscription (web/src/live.ts, typed in web/src/gql). */
const ACTIVITY_SUBSCRIPTION = print(ActivityDocument);

const server = useTestServer();

const ACTIVITY = `subscription ($after: String) { activity(after: $after) { cursor type summary actor entityType } }`;
const addKey = (name: string) => `mutation { createApiKey(input: { name: "${name}" }) { apiKey { id } } }`;

async function cursorNow(s: TestServer, caller: { token?: string; organisation?: string }): Promise<string | null> {
  const page = dataOf(await s.gql(`{ activity(first: 100) { pageInfo { endCursor } } }`, {}, caller));
  return page.activity.pageInfo.endCursor;
}

async function userId(s: TestServer, email: string): Promise<string> {
  const [row] = await s.sql<{ id: string }>('SELECT id FROM users WHERE email = $1', [email]);
  return row!.id;
}

/** Waits for `count` results; fails at once if the server completes the subscription first. */
function receive<T>(events: Subscriber<T>, count: number, timeoutMs = 90_000) {
  const completed = events.done.then(() => {
    throw new Error(`the server completed the subscription after ${events.results.length} results`);
  });
  return Promise.race([events.waitFor(count, timeoutMs), completed]);
}

/** The dashboard's own activity subscription: its fields include `actor`, read per event. */
const DASHBOARD_ACTIVITY = ACTIVITY_SUBSCRIPTION;
const BACKLOG = 3_000;

describe('activity subscription', () => {
  it('delivers committed events live, only to the organisation they belong to', async () => {
    const a = await buildOrganisation(server);
    const b = await buildOrganisation(server);
    const aSocket = connect(server.wsUrl, { authorization: `Bearer ${a.owner.token}`, organisation: a.slug });
    const bSocket = connect(server.wsUrl, { authorization: `Bearer ${b.owner.token}`, organisation: b.slug });
    try {
      const aEvents = aSocket.subscribe(ACTIVITY);
      const bEvents = bSocket.subscribe(ACTIVITY);
      await untilSubscribed(server, a);
      await untilSubscribed(server, b);
      dataOf(await server.gql(addKey('screen one'), {}, a.as));
      const [first] = await aEvents.waitFor(1);
      expect(first?.data?.activity).toMatchObject({ type: 'API_KEY_CREATED', entityType: 'ApiKey', actor: a.owner.name });
      await pause(300);
      expect(bEvents.results).toHaveLength(0);
    } finally {
      await aSocket.dispose();
      await bSocket.dispose();
    }
  });

  it('delivers nothing for a mutation whose transaction rolls back', async () => {
    const a = await buildOrganisation(server);
    // A deferred trigger fails the request's COMMIT after the event row and its NOTIFY were written.
    await server.sql(`CREATE OR REPLACE FUNCTION fail_on_boom() RETURNS trigger LANGUAGE plpgsql AS
      $$ BEGIN IF NEW.summary LIKE '%boom%' THEN RAISE EXCEPTION 'boom'; END IF; RETURN NULL; END $$`);
    await server.sql(`CREATE CONSTRAINT TRIGGER fail_on_boom AFTER INSERT ON activity_events
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION fail_on_boom()`);
    const socket = connect(server.wsUrl, { authorization: `Bearer ${a.owner.token}`, organisation: a.slug });
    try {
      const events = socket.subscribe(ACTIVITY);
      await untilSubscribed(server, a);
      const failed = await server.gql(addKey('boom'), {}, a.as);
      expect(failed.body.errors?.[0]?.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
      expect(await server.sql(`SELECT 1 FROM api_keys WHERE name = 'boom'`)).toHaveLength(0);
      dataOf(await server.gql(addKey('fine'), {}, a.as));
      const [only] = await events.waitFor(1);
      expect(only?.data?.activity.summary).toBe('API key fine (observer) created');
      await pause(300);
      expect(events.results).toHaveLength(1);
    } finally {
      await socket.dispose();
      await server.sql('DROP TRIGGER fail_on_boom ON activity_events');
    }
  });

  it('replays exactly what was missed after a disconnect, in order, then goes live', async () => {
    const a = await buildOrganisation(server);
    const caller = a.as;
    const cursor = await cursorNow(server, caller);
    for (let i = 0; i < 20; i += 1) dataOf(await server.gql(addKey(`missed ${i}`), {}, caller));
    const socket = connect(server.wsUrl, { authorization: `Bearer ${a.owner.token}`, organisation: a.slug });
    try {
      const events = socket.subscribe(ACTIVITY, { after: cursor });
      const replayed = await events.waitFor(20);
      expect(replayed.map((r) => r.data?.activity.summary)).toEqual(Array.from({ length: 20 }, (_, i) => `API key missed ${i} (observer) created`));
      dataOf(await server.gql(addKey('live one'), {}, caller));
      const all = await events.waitFor(21);
      expect(all[20]?.data?.activity.summary).toBe('API key live one (observer) created');
      await pause(300);
      expect(events.results).toHaveLength(21);
      const cursors = all.map((r) => r.data?.activity.cursor);
      expect(new Set(cursors).size).toBe(21);
    } finally {
      await socket.dispose();
    }
  });

  it("resumes 3,000 events behind with the dashboard's fields: every event in order, then live, never completed (catalogue 60)", async () => {
    const a = await buildOrganisation(server);
    const cursor = await cursorNow(server, a.as);
    // White-box: the backlog in one statement, numbered from the organisation's counter as
    // recordActivity numbers events (3,000 mutations would take minutes).
    await appendBacklog(server.sql, a.uuid, await userId(server, a.owner.email), BACKLOG);
    const socket = connect(server.wsUrl, { authorization: `Bearer ${a.owner.token}`, organisation: a.slug });
    try {
      const events = socket.subscribe(DASHBOARD_ACTIVITY, { after: cursor });
      const replayed = await receive(events, BACKLOG);
      expect(replayed.map((r) => r.data?.activity.summary)).toEqual(backlogSummaries(BACKLOG));
      expect(replayed.every((r) => r.data?.activity.actor === a.owner.name && r.data?.activity.occurredAt)).toBe(true);
      expect(new Set(replayed.map((r) => r.data?.activity.cursor)).size).toBe(BACKLOG);

      dataOf(await server.gql(addKey('after the backlog'), {}, a.as));
      const all = await receive(events, BACKLOG + 1);
      expect(all[BACKLOG]?.data?.activity.summary).toBe('API key after the backlog (observer) created');
      await pause(300);
      expect(events.results).toHaveLength(BACKLOG + 1);
    } finally {
      await socket.dispose();
    }
  }, 180_000);
});

describe('WebSocket security', () => {
  it('closes a socket that never sends connection_init (4408)', async () => {
    const socket = new WebSocket(server.wsUrl, 'graphql-transport-ws');
    const code = await new Promise<number>((resolve) => socket.on('close', (c) => resolve(c)));
    expect(code).toBe(4408);
  });

  it('refuses bad credentials with 4403', async () => {
    for (const params of [{}, { authorization: 'Bearer nonsense' }]) {
      const socket = connect(server.wsUrl, params);
      expect(await socket.closed).toBe(4403);
    }
    const user = await buildUser(server);
    const other = await buildOrganisation(server);
    const socket = connect(server.wsUrl, { authorization: `Bearer ${user.token}`, organisation: other.slug });
    expect(await socket.closed).toBe(4403);
  });

  it('runs queries and mutations over the socket as over HTTP: the same answer, credentials, limits and transaction', async () => {
    const a = await buildOrganisation(server, { name: 'Socket Trust' });
    const observer = await buildMember(server, a, Role.OBSERVER);
    const socket = connect(server.wsUrl, { authorization: `Bearer ${a.owner.token}`, organisation: a.slug });
    const watcher = connect(server.wsUrl, { authorization: `Bearer ${observer.token}`, organisation: a.slug });
    const once = async (on: typeof socket, query: string, variables?: Record<string, unknown>) => {
      const attempt = on.subscribe(query, variables);
      await attempt.done;
      return attempt.results;
    };
    try {
      // A query: one result, then complete, the same as over HTTP.
      const query = `{ organisation { name } viewer { user { email } } }`;
      const overHttp = (await server.gql(query, {}, a.as)).body;
      const overSocket = await once(socket, query);
      expect(overSocket).toEqual([{ data: overHttp.data, extensions: { ...overHttp.extensions, rateLimit: expect.any(Object) } }]);
      expect(overHttp.extensions?.cost).toEqual(expect.any(Number));
      // A mutation commits: HTTP sees it, and the activity log has it.
      const created = await once(socket, `mutation { createApiKey(input: { name: "ws", role: OBSERVER }) { apiKey { name } } }`);
      expect(created).toMatchObject([{ data: { createApiKey: { apiKey: { name: 'ws' } } } }]);
      expect(await server.sql(`SELECT name FROM api_keys WHERE organisation_id = $1 AND name = 'ws'`, [a.uuid])).toHaveLength(1);
      // The socket's own credentials decide: an OBSERVER's mutation is FORBIDDEN and writes nothing.
      const refused = await once(watcher, `mutation { createApiKey(input: { name: "observer-ws", role: OBSERVER }) { secret } }`);
      expect(refused[0]?.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(await server.sql(`SELECT 1 FROM api_keys WHERE name = 'observer-ws'`)).toHaveLength(0);
      // The same limits: an invalid document is refused before anything runs, with Apollo's code.
      const invalid = await once(socket, `{ organisation { nonsense } }`);
      expect(invalid[0]?.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
      // Bad input is the mutation's own error, and the transaction rolls back.
      const bad = await once(socket, `mutation { createProject(input: { name: "" }) { id } }`);
      expect(bad[0]?.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    } finally {
      await socket.dispose();
      await watcher.dispose();
    }
  });

  it('closes the socket when its token expires', async () => {
    const a = await buildOrganisation(server);
    const [{ id }] = await server.sql('SELECT id FROM users WHERE email = $1', [a.owner.email]);
    const shortLived = await signUserToken(new TextEncoder().encode('test-secret-test-secret-test-secret-0123456789'), id, 2);
    const socket = connect(server.wsUrl, { authorization: `Bearer ${shortLived}`, organisation: a.slug });
    socket.subscribe(ACTIVITY);
    expect(await socket.closed).toBe(4403);
  });

  it('closes the socket when its API key is revoked or its membership removed', async () => {
    const a = await buildOrganisation(server);
    const key = await buildApiKey(server, a, Role.OBSERVER);
    const member = await buildMember(server, a, Role.OBSERVER);
    const keySocket = connect(server.wsUrl, { authorization: `Bearer ${key.secret}` });
    const memberSocket = connect(server.wsUrl, { authorization: `Bearer ${member.token}`, organisation: a.slug });
    keySocket.subscribe(ACTIVITY);
    memberSocket.subscribe(ACTIVITY);
    await untilSubscribed(server, a);
    dataOf(await server.gql(`mutation ($id: ID!) { revokeApiKey(id: $id) { id } }`, { id: key.id }, a.as));
    dataOf(await server.gql(`mutation ($id: ID!) { removeMember(input: { membershipId: $id }) { id } }`, { id: member.membershipId }, a.as));
    expect(await keySocket.closed).toBe(4403);
    expect(await memberSocket.closed).toBe(4403);
  });
});

// Several processes need a shared PostgreSQL: the embedded database lives inside one process.
if (adminUrl)
  describe('fan-out across server processes (PostgreSQL LISTEN/NOTIFY)', () => {
    it('delivers a change made through another server', async () => {
      const second = await startTestServer({ database: server.database });
      try {
        const a = await buildOrganisation(server);
        const socket = connect(server.wsUrl, { authorization: `Bearer ${a.owner.token}`, organisation: a.slug });
        const events = socket.subscribe(ACTIVITY);
        await untilSubscribed(server, a);
        dataOf(await second.gql(addKey('from the other process'), {}, a.as));
        const [event] = await events.waitFor(1);
        expect(event?.data?.activity.summary).toBe('API key from the other process (observer) created');
        await socket.dispose();
      } finally {
        await second.stop();
      }
    });

    it('loses nothing when the LISTEN connection is killed', async () => {
      const second = await startTestServer({ database: server.database });
      try {
        const a = await buildOrganisation(server);
        const socket = connect(server.wsUrl, { authorization: `Bearer ${a.owner.token}`, organisation: a.slug });
        const events = socket.subscribe(ACTIVITY);
        await untilSubscribed(server, a);
        const pid = server.live.listener?.backendPid;
        expect(pid).toBeDefined();
        await server.sql('SELECT pg_terminate_backend($1)', [pid]);
        for (let i = 0; i < 10; i += 1) dataOf(await second.gql(addKey(`during outage ${i}`), {}, a.as));
        const received = await events.waitFor(10, 15_000);
        expect(received.map((r) => r.data?.activity.summary)).toEqual(Array.from({ length: 10 }, (_, i) => `API key during outage ${i} (observer) created`));
        await socket.dispose();
      } finally {
        await second.stop();
      }
    });

    it('catches up a 3,000-event backlog after the LISTEN connection is killed, dropping none, then goes on live (catalogue 60)', async () => {
      const a = await buildOrganisation(server);
      const socket = connect(server.wsUrl, { authorization: `Bearer ${a.owner.token}`, organisation: a.slug });
      const owner = new Client({ connectionString: server.database.url });
      await owner.connect();
      try {
        const events = socket.subscribe(DASHBOARD_ACTIVITY, { after: null });
        await untilSubscribed(server, a);
        const pid = server.live.listener?.backendPid;
        expect(pid).toBeDefined();
        // The backlog commits right after the LISTEN backend dies, long before the listener's first
        // reconnect (100 ms later): its NOTIFYs reach no one, and only the catch-up from the table
        // on reconnecting can deliver it, 1,000 rows a read.
        await owner.query('BEGIN');
        await appendBacklog((text, params) => owner.query(text, params), a.uuid, await userId(server, a.owner.email), BACKLOG);
        await server.sql('SELECT pg_terminate_backend($1)', [pid]);
        await owner.query('COMMIT');

        const received = await receive(events, BACKLOG);
        expect(received.map((r) => r.data?.activity.summary)).toEqual(backlogSummaries(BACKLOG));
        expect(server.live.listener?.backendPid).not.toBe(pid);
        dataOf(await server.gql(addKey('after the catch-up'), {}, a.as));
        const all = await receive(events, BACKLOG + 1);
        expect(all[BACKLOG]?.data?.activity.summary).toBe('API key after the catch-up (observer) created');
        await pause(300);
        expect(events.results).toHaveLength(BACKLOG + 1);
      } finally {
        await owner.end();
        await socket.dispose();
      }
    }, 180_000);
  });

describe('WebSocket origin check', () => {
  const upgrade = (headers: Record<string, string>) =>
    new Promise<number>((resolve) => {
      const socket = new WebSocket(server.wsUrl, 'graphql-transport-ws', { headers });
      socket.on('open', () => {
        socket.close();
        resolve(101);
      });
      socket.on('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
      socket.on('error', () => undefined);
    });

  it('refuses an upgrade with 2,000 headers and stays up', async () => {
    const { port } = new URL(server.url);
    const answer = await new Promise<string>((resolve) => {
      const socket = net.connect(Number(port), '127.0.0.1', () => {
        const headers = Array.from({ length: 2000 }, (_, i) => `x-h${i}: ${i}`).join('\r\n');
        socket.write(
          `GET /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
            `Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n${headers}\r\n\r\n`,
        );
      });
      let received = '';
      socket.on('data', (chunk) => (received += chunk.toString()));
      socket.on('close', () => resolve(received));
      socket.on('error', () => resolve(received));
    });
    expect(answer).not.toMatch(/^HTTP\/1\.1 101/);
    expect(answer).toMatch(/^HTTP\/1\.1 431/);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });

  it('refuses a browser upgrade from another site, and accepts its own origin and non-browsers', async () => {
    expect(await upgrade({ origin: 'https://evil.example' })).toBe(403);
    expect(await upgrade({ origin: server.url })).toBe(101);
    expect(await upgrade({})).toBe(101);
  });
});
