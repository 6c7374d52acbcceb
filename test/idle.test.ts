import { buildOrganisation, buildStage, type TestOrganisation } from './support/factories';
import { dataOf } from './support/harness';
import { gqlAt, processClient, startServerInSuiteMode } from './support/server-process';
import { adminUrl } from './support/test-database';
import { connect, pause } from './support/ws-client';

// A server left alone must serve again as if it had never paused. Every idle timeout it has (the
// pool's idle connection, the WebSocket keep-alive, the LISTEN heartbeat, HTTP keep-alive) fires
// while nobody asks, and the embedded database once failed every read after its pool's 10 s
// (issue 12). The real server process, in this suite's database mode, as a person would use it.

const DASHBOARD = `{ projects(first: 5) { nodes { name stages { title status } } } }`;
const ACTIVITY = `subscription { activity { type summary } }`;

/** A subscriber to the organisation's activity, once it is live (an event it saw proves it). */
async function liveActivity(url: string, org: TestOrganisation) {
  const socket = connect(`${url.replace(/^http/, 'ws')}/graphql`, { authorization: `Bearer ${org.owner.token}`, organisation: org.slug });
  const feed = socket.subscribe<{ activity: { type: string; summary: string } }>(ACTIVITY);
  for (let attempt = 0; feed.results.length === 0; attempt++) {
    if (attempt === 50) throw new Error('the activity subscription never went live');
    dataOf(await gqlAt(url, `mutation ($input: CreatePrincipleInput!) { createPrinciple(input: $input) { id } }`, { input: { title: `Ping ${attempt}` } }, org.as));
    await pause(100);
  }
  if (feed.results[0]?.errors) throw new Error(`the activity subscription failed before any event: ${JSON.stringify(feed.results[0].errors)}`);
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
    // Each timeout fires at least twice in the pause. The keep-alive is not shorter than 2 s: a
    // socket must answer a ping within the period, and on a loaded 2-core machine (CI, with the
    // embedded database in the server's process) honest clients took longer than 240 ms and 1 s.
    // The heartbeat fires several times in the 5 s idle, but gives its notification a second to
    // come back: at 200 ms, a loaded CI machine's pooled commit was late once and read as deaf.
    const { server, dispose } = await startServerInSuiteMode({ DB_IDLE_TIMEOUT_MS: '200', WS_KEEPALIVE_MS: '2000', LISTENER_HEARTBEAT_MS: '1000' });
    try {
      await serveAcrossIdle(server.url, 5_000);
      expect(server.output()).not.toMatch(/"level":50/);
    } finally {
      await dispose();
    }
  }, 60_000);

  it('does the same after 15 s with the default timeouts (pool 10 s, WebSocket keep-alive 12 s)', async () => {
    const { server, dispose } = await startServerInSuiteMode({});
    try {
      await serveAcrossIdle(server.url, 15_000);
      expect(server.output()).not.toMatch(/"level":50/);
    } finally {
      await dispose();
    }
  }, 90_000);
});
