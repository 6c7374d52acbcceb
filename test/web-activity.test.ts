import path from 'node:path';
import type { Page } from 'playwright-core';
import { ARTIFACTS, describeWithBrowser, freshWebDir, LAPTOP, useBrowser } from './support/browser';
import type { Role } from '../src/auth/role';
import { buildMember, buildOrganisation, buildProject, buildStage, type TestOrganisation } from './support/factories';
import { dataOf, useTestServer } from './support/harness';
import { expectAccessibleAtBothWidths, horizontalOverflow, PHONE, signIn, tabTo, until } from './support/page-steps';

/**
 * The activity page and the celebrations page (issue #16) in a real browser against the real
 * server: the log with dates, projects, links and changes, filtered by project and kind (kept in
 * the route), paged back, and live; the lasting record of completions, per organisation and per
 * project, and live. The data is built through the API.
 */

const WEB_DIR = freshWebDir();
const server = useTestServer({ env: { AUTH_ATTEMPTS_PER_MINUTE: '1000', WEB_DIR } });

/** Stages added to the long project: more events than two pages of the log hold. */
const MANY = 45;

const browser = useBrowser(WEB_DIR);

async function newPage(viewport = LAPTOP): Promise<Page> {
  const page = await browser.newPage(viewport);
  page.setDefaultTimeout(15_000);
  await page.emulateMedia({ reducedMotion: 'reduce' });
  return page;
}

const items = (page: Page) => page.locator('ol.history > li');

interface World {
  org: TestOrganisation;
  clinic: { id: string; name: string };
  hub: { id: string; name: string };
  renamed: { id: string; version: number };
  hubStages: string[];
}

async function gql(org: TestOrganisation, query: string, variables: Record<string, unknown> = {}) {
  return dataOf(await server.gql(query, variables, org.as));
}

async function complete(org: TestOrganisation, stageId: string, message: string): Promise<void> {
  await gql(org, `mutation ($id: ID!) { startStage(id: $id) { id } }`, { id: stageId });
  await gql(org, `mutation ($input: CompleteStageInput!) { completeStage(input: $input) { id } }`, { input: { id: stageId, celebration: message } });
}

async function world(): Promise<World> {
  const org = await buildOrganisation(server, { name: 'Northgate Health Trust' });
  const clinic = await buildProject(server, org.as, { name: 'Riverside clinic', status: 'ACTIVE' });
  const hub = await buildProject(server, org.as, { name: 'Hilltop hub', status: 'ACTIVE' });
  const stage = await buildStage(server, org.as, { projectId: clinic.id, title: 'Draft the rota' });
  const { updateStage } = await gql(org, `mutation ($input: UpdateStageInput!) { updateStage(input: $input) { id version } }`, {
    input: { id: stage.id, expectedVersion: stage.version, title: 'Agree the rota', dueDate: '2027-03-01' },
  });
  const hubStages: string[] = [];
  for (let n = 1; n <= MANY; n += 1) hubStages.push((await buildStage(server, org.as, { projectId: hub.id, title: `Hub step ${n}` })).id);
  return { org, clinic, hub, renamed: updateStage, hubStages };
}

