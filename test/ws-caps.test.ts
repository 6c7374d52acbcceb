import { performance } from 'node:perf_hooks';
import { loadConfig } from '../src/config';
import { notifyEventSql } from '../src/events/event-log';
import { Role } from '../src/auth/role';
import { buildApiKey, buildMember, buildOrganisation, type TestOrganisation } from './support/factories';
import { dataOf, errorCode, startTestServer, untilSubscribed, useTestServer, type Caller, type TestServer } from './support/harness';
import { uuidOf } from './support/ids';
import { bareConnect, connect, pause, type BareConnection, type Subscriber, type WsConnection } from './support/ws-client';

// Catalogue 62: a tenant's live connections cost what they make the server do. Sockets and
// subscriptions are capped per organisation (API keys count toward theirs) and per user; every
// delivery is charged to the organisation's rate limit, once per execution.

const server = useTestServer({
  env: { WS_MAX_SOCKETS_PER_ORGANISATION: '3', WS_MAX_SUBSCRIPTIONS_PER_ORGANISATION: '4', WS_MAX_SOCKETS_PER_USER: '2', WS_MAX_SUBSCRIPTIONS_PER_USER: '3' },
});

type Params = { authorization: string; organisation?: string };
const asOwner = (org: TestOrganisation): Params => ({ authorization: `Bearer ${org.owner.token}`, organisation: org.slug });
const asKey = (secret: string): Params => ({ authorization: `Bearer ${secret}` });
const addKey = (name: string) => `mutation { createApiKey(input: { name: "${name}" }) { apiKey { id } } }`;
/** Alike but for an alias: each opens an execution of its own (and a listener untilSubscribed counts). */
const ownActivity = (i: number) => `subscription { activity { cursor t${i}: type } }`;

/** Opens a socket: '' once acknowledged, or the reason it was closed before (the socket is closed either way). */
async function refusalOf(s: TestServer, params: Params): Promise<string> {
  try {
    const socket = await bareConnect(s.wsUrl, params);
    socket.socket.terminate();
    return '';
  } catch (error) {
    return (error as Error).message;
  }
}

/** A socket that a cap refuses until the server has counted a closed one out. */
async function openOnceFreed(s: TestServer, params: Params): Promise<BareConnection> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await bareConnect(s.wsUrl, params);
    } catch (error) {
      if (attempt === 50 || !/4029/.test((error as Error).message)) throw error;
      await pause(100);
    }
  }
}

/** The `error` message the server sent for subscription `id`, once it has. */
async function refusalFor(socket: BareConnection, id: string): Promise<{ message: string; extensions: Record<string, unknown> }> {
  for (let waited = 0; waited < 10_000; waited += 20) {
    const found = socket.errors.map((raw) => JSON.parse(raw) as { id: string; payload: { message: string; extensions: Record<string, unknown> }[] }).find((m) => m.id === id);
    if (found) return found.payload[0]!;
    await pause(20);
  }
  throw new Error(`no error for ${id}; errors: ${socket.errors}`);
}

/** Resolves once subscription `id` has had `count` events. */
async function heard(socket: BareConnection, id: string, count = 1): Promise<void> {
  for (let waited = 0; (socket.received.get(id) ?? 0) < count; waited += 20) {
    if (waited > 10_000) throw new Error(`${id} heard ${socket.received.get(id) ?? 0} events, not ${count}; errors: ${socket.errors}`);
    await pause(20);
  }
}

describe('WebSocket caps: configuration (catalogue 62)', () => {
  it('defaults to 1,000 sockets and 3,000 subscriptions per organisation, 20 and 100 per user, and refuses nonsense', () => {
    const env = { AUTH_SECRET: 'x'.repeat(32) };
    expect(loadConfig(env).wsCaps).toEqual({ socketsPerOrganisation: 1_000, subscriptionsPerOrganisation: 3_000, socketsPerUser: 20, subscriptionsPerUser: 100 });
    expect(loadConfig({ ...env, WS_MAX_SUBSCRIPTIONS_PER_USER: '7' }).wsCaps.subscriptionsPerUser).toBe(7);
    for (const name of ['WS_MAX_SOCKETS_PER_ORGANISATION', 'WS_MAX_SUBSCRIPTIONS_PER_ORGANISATION', 'WS_MAX_SOCKETS_PER_USER', 'WS_MAX_SUBSCRIPTIONS_PER_USER']) {
      expect(() => loadConfig({ ...env, [name]: '0' })).toThrow(name);
      expect(() => loadConfig({ ...env, [name]: 'lots' })).toThrow(name);
    }
  });
});

