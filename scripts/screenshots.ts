import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { PNG } from 'pngjs';
import type { Browser, Page } from 'playwright-core';
import { loadConfig } from '../src/config';
import { createLogger } from '../src/logger';
import { openDatabase } from '../src/db/open-database';
import { createLiveUpdates } from '../src/events/live-updates';
import { createSchema } from '../src/schema';
import { createServer } from '../src/server';
import { seedDemo, type DemoResult } from '../src/demo/demo-seed';
import { entities } from '../src/features';
import { buildWeb } from '../web/build';
import { parseRoute } from '../web/src/router';
import { CHROMIUM, launchBrowser } from '../test/support/chromium';
import { httpCall } from './http-call';
import { SCREENS, type Screen } from './screens';

/**
 * `npm run screenshots`: the README's pictures of every page (scripts/screens.ts lists them), into
 * docs/screens/. The real server on a free port, over a fresh database of its own (embedded, or a
 * new database on the PostgreSQL of DATABASE_URL or TEST_DATABASE_URL, dropped afterwards), with a
 * fresh build of web/, seeded with the demo organisation; Debian's Chromium looks, with reduced
 * motion, once each page has loaded and its live connection is up.
 */

const OUT_DIR = path.resolve(__dirname, '..', 'docs', 'screens');
/** Larger than this, a picture is worth a look: the README loads them all. */
const LARGEST_BYTES = 250 * 1024;
/** A page that has not settled by then is broken, not slow. */
const SETTLE_MS = 20_000;
/** Space above what a picture is scrolled to, as between the page's cards. */
const SCROLL_MARGIN = 16;
/** Page expression: whatever is still loading (a view shows `.loading` until its query answers). */
const LOADING = `document.querySelectorAll('.loading').length`;

interface FreshDatabase {
  env: Record<string, string>;
  drop(): Promise<void>;
}

