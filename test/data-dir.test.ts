import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEMO_EMAIL, DEMO_PASSWORD, DEMO_SLUG } from '../src/demo/demo-seed';
import { buildOrganisation } from './support/factories';
import { dataOf } from './support/harness';
import { gqlAt, launchServerProcess, processClient, runNpmScript, startServerProcess, type ServerProcess } from './support/server-process';

// The embedded database's data directory belongs to one process (issue 12): two writers on it
// lost acknowledged writes and broke a table's index. Real processes, as a person starts them.

const dataDirs: string[] = [];
function newDataDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ph-datadir-'));
  dataDirs.push(dir);
  return dir;
}
afterAll(() => dataDirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

async function stop(server: ServerProcess): Promise<void> {
  const signal = new Promise((resolve) => server.child.once('exit', (_code, signal) => resolve(signal)));
  server.child.kill('SIGTERM');
  expect({ code: await server.exited, signal: await signal, output: server.output() }).toEqual({ code: 0, signal: null, output: server.output() });
}

/** What `npm run seed` printed, read as a person reads it. */
function seedOutput(output: string): { created: boolean; url: string; key: string; kiosk: string } {
  const key = /Screen key:\s+(phk_\S+)/.exec(output)?.[1];
  const kiosk = /Kiosk link:\s+(\S+)/.exec(output)?.[1];
  const url = /on (http:\/\/[\d.]+:\d+)/.exec(output)?.[1];
  if (!key || !kiosk || !url) throw new Error(`unexpected seed output: ${output}`);
  return { created: /Demo organisation created/.test(output), url, key, kiosk };
}

/** The demo organisation's activity (API keys made, all events) and partners, counted through the API as its lead. */
async function demoCounts(url: string): Promise<{ keys: number; events: number; partners: number }> {
  const token = dataOf(await gqlAt(url, `mutation ($input: LogInInput!) { logIn(input: $input) { token } }`, { input: { email: DEMO_EMAIL, password: DEMO_PASSWORD } })).logIn
    .token;
  const data = dataOf(await gqlAt(url, `{ activity(first: 100) { totalCount nodes { type } } partners(first: 1) { totalCount } }`, {}, { token, organisation: DEMO_SLUG }));
  const keys = data.activity.nodes.filter((event: { type: string }) => event.type === 'API_KEY_CREATED').length;
  return { keys, events: data.activity.totalCount, partners: data.partners.totalCount };
}

describe('DATA_DIR belongs to one process', () => {
  it('refuses a second server within seconds, naming the directory and the holder, and the first serves on', async () => {
    const dataDir = newDataDir();
    const first = await startServerProcess(null, { DATA_DIR: dataDir });
    try {
      const org = await buildOrganisation(processClient(first.url));
      const started = Date.now();
      const second = launchServerProcess(null, { DATA_DIR: dataDir });
      expect(await second.exited).toBe(1);
      expect(Date.now() - started).toBeLessThan(15_000);
      expect(second.output()).toContain(`DATA_DIR ${dataDir} is in use by process ${first.child.pid} (server, serving ${first.url})`);
      expect(second.output()).not.toMatch(/listening|migrations applied|at .*\.ts:\d+/);

      const migrate = await runNpmScript('migration:run', { DATA_DIR: dataDir });
      expect(migrate.code).toBe(1);
      expect(migrate.output).toContain(`DATA_DIR ${dataDir} is in use by process ${first.child.pid}`);

      dataOf(await gqlAt(first.url, `mutation { createPartner(input: { name: "Ward staff", kind: STAFF }) { id } }`, {}, org.as));
      expect(dataOf(await gqlAt(first.url, `{ partners(first: 5) { nodes { name } } }`, {}, org.as)).partners.nodes).toEqual([{ name: 'Ward staff' }]);
    } finally {
      await stop(first);
    }
  }, 90_000);

  it('seeds through the running server, and a second seed leaves everything as the first did', async () => {
    const dataDir = newDataDir();
    const server = await startServerProcess(null, { DATA_DIR: dataDir });
    try {
      const first = await runNpmScript('seed', { DATA_DIR: dataDir });
      expect(first.code).toBe(0);
      const seeded = seedOutput(first.output);
      expect(seeded).toMatchObject({ created: true, url: server.url, kiosk: `${server.url}/?key=${seeded.key}` });
      const before = await demoCounts(server.url);

      const again = await runNpmScript('seed', { DATA_DIR: dataDir });
      expect(again.code).toBe(0);
      expect(seedOutput(again.output)).toEqual({ ...seeded, created: false });
      expect(await demoCounts(server.url)).toEqual(before);
      // The printed key is a working wall-screen key.
      expect(dataOf(await gqlAt(server.url, `{ organisation { slug } }`, {}, { token: seeded.key })).organisation.slug).toBe(DEMO_SLUG);
    } finally {
      await stop(server);
    }
  }, 180_000);

  it('seeds the directory itself when no server runs, twice with the same result, and the server then serves it', async () => {
    const dataDir = newDataDir();
    const env = { DATA_DIR: dataDir, PORT: '4999' };
    const first = await runNpmScript('seed', env);
    expect(first.code).toBe(0);
    const seeded = seedOutput(first.output);
    expect(seeded).toMatchObject({ created: true, url: 'http://127.0.0.1:4999', kiosk: `http://127.0.0.1:4999/?key=${seeded.key}` });
    const again = await runNpmScript('seed', env);
    expect(again.code).toBe(0);
    expect(seedOutput(again.output)).toEqual({ ...seeded, created: false });

    const server = await startServerProcess(null, { DATA_DIR: dataDir });
    try {
      expect(await demoCounts(server.url)).toMatchObject({ keys: 1, partners: 5 });
      expect(dataOf(await gqlAt(server.url, `{ organisation { slug } }`, {}, { token: seeded.key })).organisation.slug).toBe(DEMO_SLUG);
    } finally {
      await stop(server);
    }
  }, 180_000);

  it('takes over a lock whose process is gone', async () => {
    const dataDir = newDataDir();
    const gone = spawn(process.execPath, ['-e', '0']);
    await new Promise((resolve) => gone.once('exit', resolve));
    writeFileSync(path.join(dataDir, 'owner.lock'), JSON.stringify({ pid: gone.pid, hostname: os.hostname(), startTicks: null, role: 'server' }));
    const server = await startServerProcess(null, { DATA_DIR: dataDir });
    try {
      expect(JSON.parse(readFileSync(path.join(dataDir, 'owner.lock'), 'utf8'))).toMatchObject({ pid: server.child.pid, url: server.url });
    } finally {
      await stop(server);
    }
  }, 60_000);
});
