import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { createClient } from 'graphql-ws';
import { Client } from 'pg';
import WebSocket from 'ws';
import { loadConfig } from '../src/config';
import { migrations } from '../src/db/migrations';
import { buildOrganisation, buildPartner, buildProject, buildStage, type TestOrganisation } from './support/factories';
import { eventually, settlesWithin } from './support/fault-checks';
import { dataOf, type Caller } from './support/harness';
import {
  childPids,
  connectionOwner,
  isRunning,
  launchServerProcess,
  processClient,
  startServerProcess,
  type LaunchedServerProcess,
  type ServerProcess,
} from './support/server-process';
import { adminUrl, createTestDatabase, databaseUrl, withAdminClient, type TestDatabase } from './support/test-database';
import { pause } from './support/ws-client';

// SERVER_PROCESSES > 1 (src/cluster.ts): a primary that migrates once and forks server processes
// sharing the port. The processes are real (src/index.ts as a child process) and told apart from
// outside through /proc: which process holds the server end of a connection, which are the
// primary's children, without a server feature for tests.

const SECRET = 'cluster-secret-cluster-secret-0123456789';
const UNLIMITED = { RATE_LIMIT_POINTS: '100000000', RATE_LIMIT_RESTORE_PER_SECOND: '100000000', AUTH_ATTEMPTS_PER_MINUTE: '100000000' };
const CLUSTER = { SERVER_PROCESSES: '2', ...UNLIMITED };

describe('SERVER_PROCESSES', () => {
  it('is a count from 1 to 64 or auto, and above 1 only with DATABASE_URL', () => {
    const base = { AUTH_SECRET: SECRET };
    const postgres = { ...base, DATABASE_URL: 'postgres://example.invalid/hub' };
    expect(loadConfig(base).serverProcesses).toBe(1);
    expect(loadConfig({ ...base, SERVER_PROCESSES: '1' }).serverProcesses).toBe(1);
    expect(loadConfig({ ...postgres, SERVER_PROCESSES: '2' }).serverProcesses).toBe(2);
    expect(loadConfig({ ...postgres, SERVER_PROCESSES: 'auto' }).serverProcesses).toBe(os.availableParallelism());
    for (const value of ['0', 'abc', '1.5', '-2', '65']) {
      expect(() => loadConfig({ ...postgres, SERVER_PROCESSES: value })).toThrow(`SERVER_PROCESSES must be an integer between 1 and 64, got "${value}"`);
    }
    expect(() => loadConfig({ ...base, SERVER_PROCESSES: '2' })).toThrow(/SERVER_PROCESSES.*DATABASE_URL/);
  });

  it('refuses to start more than one process on the embedded database', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'ph-cluster-'));
    try {
      const start = startServerProcess(null, { SERVER_PROCESSES: '2', DATA_DIR: dataDir });
      await expect(start).rejects.toThrow(/the server exited \(1\)/);
      await expect(start).rejects.toThrow(/SERVER_PROCESSES above 1 needs DATABASE_URL/);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

/**
 * Every server process a test saw: one whose primary died is no longer its child, and one a test
 * froze (SIGSTOP) and then failed on would hold the output pipes open and keep Jest from exiting.
 */
const seen = new Set<number>();

function isServerProcess(pid: number): boolean {
  try {
    return isRunning(pid) && readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('src/index.ts');
  } catch {
    return false;
  }
}

/** Stops a cluster whatever state it is in: SIGTERM, then SIGKILL to it and every process seen. */
async function stopCluster(primary: { child: ServerProcess['child']; exited: Promise<number | null> } | undefined): Promise<void> {
  if (!primary?.child.pid) return;
  const pid = primary.child.pid;
  for (const child of childPids(pid)) seen.add(child);
  if (isRunning(pid)) {
    primary.child.kill('SIGTERM');
    await settlesWithin('the cluster stopping', 30_000, primary.exited).catch(() => {
      for (const child of childPids(pid)) seen.add(child);
      primary.child.kill('SIGKILL');
    });
  }
  for (const child of seen) if (isServerProcess(child)) process.kill(child, 'SIGKILL');
  seen.clear();
  await primary.exited;
}

/** The server processes of a started cluster, once there are `count` of them. */
async function serverProcesses(primary: ServerProcess | LaunchedServerProcess, count = 2): Promise<number[]> {
  let pids: number[] = [];
  await eventually(`${count} server processes`, 30_000, async () => (pids = childPids(primary.child.pid!)).length === count);
  for (const pid of pids) seen.add(pid);
  return pids;
}

interface Served {
  status: number;
  body: any;
  /** The server process that held the connection when the response arrived. */
  servedBy: number | undefined;
}

/**
 * One GraphQL request on a connection of its own (so node:cluster hands it to a process afresh),
 * and which of `pids` answered it: looked up while the kept-alive connection is still open.
 */
function gqlServedBy(url: string, pids: readonly number[], query: string, variables: Record<string, unknown>, caller: Caller): Promise<Served> {
  const agent = new http.Agent({ keepAlive: true });
  const serverPort = Number(new URL(url).port);
  const body = JSON.stringify({ query, variables });
  const headers: Record<string, string> = { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) };
  if (caller.token) headers.authorization = `Bearer ${caller.token}`;
  if (caller.organisation) headers['x-organisation'] = caller.organisation;
  return new Promise<Served>((resolve, reject) => {
    const request = http.request(`${url}/graphql`, { method: 'POST', headers, agent }, (response) => {
      const servedBy = connectionOwner(serverPort, response.socket.localPort!, pids);
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => {
        agent.destroy();
        try {
          resolve({ status: response.statusCode!, body: JSON.parse(text), servedBy });
        } catch (error) {
          reject(error);
        }
      });
    });
    request.on('error', (error) => {
      agent.destroy();
      reject(error);
    });
    request.end(body);
  });
}