describeWithBrowser('the activity and celebrations pages', () => {
  let w: World;

  beforeAll(async () => {
    w = await world();
  }, 120_000);

  it('shows the log with dates, who, the project, a link to what changed and the changes; filters by project and kind, kept through reload and Back', async () => {
    const page = await newPage();
    await signIn(page, server.url, w.org.owner.email, { organisation: w.org.name });
    // The side panel leads to the page.
    await page.locator('aside.activity').getByRole('link', { name: 'All activity' }).click();
    await page.getByRole('heading', { level: 1, name: 'Activity' }).waitFor();
    expect(await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Activity' }).getAttribute('aria-current')).toBe('page');

    // Newest first: the last hub stage added is on top; a page holds 20.
    await until(page, `document.querySelectorAll('ol.history > li').length === 20`);
    expect(await items(page).first().locator('.history-summary').textContent()).toContain(`Hub step ${MANY}`);
    expect(await items(page).first().locator('a.history-project').textContent()).toBe(w.hub.name);
    await expectAccessibleAtBothWidths(page, 'activity');

    await page.getByLabel('Project').selectOption({ label: w.clinic.name });
    await until(page, `location.hash.includes('project=')`);
    await until(page, `document.querySelectorAll('ol.history > li').length === 3`);
    expect(new Set(await page.locator('ol.history a.history-project').allTextContents())).toEqual(new Set([w.clinic.name]));
    const renamed = page.locator('ol.history > li[data-type="STAGE_UPDATED"]');
    expect(await renamed.locator('.change', { hasText: 'Title' }).locator('.change-from').textContent()).toBe('Draft the rota');
    expect(await renamed.locator('.change', { hasText: 'Title' }).locator('.change-to').textContent()).toBe('Agree the rota');
    expect(await renamed.locator('.change', { hasText: 'Due date' }).locator('.change-from').textContent()).toBe('none');
    expect(await renamed.locator('.change', { hasText: 'Due date' }).locator('.change-to').textContent()).toBe('1 Mar 2027');
    // The date is always there (with the year), not only the time; and who did it.
    expect(await renamed.locator('time').textContent()).toContain(String(new Date().getFullYear()));
    expect(await renamed.locator('.history-meta').textContent()).toContain(w.org.owner.name);
    expect(await renamed.locator('a.history-project').getAttribute('href')).toBe(`#/projects/${encodeURIComponent(w.clinic.id)}`);
    expect(await renamed.getByRole('link', { name: 'See the plan' }).getAttribute('href')).toBe(`#/projects/${encodeURIComponent(w.clinic.id)}`);

    await page.getByLabel('Kind of change').selectOption({ label: 'Stages and completions' });
    await until(page, `location.hash.includes('type=stages')`);
    await until(page, `document.querySelectorAll('ol.history > li').length === 2`);
    expect(await page.evaluate<string[]>(`[...document.querySelectorAll('ol.history > li')].map((li) => li.dataset.type)`)).toEqual(['STAGE_UPDATED', 'STAGE_ADDED']);

    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Activity' }).waitFor();
    await until(page, `document.querySelectorAll('ol.history > li').length === 2`);
    // The history and the project list load separately: the choice names the project once its list is in.
    await until(page, `document.querySelector('#activity-project option:checked')?.textContent !== 'Loading projects…'`);
    expect(await page.getByLabel('Project').locator('option:checked').textContent()).toBe(w.clinic.name);
    expect(await page.getByLabel('Kind of change').locator('option:checked').textContent()).toBe('Stages and completions');

    await page.goBack();
    await until(page, `!location.hash.includes('type=')`);
    await until(page, `document.querySelectorAll('ol.history > li').length === 3`);
    expect(await page.getByLabel('Kind of change').inputValue()).toBe('');
    await expectAccessibleAtBothWidths(page, 'activity, filtered');
    await page.screenshot({ path: path.join(ARTIFACTS, 'activity.png'), fullPage: true });
    await page.context().close();
  }, 90_000);

  it('pages back through history with "Show older", and filters, with the keyboard alone', async () => {
    const page = await newPage();
    await signIn(page, server.url, w.org.owner.email, { organisation: w.org.name });
    await tabTo(page, /^Activity$/);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Activity' }).waitFor();
    await until(page, `document.activeElement?.tagName === 'H1'`);
    await page.keyboard.press('Tab');
    expect(await page.evaluate<string>(`document.activeElement?.id`)).toBe('activity-project');
    // Projects are listed oldest first: the hub, made last, is the second choice after "All projects".
    await until(page, `document.querySelectorAll('#activity-project option').length === 3`);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await until(page, `location.hash.includes(${JSON.stringify(encodeURIComponent(w.hub.id))})`);
    expect(await page.getByLabel('Project').locator('option:checked').textContent()).toBe(w.hub.name);
    await page.keyboard.press('Tab');
    expect(await page.evaluate<string>(`document.activeElement?.id`)).toBe('activity-type');
    await page.keyboard.press('ArrowDown');
    await until(page, `location.hash.includes('type=stages')`);
    // The hash changes before the page renders the filtered list: wait for the list's own count.
    await until(page, `document.querySelector('.show-older [role="status"]')?.textContent === 'Showing 20 of ${MANY} events, newest first.'`);
    expect(await items(page).count()).toBe(20);

    await tabTo(page, /^Show older events$/);
    await page.keyboard.press('Enter');
    await until(page, `document.querySelectorAll('ol.history > li').length === 40`);
    // Focus stays on the button while there is more.
    expect(await page.evaluate<string>(`document.activeElement?.id`)).toBe('activity-older');
    await page.keyboard.press('Enter');
    await until(page, `document.querySelectorAll('ol.history > li').length === ${MANY}`);
    await until(page, `!document.getElementById('activity-older')`);
    // The button went with the last page: focus is on the first entry it brought.
    await until(page, `document.activeElement === document.querySelectorAll('ol.history > li')[40]`);
    const titles = await page.locator('ol.history .history-summary').allTextContents();
    expect(titles[0]).toContain(`Hub step ${MANY}`);
    expect(titles[MANY - 1]).toContain('Hub step 1"');
    expect(new Set(titles).size).toBe(MANY);
    // Live after paging: a new event comes on top, and what was paged in stays.
    await gql(w.org, `mutation ($input: UpdateStageInput!) { updateStage(input: $input) { id } }`, { input: { id: w.hubStages[5], expectedVersion: 1, title: 'Hub sixth step' } });
    await until(page, `document.querySelectorAll('ol.history > li').length === ${MANY + 1}`);
    expect(await items(page).first().locator('.change-to').textContent()).toBe('Hub sixth step');
    await page.setViewportSize(PHONE);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await page.context().close();
  }, 90_000);

  it('shows a change made elsewhere at the top without a reload, if it matches the filters, to an observer too', async () => {
    const observer = await buildMember(server, w.org, 'OBSERVER' as Role);
    const page = await newPage();
    await signIn(page, server.url, observer.email, { organisation: w.org.name });
    await page.goto(`${server.url}/#/activity?project=${encodeURIComponent(w.clinic.id)}`);
    await page.getByRole('heading', { level: 1, name: 'Activity' }).waitFor();
    await until(page, `document.querySelectorAll('ol.history > li').length === 3`);

    // Another project's change stays off this list; this project's comes to the top.
    await gql(w.org, `mutation ($input: UpdateStageInput!) { updateStage(input: $input) { id } }`, { input: { id: w.hubStages[0], expectedVersion: 1, title: 'Hub first step' } });
    const { updateStage } = await gql(w.org, `mutation ($input: UpdateStageInput!) { updateStage(input: $input) { id version } }`, {
      input: { id: w.renamed.id, expectedVersion: w.renamed.version, title: 'Agree the winter rota' },
    });
    w.renamed = updateStage;
    await until(page, `document.querySelectorAll('ol.history > li').length === 4`);
    const top = items(page).first();
    expect(await top.getAttribute('data-type')).toBe('STAGE_UPDATED');
    expect(await top.locator('.change-from').textContent()).toBe('Agree the rota');
    expect(await top.locator('.change-to').textContent()).toBe('Agree the winter rota');
    expect(await page.locator('ol.history').textContent()).not.toContain('Hub first step');
    await page.context().close();
  }, 60_000);

  it('keeps every completion message and acknowledgement, per organisation and per project, and shows a new completion live', async () => {
    await complete(w.org, w.hubStages[1]!, 'The hub has a front door!');
    await complete(w.org, w.renamed.id, 'Rota agreed by everyone.');
    await gql(w.org, `mutation ($input: CelebrateStageInput!) { celebrateStage(input: $input) { id } }`, {
      input: { stageId: w.hubStages[1], message: 'Thank you, estates team.' },
    });

    const page = await newPage();
    await signIn(page, server.url, w.org.owner.email, { organisation: w.org.name });
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Celebrations' }).click();
    await page.getByRole('heading', { level: 1, name: 'Celebrations' }).waitFor();
    await until(page, `document.querySelectorAll('ol.history > li').length === 3`);
    expect(await page.locator('ol.history .celebration-message').allTextContents()).toEqual(['Thank you, estates team.', 'Rota agreed by everyone.', 'The hub has a front door!']);
    const thanks = items(page).first();
    expect(await thanks.locator('.celebration-stage').textContent()).toBe('Hub step 2');
    expect(await thanks.locator('a.history-project').textContent()).toBe(w.hub.name);
    expect(await thanks.locator('.history-meta').textContent()).toMatch(new RegExp(`^Acknowledgement by ${w.org.owner.name}, .*${new Date().getFullYear()}`));
    expect(await thanks.locator('.history-meta').textContent()).toContain(` · completed by ${w.org.owner.name}, `);
    expect(await items(page).nth(1).locator('.history-meta').textContent()).toBe(`Completed by ${w.org.owner.name}, ${await items(page).nth(1).locator('time').textContent()}`);
    await expectAccessibleAtBothWidths(page, 'celebrations');

    // From the project page to its own celebrations.
    await page.goto(`${server.url}/#/projects/${encodeURIComponent(w.clinic.id)}`);
    await page.getByRole('heading', { level: 1, name: w.clinic.name }).waitFor();
    await page.getByRole('link', { name: 'All 1 celebration of this project' }).click();
    await page.getByRole('heading', { level: 1, name: 'Celebrations' }).waitFor();
    await until(page, `location.hash.includes('project=')`);
    await until(page, `document.querySelectorAll('ol.history > li').length === 1`);
    expect(await page.locator('ol.history .celebration-message').allTextContents()).toEqual(['Rota agreed by everyone.']);
    expect(await page.getByLabel('Project').locator('option:checked').textContent()).toBe(w.clinic.name);
    await expectAccessibleAtBothWidths(page, 'celebrations of a project');

    // A completion elsewhere appears on the organisation's list without a reload; the project's list keeps to the project.
    const another = await buildStage(server, w.org.as, { projectId: w.clinic.id, title: 'Open the clinic' });
    await complete(w.org, another.id, 'Doors open on Monday.');
    await until(page, `document.querySelectorAll('ol.history > li').length === 2`);
    expect(await items(page).first().locator('.celebration-message').textContent()).toBe('Doors open on Monday.');
    await page.getByLabel('Project').selectOption({ label: 'All projects' });
    await until(page, `!location.hash.includes('project=')`);
    await until(page, `document.querySelectorAll('ol.history > li').length === 4`);
    await complete(w.org, w.hubStages[2]!, 'Step three, done.');
    await until(page, `document.querySelectorAll('ol.history > li').length === 5`);
    expect(await items(page).first().locator('.celebration-message').textContent()).toBe('Step three, done.');
    // An acknowledgement afterwards (no stage event of its own) appears too.
    await gql(w.org, `mutation ($input: CelebrateStageInput!) { celebrateStage(input: $input) { id } }`, { input: { stageId: w.hubStages[2], message: 'Well done, all.' } });
    await until(page, `document.querySelectorAll('ol.history > li').length === 6`);
    expect(await items(page).first().locator('.history-meta').textContent()).toMatch(/^Acknowledgement by /);
    await page.screenshot({ path: path.join(ARTIFACTS, 'celebrations.png'), fullPage: true });
    await page.context().close();
  }, 90_000);
});
