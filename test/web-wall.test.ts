import path from 'node:path';
import type { Page } from 'playwright-core';
import type { Role } from '../src/auth/role';
import { ARTIFACTS, describeWithBrowser, expectAccessible, freshWebDir, useBrowser } from './support/browser';
import { buildApiKey, buildMember, buildOrganisation, buildPartner, buildProject, buildStage, type TestOrganisation } from './support/factories';
import { dataOf, useTestServer, type Caller } from './support/harness';

/**
 * Wall mode (issue #16) in a real browser against the real server: a kiosk link (an OBSERVER
 * key) shows one active project at a time, fitting the screen without scrolling, rotating, with
 * the latest celebrations, and says so when its live connection is lost. What is not under test
 * is built through the API.
 */

const WEB_DIR = freshWebDir();
const server = useTestServer({ env: { WEB_DIR } });
const browser = useBrowser(WEB_DIR);

const FULL_HD = { width: 1920, height: 1080 };
const HD = { width: 1280, height: 720 };
const PHONE = { width: 390, height: 844 };
/** Page expressions are strings: this project's type-check has no DOM library. */
const SCROLLS = `({ down: document.documentElement.scrollHeight - window.innerHeight, across: document.documentElement.scrollWidth - window.innerWidth })`;
/** The open stages whose tile is not wholly inside the viewport (a title cut short by its ellipsis still counts as shown). */
const OPEN_STAGES_OFF_SCREEN = `[...document.querySelectorAll('.wall-stage[data-status]')]
  .filter((tile) => !['DONE', 'CANCELLED'].includes(tile.dataset.status))
  .filter((tile) => { const r = tile.getBoundingClientRect(); return r.width === 0 || r.top < 0 || r.left < 0 || r.bottom > window.innerHeight || r.right > window.innerWidth; })
  .map((tile) => tile.textContent)`;

async function newPage(viewport = FULL_HD): Promise<Page> {
  const page = await browser.newPage(viewport);
  page.setDefaultTimeout(15_000);
  // The project and the banner fade in: axe, checking contrast mid-way, would see them half transparent.
  await page.emulateMedia({ reducedMotion: 'reduce' });
  return page;
}

/** A day relative to today (UTC), as a Date scalar. */
function day(offset: number): string {
  return new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
}

const call = (caller: Caller, query: string, variables: Record<string, unknown>) => server.gql(query, variables, caller).then(dataOf);
const start = (caller: Caller, id: string) => call(caller, `mutation ($id: ID!) { startStage(id: $id) { id } }`, { id });
const complete = (caller: Caller, id: string, message: string | null = null) =>
  call(caller, `mutation ($input: CompleteStageInput!) { completeStage(input: $input) { id } }`, { input: { id, celebration: message } });

/**
 * An ACTIVE project with a plan of `count` stages owned by two partners: the first `done` of them
 * done, the next in progress, the one after blocked, and one late.
 */
async function activeProject(organisation: TestOrganisation, name: string, count: number, done: number) {
  const [unison, management] = await Promise.all([
    buildPartner(server, organisation.as, { name: `UNISON ${name}`, kind: 'TRADE_UNION' }),
    buildPartner(server, organisation.as, { name: `Management ${name}`, kind: 'MANAGEMENT' }),
  ]);
  const project = await buildProject(server, organisation.as, { name, summary: `Changing the service together: ${name}.`, status: 'ACTIVE' });
  const stages = [];
  for (let index = 0; index < count; index += 1) {
    stages.push(
      await buildStage(server, organisation.as, {
        projectId: project.id,
        title: `${name} stage ${index + 1}: ${index % 3 === 0 ? 'agree the workforce plan with every partner' : 'review'}`,
        ownerPartnerId: (index % 2 ? unison : management).id,
        dueDate: index === done + 2 ? day(-3) : day(30 + index),
      }),
    );
  }
  for (const stage of stages.slice(0, done)) {
    await start(organisation.as, stage.id);
    await complete(organisation.as, stage.id, `Done: ${stage.title}`);
  }
  const [next, after] = [stages[done], stages[done + 1]];
  if (next) await start(organisation.as, next.id);
  if (after) await call(organisation.as, `mutation ($input: BlockStageInput!) { blockStage(input: $input) { id } }`, { input: { id: after.id, reason: 'Waiting for the budget' } });
  return { project, stages, unison, management };
}

function kiosk(secret: string, rotate?: number, base = server.url): string {
  return `${base}/?key=${encodeURIComponent(secret)}${rotate ? `&rotate=${rotate}` : ''}`;
}

async function expectFits(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(ARTIFACTS, `wall-fit-${name.replace(/\W+/g, '-')}.png`) });
  expect({ page: name, scrolls: await page.evaluate<{ down: number; across: number }>(SCROLLS) }).toEqual({ page: name, scrolls: { down: 0, across: 0 } });
  expect({ page: name, offScreen: await page.evaluate<string[]>(OPEN_STAGES_OFF_SCREEN) }).toEqual({ page: name, offScreen: [] });
}

