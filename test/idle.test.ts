import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildOrganisation, buildStage, type TestOrganisation } from './support/factories';
import { dataOf } from './support/harness';
import { gqlAt, processClient, startServerProcess, type ServerProcess } from './support/server-process';
import { adminUrl, createTestDatabase, type TestDatabase } from './support/test-database';
import { connect, pause } from './support/ws-client';

// A server left alone must serve again as if it had never paused. Every idle timeout it has (the
// pool's idle connection, the WebSocket keep-alive, the LISTEN heartbeat, HTTP keep-alive) fires
// while nobody asks, and the embedded database once failed every read after its pool's 10 s
// (issue 12). The real server process, in this suite's database mode, as a person would use it.

const DASHBOARD = `{ projects(first: 5) { nodes { name stages { title status } } } }`;
const ACTIVITY = `subscription { activity { type summary } }`;

/** The suite's mode: a fresh PostgreSQL database, or an embedded one in a data directory of its own. */
async function startInSuiteMode(env: Record<string, string>): Promise<{ server: ServerProcess; dispose(): Promise<void> }> {
  let database: TestDatabase | undefined;
  let dataDir: string | undefined;
  if (adminUrl) database = await createTestDatabase();
  else dataDir = mkdtempSync(path.join(os.tmpdir(), 'ph-idle-'));
  const server = await startServerProcess(database?.url ?? null, { ...env, ...(dataDir && { DATA_DIR: dataDir }) });
  return {
    server,
    async dispose() {
      server.child.kill('SIGTERM');
      await server.exited;
      await database?.drop();
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A subscriber to the organisation's activity, once it is live (an event it saw proves it). */
async function liveActivity(url: string, org: TestOrganisation) {
  const socket = connect(`${url.replace(/^http/, 'ws')}/graphql`, { authorization: `Bearer ${org.owner.token}`, organisation: org.slug });
  const feed = socket.subscribe<{ activity: { type: string; summary: string } }>(ACTIVITY);
  for (let attempt = 0; feed.results.length === 0; attempt++) {
    if (attempt === 50) throw new Error('the activity subscription never went live');
    dataOf(await gqlAt(url, `mutation ($input: CreatePrincipleInput!) { createPrinciple(input: $input) { id } }`, { input: { title: `Ping ${attempt}` } }, org.as));
    await pause(100);
  }
  return { socket, feed };
}

/** Builds a plan, idles `idleMs`, then reads, writes and listens again over HTTP and WebSocket. */
async function serveAcrossIdle(url: string, idleMs: number): Promise<void> {
  const client = processClient(url);
  const org = await buildOrganisation(client);
  const project = dataOf(await gqlAt(url, `mutation { createProject(input: { name: "New ward" }) { id } }`, {}, org.as)).createProject.id;
  await buildStage(client, org.as, { projectId: project, title: 'Consult staff' });
  expect(dataOf(await gqlAt(url, DASHBOARD, {}, org.as)).projects.nodes).toEqual([{ name: 'New ward', stages: [{ title: 'Consult staff', status: 'NOT_STARTED' }] }]);
  const before = await liveActivity(url, org);
  try {
    await pause(idleMs);

    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    expect(dataOf(await gqlAt(url, DASHBOARD, {}, org.as)).projects.nodes[0].stages).toEqual([{ title: 'Consult staff', status: 'NOT_STARTED' }]);
    const seen = before.feed.results.length;
    await buildStage(client, org.as, { projectId: project, title: 'Open the ward' });
    // The socket opened before the pause is still live, and hears the write made after it.
    const [event] = (await before.feed.waitFor(seen + 1)).slice(seen);
    expect(event?.data?.activity).toMatchObject({ type: 'STAGE_ADDED', summary: expect.stringContaining('Open the ward') });
    // And a socket opened after it works as well.
    const after = await liveActivity(url, org);
    await after.socket.dispose();
    expect(dataOf(await gqlAt(url, DASHBOARD, {}, org.as)).projects.nodes[0].stages.map((s: { title: string }) => s.title)).toEqual(['Consult staff', 'Open the ward']);
  } finally {
    await before.socket.dispose();
  }
}

describe(`a server left idle (${adminUrl ? 'PostgreSQL' : 'embedded'} mode)`, () => {
  it('serves HTTP, WebSocket and readiness again once every idle timeout, shortened, has fired', async () => {
    const { server, dispose } = await startInSuiteMode({ DB_IDLE_TIMEOUT_MS: '200', WS_KEEPALIVE_MS: '240', LISTENER_HEARTBEAT_MS: '200' });
    try {
      await serveAcrossIdle(server.url, 1_500);
      expect(server.output()).not.toMatch(/"level":50/);
    } finally {
      await dispose();
    }
  }, 60_000);

  it('does the same after 15 s with the default timeouts (pool 10 s, WebSocket keep-alive 12 s)', async () => {
    const { server, dispose } = await startInSuiteMode({});
    try {
      await serveAcrossIdle(server.url, 15_000);
      expect(server.output()).not.toMatch(/"level":50/);
    } finally {
      await dispose();
    }
  }, 90_000);
});
