import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import type { Role } from '../src/auth/role';
import { ARTIFACTS, describeWithBrowser, freshWebDir, LAPTOP, useBrowser } from './support/browser';
import { buildApiKey, buildMember, buildOrganisation, buildPartner, buildProject, buildStage, type TestOrganisation, type TestUser } from './support/factories';
import { dataOf, useTestServer } from './support/harness';
import { expectAccessibleAtBothWidths, horizontalOverflow, PHONE, signIn, tabTo, until } from './support/page-steps';

/**
 * Evaluations done in the page (issue #16) in a real browser against the real server: a member
 * creates an evaluation from its project, adds measures, records and corrects measurements, is
 * refused publishing until service users are involved, records their involvement and publishes;
 * an ADMIN reopens it with a reason; observers and screens only read. Every chart has a data
 * table and labels written as text large enough to read.
 */

const WEB_DIR = freshWebDir();
const server = useTestServer({ env: { AUTH_ATTEMPTS_PER_MINUTE: '1000', WEB_DIR } });

const browser = useBrowser(WEB_DIR);

async function newPage(viewport = LAPTOP): Promise<Page> {
  const page = await browser.newPage(viewport);
  page.setDefaultTimeout(15_000);
  await page.emulateMedia({ reducedMotion: 'reduce' });
  return page;
}

/** A day relative to today (UTC), as a Date scalar. */
function day(offset: number): string {
  return new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
}

const form = (page: Page, name: string) => page.getByRole('form', { name });
const measure = (page: Page, name: string) => page.locator('.measure', { has: page.getByRole('heading', { level: 2, name }) });
const badge = (page: Page) => page.locator('.page-head .badge');

async function expectFieldError(field: Locator, text: RegExp): Promise<void> {
  const id = await field.getAttribute('id');
  const error = field.page().locator(`[id="${id}-error"]`);
  await error.waitFor();
  expect(await error.textContent()).toMatch(text);
  expect(await field.getAttribute('aria-invalid')).toBe('true');
  expect(await field.getAttribute('aria-describedby')).toContain(`${id}-error`);
}

async function addMeasure(page: Page, fields: { name: string; unit: string; baseline: string; target: string; direction: string }): Promise<void> {
  await page.getByRole('button', { name: 'Add a measure' }).click();
  const add = form(page, 'Add a measure');
  await add.getByLabel('Name').fill(fields.name);
  await add.getByLabel('Unit').fill(fields.unit);
  await add.getByLabel('Baseline').fill(fields.baseline);
  await add.getByLabel('Target').fill(fields.target);
  await add.getByLabel('Which way is better').selectOption({ label: fields.direction });
  await add.getByRole('button', { name: 'Add measure' }).click();
}

async function recordMeasurement(page: Page, name: string, value: string, date: string, source = ''): Promise<Locator> {
  await page.getByRole('button', { name: `Record a measurement of ${name}` }).click();
  const record = form(page, `Record a measurement of ${name}`);
  await record.getByLabel(/^Value/).fill(value);
  await record.getByLabel('Date').fill(date);
  if (source) await record.getByLabel('Source').fill(source);
  await record.getByRole('button', { name: 'Record measurement' }).click();
  return record;
}

const WAITING = 'Days waiting for a first appointment';
const LISTENED = 'Carers who feel listened to';

