import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import type { Role } from '../src/auth/role';
import { ARTIFACTS, describeWithBrowser, expectAccessible, freshWebDir, LAPTOP, useBrowser } from './support/browser';
import {
  buildMember,
  buildOrganisation,
  buildPartner,
  buildPrinciple,
  buildRepresentative,
  buildSpokesperson,
  linkRepresentative,
  type TestOrganisation,
  involvePartner,
  setProjectPrinciples,
} from './support/factories';
import { dataOf, useTestServer } from './support/harness';
import { expectAccessibleAtBothWidths, focusedId, signIn, tabTo, until } from './support/page-steps';

/**
 * Projects, their plan and their challenges, done in the page (issue #16) in a real browser
 * against the real server: a lead creates a project, involves partners, chooses principles,
 * records agreements (as a partner's own representative and on another's behalf), starts it once
 * every partner agreed, plans and re-orders the stages, completes them and the project, and
 * raises, takes on and resolves challenges. What is not under test is built through the API.
 */

const WEB_DIR = freshWebDir();
const server = useTestServer({ env: { AUTH_ATTEMPTS_PER_MINUTE: '1000', WEB_DIR } });

const browser = useBrowser(WEB_DIR);

async function newPage(viewport = LAPTOP): Promise<Page> {
  const page = await browser.newPage(viewport);
  // A step that cannot happen fails within the test's own time, naming the step.
  page.setDefaultTimeout(15_000);
  // A celebration fades in: axe, checking contrast mid-way, would see it half transparent.
  await page.emulateMedia({ reducedMotion: 'reduce' });
  return page;
}

/** A day relative to today (UTC), as a Date scalar. */
function day(offset: number): string {
  return new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
}

const form = (page: Page, name: string) => page.getByRole('form', { name });
const stage = (page: Page, title: string) => page.locator('li.stage', { has: page.locator('.stage-title', { hasText: title }) });
const principle = (page: Page, title: string) => page.locator('li.principle', { has: page.locator('h3', { hasText: title }) });
const refusal = (page: Page) => page.locator('.project-refusal');
const titles = (page: Page) => page.locator('.stage-title').allTextContents();

async function expectFieldError(scope: Locator, id: string, text: RegExp): Promise<void> {
  const error = scope.locator(`#${id}-error`);
  await error.waitFor();
  expect(await error.textContent()).toMatch(text);
  expect(await scope.locator(`#${id}`).getAttribute('aria-invalid')).toBe('true');
  expect(await scope.locator(`#${id}`).getAttribute('aria-describedby')).toContain(`${id}-error`);
}

interface World {
  org: TestOrganisation;
  unison: { id: string; name: string };
  forum: { id: string; name: string };
  forumRepresentative: string;
  openness: { id: string; title: string };
  quality: { id: string; title: string };
  assignee: { name: string };
  observer: { email: string };
}

async function world(): Promise<World> {
  const org = await buildOrganisation(server, { name: 'Eastbrook Care Trust' });
  const unison = await buildPartner(server, org.as, { name: 'UNISON Eastbrook', kind: 'TRADE_UNION' });
  const forum = await buildPartner(server, org.as, { name: 'Service Users Forum', kind: 'SERVICE_USERS' });
  // The owner speaks for UNISON; the forum's representative has no account here.
  await buildSpokesperson(server, org, unison.id, { name: 'Lee Lead' });
  const representative = await buildRepresentative(server, org.as, { partnerId: forum.id, name: 'Sam Forum' });
  const openness = await buildPrinciple(server, org.as, { title: 'Transparency' });
  const quality = await buildPrinciple(server, org.as, { title: 'Quality of working life' });
  await buildPrinciple(server, org.as, { title: 'Employment security' });
  const assignee = await buildMember(server, org, 'MEMBER' as Role);
  const observer = await buildMember(server, org, 'OBSERVER' as Role);
  return { org, unison, forum, forumRepresentative: representative.name, openness, quality, assignee, observer };
}