const ORGANISATION_NAME = `{ organisation { name } }`;

interface StageEvent {
  type: string;
  cursor: string;
  stage: { title: string };
}

/** A graphql-ws connection subscribed to stageUpdated, and the server process holding it. */
interface ClusterSubscriber {
  events: StageEvent[];
  errors: unknown[];
  servedBy: number;
  dispose(): Promise<void>;
}

async function subscribeToStages(url: string, pids: readonly number[], org: TestOrganisation): Promise<ClusterSubscriber> {
  const serverPort = Number(new URL(url).port);
  let resolvePort!: (port: number) => void;
  const clientPort = new Promise<number>((resolve) => (resolvePort = resolve));
  // graphql-ws hides its socket: this one says which client port its upgrade used.
  class PortReportingWebSocket extends WebSocket {
    constructor(address: string, protocols?: string | string[]) {
      super(address, protocols);
      this.once('upgrade', (response) => resolvePort(response.socket.localPort!));
    }
  }
  const client = createClient({
    url: url.replace(/^http/, 'ws') + '/graphql',
    webSocketImpl: PortReportingWebSocket,
    connectionParams: { authorization: `Bearer ${org.owner.token}`, organisation: org.slug },
    lazy: false,
    retryAttempts: 0,
    onNonLazyError: () => undefined,
  });
  const events: StageEvent[] = [];
  const errors: unknown[] = [];
  client.subscribe<{ stageUpdated: StageEvent }>(
    { query: `subscription { stageUpdated { type cursor stage { title } } }` },
    {
      next: (result) => (result.data ? events.push(result.data.stageUpdated) : errors.push(result.errors)),
      error: (error) => errors.push(error),
      complete: () => undefined,
    },
  );
  const port = await settlesWithin('the WebSocket upgrade', 15_000, clientPort);
  let servedBy: number | undefined;
  await eventually('the connection has a server process', 10_000, async () => (servedBy = connectionOwner(serverPort, port, pids)) !== undefined);
  return { events, errors, servedBy: servedBy!, dispose: () => client.dispose() as Promise<void> };
}

const countBy = <T>(items: readonly T[]): Map<T, number> => {
  const counts = new Map<T, number>();
  for (const item of items) counts.set(item, (counts.get(item) ?? 0) + 1);
  return counts;
};