describeWithBrowser('evaluations in the page', () => {
  let org: TestOrganisation;
  let member: TestUser;
  let admin: TestUser;
  let observer: TestUser;
  let project: { id: string; name: string };
  let evaluationUrl = '';

  beforeAll(async () => {
    org = await buildOrganisation(server, { name: 'Westmoor Health Trust' });
    await buildPartner(server, org.as, { name: 'Westmoor Service Users Forum', kind: 'SERVICE_USERS' });
    await buildPartner(server, org.as, { name: 'Westmoor UNISON', kind: 'TRADE_UNION' });
    project = await buildProject(server, org.as, { name: 'Community clinic' });
    await buildStage(server, org.as, { projectId: project.id, title: 'Six-month review' });
    member = await buildMember(server, org, 'MEMBER' as Role);
    admin = await buildMember(server, org, 'ADMIN' as Role);
    observer = await buildMember(server, org, 'OBSERVER' as Role);
  }, 60_000);

  it('lets a member create an evaluation, measure, correct, be refused publishing without involvement, record it and publish; an admin reopens it', async () => {
    const page = await newPage();
    await signIn(page, server.url, member.email, { organisation: org.name });
    await page.goto(`${server.url}/#/projects/${encodeURIComponent(project.id)}`);
    await page.getByRole('heading', { level: 1, name: project.name }).waitFor();
    await page.getByRole('button', { name: 'New evaluation' }).click();
    const create = form(page, 'New evaluation');
    await create.getByLabel('Title').fill('Clinic waiting times');
    await create.getByLabel('Part of the stage').selectOption({ label: 'Six-month review' });
    await create.getByRole('button', { name: 'Create evaluation' }).click();
    await page.getByRole('heading', { level: 1, name: 'Clinic waiting times' }).waitFor();
    evaluationUrl = page.url();
    expect(await badge(page).textContent()).toBe('Draft');
    expect(await page.locator('main').textContent()).toContain('Reviewed at the stage “Six-month review”');

    // A number the API's Float would refuse without naming the field: said next to it.
    await page.getByRole('button', { name: 'Add a measure' }).click();
    const add = form(page, 'Add a measure');
    await add.getByLabel('Name').fill(WAITING);
    await add.getByLabel('Baseline').fill('thirty');
    await add.getByRole('button', { name: 'Add measure' }).click();
    await expectFieldError(add.getByLabel('Baseline'), /^Baseline must be a number/);
    await expectFieldError(add.getByLabel('Target'), /^Target must be a number/);
    await add.getByRole('button', { name: 'Cancel' }).click();
    await addMeasure(page, { name: WAITING, unit: 'days', baseline: '30', target: '14', direction: 'Lower is better' });
    await measure(page, WAITING).waitFor();
    await addMeasure(page, { name: LISTENED, unit: '%', baseline: '40', target: '75', direction: 'Higher is better' });
    await measure(page, LISTENED).waitFor();

    // A future date is refused by the server, next to the date.
    const record = await recordMeasurement(page, WAITING, '27', day(2));
    await expectFieldError(record.getByLabel('Date'), /cannot be dated in the future/);
    await record.getByLabel('Date').fill(day(-20));
    await record.getByLabel('Source').fill('Booking system');
    await record.getByRole('button', { name: 'Record measurement' }).click();
    await measure(page, WAITING)
      .locator('.measure-latest', { hasText: /^27 days on / })
      .waitFor();
    expect(await badge(page).textContent()).toBe('In progress');
    await recordMeasurement(page, WAITING, '24', day(-3));
    await measure(page, WAITING)
      .locator('.measure-latest', { hasText: /^24 days on / })
      .waitFor();
    await recordMeasurement(page, LISTENED, '52', day(-5));
    await measure(page, LISTENED)
      .locator('.measure-latest', { hasText: /^52 % on / })
      .waitFor();

    // Correcting one, with a reason: the table shows the new value and the correction.
    const waiting = measure(page, WAITING);
    await waiting.locator('summary').click();
    await waiting
      .getByRole('button', { name: /^Correct the value of Days waiting/ })
      .last()
      .click();
    const correct = waiting.getByRole('form', { name: /^Correct the measurement of / });
    await correct.getByLabel(/^Value/).fill('22');
    await correct.getByRole('button', { name: 'Save correction' }).click();
    await expectFieldError(correct.getByLabel('Reason for the correction'), /Reason for the correction/);
    await correct.getByLabel('Reason for the correction').fill('Typed from the wrong week');
    await correct.getByRole('button', { name: 'Save correction' }).click();
    await waiting.locator('.correction', { hasText: 'value 24 → 22. Reason: Typed from the wrong week' }).waitFor({ timeout: 10_000 });

    // The data table: caption with baseline and target, headers, one row per measurement, oldest first.
    const table = waiting.locator('table');
    expect(await table.locator('caption').textContent()).toBe(`${WAITING} in days: baseline 30 days, target 14 days, lower is better.`);
    expect(await table.locator('thead th').allTextContents()).toEqual(['Date', 'Value', 'Source and notes', 'Change']);
    expect(await table.locator('tbody td.value').allTextContents()).toEqual(['27 days', '22 days']);
    expect(await table.locator('tbody th[scope="row"]').count()).toBe(2);
    expect(await table.locator('tbody tr').first().textContent()).toContain('Booking system');
    expect(await waiting.locator('.measure-latest').textContent()).toMatch(/^22 days on /);

    // Labels are text, not only titles on hover, and at least 14 px.
    expect(await waiting.locator('svg text').count()).toBe(0);
    expect(await waiting.locator('.chart-y span').allTextContents()).toEqual(['30', '20', '10']);
    expect(await waiting.locator('.chart-key').textContent()).toContain('Target 14 days');
    const smallest = await page.evaluate<number>(
      `Math.min(...[...document.querySelectorAll('.chart-y span, .chart-x span, .chart-key span, .measure-latest, .data-table td, .data-table caption')].map((e) => parseFloat(getComputedStyle(e).fontSize)))`,
    );
    expect(smallest).toBeGreaterThanOrEqual(14);

    // Publishing without service-user involvement is refused, in words, next to the button.
    await page.getByRole('button', { name: 'Publish evaluation' }).click();
    await page.locator('.publishing .action-error', { hasText: 'cannot be published without service-user involvement' }).waitFor();
    await expectAccessibleAtBothWidths(page, 'evaluation, draft, publishing refused');

    await page.getByRole('button', { name: 'Record involvement' }).click();
    const involve = form(page, 'Record involvement');
    await involve.getByLabel('Partner').waitFor();
    expect(await involve.getByLabel('Partner').locator('option').allTextContents()).toEqual(['Westmoor Service Users Forum']);
    await involve.getByLabel('What they said or did').fill('The forum read the figures and asked for evening clinics.');
    await involve.getByRole('button', { name: 'Record involvement' }).click();
    await page.locator('.involvement-item', { hasText: 'asked for evening clinics' }).waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'evaluation-in-progress.png'), fullPage: true });

    await page.getByRole('button', { name: 'Publish evaluation' }).click();
    await badge(page).filter({ hasText: 'Published' }).waitFor();
    await until(page, `document.activeElement?.id === 'published-notice'`);
    await page.locator('.publishing .notice', { hasText: 'An administrator can reopen it' }).waitFor();
    expect(await page.locator('main button, main form').count()).toBe(0);
    expect(await table.locator('thead th').allTextContents()).toEqual(['Date', 'Value', 'Source and notes']);
    await expectAccessibleAtBothWidths(page, 'evaluation, published');
    await page.screenshot({ path: path.join(ARTIFACTS, 'evaluation-published.png'), fullPage: true });
    await page.context().close();

    // An ADMIN reopens it, with a reason (required, said next to its field when missing).
    const adminPage = await newPage();
    await signIn(adminPage, server.url, admin.email, { organisation: org.name });
    await adminPage.goto(evaluationUrl);
    await adminPage.getByRole('heading', { level: 1, name: 'Clinic waiting times' }).waitFor();
    expect(await adminPage.getByRole('button', { name: /Add a measure|Record|Publish/ }).count()).toBe(0);
    await adminPage.getByRole('button', { name: 'Reopen evaluation' }).click();
    const reopen = form(adminPage, 'Reopen the evaluation');
    await reopen.getByRole('button', { name: 'Reopen evaluation' }).click();
    await expectFieldError(reopen.getByLabel('Why must it change again?'), /Why must it change again\?/);
    await reopen.getByLabel('Why must it change again?').fill('The carers asked to add their own survey.');
    await reopen.getByRole('button', { name: 'Reopen evaluation' }).click();
    await badge(adminPage).filter({ hasText: 'In progress' }).waitFor();
    await until(adminPage, `document.activeElement?.id === 'publish-button'`);
    await adminPage.getByRole('button', { name: 'Publish evaluation' }).waitFor();
    await adminPage.getByRole('button', { name: 'Add a measure' }).waitFor();
    await adminPage.context().close();
  }, 150_000);

  it('adds a measure and records a measurement with the keyboard alone', async () => {
    const { createEvaluation } = dataOf(
      await server.gql(
        `mutation ($input: CreateEvaluationInput!) { createEvaluation(input: $input) { id } }`,
        { input: { projectId: project.id, title: 'Keyboard review' } },
        org.as,
      ),
    );
    const page = await newPage();
    await signIn(page, server.url, member.email, { organisation: org.name });
    await page.goto(`${server.url}/#/evaluations/${encodeURIComponent(createEvaluation.id)}`);
    await page.getByRole('heading', { level: 1, name: 'Keyboard review' }).waitFor();
    await tabTo(page, /^Add a measure$/);
    await page.keyboard.press('Enter');
    await until(page, `document.activeElement?.id === 'measure-name'`);
    await page.keyboard.type('Missed appointments');
    await page.keyboard.press('Tab');
    await page.keyboard.type('%');
    await page.keyboard.press('Tab');
    expect(await page.evaluate<string>(`document.activeElement?.id`)).toBe('measure-baseline');
    await page.keyboard.type('12.5');
    await page.keyboard.press('Tab');
    await page.keyboard.type('5');
    await page.keyboard.press('Tab');
    expect(await page.evaluate<string>(`document.activeElement?.id`)).toBe('measure-direction');
    await page.keyboard.press('ArrowDown');
    await tabTo(page, /^Add measure$/);
    await page.keyboard.press('Enter');
    await measure(page, 'Missed appointments').waitFor();
    expect(await measure(page, 'Missed appointments').locator('dd').nth(1).textContent()).toBe('12.5 % → 5 % (lower is better)');
    // Focus is back on the button that opened the form.
    await until(page, `document.activeElement?.id === 'add-measure-button'`);

    await page.keyboard.down('Shift');
    await tabTo(page, /^Record a measurement of Missed appointments$/);
    await page.keyboard.up('Shift');
    await page.keyboard.press('Enter');
    await until(page, `document.activeElement?.getAttribute('name') === 'value'`);
    await page.keyboard.type('9');
    await tabTo(page, /^Record measurement$/);
    await page.keyboard.press('Enter');
    const missed = measure(page, 'Missed appointments');
    await missed.locator('.measure-latest', { hasText: /^9 % on / }).waitFor();

    // Archiving a measurement and then the measure: they leave the page (their history stays).
    await missed.locator('summary').click();
    await missed.getByRole('button', { name: /^Archive the value of Missed appointments on / }).click();
    await missed.locator('.measure-latest', { hasText: 'No measurement yet' }).waitFor();
    await missed.getByRole('button', { name: 'Archive measure: Missed appointments' }).click();
    await page.getByText('No measures yet.').waitFor();
    await page.context().close();
  }, 90_000);

  it('shows an observer and a screen the evaluation, its charts and tables, and no controls', async () => {
    expect(evaluationUrl).not.toBe('');
    const page = await newPage();
    await signIn(page, server.url, observer.email, { organisation: org.name });
    await page.goto(`${server.url}/#/projects/${encodeURIComponent(project.id)}`);
    await page.getByRole('heading', { level: 1, name: project.name }).waitFor();
    expect(await page.getByRole('button', { name: 'New evaluation' }).count()).toBe(0);
    await page.goto(evaluationUrl);
    await page.getByRole('heading', { level: 1, name: 'Clinic waiting times' }).waitFor();
    await measure(page, WAITING).locator('summary').click();
    expect(await measure(page, WAITING).locator('tbody td.value').allTextContents()).toEqual(['27 days', '22 days']);
    expect(await page.locator('main button, main form').count()).toBe(0);
    await expectAccessibleAtBothWidths(page, 'evaluation, observer');
    await page.context().close();

    const key = await buildApiKey(server, org);
    const screen = await newPage(PHONE);
    await screen.goto(`${server.url}/?key=${encodeURIComponent(key.secret)}`);
    await screen.locator('main.wall-main').waitFor();
    await screen.goto(`${server.url}/${evaluationUrl.slice(evaluationUrl.indexOf('#'))}`);
    await screen.locator('.badge.read-only').waitFor();
    await screen.getByRole('heading', { level: 1, name: 'Clinic waiting times' }).waitFor();
    await screen.locator('.measure-chart').first().waitFor();
    expect(await screen.locator('main button, main form').count()).toBe(0);
    expect(await horizontalOverflow(screen)).toBeLessThanOrEqual(0);
    await screen.context().close();
  }, 90_000);
});