describe('WebSocket caps: sockets (catalogue 62)', () => {
  it("closes a socket over its organisation's cap with 4029, counting API keys toward their organisation; a closed one frees its place", async () => {
    const org = await buildOrganisation(server);
    const key = await buildApiKey(server, org, Role.OBSERVER);
    // Three sockets of one key: more than a user may hold (2), since a key is not a user.
    const keySockets = [await bareConnect(server.wsUrl, asKey(key.secret)), await bareConnect(server.wsUrl, asKey(key.secret)), await bareConnect(server.wsUrl, asKey(key.secret))];
    const other = await buildOrganisation(server);
    let otherSocket: BareConnection | undefined;
    try {
      expect(await refusalOf(server, asOwner(org))).toBe('closed before connection_ack: 4029 Too many connections for this organisation');
      expect(await refusalOf(server, asKey(key.secret))).toBe('closed before connection_ack: 4029 Too many connections for this organisation');
      // Another organisation is not affected.
      otherSocket = await bareConnect(server.wsUrl, asOwner(other));

      keySockets[0]!.socket.close();
      await keySockets[0]!.closed;
      keySockets[0] = await openOnceFreed(server, asOwner(org));
      expect(await refusalOf(server, asOwner(org))).toMatch(/4029 Too many connections for this organisation/);
    } finally {
      for (const socket of [...keySockets, otherSocket]) socket?.socket.terminate();
    }
  });

  it("closes a user's socket over the user's cap with 4029, counting every organisation they act for", async () => {
    const a = await buildOrganisation(server);
    const b = await buildOrganisation(server, { owner: a.owner });
    const inA = await bareConnect(server.wsUrl, asOwner(a));
    const inB = await bareConnect(server.wsUrl, asOwner(b));
    const member = await buildMember(server, a, Role.OBSERVER);
    let memberSocket: BareConnection | undefined;
    try {
      expect(await refusalOf(server, asOwner(a))).toBe('closed before connection_ack: 4029 Too many connections for this user');
      // The organisation has room (2 of 3): another of its users connects.
      memberSocket = await bareConnect(server.wsUrl, { authorization: `Bearer ${member.token}`, organisation: a.slug });
    } finally {
      for (const socket of [inA, inB, memberSocket]) socket?.socket.terminate();
    }
  });
});

describe('WebSocket caps: subscriptions (catalogue 62)', () => {
  it("refuses a user's subscription over the user's cap with TOO_MANY_SUBSCRIPTIONS in any of their organisations; completing one frees its place", async () => {
    const a = await buildOrganisation(server);
    const b = await buildOrganisation(server, { owner: a.owner });
    const inA = await bareConnect(server.wsUrl, asOwner(a));
    const inB = await bareConnect(server.wsUrl, asOwner(b));
    try {
      for (const i of [1, 2, 3]) inA.subscribe(`s${i}`, ownActivity(i));
      inA.subscribe('s4', ownActivity(4));
      expect(await refusalFor(inA, 's4')).toEqual({
        message: 'At most 3 subscriptions at once per user; complete one first',
        extensions: { code: 'TOO_MANY_SUBSCRIPTIONS', scope: 'USER', limit: 3 },
      });
      inB.subscribe('b1', ownActivity(1));
      expect((await refusalFor(inB, 'b1')).extensions).toEqual({ code: 'TOO_MANY_SUBSCRIPTIONS', scope: 'USER', limit: 3 });
      await untilSubscribed(server, a, 3);

      inA.socket.send(JSON.stringify({ id: 's1', type: 'complete' }));
      inA.subscribe('s5', ownActivity(5));
      await untilSubscribed(server, a, 3);
      dataOf(await server.gql(addKey('heard by s5'), {}, a.as));
      await heard(inA, 's5');
      expect(inA.errors).toHaveLength(1);
    } finally {
      inA.socket.terminate();
      inB.socket.terminate();
    }
  });

  it("refuses a subscription over its organisation's cap with TOO_MANY_SUBSCRIPTIONS, API keys' included; a closed socket frees its subscriptions' places", async () => {
    const org = await buildOrganisation(server);
    const key = await buildApiKey(server, org, Role.OBSERVER);
    const first = await bareConnect(server.wsUrl, asKey(key.secret));
    const second = await bareConnect(server.wsUrl, asKey(key.secret));
    try {
      for (const i of [1, 2, 3, 4]) first.subscribe(`s${i}`, ownActivity(i));
      await untilSubscribed(server, org, 4);
      second.subscribe('over', ownActivity(5));
      expect(await refusalFor(second, 'over')).toEqual({
        message: 'At most 4 subscriptions at once per organisation; complete one first',
        extensions: { code: 'TOO_MANY_SUBSCRIPTIONS', scope: 'ORGANISATION', limit: 4 },
      });

      first.socket.close();
      await first.closed;
      // The server counts the closed socket out when it sees it go: try until it has.
      let id = '';
      for (let attempt = 0; attempt < 50; attempt += 1) {
        id = `again${attempt}`;
        second.subscribe(id, ownActivity(6 + attempt));
        await pause(100);
        if (!second.errors.some((raw) => raw.includes(`"${id}"`))) break;
      }
      dataOf(await server.gql(addKey('heard after the close'), {}, org.as));
      await heard(second, id);
    } finally {
      first.socket.terminate();
      second.socket.terminate();
    }
  });
});

