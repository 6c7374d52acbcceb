import 'reflect-metadata';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig, type Config } from '../src/config';
import { createLogger } from '../src/logger';
import { openDatabase } from '../src/db/open-database';
import { dataDirHolder, DataDirLockedError } from '../src/db/data-dir-lock';
import { createLiveUpdates } from '../src/events/live-updates';
import { createSchema } from '../src/schema';
import { createServer } from '../src/server';
import { DEMO_REPRESENTATIVE_EMAIL, DEMO_REPRESENTATIVE_PASSWORD, seedDemo, type DemoResult } from '../src/demo/demo-seed';
import { entities } from '../src/features';
import { httpCall } from './http-call';

/**
 * `npm run seed [-- --url http://host:port]`: creates the demo organisation, through the public
 * API, and prints how to sign in and a wall screen's kiosk link. Where it goes:
 * - `--url`: that running server;
 * - the embedded database, while a server runs on DATA_DIR: that server (found through the data
 *   directory's lock), since the directory belongs to one process;
 * - otherwise the database itself (DATA_DIR or DATABASE_URL), through a server of its own on a
 *   free port, stopped afterwards.
 * Running it again changes nothing: the screen key it made is kept in DATA_DIR and handed back.
 */

/** How long to wait for a server that holds DATA_DIR but does not listen yet (it is starting). */
const STARTING_SERVER_WAIT_MS = 60_000;

const SCREEN_KEY_FILE = 'demo-screen-key';

/** The URL of the server that holds DATA_DIR, once it listens; undefined when no process holds it. */
async function runningServerUrl(config: Config): Promise<string | undefined> {
  const deadline = Date.now() + STARTING_SERVER_WAIT_MS;
  for (;;) {
    const holder = dataDirHolder(config.dataDir);
    if (!holder) return undefined;
    if (holder.url) return holder.url;
    if (holder.role !== 'server' || Date.now() > deadline) throw new DataDirLockedError(config.dataDir, holder);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Seeds through a server of its own on the configured database; undefined if a server took DATA_DIR first. */
async function seedDirectly(config: Config, screenKey: string | undefined): Promise<{ result: DemoResult; url: string } | undefined> {
  const logger = createLogger('warn');
  let database;
  try {
    database = await openDatabase(config, logger, { entities, role: 'seed' });
  } catch (error) {
    if (error instanceof DataDirLockedError) return undefined;
    throw error;
  }
  const live = createLiveUpdates(database.dataSource, logger, null);
  try {
    const server = await createServer(
      { config, dataSource: database.dataSource, logger, authKey: new TextEncoder().encode(config.authSecret), events: live.hub },
      await createSchema(),
    );
    const running = await server.listen(0, '127.0.0.1');
    try {
      const result = await seedDemo(httpCall(running.url), { screenKey });
      // The address `npm start` will serve, which is where a screen will open the link.
      const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
      return { result, url: `http://${host}:${config.port}` };
    } finally {
      await running.stop();
    }
  } finally {
    await database.close();
  }
}

function readScreenKey(config: Config): string | undefined {
  try {
    return readFileSync(path.join(config.dataDir, SCREEN_KEY_FILE), 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { url: { type: 'string' } } });
  const config = loadConfig();
  const screenKey = readScreenKey(config);
  let seeded: { result: DemoResult; url: string } | undefined;
  for (let attempt = 0; !seeded; attempt++) {
    const url = values.url?.replace(/\/+(graphql)?$/, '') ?? (config.databaseUrl ? undefined : await runningServerUrl(config));
    if (url) seeded = { result: await seedDemo(httpCall(url), { screenKey }), url };
    else seeded = await seedDirectly(config, screenKey);
    if (!seeded && attempt > 0) throw new Error(`DATA_DIR ${config.dataDir} was taken and given up while seeding: run the seed again`);
  }
  const { result, url } = seeded;
  if (result.apiKeyCreated) {
    mkdirSync(config.dataDir, { recursive: true });
    writeFileSync(path.join(config.dataDir, SCREEN_KEY_FILE), result.apiKey, { mode: 0o600 });
  }

  console.log(result.created ? `Demo organisation created on ${url}.` : `Demo organisation already there on ${url}; nothing changed.`);
  console.log(`  Sign in:       ${url}/  as ${result.email} / ${result.password}`);
  console.log(`  UNISON's rep:  ${DEMO_REPRESENTATIVE_EMAIL} / ${DEMO_REPRESENTATIVE_PASSWORD}  (a MEMBER who speaks for UNISON)`);
  console.log(`  Screen key:    ${result.apiKey}  (OBSERVER: reads only)`);
  console.log(`  Kiosk link:    ${url}/?key=${result.apiKey}`);
  console.log(`  Organisation:  ${result.organisation} (X-Organisation header for the API)`);
  if (result.feedbackUrl) console.log(`  Feedback form: ${result.feedbackUrl}  (public, no account: service users answer here)`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