/** A database for this run only: a new one on the given PostgreSQL, or the embedded one in a temporary DATA_DIR. */
async function freshDatabase(): Promise<FreshDatabase> {
  const server = process.env.DATABASE_URL || process.env.TEST_DATABASE_URL;
  if (!server) {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'ph-screens-data-'));
    return { env: { DATA_DIR: dataDir }, drop: async () => rmSync(dataDir, { recursive: true, force: true }) };
  }
  const name = `ph_screens_${randomBytes(6).toString('hex')}`;
  const admin = async (sql: string) => {
    const client = new Client({ connectionString: server });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  return { env: { DATABASE_URL: url.toString() }, drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

/**
 * The same picture in about a fifth fewer bytes, nothing lost: Chromium filters each row of a
 * screenshot as photographs are best filtered, where flat colour and text compress better
 * unfiltered, and deflates less hard than it could. (pngjs deflates run-lengths only, unless told.)
 */
function smaller(screenshot: Buffer): Buffer {
  const png = PNG.sync.read(screenshot);
  return PNG.sync.write(png, { colorType: 2, inputHasAlpha: true, filterType: 0, deflateLevel: 9, deflateStrategy: 0 });
}

/** The real server (as src/index.ts starts it) on a free port; `stop` closes it and its database. */
async function startServer(env: Record<string, string>): Promise<{ url: string; stop(): Promise<void> }> {
  const config = loadConfig({ ...env, AUTH_SECRET: randomBytes(32).toString('hex'), LOG_LEVEL: 'warn', SHUTDOWN_GRACE_MS: '2000' });
  const logger = createLogger(config.logLevel);
  const database = await openDatabase(config, logger, { entities });
  const live = createLiveUpdates(database.dataSource, logger, config.databaseListenUrl ?? null, {
    listenerHeartbeatMs: config.listenerHeartbeatMs,
    catchUpMs: config.listenerCatchUpMs,
  });
  try {
    await live.start();
    const deps = { config, dataSource: database.dataSource, logger, authKey: new TextEncoder().encode(config.authSecret), events: live.hub, listener: live.listener };
    const running = await (await createServer(deps, await createSchema())).listen(0, '127.0.0.1');
    return {
      url: running.url,
      async stop() {
        await running.stop();
        await live.stop();
        await database.close();
      },
    };
  } catch (error) {
    await live.stop();
    await database.close();
    throw error;
  }
}

/** The demo organisation, with one invitation still pending so the organisation page shows how one looks. */
async function seed(url: string): Promise<DemoResult> {
  const call = httpCall(url);
  const demo = await seedDemo(call);
  const { logIn } = await call(`mutation ($input: LogInInput!) { logIn(input: $input) { token } }`, { input: { email: demo.email, password: demo.password } });
  await call(
    `mutation ($input: InviteMemberInput!) { inviteMember(input: $input) { id } }`,
    { input: { email: 'gareth.evans@riverside-care.example', role: 'MEMBER' } },
    {
      token: logIn.token,
      organisation: demo.organisation,
    },
  );
  return demo;
}

/**
 * The browser tabs, one for each way of looking (who, at what size), opened on first use and
 * kept: later pages are reached as links reach them, on the same live connection.
 */
function tabs(browser: Browser, url: string, demo: DemoResult, problems: string[]) {
  const open = new Map<string, Promise<Page>>();
  const start = async (screen: Screen): Promise<Page> => {
    const context = await browser.newContext({
      viewport: screen.viewport,
      deviceScaleFactor: screen.scale ?? 1,
      reducedMotion: 'reduce',
      // Dates and times read the same whoever takes the pictures, wherever.
      locale: 'en-GB',
      timezoneId: 'Europe/London',
    });
    const page = await context.newPage();
    page.setDefaultTimeout(SETTLE_MS);
    page.on('pageerror', (error) => problems.push(`${screen.name}: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`${screen.name}: ${message.text()}`);
    });
    if (screen.as === 'screen') {
      await page.goto(`${url}/?key=${encodeURIComponent(demo.apiKey)}`);
    } else {
      await page.goto(`${url}/#/sign-in`);
      if (screen.as === 'lead') {
        await page.getByLabel('Email').fill(demo.email);
        await page.getByLabel('Password').fill(demo.password);
        await page.getByRole('button', { name: 'Sign in' }).click();
        await page.locator('.connection[data-state="live"]').waitFor();
      }
    }
    return page;
  };
  return (screen: Screen): Promise<Page> => {
    const key = `${screen.as} ${screen.viewport.width}x${screen.viewport.height}`;
    if (!open.has(key)) open.set(key, start(screen));
    return open.get(key)!;
  };
}

/**
 * Waits until the page has its data, its fonts and (unless signed out) its live connection, then
 * scrolls to where its picture starts and checks that the page is the route it claims to show.
 */
async function settle(page: Page, screen: Screen): Promise<void> {
  if (screen.as !== 'nobody') await page.locator('.connection[data-state="live"]').waitFor();
  const deadline = Date.now() + SETTLE_MS;
  while ((await page.evaluate<number>(LOADING)) > 0) {
    if (Date.now() > deadline) throw new Error(`${screen.name}: still loading after ${SETTLE_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await page.evaluate('document.fonts.ready.then(() => undefined)');
  // A page focuses its heading on arrival (for screen readers): the ring is not part of the page's look.
  await page.evaluate('document.activeElement instanceof HTMLElement && document.activeElement.blur()');
  // A page reached by a link keeps the last one's scroll position (the tab is the same).
  const top = screen.scrollTo ? `document.querySelector(${JSON.stringify(screen.scrollTo)}).getBoundingClientRect().top + window.scrollY - ${SCROLL_MARGIN}` : '0';
  await page.evaluate(`window.scrollTo({ top: ${top}, behavior: 'instant' })`);
  const shown = parseRoute(await page.evaluate<string>('location.hash')).name;
  if (shown !== screen.route) throw new Error(`${screen.name}: the page shows route ${shown}, not ${screen.route}`);
}

async function main(): Promise<void> {
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: install Debian's chromium, or set CHROMIUM_PATH`);
  const webDir = mkdtempSync(path.join(os.tmpdir(), 'ph-screens-web-'));
  const database = await freshDatabase();
  const problems: string[] = [];
  try {
    await buildWeb(webDir);
    const server = await startServer({ ...database.env, WEB_DIR: webDir });
    try {
      const demo = await seed(server.url);
      const browser = await launchBrowser();
      try {
        mkdirSync(OUT_DIR, { recursive: true });
        const tabFor = tabs(browser, server.url, demo, problems);
        for (const screen of SCREENS) {
          const page = await tabFor(screen);
          await screen.open(page, { projectId: demo.projectId });
          await settle(page, screen);
          const file = path.join(OUT_DIR, `${screen.name}.png`);
          const png = smaller(await page.screenshot({ animations: 'disabled', caret: 'hide' }));
          writeFileSync(file, png);
          console.log(`${path.relative(process.cwd(), file)}  ${Math.round(png.length / 1024)} KB${png.length > LARGEST_BYTES ? '  (large: look at what it shows)' : ''}`);
        }
      } finally {
        await browser.close();
      }
    } finally {
      await server.stop();
    }
  } finally {
    await database.drop();
    rmSync(webDir, { recursive: true, force: true });
  }
  if (problems.length) throw new Error(`the pages logged errors:\n${problems.join('\n')}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