/** `stageUpdated` with one alias of its own (so it shares with nothing), costing 5 points: stageUpdated, stage, owner, stage.project, project. */
const stageShape = (i: number) => `subscription { stageUpdated { t${i}: type stage { id owner { id } project { id } } project { id } } }`;
const SHAPE_COST = 5;

async function remaining(s: TestServer, caller: Caller): Promise<number> {
  const response = await s.gql(`{ organisation { id } }`, {}, caller);
  dataOf(response);
  return response.body.extensions!.rateLimit.remaining as number;
}

/** Points the organisation was charged during `work` beyond the HTTP operations `work` reports, within what the bucket regained meanwhile. */
async function chargedBeyondHttp(s: TestServer, caller: Caller, work: () => Promise<number>): Promise<{ points: number; regained: number }> {
  const started = performance.now();
  const before = await remaining(s, caller);
  const http = await work();
  const after = await remaining(s, caller);
  // A point a second comes back (RATE_LIMIT_RESTORE_PER_SECOND=1), and `remaining` is rounded down.
  return { points: before - after - 1 - http, regained: Math.ceil((performance.now() - started) / 1000) + 1 };
}

async function projectOf(s: TestServer, org: TestOrganisation): Promise<string> {
  return dataOf(await s.gql(`mutation { createProject(input: { name: "Ward move" }) { id } }`, {}, org.as)).createProject.id;
}

/** Adds a stage (a STAGE_ADDED event); resolves with what the mutation cost. */
async function addStage(s: TestServer, org: TestOrganisation, projectId: string, title: string): Promise<number> {
  const response = await s.gql(`mutation ($input: AddStageInput!) { addStage(input: $input) { id } }`, { input: { projectId, title } }, org.as);
  dataOf(response);
  return response.body.extensions!.cost as number;
}