describeWithBrowser('wall mode', () => {
  it('fits a plan of 15 stages at 1920×1080 and 1280×720 without scrolling, every stage with its owner, and passes axe', async () => {
    const organisation = await buildOrganisation(server, { name: 'Fifteen Stages Trust' });
    const { stages } = await activeProject(organisation, 'New mental health facility', 15, 4);
    const key = await buildApiKey(server, organisation);
    for (const viewport of [FULL_HD, HD]) {
      const page = await newPage(viewport);
      await page.goto(kiosk(key.secret));
      await page.locator('.wall-project h1', { hasText: 'New mental health facility' }).waitFor();
      await page.locator('.connection[data-state="live"]').waitFor();
      expect(page.url()).not.toContain('key=');
      expect(await page.locator('.wall-stage[data-status]').count()).toBe(15);
      await expectFits(page, `${viewport.width}×${viewport.height}`);
      // The plan in order, with owners; late and blocked stages called out beside it.
      expect(await page.locator('.wall-stage-title').first().textContent()).toBe(stages[0]!.title);
      expect(await page.locator(`.wall-stage[data-stage-id="${stages[5]!.id}"] .wall-stage-owner`).textContent()).toMatch(/^UNISON /);
      expect(await page.locator(`.wall-stage[data-stage-id="${stages[6]!.id}"] .badge.late`).count()).toBe(1);
      expect(await page.locator('.wall-attention li', { hasText: 'Waiting for the budget' }).count()).toBe(1);
      expect(await page.locator('.fact-done').textContent()).toBe('4 of 15 stages done');
      expect(await page.locator('.wall-latest-item').count()).toBe(4);
      // A wall: nothing to fill in, press or navigate to.
      expect(await page.locator('form, input, textarea, select, button, nav').count()).toBe(0);
      await page.screenshot({ path: path.join(ARTIFACTS, `wall-${viewport.width}x${viewport.height}.png`) });
      if (viewport === FULL_HD) await expectAccessible(page, 'wall, 1920×1080');
      await page.context().close();
    }
  });

  it('fits the longest plan shown in full (21 stages), and past it keeps every open stage of a 50-stage plan on screen, folding the done ones', async () => {
    const full = await buildOrganisation(server, { name: 'Full Plan Trust' });
    await activeProject(full, 'Full plan', 21, 4);
    const long = await buildOrganisation(server, { name: 'Long Plan Trust' });
    await activeProject(long, 'Long plan', 50, 6);
    for (const [organisation, shown, folded] of [
      [full, 21, null],
      [long, 44, 'And 6 stages done'],
    ] as const) {
      const key = await buildApiKey(server, organisation);
      for (const viewport of [FULL_HD, HD]) {
        const page = await newPage(viewport);
        await page.goto(kiosk(key.secret));
        await page.locator('.wall-stage').first().waitFor();
        await page.locator('.wall-latest-item').first().waitFor();
        expect(await page.locator('.wall-stage[data-status]').count()).toBe(shown);
        expect(await page.locator('.wall-more').allTextContents()).toEqual(folded ? [folded] : []);
        await expectFits(page, `${organisation.name}, ${viewport.width}×${viewport.height}`);
        await page.context().close();
      }
    }
  }, 60_000);

  it('rotates between the active projects at the interval of the link, says which and when, and pauses with Space', async () => {
    const organisation = await buildOrganisation(server, { name: 'Two Projects Trust' });
    await activeProject(organisation, 'Community hub', 3, 1);
    await activeProject(organisation, 'Night shelter', 3, 0);
    // Not active: not on the wall.
    await buildProject(server, organisation.as, { name: 'Proposed bakery' });
    const key = await buildApiKey(server, organisation);
    const page = await newPage();
    // Less than the minimum (10 s) is raised to it: the shortest a room can read a project in.
    await page.goto(kiosk(key.secret, 3));
    await page.locator('.wall-project h1', { hasText: 'Community hub' }).waitFor();
    expect(await page.locator('.wall-rotation').textContent()).toMatch(/^Project 1 of 2 · next in (10|9|8|7) seconds$/);
    const started = Date.now();
    await page.locator('.wall-project h1', { hasText: 'Night shelter' }).waitFor({ timeout: 20_000 });
    console.log(`wall rotated after ${Date.now() - started} ms (rotate=3, raised to 10)`);
    expect(await page.locator('.wall-rotation').textContent()).toMatch(/^Project 2 of 2 · next in/);

    await page.keyboard.press('Space');
    await page.locator('.wall-rotation', { hasText: 'Project 2 of 2 · paused (Space resumes)' }).waitFor();
    await page.waitForTimeout(11_000);
    expect(await page.locator('.wall-project h1').textContent()).toBe('Night shelter');
    await page.keyboard.press('Space');
    await page.locator('.wall-rotation', { hasText: /next in/ }).waitFor();
    await page.keyboard.press('ArrowRight');
    await page.locator('.wall-project h1', { hasText: 'Community hub' }).waitFor();
    await page.context().close();
  }, 60_000);

  it('shows a stage completed by a member elsewhere as a celebration', async () => {
    const organisation = await buildOrganisation(server, { name: 'Celebrating Trust' });
    const { stages } = await activeProject(organisation, 'Garden for the ward', 4, 1);
    const member = await buildMember(server, organisation, 'MEMBER' as Role);
    const key = await buildApiKey(server, organisation);
    const page = await newPage();
    await page.goto(kiosk(key.secret));
    await page.locator('.connection[data-state="live"]').waitFor();
    const stage = stages[1]!;
    const message = 'The garden is planted: thank you, everyone!';
    const started = Date.now();
    await complete(member.as, stage.id, message);
    const banner = page.locator('.wall-banner', { hasText: message });
    await banner.waitFor({ timeout: 10_000 });
    console.log(`celebration on the wall ${Date.now() - started} ms after completeStage answered`);
    expect(await banner.locator('.celebration-stage').textContent()).toBe(stage.title);
    expect(await page.locator('.wall-banner-region').getAttribute('aria-live')).toBe('polite');
    // The lasting record and the plan follow too.
    await page.locator('.wall-latest-item', { hasText: message }).waitFor({ timeout: 10_000 });
    await page.locator(`.wall-stage[data-stage-id="${stage.id}"][data-status="DONE"]`).waitFor({ timeout: 10_000 });
    await expectFits(page, 'with a banner');
    await page.screenshot({ path: path.join(ARTIFACTS, 'wall-celebration.png') });
    await expectAccessible(page, 'wall with a celebration');
    await page.context().close();
  });

  it('says it is offline with the time of its last update, dims the picture, and reloads everything after reconnecting', async () => {
    const organisation = await buildOrganisation(server, { name: 'Flaky Wi-Fi Trust' });
    const { stages } = await activeProject(organisation, 'Lobby screen project', 4, 0);
    const key = await buildApiKey(server, organisation);
    const page = await newPage();
    // Between the page and the real server: while \`down\`, the "server" closes every socket at once
    // (1001, going away: a restart), as a server being deployed would.
    let down = false;
    const open: { close(options: { code: number; reason: string }): Promise<void> }[] = [];
    await page.routeWebSocket(/\/graphql$/, (ws) => {
      if (down) return void ws.close({ code: 1001, reason: 'Going away' });
      ws.connectToServer();
      open.push(ws);
    });
    await page.goto(kiosk(key.secret));
    await page.locator('.connection[data-state="live"]').waitFor();
    expect(await page.locator('.wall-offline').count()).toBe(0);

    down = true;
    await Promise.all(open.splice(0).map((ws) => ws.close({ code: 1001, reason: 'Going away' })));
    const offline = page.locator('.wall-offline');
    await offline.waitFor({ timeout: 10_000 });
    expect(await offline.textContent()).toMatch(/^Offline — last updated (\d\d:\d\d|\d+ \w+, \d\d:\d\d)\. Reconnecting/);
    expect(await offline.getAttribute('role')).toBe('alert');
    expect(await page.locator('.wall.wall-stale').count()).toBe(1);
    await page.screenshot({ path: path.join(ARTIFACTS, 'wall-offline.png') });
    // Changed while the wall could not hear of it.
    await start(organisation.as, stages[1]!.id);

    down = false;
    await page.locator('.connection[data-state="live"]').waitFor({ timeout: 20_000 });
    expect(await page.locator('.wall-offline').count()).toBe(0);
    expect(await page.locator('.wall.wall-stale').count()).toBe(0);
    await page.locator(`.wall-stage[data-stage-id="${stages[1]!.id}"][data-status="IN_PROGRESS"]`).waitFor({ timeout: 10_000 });
    await page.context().close();
  }, 60_000);

  it('stacks and scrolls on a phone, without overflowing sideways', async () => {
    const organisation = await buildOrganisation(server, { name: 'Pocket Trust' });
    await activeProject(organisation, 'Phone project', 15, 3);
    const key = await buildApiKey(server, organisation);
    const page = await newPage(PHONE);
    await page.goto(kiosk(key.secret));
    await page.locator('.wall-stage').first().waitFor();
    expect(await page.evaluate<number>(`document.documentElement.scrollWidth - window.innerWidth`)).toBeLessThanOrEqual(0);
    await expectAccessible(page, 'wall, phone');
    await page.context().close();
  });
});
