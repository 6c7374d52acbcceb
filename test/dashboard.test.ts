import { mkdtempSync, rmSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { seedDemo, type DemoResult } from '../src/demo/demo-seed';
import { buildWeb } from '../web/build';
import type { Role } from '../src/auth/role';
import { describeWithBrowser, expectAccessible, HAS_BROWSER, LAPTOP, launchBrowser, newPage as openPage } from './support/browser';
import { buildOrganisation, buildUser, joinOrganisation } from './support/factories';
import { dataOf, errorCode, useTestServer, type Caller } from './support/harness';
import { tabTo } from './support/page-steps';
import { startTcpProxy } from './support/tcp-proxy';

/**
 * The dashboard in a real browser (Debian's Chromium driven by playwright-core) against the real
 * server and the seeded demo organisation. The bundle is built here, with the same function as
 * `npm run build:web`, so the test always runs the current web/ source and needs no other step.
 */

// A bundle of this run's own: another build of dist/web (npm run build) cannot pull it away.
// Not made when the tests are skipped: afterAll, which removes it, does not run then.
const WEB_DIR = HAS_BROWSER ? mkdtempSync(path.join(os.tmpdir(), 'ph-web-')) : '';
// Several people sign in from one address here; the per-IP limit on logIn/signUp is not under test.
const server = useTestServer({ env: { AUTH_ATTEMPTS_PER_MINUTE: '1000', WEB_DIR } });

const ARTIFACTS = path.resolve(__dirname, 'artifacts');
const PROJECT = 'New mental health facility';
/** Page expressions are strings: this project's type-check has no DOM library (web/ has its own). */
const OVERFLOW = 'document.documentElement.scrollWidth - window.innerWidth';

let browser: Browser;
let demo: DemoResult;
let owner: Caller;
/** Errors the pages logged (a CSP violation, an exception): every test expects none. */
const pageErrors: string[] = [];

beforeAll(async () => {
  await Promise.all([buildWeb(WEB_DIR), mkdir(ARTIFACTS, { recursive: true })]);
  demo = await seedDemo(async (query, variables, caller) => dataOf(await server.gql(query, variables, caller)));
  const logIn = dataOf(await server.gql(`mutation ($input: LogInInput!) { logIn(input: $input) { token } }`, { input: { email: demo.email, password: demo.password } }));
  owner = { token: logIn.logIn.token, organisation: demo.organisation };
  browser = await launchBrowser();
}, 90_000);

afterAll(async () => {
  await browser?.close();
  rmSync(WEB_DIR, { recursive: true, force: true });
});

afterEach(() => {
  const logged = pageErrors.splice(0);
  expect(logged).toEqual([]);
});

function newPage(viewport = LAPTOP): Promise<Page> {
  return openPage(browser, pageErrors, viewport);
}

async function signIn(page: Page, email: string, password: string, origin = server.url): Promise<void> {
  await page.goto(`${origin}/`);
  // Keyboard only: the email field has focus, Tab reaches the password, Enter submits.
  await page.getByLabel('Email').waitFor();
  await page.keyboard.type(email);
  await page.keyboard.press('Tab');
  await page.keyboard.type(password);
  await page.keyboard.press('Enter');
}

async function waitLive(page: Page): Promise<void> {
  await page.locator('.connection[data-state="live"]').waitFor({ timeout: 10_000 });
}

async function openProject(page: Page): Promise<void> {
  await page.getByRole('link', { name: PROJECT }).click();
  await page.locator('.stage').first().waitFor();
}

const stage = (page: Page, title: string) => page.locator('li.stage', { has: page.locator('.stage-title', { hasText: title }) });

/** A new MEMBER of the demo organisation, signed up through the API. */
async function demoMember(name: string) {
  const user = await buildUser(server, { name });
  const { organisation } = dataOf(await server.gql(`{ organisation { id } }`, {}, owner));
  await joinOrganisation(server, { id: organisation.id, as: owner }, user, 'MEMBER' as Role);
  return user;
}

describeWithBrowser('dashboard', () => {
  it('signs in and shows every project with its progress, momentum and open challenges', async () => {
    const page = await newPage();
    await signIn(page, demo.email, demo.password);
    const card = page.locator('.project-card', { hasText: PROJECT });
    await card.waitFor();
    await waitLive(page);
    expect(await card.locator('.percent').textContent()).toBe('40%');
    expect(await card.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('40');
    expect(await card.locator('.fact-done').textContent()).toBe('4 of 10 stages done');
    expect(await card.locator('.fact-late').textContent()).toBe('1 late');
    expect(await card.locator('.fact-blocked').textContent()).toBe('1 blocked');
    expect(await card.locator('.fact-challenges').textContent()).toBe('1 open challenge');
    expect(await card.locator('.fact-momentum').textContent()).toMatch(/today|days? since a stage was completed/);
    expect(await page.locator('.feed-item').count()).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-overview.png') });
    await page.context().close();
  });

  it('asks which organisation to open when the person belongs to several', async () => {
    const person = await buildUser(server, { password: 'two organisations here' });
    await buildOrganisation(server, { owner: person, name: 'First Borough Council' });
    await buildOrganisation(server, { owner: person, name: 'Second Housing Trust' });
    const page = await newPage();
    await signIn(page, person.email, 'two organisations here');
    await page.getByRole('heading', { name: 'Choose an organisation' }).waitFor();
    await page.getByRole('button', { name: /Second Housing Trust/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Second Housing Trust' }).waitFor();
    expect(await page.locator('.org-name').textContent()).toBe('Second Housing Trust');
    await page.context().close();
  });

  it('shows a celebration on another open dashboard within 2 s of a stage being completed', async () => {
    const watcher = await newPage();
    await signIn(watcher, demo.email, demo.password);
    await openProject(watcher);
    await waitLive(watcher);

    const priya = await demoMember('Priya Shah');
    const actor = await newPage();
    await signIn(actor, priya.email, 'correct horse battery');
    await openProject(actor);
    const workforce = stage(actor, 'Workforce plan and redeployment agreement');
    await workforce.getByRole('button', { name: /^Complete/ }).click();
    const message = 'Redeployment agreed with every union: thank you all!';
    await actor.getByLabel(/Celebration message/).fill(message);
    await actor.getByRole('button', { name: 'Complete stage' }).click();

    const started = Date.now();
    const banner = watcher.locator('.celebration', { hasText: message });
    await banner.waitFor({ timeout: 2_000 });
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(await banner.locator('.celebration-stage').textContent()).toBe('Workforce plan and redeployment agreement');
    expect(await banner.locator('.celebration-partner').textContent()).toBe('UNISON Health Branch');
    expect(await watcher.locator('.celebrations').getAttribute('aria-live')).toBe('polite');
    // The watcher's plan follows without a reload; so does the actor's own page.
    await stage(watcher, 'Workforce plan').locator('.badge.status-done').waitFor();
    await actor.locator('.celebration', { hasText: message }).waitFor();
    await watcher.screenshot({ path: path.join(ARTIFACTS, 'dashboard-celebration.png') });
    await watcher.context().close();
    await actor.context().close();
  });

  it('lets members start, block and re-order stages, and says why a change is refused', async () => {
    const tom = await demoMember('Tom Reilly');
    const page = await newPage();
    await signIn(page, tom.email, 'correct horse battery');
    await openProject(page);

    // Its dependency (the building handover) is blocked: Start is not offered (the server's
    // availableActions), and the page says why.
    expect(
      await stage(page, 'Phased opening of the facility')
        .getByRole('button', { name: /^Start/ })
        .count(),
    ).toBe(0);
    await stage(page, 'Phased opening of the facility')
      .locator('.waiting-for', { hasText: /^Can start once “.*” (is|are) done\.$/ })
      .waitFor();
    // A change the server refuses (a stage needs a title) is said next to its field.
    await stage(page, 'Phased opening of the facility').getByRole('button', { name: /^Edit/ }).click();
    await page
      .getByRole('form', { name: /^Edit stage/ })
      .getByLabel('Title', { exact: true })
      .fill('');
    await page.getByRole('button', { name: 'Save stage' }).click();
    await stage(page, 'Phased opening of the facility').locator('.field-error', { hasText: /title/i }).waitFor();
    await page.keyboard.press('Escape');

    await stage(page, 'Recruit to the new roles')
      .getByRole('button', { name: /^Start/ })
      .click();
    await stage(page, 'Recruit to the new roles').locator('.badge.status-in_progress').waitFor();

    await stage(page, 'Training programme for the new model of care')
      .getByRole('button', { name: /^Block/ })
      .click();
    await page.getByLabel(/Why is .* blocked/).fill('Waiting for the training budget to be confirmed.');
    await page.keyboard.press('Enter');
    await stage(page, 'Training programme').locator('.blocked-reason', { hasText: 'training budget' }).waitFor();

    const titles = () => page.locator('.stage-title').allTextContents();
    const before = await titles();
    await stage(page, 'Six-month joint review')
      .getByRole('button', { name: /^Move up/ })
      .click();
    await page.locator('.stage-title').nth(8).filter({ hasText: 'Six-month joint review' }).waitFor();
    const after = await titles();
    expect(after).toEqual([...before.slice(0, 8), before[9], before[8]]);
    // Focus stays on the control that was used, through the redraw.
    expect(await page.evaluate(`document.activeElement?.getAttribute('aria-label')`)).toBe('Move up: Six-month joint review');
    await page.context().close();
  });

  it('draws each measure with one point per measurement, its baseline and target', async () => {
    const [{ id }] = dataOf(await server.gql(`query ($id: ID!) { project(id: $id) { evaluations { id } } }`, { id: demo.projectId }, owner)).project.evaluations;
    const { evaluation } = dataOf(await server.gql(`query ($id: ID!) { evaluation(id: $id) { title measures { id measurements { id } } involvements { id } } }`, { id }, owner));
    const page = await newPage();
    await signIn(page, demo.email, demo.password);
    await openProject(page);
    await page.getByRole('link', { name: evaluation.title }).click();
    await page.locator('.measure-chart').first().waitFor();
    expect(await page.locator('.measure-chart').count()).toBe(evaluation.measures.length);
    for (const measure of evaluation.measures) {
      const chart = page.locator(`svg.measure-chart[data-measure-id="${measure.id}"]`);
      expect(await chart.locator('circle').count()).toBe(measure.measurements.length);
      expect(await chart.locator('.baseline line').count()).toBe(1);
      expect(await chart.locator('.target line').count()).toBe(1);
    }
    expect(await page.locator('.measure-latest').first().textContent()).toMatch(/^27 days on /);
    expect(await page.locator('.measure-progress').first().textContent()).toBe('54% to target');
    expect(await page.locator('.involvement-item').count()).toBe(evaluation.involvements.length);
    await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-evaluation.png'), fullPage: true });
    await page.context().close();
  });

  it('opens a read-only kiosk link that drops the key from the address bar and cannot mutate', async () => {
    const page = await newPage();
    await page.goto(`${server.url}/?key=${encodeURIComponent(demo.apiKey)}`);
    // A kiosk link is a wall screen (test/web-wall.test.ts): the project's plan, with no controls at all.
    await page.locator('.wall-project h1', { hasText: PROJECT }).waitFor();
    expect(page.url()).not.toContain(demo.apiKey);
    expect(page.url()).not.toContain('key=');
    const stored = await page.evaluate<string | null>(`sessionStorage.getItem('partnership-hub.session')`);
    expect(stored).toContain(demo.apiKey);
    expect(await page.locator('.wall-stage').count()).toBeGreaterThan(0);
    expect(await page.locator('.stage-actions, form, input, textarea, select, button').count()).toBe(0);

    // Forcing it: the key the page holds is refused by the server itself.
    const { token } = JSON.parse(stored!) as { token: string };
    const stages = dataOf(await server.gql(`{ projects(first: 1) { nodes { stages { id title } } } }`, {}, { token })).projects.nodes[0].stages;
    const target = stages.find((s: { title: string }) => s.title === 'Six-month joint review');
    const forced = await server.gql(`mutation ($id: ID!) { startStage(id: $id) { id status } }`, { id: target.id }, { token });
    expect(errorCode(forced)).toBe('FORBIDDEN');
    await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-kiosk.png') });
    await page.context().close();
  });

  it('leaves a screen whose key is revoked, saying why', async () => {
    const created = dataOf(await server.gql(`mutation { createApiKey(input: { name: "Lobby screen", role: OBSERVER }) { secret apiKey { id } } }`, {}, owner)).createApiKey;
    const page = await newPage();
    await page.goto(`${server.url}/?key=${encodeURIComponent(created.secret)}`);
    await page.locator('.wall-project').waitFor();
    await waitLive(page);
    dataOf(await server.gql(`mutation ($id: ID!) { revokeApiKey(id: $id) { id } }`, { id: created.apiKey.id }, owner));
    await page.locator('.notice', { hasText: 'This screen link is not valid any more.' }).waitFor({ timeout: 5_000 });
    expect(await page.evaluate<string | null>(`sessionStorage.getItem('partnership-hub.session')`)).toBeNull();
    await page.context().close();
  });

  it('fits a phone screen and has a large-text mode', async () => {
    // The kiosk link's wall sizes itself to its screen; the large-text toggle is the signed-in dashboard's.
    const screen = await newPage({ width: 390, height: 844 });
    await screen.goto(`${server.url}/?key=${encodeURIComponent(demo.apiKey)}`);
    await screen.locator('.wall-stage').first().waitFor();
    expect(await screen.evaluate<number>(OVERFLOW)).toBeLessThanOrEqual(0);
    await screen.context().close();
    const page = await newPage({ width: 390, height: 844 });
    await signIn(page, demo.email, demo.password);
    await openProject(page);
    expect(await page.evaluate<number>(OVERFLOW)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-phone.png') });

    const size = () => page.evaluate<number>(`parseFloat(getComputedStyle(document.documentElement).fontSize)`);
    const normal = await size();
    await page.getByRole('button', { name: 'Large text' }).click();
    expect(await size()).toBeGreaterThan(normal);
    expect(await page.getByRole('button', { name: 'Large text' }).getAttribute('aria-pressed')).toBe('true');
    expect(await page.evaluate<number>(OVERFLOW)).toBeLessThanOrEqual(0);
    await page.context().close();
  });

  it('resumes from its last activity cursor after a lost connection and shows what it missed', async () => {
    // Between the browser and the server: cutting it is a lost network for the page.
    const proxy = await startTcpProxy({ host: '127.0.0.1', port: server.running.port });
    try {
      const page = await newPage();
      const subscribeFrames: { after?: string | null }[] = [];
      page.on('websocket', (socket) =>
        socket.on('framesent', ({ payload }) => {
          const message = JSON.parse(String(payload));
          if (message.type === 'subscribe' && /activity\(after/.test(message.payload.query)) subscribeFrames.push(message.payload.variables);
        }),
      );
      // Signed in: the activity feed is the dashboard's; a kiosk link's wall does not show it.
      await signIn(page, demo.email, demo.password, proxy.proxiedUrl(server.url).replace(/\/$/, ''));
      await page.locator('.project-card').first().waitFor();
      await waitLive(page);
      // One event live first, so the cursor to resume from is not the one the page started with.
      const createPartner = `mutation ($input: CreatePartnerInput!) { createPartner(input: $input) { id } }`;
      dataOf(await server.gql(createPartner, { input: { name: 'Carers Network West', kind: 'CARERS' } }, owner));
      const west = page.locator('.feed-item', { hasText: 'Carers Network West' });
      await west.waitFor({ timeout: 2_000 });
      const lastSeen = await west.getAttribute('data-cursor');
      expect(subscribeFrames[0]?.after).not.toBe(lastSeen);

      proxy.cut();
      await page.locator('.connection[data-state="offline"]').waitFor({ timeout: 5_000 });
      dataOf(await server.gql(createPartner, { input: { name: 'Carers Network North', kind: 'CARERS' } }, owner));
      dataOf(await server.gql(createPartner, { input: { name: 'Carers Network South', kind: 'CARERS' } }, owner));
      proxy.restore();

      await waitLive(page);
      await page.locator('.missed-notice', { hasText: 'missed 2 updates' }).waitFor({ timeout: 5_000 });
      for (const name of ['Carers Network North', 'Carers Network South']) {
        const item = page.locator('.feed-item', { hasText: name });
        await item.waitFor();
        expect(await item.count()).toBe(1);
        expect(await item.locator('.missed-badge').count()).toBe(1);
      }
      // graphql-ws re-subscribed after the loss, from the last event the page had seen.
      expect(subscribeFrames.length).toBeGreaterThanOrEqual(2);
      expect(subscribeFrames.at(-1)?.after).toBe(lastSeen);

      // And it is live again.
      dataOf(await server.gql(createPartner, { input: { name: 'Carers Network East', kind: 'CARERS' } }, owner));
      const live = page.locator('.feed-item', { hasText: 'Carers Network East' });
      await live.waitFor({ timeout: 2_000 });
      expect(await live.locator('.missed-badge').count()).toBe(0);
      await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-resumed.png') });
      await page.context().close();
      // The browser reports the connections the cut broke; those are the point of this test.
      const broken = /WebSocket connection to .* failed|Failed to load resource: net::ERR_/;
      pageErrors.splice(0, pageErrors.length, ...pageErrors.filter((error) => !broken.test(error)));
    } finally {
      await proxy.close();
    }
  });

  it('subscribes again from its last activity cursor when the server completes the activity subscription (catalogue 60)', async () => {
    const page = await newPage();
    const activity: { id: string; after?: string | null }[] = [];
    let complete: (id: string) => void = () => undefined;
    // Between the page and the real server: every message passes, and the test can end the
    // activity subscription on both sides, as a server that completes it would.
    await page.routeWebSocket(/\/graphql$/, (ws) => {
      const toServer = ws.connectToServer();
      ws.onMessage((message) => {
        const parsed = JSON.parse(String(message));
        if (parsed.type === 'subscribe' && /activity\(after/.test(parsed.payload.query)) activity.push({ id: parsed.id, after: parsed.payload.variables?.after });
        toServer.send(message);
      });
      complete = (id) => {
        toServer.send(JSON.stringify({ id, type: 'complete' }));
        ws.send(JSON.stringify({ id, type: 'complete' }));
      };
    });
    // Signed in: the activity feed is the dashboard's; a kiosk link's wall does not show it.
    await signIn(page, demo.email, demo.password);
    await page.locator('.project-card').first().waitFor();
    await waitLive(page);
    const createPartner = `mutation ($input: CreatePartnerInput!) { createPartner(input: $input) { id } }`;
    dataOf(await server.gql(createPartner, { input: { name: 'Carers Network Central', kind: 'CARERS' } }, owner));
    const central = page.locator('.feed-item', { hasText: 'Carers Network Central' });
    await central.waitFor({ timeout: 2_000 });
    const lastSeen = await central.getAttribute('data-cursor');
    expect(activity).toHaveLength(1);

    complete(activity[0]!.id);
    for (let waited = 0; activity.length < 2; waited += 100) {
      if (waited > 10_000) throw new Error('the page did not subscribe again');
      await page.waitForTimeout(100);
    }
    expect(activity[1]).toMatchObject({ after: lastSeen });
    expect(activity[1]!.id).not.toBe(activity[0]!.id);

    dataOf(await server.gql(createPartner, { input: { name: 'Carers Network Harbour', kind: 'CARERS' } }, owner));
    const harbour = page.locator('.feed-item', { hasText: 'Carers Network Harbour' });
    await harbour.waitFor({ timeout: 5_000 });
    expect(await page.locator('.feed-item', { hasText: 'Carers Network Central' }).count()).toBe(1);
    expect(await harbour.count()).toBe(1);
    await page.context().close();
  });
  it('has no WCAG 2.2 A/AA violation (axe-core) on the overview, a project, an evaluation, a kiosk screen and at phone width', async () => {
    const page = await newPage();
    await signIn(page, demo.email, demo.password);
    await page.locator('.project-card').first().waitFor();
    await waitLive(page);
    await page.locator('.feed-item').first().waitFor();
    await expectAccessible(page, 'overview');
    await openProject(page);
    await expectAccessible(page, 'project');
    // With a stage's inline form open, and a refusal in words.
    await stage(page, 'Six-month joint review')
      .getByRole('button', { name: /^Block/ })
      .click();
    await page.getByLabel(/Why is .* blocked/).waitFor();
    await expectAccessible(page, 'project, block form open');
    await page.keyboard.press('Escape');
    await stage(page, 'Phased opening of the facility').getByRole('button', { name: /^Edit/ }).click();
    await page
      .getByRole('form', { name: /^Edit stage/ })
      .getByLabel('Title', { exact: true })
      .fill('');
    await page.getByRole('button', { name: 'Save stage' }).click();
    await stage(page, 'Phased opening of the facility').locator('.field-error', { hasText: /title/i }).waitFor();
    await expectAccessible(page, 'project, change refused');
    await page.keyboard.press('Escape');
    await page.locator('.project-side a[href^="#/evaluations/"]').first().click();
    await page.locator('.measure-chart').first().waitFor();
    await expectAccessible(page, 'evaluation');
    await page.getByRole('button', { name: 'Large text' }).click();
    await expectAccessible(page, 'evaluation, large text');
    await page.getByRole('button', { name: 'Large text' }).click();
    await page.context().close();

    const screen = await newPage({ width: 390, height: 844 });
    await screen.goto(`${server.url}/?key=${encodeURIComponent(demo.apiKey)}`);
    // The wall fades a project in: axe, checking contrast mid-way, would see it half transparent.
    await screen.emulateMedia({ reducedMotion: 'reduce' });
    await screen.locator('.wall-stage').first().waitFor();
    await expectAccessible(screen, 'kiosk wall, phone width');
    await screen.context().close();

    // A signed-in person's header has more in it (Organisations, Sign out everywhere): it wraps.
    const phone = await newPage({ width: 390, height: 844 });
    await signIn(phone, demo.email, demo.password);
    await phone.locator('.project-card').waitFor();
    expect(await phone.evaluate<number>(OVERFLOW)).toBeLessThanOrEqual(0);
    await expectAccessible(phone, 'overview, signed in, phone width');
    await phone.context().close();
  });

  it('lets a member open a project and block a stage with the keyboard alone', async () => {
    const ria = await demoMember('Ria Keyboard');
    const page = await newPage();
    await signIn(page, ria.email, 'correct horse battery');
    await page.locator('.project-card').waitFor();
    await tabTo(page, new RegExp(`^${PROJECT}$`));
    await page.keyboard.press('Enter');
    // Navigation moves focus to the new page's heading.
    await page.getByRole('heading', { level: 1, name: PROJECT }).waitFor();
    await page.waitForFunction(`document.activeElement?.tagName === 'H1'`);
    await tabTo(page, /^Block: Six-month joint review$/);
    await page.keyboard.press('Enter');
    await page.keyboard.type('Waiting for the review panel to be named.');
    await page.keyboard.press('Enter');
    await stage(page, 'Six-month joint review').locator('.blocked-reason', { hasText: 'review panel' }).waitFor();
    // Focus moves on to the stage's next step; its dependency is not done, so that is not Start
    // (which the server does not offer), and the page says in words why.
    await page.waitForFunction(`document.activeElement?.getAttribute('aria-label') === 'Cancel stage: Six-month joint review'`);
    await stage(page, 'Six-month joint review')
      .locator('.waiting-for', { hasText: /^Can start once/ })
      .waitFor();
    // Escape closes a form without a change, and focus returns to the button that opened it.
    await tabTo(page, /^Block: Recruit to the new roles$/);
    await page.keyboard.press('Enter');
    await page.getByLabel(/Why is .* blocked/).waitFor();
    await page.keyboard.press('Escape');
    expect(await page.evaluate(`document.activeElement?.getAttribute('aria-label')`)).toBe('Block: Recruit to the new roles');
    await page.context().close();
  });
});