describe('per-delivery charges (catalogue 62)', () => {
  let charged: TestServer;
  beforeAll(async () => {
    charged = await startTestServer({ env: { RATE_LIMIT_POINTS: '1000000', RATE_LIMIT_RESTORE_PER_SECOND: '1' } });
  }, 120_000);
  afterAll(async () => {
    await charged?.stop();
  }, 60_000);

  it('charges each of 20 subscriptions that share no execution its cost for every event it delivers', async () => {
    const org = await buildOrganisation(charged);
    const projectId = await projectOf(charged, org);
    const socket = connect(charged.wsUrl, asOwner(org));
    try {
      const subscriptions = Array.from({ length: 20 }, (_, i) => socket.subscribe(stageShape(i)));
      await untilSubscribed(charged, org, 20);
      const EVENTS = 4;
      const charge = await chargedBeyondHttp(charged, org.as, async () => {
        let cost = 0;
        for (let i = 0; i < EVENTS; i += 1) cost += await addStage(charged, org, projectId, `Stage ${i}`);
        await Promise.all(subscriptions.map((s) => s.waitFor(EVENTS)));
        return cost;
      });
      const expected = 20 * EVENTS * SHAPE_COST;
      expect(charge.points).toBeLessThanOrEqual(expected);
      expect(charge.points).toBeGreaterThanOrEqual(expected - charge.regained);
    } finally {
      await socket.dispose();
    }
  });

  it('charges an execution shared by 20 alike subscriptions once per event', async () => {
    const org = await buildOrganisation(charged);
    const projectId = await projectOf(charged, org);
    const sockets: WsConnection[] = Array.from({ length: 20 }, () => connect(charged.wsUrl, asOwner(org)));
    try {
      const subscriptions: Subscriber[] = sockets.map((socket) => socket.subscribe(stageShape(0)));
      // They share one execution, which untilSubscribed sees as one listener: warm up until each has an event.
      for (let round = 0; !subscriptions.every((s) => s.results.length > 0); round += 1) {
        if (round === 40) throw new Error('subscriptions never got going');
        await addStage(charged, org, projectId, `Warm-up ${round}`);
        await pause(250);
      }
      await pause(300);
      const warm = subscriptions.map((s) => s.results.length);
      const EVENTS = 6;
      const charge = await chargedBeyondHttp(charged, org.as, async () => {
        let cost = 0;
        for (let i = 0; i < EVENTS; i += 1) cost += await addStage(charged, org, projectId, `Stage ${i}`);
        await Promise.all(subscriptions.map((s, i) => s.waitFor(warm[i]! + EVENTS)));
        return cost;
      });
      const expected = EVENTS * SHAPE_COST;
      expect(charge.points).toBeLessThanOrEqual(expected);
      expect(charge.points).toBeGreaterThanOrEqual(expected - charge.regained);
    } finally {
      await Promise.all(sockets.map((socket) => socket.dispose()));
    }
  });
});

describe('an organisation whose deliveries overdraw its bucket (catalogue 62)', () => {
  let tight: TestServer;
  beforeAll(async () => {
    tight = await startTestServer({ env: { RATE_LIMIT_POINTS: '300', QUERY_MAX_COST: '300', RATE_LIMIT_RESTORE_PER_SECOND: '1' } });
  }, 120_000);
  afterAll(async () => {
    await tight?.stop();
  }, 60_000);

  it('keeps its live subscriptions delivering, and refuses its queries and new subscriptions with RATE_LIMITED until the bucket drains', async () => {
    const org = await buildOrganisation(tight);
    const projectId = await projectOf(tight, org);
    const socket = await bareConnect(tight.wsUrl, asOwner(org));
    try {
      // 50 × 5 points to start, 250 more for each event they deliver: the first event overdraws the 300.
      const SUBSCRIPTIONS = 50;
      for (let i = 0; i < SUBSCRIPTIONS; i += 1) socket.subscribe(`s${i}`, stageShape(i));
      await untilSubscribed(tight, org, SUBSCRIPTIONS);
      await addStage(tight, org, projectId, 'The stage everyone hears of');
      await socket.waitForNext(SUBSCRIPTIONS);

      const refused = await tight.gql(`{ organisation { id } }`, {}, org.as);
      expect(errorCode(refused)).toBe('RATE_LIMITED');
      expect(refused.body.errors?.[0]?.extensions?.retryAfterSeconds).toBeGreaterThan(100);
      socket.subscribe('new', stageShape(SUBSCRIPTIONS));
      expect((await refusalFor(socket, 'new')).extensions).toMatchObject({ code: 'RATE_LIMITED' });

      // A change while overdrawn (white-box: the organisation cannot make one, so SQL does, as
      // recordActivity would) still reaches every dashboard.
      const [stage] = await tight.sql<{ id: string }>('SELECT id FROM stages WHERE project_id = $1', [uuidOf(projectId)]);
      await tight.sql(
        `WITH counter AS (UPDATE organisation_event_counters SET last_seq = last_seq + 1 WHERE organisation_id = $1 RETURNING last_seq)
         INSERT INTO activity_events (organisation_id, seq, type, entity_type, entity_id, project_id, summary)
         SELECT $1, last_seq, 'STAGE_UPDATED', 'Stage', $2, $3, 'Renamed' FROM counter
         RETURNING ${notifyEventSql('organisation_id', 'seq')}`,
        [org.uuid, stage!.id, uuidOf(projectId)],
      );
      tight.live.hub.wake(org.uuid);
      await socket.waitForNext(2 * SUBSCRIPTIONS);
      expect([...socket.received.values()]).toEqual(Array.from({ length: SUBSCRIPTIONS }, () => 2));
    } finally {
      socket.socket.terminate();
    }
  });
});