describeWithBrowser('projects, the plan and challenges in the page', () => {
  let w: World;
  let projectUrl = '';

  beforeAll(async () => {
    w = await world();
  }, 60_000);

  it('creates a project, involves partners, chooses principles and records agreements, then starts it once every partner agreed', async () => {
    const page = await newPage();
    await signIn(page, server.url, w.org.owner.email, { organisation: w.org.name });
    await page.getByRole('link', { name: 'New project' }).click();
    await page.getByRole('heading', { level: 1, name: 'New project' }).waitFor();
    await expectAccessibleAtBothWidths(page, 'new project');
    await page.getByLabel('Name', { exact: true }).fill('Community mental health hub');
    await page.getByLabel('Summary').fill('One front door for community mental health.');
    await page.getByLabel('Start date').fill('2026-03-01');
    await page.getByLabel('Target date').fill('2026-01-01');
    await page.getByRole('button', { name: 'Create project' }).click();
    // The server names input.targetDate: the message sits under that field.
    await expectFieldError(page.locator('main'), 'new-project-targetDate', /target date cannot be before the start date/i);
    await page.getByLabel('Target date').fill('2027-01-01');
    await page.getByRole('button', { name: 'Create project' }).click();
    await page.getByRole('heading', { level: 1, name: 'Community mental health hub' }).waitFor();
    projectUrl = page.url();
    expect(await page.locator('.page-head .badge').first().textContent()).toBe('Proposed');

    for (const [partner, role] of [
      [w.unison.name, 'Lead'],
      [w.forum.name, 'Member'],
    ] as const) {
      await page.getByRole('button', { name: 'Involve a partner' }).click();
      const involve = form(page, 'Involve a partner');
      await involve.getByLabel('Partner', { exact: true }).selectOption({ label: partner });
      await involve.getByLabel('Role in the project').selectOption({ label: role });
      await involve.getByRole('button', { name: 'Involve partner' }).click();
      await page.locator('.project-partners li', { hasText: `${partner} · ${role}` }).waitFor();
    }

    await page.getByRole('button', { name: 'Choose principles' }).click();
    const choose = form(page, "Choose the project's principles");
    await choose.getByLabel(w.openness.title).check();
    await choose.getByLabel(w.quality.title).check();
    await choose.getByRole('button', { name: 'Save principles' }).click();
    await principle(page, w.quality.title).waitFor();
    expect(await page.locator('li.principle').count()).toBe(2);

    // As UNISON's own linked representative: not on behalf.
    await page.getByRole('button', { name: 'Record an agreement' }).click();
    let record = form(page, 'Record an agreement');
    await record.getByLabel('In the name of').selectOption({ label: w.unison.name });
    expect(await record.getByLabel('Speaking for it').inputValue()).not.toBe('');
    expect(await record.getByLabel('Speaking for it').locator('option:checked').textContent()).toBe('Lee Lead (you)');
    expect(await record.getByLabel(/Evidence/).count()).toBe(0);
    await expectAccessible(page, 'project, recording an agreement');
    await record.getByRole('button', { name: 'Record agreement' }).click();
    await principle(page, w.openness.title)
      .locator('.agreed-by', { hasText: `${w.unison.name} (Lee Lead)` })
      .waitFor();
    expect(await principle(page, w.openness.title).locator('.agreed-by').textContent()).not.toContain('on its behalf');

    // Who has not agreed, in words; starting now is refused, naming them.
    expect(await principle(page, w.openness.title).locator('.not-agreed').textContent()).toBe(`Not yet agreed by ${w.forum.name}`);
    expect(await page.locator('.agreement-summary').textContent()).toBe('Waiting for 2 agreements before the project can start.');
    await page.getByRole('button', { name: 'Start project' }).click();
    await refusal(page)
      .filter({ hasText: `${w.forum.name} has not agreed “${w.openness.title}”, “${w.quality.title}”` })
      .waitFor();
    await expectAccessible(page, 'project, start refused');

    // On the forum's behalf: evidence is required, and said next to its field when missing.
    await page.getByRole('button', { name: 'Record an agreement' }).click();
    record = form(page, 'Record an agreement');
    await record.getByLabel('In the name of').selectOption({ label: w.forum.name });
    expect(await record.getByLabel('Speaking for it').locator('option:checked').textContent()).toBe(`${w.forumRepresentative}, on the partner's behalf`);
    await record.getByRole('button', { name: 'Record agreement' }).click();
    await expectFieldError(record, 'agreement-evidence', /evidence/i);
    await record.getByLabel(/Evidence/).fill('signed paper copy, partnership forum 3 Dec');
    await record.getByRole('button', { name: 'Record agreement' }).click();
    const onBehalf = principle(page, w.openness.title).locator('.agreed-by', { hasText: 'recorded on its behalf' });
    await onBehalf.waitFor();
    expect(await onBehalf.textContent()).toContain(`${w.forum.name} (${w.forumRepresentative}), recorded on its behalf: signed paper copy, partnership forum 3 Dec`);
    expect(await page.locator('.agreement-summary').textContent()).toBe('Every partner has agreed every principle.');

    await page.getByRole('button', { name: 'Start project' }).click();
    await page.locator('.page-head .badge', { hasText: 'Active' }).waitFor();

    // A principle reworded through the API: the page says who must agree again, and does not count them.
    dataOf(
      await server.gql(
        `mutation ($input: UpdatePrincipleInput!) { updatePrinciple(input: $input) { id version } }`,
        { input: { id: w.openness.id, title: 'Openness and transparency' } },
        w.org.as,
      ),
    );
    const reworded = principle(page, 'Openness and transparency');
    await reworded.locator('.re-agree').waitFor({ timeout: 10_000 });
    expect(await reworded.locator('.re-agree').textContent()).toBe(
      `Reworded since; must agree again: ${w.unison.name} (agreed version 1, now 2), ${w.forum.name} (agreed version 1, now 2)`,
    );
    expect(await reworded.locator('.agreed-by').textContent()).toBe('✓ Agreed by nobody yet');
    expect(await page.locator('.agreement-summary').textContent()).toBe('Waiting for 2 agreements.');
    await expectAccessibleAtBothWidths(page, 'project, agreements to re-give');
    await page.screenshot({ path: path.join(ARTIFACTS, 'projects-agreements.png'), fullPage: true });
    await page.context().close();
  }, 60_000);

  it('creates a project and involves a partner with the keyboard alone', async () => {
    const page = await newPage();
    await signIn(page, server.url, w.org.owner.email, { organisation: w.org.name });
    await tabTo(page, /^New project$/);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'New project' }).waitFor();
    await until(page, `document.activeElement?.tagName === 'H1'`);
    await page.keyboard.press('Tab');
    expect(await focusedId(page)).toBe('new-project-name');
    await page.keyboard.type('Keyboard café');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Keyboard café' }).waitFor();
    await tabTo(page, /^Involve a partner$/);
    await page.keyboard.press('Enter');
    // The form's first field takes focus; arrows choose, Tab moves on, Enter sends.
    await until(page, `document.activeElement?.id === 'involve-partnerId'`);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Tab');
    expect(await focusedId(page)).toBe('involve-role');
    await tabTo(page, /^Involve partner$/);
    await page.keyboard.press('Enter');
    await page.locator('.project-partners li', { hasText: `${w.forum.name} · Member` }).waitFor();
    // Focus is back on the button that opened the form.
    await until(page, `document.activeElement?.id === 'involve-button'`);
    await page.context().close();
  }, 60_000);

  it('plans stages with a dependency and an assignee, re-orders them by keyboard and by drag, completes them with a celebration, and completes the project once its plan is done', async () => {
    const page = await newPage();
    await signIn(page, server.url, w.org.owner.email, { organisation: w.org.name });
    await page.goto(projectUrl);
    await page.getByRole('heading', { level: 1, name: 'Community mental health hub' }).waitFor();

    const addStage = async (title: string, fill: (stageForm: Locator) => Promise<void> = async () => undefined) => {
      await page.getByRole('button', { name: 'Add a stage' }).click();
      const stageForm = form(page, 'Add a stage');
      await stageForm.getByLabel('Title', { exact: true }).fill(title);
      await fill(stageForm);
      await stageForm.getByRole('button', { name: 'Add stage' }).click();
      await stage(page, title).waitFor();
    };
    await addStage('Agree the service model', async (f) => {
      await f.getByLabel('Assignee').selectOption({ label: w.assignee.name });
      await f.getByLabel('Owning partner').selectOption({ label: w.unison.name });
      await f.getByLabel('Due date').fill(day(30));
    });
    await addStage('Open the hub', async (f) => {
      await f.getByLabel('Agree the service model').check();
    });
    // A blank title is the server's BAD_USER_INPUT on input.title: said next to the field.
    await page.getByRole('button', { name: 'Add a stage' }).click();
    await form(page, 'Add a stage').getByRole('button', { name: 'Add stage' }).click();
    await expectFieldError(form(page, 'Add a stage'), 'new-stage-title', /title/i);
    await expectAccessible(page, 'project, stage form with an error');
    await form(page, 'Add a stage').getByLabel('Title', { exact: true }).fill('Recruit peer workers');
    await form(page, 'Add a stage').getByRole('button', { name: 'Add stage' }).click();
    await stage(page, 'Recruit peer workers').waitFor();

    expect(await stage(page, 'Agree the service model').locator('.stage-assignee').textContent()).toBe(w.assignee.name);
    // Only what the server lists: no Start while the dependency is open, and the page says why.
    expect(
      await stage(page, 'Open the hub')
        .getByRole('button', { name: /^Start/ })
        .count(),
    ).toBe(0);
    expect(await stage(page, 'Open the hub').locator('.waiting-for').textContent()).toBe('Can start once “Agree the service model” is done.');
    expect(
      await stage(page, 'Agree the service model')
        .getByRole('button', { name: /^Start/ })
        .count(),
    ).toBe(1);

    // Keyboard: the Up button, with Enter; focus stays on it through the redraw.
    expect(await titles(page)).toEqual(['Agree the service model', 'Open the hub', 'Recruit peer workers']);
    await stage(page, 'Recruit peer workers').getByRole('button', { name: 'Move up: Recruit peer workers' }).focus();
    await page.keyboard.press('Enter');
    await page.locator('.stage-title').nth(1).filter({ hasText: 'Recruit peer workers' }).waitFor();
    expect(await titles(page)).toEqual(['Agree the service model', 'Recruit peer workers', 'Open the hub']);
    expect(await page.evaluate(`document.activeElement?.getAttribute('aria-label')`)).toBe('Move up: Recruit peer workers');
    // Drag: the last stage onto the first one's place.
    // By its number, the handle.
    // The mouse moves in the viewport: the whole plan must be on screen.
    await page.setViewportSize({ width: LAPTOP.width, height: 1600 });
    await page.locator('#plan-heading').evaluate(`(heading) => heading.scrollIntoView()`);
    const from = (await stage(page, 'Open the hub').locator('.stage-number').boundingBox())!;
    const to = (await stage(page, 'Agree the service model').locator('.stage-number').boundingBox())!;
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await page.mouse.down();
    await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 10 });
    await page.mouse.up();
    await page.setViewportSize(LAPTOP);
    await page.locator('.stage-title').nth(0).filter({ hasText: 'Open the hub' }).waitFor();
    expect(await titles(page)).toEqual(['Open the hub', 'Agree the service model', 'Recruit peer workers']);

    // Editing a stage: its due date and its dependencies.
    await stage(page, 'Recruit peer workers').getByRole('button', { name: 'Edit: Recruit peer workers' }).click();
    const edit = form(page, 'Edit stage: Recruit peer workers');
    await edit.getByLabel('Description', { exact: true }).fill('Two peer support workers from the forum.');
    await edit.getByRole('button', { name: 'Save stage' }).click();
    await stage(page, 'Recruit peer workers').locator('p.muted', { hasText: 'Two peer support workers' }).waitFor();

    // Start and complete with a celebration.
    await stage(page, 'Agree the service model').getByRole('button', { name: 'Start: Agree the service model' }).click();
    await stage(page, 'Agree the service model').locator('.badge.status-in_progress').waitFor();
    await stage(page, 'Agree the service model').getByRole('button', { name: 'Complete: Agree the service model' }).click();
    await page.getByLabel(/Celebration message/).fill('Model agreed by every partner!');
    await page.getByRole('button', { name: 'Complete stage' }).click();
    await stage(page, 'Agree the service model').locator('.stage-celebration', { hasText: 'Model agreed by every partner!' }).waitFor();
    await page.locator('.celebration', { hasText: 'Model agreed by every partner!' }).waitFor({ timeout: 10_000 });
    await stage(page, 'Open the hub').getByRole('button', { name: 'Start: Open the hub' }).waitFor();

    // On hold and back: the status's own moves only.
    await page.getByRole('button', { name: 'Put on hold' }).click();
    await page.locator('.page-head .badge', { hasText: 'On hold' }).waitFor();
    // Stages start only in an active project: the server stops offering it.
    await page.getByRole('button', { name: 'Start: Open the hub' }).waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Resume' }).click();
    await page.locator('.page-head .badge', { hasText: 'Active' }).waitFor();
    await page.getByRole('button', { name: 'Start: Open the hub' }).waitFor();

    // Completing the project while stages are open is refused, naming them.
    await page.getByRole('button', { name: 'Complete project' }).click();
    await refusal(page).filter({ hasText: 'The project cannot complete while stages are open: “Open the hub”, “Recruit peer workers”.' }).waitFor();
    await expectAccessibleAtBothWidths(page, 'project, plan, completion refused');
    await page.screenshot({ path: path.join(ARTIFACTS, 'projects-plan.png'), fullPage: true });

    // Cancelling is final: the page asks once more.
    await stage(page, 'Recruit peer workers').getByRole('button', { name: 'Cancel stage: Recruit peer workers' }).click();
    await stage(page, 'Recruit peer workers').getByRole('button', { name: 'Yes, cancel the stage' }).click();
    await stage(page, 'Recruit peer workers').locator('.badge.status-cancelled').waitFor();
    await stage(page, 'Open the hub').getByRole('button', { name: 'Start: Open the hub' }).click();
    await stage(page, 'Open the hub').getByRole('button', { name: 'Complete: Open the hub' }).click();
    await page.getByLabel(/Celebration message/).fill('The hub is open.');
    await page.keyboard.press('Enter');
    await stage(page, 'Open the hub').locator('.badge.status-done').waitFor();
    await page.getByRole('button', { name: 'Complete project' }).click();
    await page.locator('.page-head .badge', { hasText: 'Completed' }).waitFor();
    // A completed project's plan no longer changes: nothing offered (once the plan has reloaded).
    await page.locator('.stages button').first().waitFor({ state: 'detached' });
    expect(await page.locator('.stages button').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Add a stage' }).count()).toBe(0);
    await page.context().close();
  }, 120_000);

  it("raises a challenge, takes it on, filters the organisation's challenges to overdue, and resolves it", async () => {
    const page = await newPage();
    await signIn(page, server.url, w.org.owner.email, { organisation: w.org.name });
    await page.goto(projectUrl);
    await page.getByRole('heading', { level: 1, name: 'Community mental health hub' }).waitFor();
    await page.getByRole('button', { name: 'Raise a challenge' }).click();
    const raise = form(page, 'Raise a challenge');
    await raise.getByLabel('In the name of').selectOption({ label: w.unison.name });
    await raise.getByLabel('Principle', { exact: true }).selectOption({ label: w.quality.title });
    await raise.getByLabel('The concern').fill('Rotas for the hub were set without asking staff.');
    await expectAccessible(page, 'project, raising a challenge');
    await raise.getByRole('button', { name: 'Raise challenge' }).click();
    const challenge = page.locator('li.challenge', { hasText: 'Rotas for the hub' });
    await challenge.waitFor();
    expect(await challenge.locator('.challenge-owner').textContent()).toBe('Nobody owns it yet');

    await challenge.getByRole('button', { name: /^Take it on:/ }).click();
    const own = challenge.getByRole('form', { name: 'Owner and due date' });
    expect(await own.getByLabel('Owner', { exact: true }).locator('option:checked').textContent()).toBe(w.org.owner.name);
    await own.getByLabel('Resolve by').fill(day(-2));
    await own.getByRole('button', { name: 'Save owner' }).click();
    await challenge.locator('.challenge-owner', { hasText: `Owned by ${w.org.owner.name}` }).waitFor();
    await challenge.locator('.badge.late', { hasText: 'Overdue' }).waitFor();

    // The organisation's list: open by default, then only the overdue ones.
    await page.getByRole('link', { name: 'Challenges' }).click();
    await page.getByRole('heading', { level: 1, name: 'Challenges' }).waitFor();
    await page.locator('li.challenge', { hasText: 'Rotas for the hub' }).waitFor();
    await page.getByLabel('Overdue', { exact: true }).check();
    await page.locator('[role="status"]', { hasText: '1 overdue challenge, newest first.' }).waitFor();
    await expectAccessibleAtBothWidths(page, 'challenges, overdue');
    await page.screenshot({ path: path.join(ARTIFACTS, 'projects-challenges.png'), fullPage: true });

    const listed = page.locator('li.challenge', { hasText: 'Rotas for the hub' });
    await listed.getByRole('button', { name: /^Resolve/ }).click();
    await listed.getByLabel('How was it resolved?').fill('Rotas re-drawn with the staff side.');
    await page.keyboard.press('Enter');
    await page.locator('[role="status"]', { hasText: '0 overdue challenges' }).waitFor();
    await page.getByLabel('All', { exact: true }).check();
    await page.locator('li.challenge', { hasText: 'Resolution: Rotas re-drawn with the staff side.' }).waitFor();

    // Ten to a page, newest first: eleven more through the API make a second page.
    const raise11 = `mutation ($input: RaiseChallengeInput!) { raiseChallenge(input: $input) { id } }`;
    const projectId = decodeURIComponent(projectUrl.slice(projectUrl.lastIndexOf('/') + 1));
    for (let n = 1; n <= 11; n += 1) {
      dataOf(await server.gql(raise11, { input: { projectId, raisedByPartnerId: w.unison.id, principleId: w.quality.id, description: `Concern number ${n}` } }, w.org.as));
    }
    await page.locator('[role="status"]', { hasText: '12 challenges, newest first.' }).waitFor({ timeout: 10_000 });
    expect(await page.locator('li.challenge').first().textContent()).toContain('Concern number 11');
    expect(await page.locator('li.challenge').count()).toBe(10);
    await page.getByRole('button', { name: 'Next page' }).click();
    await page.locator('[role="status"]', { hasText: '12 challenges, newest first, page 2.' }).waitFor();
    expect(await page.locator('li.challenge .challenge-head').allTextContents()).toEqual([
      expect.stringContaining('Concern number 1'),
      expect.stringContaining('Rotas for the hub'),
    ]);
    expect(await page.getByRole('button', { name: 'Next page' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Previous page' }).click();
    await page.locator('[role="status"]', { hasText: '12 challenges, newest first.' }).waitFor();
    await page.context().close();
  }, 60_000);

  it('shows an observer the project and the challenges with no controls', async () => {
    const page = await newPage();
    await signIn(page, server.url, w.observer.email, { organisation: w.org.name });
    expect(await page.getByRole('link', { name: 'New project' }).count()).toBe(0);
    await page.goto(projectUrl);
    await page.getByRole('heading', { level: 1, name: 'Community mental health hub' }).waitFor();
    await page.locator('li.challenge').first().waitFor();
    expect(await page.locator('main button').count()).toBe(0);
    await expectAccessibleAtBothWidths(page, 'project, observer');
    // Read to its end, the project page gives way to the next page at that page's top, header in view.
    await page.evaluate('window.scrollTo(0, document.body.scrollHeight)');
    expect(await page.evaluate<number>('window.scrollY')).toBeGreaterThan(0);
    await page.locator('.project-side a[href^="#/celebrations"]').click();
    await page.getByRole('heading', { level: 1, name: 'Celebrations' }).waitFor();
    expect(await page.evaluate<number>('window.scrollY')).toBe(0);
    await page.getByRole('link', { name: 'Challenges', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Challenges' }).waitFor();
    await page.getByLabel('All', { exact: true }).check();
    await page.locator('li.challenge').first().waitFor();
    // Paging is reading; nothing else is offered.
    expect(await page.locator('main button').allTextContents()).toEqual(['Next page']);
    await page.context().close();
  }, 60_000);

  it('offers a member only the partners they speak for, and says in words when the server refuses them as its representative', async () => {
    const member = await buildMember(server, w.org, 'MEMBER' as Role);
    const representative = await buildSpokesperson(server, w.org, w.unison.id, { user: member, name: 'Kim Steward' });
    const { createProject } = dataOf(await server.gql(`mutation { createProject(input: { name: "Peer support line" }) { id } }`, {}, w.org.as));
    for (const partnerId of [w.unison.id, w.forum.id]) {
      await involvePartner(server, w.org.as, { projectId: createProject.id, partnerId, role: 'MEMBER' });
    }
    await setProjectPrinciples(server, w.org.as, { projectId: createProject.id, principleIds: [w.quality.id] });

    const page = await newPage();
    await signIn(page, server.url, member.email, { organisation: w.org.name });
    await page.goto(`${server.url}/#/projects/${encodeURIComponent(createProject.id)}`);
    await page.getByRole('heading', { level: 1, name: 'Peer support line' }).waitFor();
    await page.getByRole('button', { name: 'Record an agreement' }).click();
    const record = form(page, 'Record an agreement');
    // Not an ADMIN or OWNER: nobody else's partner, and nothing on behalf.
    await record.getByLabel('In the name of').waitFor();
    expect(await record.getByLabel('In the name of').locator('option').allTextContents()).toEqual([w.unison.name]);
    expect(await record.getByLabel('Speaking for it').locator('option').allTextContents()).toEqual(['Kim Steward (you)']);
    // Unlinked meanwhile: the server's NOT_A_REPRESENTATIVE, in words, in the form.
    await linkRepresentative(server, w.org.as, representative.id, null);
    await record.getByRole('button', { name: 'Record agreement' }).click();
    await record.locator('.form-error', { hasText: `You do not represent ${w.unison.name}` }).waitFor();
    await expectAccessible(page, 'project, agreement refused');
    await page.context().close();
  }, 60_000);

  it('says when someone else changed the project first, offers to reload, and makes an archived project read only', async () => {
    const { createProject } = dataOf(await server.gql(`mutation { createProject(input: { name: "Crisis café" }) { id version } }`, {}, w.org.as));
    const page = await newPage();
    await signIn(page, server.url, w.org.owner.email, { organisation: w.org.name });
    await page.goto(`${server.url}/#/projects/${encodeURIComponent(createProject.id)}`);
    await page.getByRole('heading', { level: 1, name: 'Crisis café' }).waitFor();
    await page.getByRole('button', { name: 'Edit details' }).click();
    dataOf(
      await server.gql(
        `mutation ($input: UpdateProjectInput!) { updateProject(input: $input) { id } }`,
        { input: { id: createProject.id, expectedVersion: createProject.version, summary: 'Changed elsewhere.' } },
        w.org.as,
      ),
    );
    const edit = form(page, "Edit the project's details");
    await edit.getByLabel('Goals').fill('Open evenings and weekends.');
    await edit.getByRole('button', { name: 'Save details' }).click();
    await edit.locator('.form-error', { hasText: 'Someone else changed this in the meantime' }).waitFor();
    await edit.getByRole('button', { name: 'Reload the project' }).click();
    await page.locator('.lead', { hasText: 'Changed elsewhere.' }).waitFor();

    await page.getByRole('button', { name: 'Archive project' }).click();
    await page.locator('.notice', { hasText: 'This project is archived' }).waitFor();
    expect(await page.getByRole('button', { name: /Start project|Edit details|Add a stage|Involve a partner|Record an agreement/ }).count()).toBe(0);
    await expectAccessible(page, 'archived project');
    await page.getByRole('button', { name: 'Restore project' }).click();
    await page.getByRole('button', { name: 'Start project' }).waitFor();
    // Cancelling is final: the page asks once more.
    await page.getByRole('button', { name: 'Cancel project' }).click();
    await page.getByRole('button', { name: 'Keep it' }).click();
    await page.getByRole('button', { name: 'Cancel project' }).click();
    await page.getByRole('button', { name: 'Yes, cancel the project' }).click();
    await page.locator('.page-head .badge', { hasText: 'Cancelled' }).waitFor();
    expect(await page.getByRole('button', { name: /Start project|Edit details|Involve a partner/ }).count()).toBe(0);
    await page.context().close();
  }, 60_000);
});