if (adminUrl)
  describe('SERVER_PROCESSES=2 on PostgreSQL', () => {
    /** Created empty, not cloned from the migrated template: the cluster's primary migrates it. */
    let blank: string;
    let cluster: ServerProcess;

    beforeAll(async () => {
      blank = `ph_test_cluster_${randomBytes(6).toString('hex')}`;
      await withAdminClient((client) => client.query(`CREATE DATABASE ${blank}`));
      cluster = await startServerProcess(databaseUrl(adminUrl!, blank), CLUSTER);
    }, 120_000);

    afterAll(async () => {
      await stopCluster(cluster);
      await withAdminClient((client) => client.query(`DROP DATABASE IF EXISTS ${blank} WITH (FORCE)`));
    }, 60_000);

    it('migrates the database once, in the primary, before the processes start', async () => {
      const client = new Client({ connectionString: databaseUrl(adminUrl!, blank) });
      await client.connect();
      try {
        const { rows } = await client.query<{ name: string; times: number }>(`SELECT name, count(*)::int AS times FROM typeorm_migrations GROUP BY name`);
        const byName = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : 1);
        expect(rows.sort(byName)).toEqual(migrations.map((migration) => ({ name: migration.name, times: 1 })).sort(byName));
      } finally {
        await client.end();
      }
      expect(cluster.output().match(/"migrations applied"/g)).toHaveLength(1);
      expect(cluster.output()).toMatch(/"processes":2,"version":"[^"]+","commit":"[0-9a-f]{40}","msg":"Partnership Hub listening on http:\/\/127\.0\.0\.1:\d+\/graphql"/);
      // Each process says so itself; the primary's line may come before the last of them.
      await eventually('both processes say they are ready', 10_000, async () => cluster.output().match(/"server process ready"/g)?.length === 2);
    });

    it('runs two server processes, which answer requests between them', async () => {
      const pids = await serverProcesses(cluster);
      expect(pids).toHaveLength(2);

      const api = processClient(cluster.url);
      const org = await buildOrganisation(api);
      const partner = await buildPartner(api, org.as, { name: 'Ward staff' });
      const listed = dataOf(await api.gql(`{ partners(first: 10) { nodes { id name } } }`, {}, org.as));
      expect(listed.partners.nodes).toEqual([{ id: partner.id, name: 'Ward staff' }]);

      const answers = await Promise.all(Array.from({ length: 200 }, () => gqlServedBy(cluster.url, pids, ORGANISATION_NAME, {}, org.as)));
      expect(answers.filter((a) => a.status !== 200 || a.body.data?.organisation?.name !== org.name)).toEqual([]);
      const perProcess = countBy(answers.map((a) => a.servedBy));
      // Each answer came from one of the two, and each answered a fair share.
      expect([...perProcess.keys()].sort()).toEqual(pids);
      for (const pid of pids) expect(perProcess.get(pid)).toBeGreaterThanOrEqual(20);
    }, 60_000);

    it('delivers an event to subscribers on every process, each exactly once', async () => {
      const pids = await serverProcesses(cluster);
      const api = processClient(cluster.url);
      const org = await buildOrganisation(api);
      const project = await buildProject(api, org.as);
      const subscribers: ClusterSubscriber[] = [];
      try {
        // node:cluster hands connections out about in turn, not strictly: open sockets until both
        // processes hold at least two.
        while (!pids.every((pid) => subscribers.filter((s) => s.servedBy === pid).length >= 2)) {
          if (subscribers.length === 16) throw new Error(`16 sockets did not reach both processes: ${subscribers.map((s) => s.servedBy)}`);
          subscribers.push(await subscribeToStages(cluster.url, pids, org));
        }
        // A subscription is live once it hears an event: add stages until every one has.
        for (let round = 0; !subscribers.every((s) => s.events.length > 0); round += 1) {
          if (round === 60) throw new Error('the subscriptions never went live');
          await buildStage(api, org.as, { projectId: project.id, title: `Warm-up ${round}` });
          await eventually('a warm-up event', 2_000, async () => subscribers.every((s) => s.events.length > 0)).catch(() => undefined);
        }

        const target = await gqlServedBy(
          cluster.url,
          pids,
          `mutation ($input: AddStageInput!) { addStage(input: $input) { id } }`,
          { input: { projectId: project.id, title: 'Target' } },
          org.as,
        );
        expect(target).toMatchObject({ status: 200, body: { data: { addStage: { id: expect.any(String) } } } });
        expect(pids).toContain(target.servedBy);
        // Events reach each socket in order: once every socket heard the marker, the target's
        // event has had its chance to arrive twice.
        await buildStage(api, org.as, { projectId: project.id, title: 'Marker' });
        await eventually('every socket hears the marker', 20_000, async () => subscribers.every((s) => s.events.some((e) => e.stage.title === 'Marker')));

        const heard = subscribers.map((s) => ({
          process: s.servedBy === target.servedBy ? 'same' : 'other',
          errors: s.errors,
          targets: s.events.filter((e) => e.stage.title === 'Target').map((e) => e.type),
          everyEventOnce: new Set(s.events.map((e) => e.cursor)).size === s.events.length,
          targetBeforeMarker: s.events.findIndex((e) => e.stage.title === 'Target') < s.events.findIndex((e) => e.stage.title === 'Marker'),
        }));
        expect(new Set(heard.map((h) => h.process))).toEqual(new Set(['same', 'other']));
        for (const h of heard) expect(h).toEqual({ process: h.process, errors: [], targets: ['STAGE_ADDED'], everyEventOnce: true, targetBeforeMarker: true });
      } finally {
        await Promise.all(subscribers.map((s) => s.dispose()));
      }
    }, 90_000);
  });

if (adminUrl)
  describe('SERVER_PROCESSES=2 when processes die or are told to stop', () => {
    let database: TestDatabase;
    let cluster: ServerProcess | LaunchedServerProcess | undefined;

    beforeAll(async () => {
      database = await createTestDatabase();
    });

    afterEach(async () => {
      await stopCluster(cluster);
      cluster = undefined;
    }, 60_000);

    afterAll(async () => {
      await database?.drop();
    });

    it('replaces a killed process and keeps answering; SIGTERM stops every process and exits 0', async () => {
      const started = await startServerProcess(database.url, CLUSTER);
      cluster = started;
      const org = await buildOrganisation(processClient(started.url));
      const [killed, survivor] = await serverProcesses(started);
      process.kill(killed!, 'SIGKILL');

      await eventually('the primary notices the death', 15_000, async () => /a server process died: starting another/.test(started.output()));
      // Until the replacement listens, the survivor answers everything.
      for (let i = 0; i < 5; i += 1) {
        const answer = await gqlServedBy(started.url, [survivor!], ORGANISATION_NAME, {}, org.as);
        expect(answer.body.data?.organisation?.name).toBe(org.name);
      }
      const pids = await serverProcesses(started);
      expect(pids).toContain(survivor);
      expect(pids).not.toContain(killed);
      const replacement = pids.find((pid) => pid !== survivor)!;
      // The replacement takes its share of new connections once it listens.
      await eventually('the replacement answers a request', 60_000, async () => {
        const answer = await gqlServedBy(started.url, pids, ORGANISATION_NAME, {}, org.as);
        expect(answer.body.data?.organisation?.name).toBe(org.name);
        return answer.servedBy === replacement;
      });

      // SIGTERM: the primary waits for every process. One is frozen, so it can only stop once thawed.
      process.kill(survivor!, 'SIGSTOP');
      process.kill(started.child.pid!, 'SIGTERM');
      await eventually('the other process stops', 30_000, async () => !isRunning(replacement));
      expect(isRunning(started.child.pid!)).toBe(true);
      process.kill(survivor!, 'SIGCONT');
      expect(await settlesWithin('the cluster stopping', 30_000, started.exited)).toBe(0);
      expect([survivor!, replacement, killed!].filter(isRunning)).toEqual([]);
      expect(started.output().match(/"shutting down"/g)).toHaveLength(2);
    }, 150_000);

    it('exits 1 when a process does not stop cleanly after SIGTERM', async () => {
      const started = await startServerProcess(database.url, CLUSTER);
      cluster = started;
      const [lost, stopping] = await serverProcesses(started);
      // Frozen, it cannot drain; killed while the primary waits for it, it never did.
      process.kill(lost!, 'SIGSTOP');
      process.kill(started.child.pid!, 'SIGTERM');
      await eventually('the other process stops', 30_000, async () => !isRunning(stopping!));
      process.kill(lost!, 'SIGKILL');
      expect(await settlesWithin('the cluster stopping', 30_000, started.exited)).toBe(1);
      expect(started.output()).toMatch(/"signal":"SIGKILL","msg":"a server process did not stop cleanly"/);
      expect([lost!, stopping!].filter(isRunning)).toEqual([]);
    }, 120_000);

    it('stops its processes when the primary is killed outright', async () => {
      const started = await startServerProcess(database.url, CLUSTER);
      cluster = started;
      const pids = await serverProcesses(started);
      started.child.kill('SIGKILL');
      await started.exited;
      await eventually('every server process stops', 30_000, async () => pids.every((pid) => !isRunning(pid)));
    }, 120_000);

    it('fails the start (exit 1) when a process dies before all listen', async () => {
      const launched = launchServerProcess(database.url, CLUSTER);
      cluster = launched;
      // The processes take seconds to load: one is killed long before it could listen.
      const pids = await serverProcesses(launched);
      process.kill(pids[0]!, 'SIGKILL');
      expect(await settlesWithin('the primary giving up', 30_000, launched.exited)).toBe(1);
      expect(launched.output()).toMatch(/a server process failed to start/);
      expect(launched.output()).not.toMatch(/listening on/);
      expect(pids.filter(isRunning)).toEqual([]);
    }, 120_000);

    it('gives up (exit 1) when processes keep dying', async () => {
      const started = await startServerProcess(database.url, CLUSTER);
      cluster = started;
      const primary = started.child.pid!;
      const killed = new Set<number>();
      // More than 3 × 2 deaths within a minute: kill each process, replacements included, as it appears.
      while (started.child.exitCode === null) {
        for (const pid of childPids(primary)) {
          if (killed.has(pid)) continue;
          killed.add(pid);
          seen.add(pid);
          try {
            process.kill(pid, 'SIGKILL');
          } catch (error) {
            // Listed a moment ago, gone by now (the primary's own exit takes them too).
            if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
          }
        }
        if (killed.size > 20) throw new Error(`the primary still replaces processes after ${killed.size} deaths`);
        await pause(20);
      }
      expect(await started.exited).toBe(1);
      // The seventh death ends it (the last process may be killed by the test or stopped by the primary).
      expect(started.output()).toMatch(/"deaths":7,"msg":"server processes keep dying: giving up"/);
      expect(killed.size).toBeLessThanOrEqual(8);
      expect([...killed].filter(isRunning)).toEqual([]);
    }, 120_000);
  });
