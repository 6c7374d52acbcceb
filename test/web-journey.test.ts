import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { ARTIFACTS, describeWithBrowser, expectAccessible, freshWebDir, LAPTOP, useBrowser } from './support/browser';
import { useTestServer } from './support/harness';
import { useMailbox } from './support/mailbox';
import { focusedId, horizontalOverflow, PHONE, tabTo, until } from './support/page-steps';

/**
 * The whole journey of a partnership lead (issue #16), done only through the page, in a real
 * browser against the real server: sign up, create the organisation, add the partners and their
 * representatives, adopt the TUC's six principles, invite the union's steward (who joins from the
 * link in a real mail, in a browser of their own), create a project, have every partner agree
 * (as its own representative, or on its behalf with evidence), start it, run the plan with a
 * celebration that a kiosk wall shows on another screen, raise and resolve a challenge, evaluate
 * with the service users and publish, and find the story on the activity and celebrations pages.
 * Once at desktop width (axe-core on every page) and once at phone width (nothing scrolls
 * sideways on any page); the same steps, some of them with the keyboard alone.
 */

const WEB_DIR = freshWebDir();
const mailbox = useMailbox();
// Three people sign in from one address, twice over; the per-IP limit on logIn/signUp is not under test.
Object.assign(mailbox.env, { AUTH_ATTEMPTS_PER_MINUTE: '1000', WEB_DIR });
const server = useTestServer({ env: mailbox.env });
const browser = useBrowser(WEB_DIR);

/** What waits on the live connection (another person's change, the wall) gets longer on this loaded machine. */
const LIVE = { timeout: 30_000 };

const PRINCIPLES = ['Shared commitment to the success of the organisation', 'Transparency', 'A focus on the quality of working life'];

/** One run of the journey: its viewport, its people and the names it gives things. */
interface Run {
  label: string;
  viewport: { width: number; height: number };
  desktop: boolean;
  organisation: string;
  lead: { name: string; email: string; password: string };
  steward: { name: string; email: string; password: string };
  partners: { management: string; union: string; users: string };
  representatives: { management: string; union: string; users: string };
  project: string;
  stages: [string, string];
  messages: [string, string];
  challenge: string;
  evaluation: string;
  measure: string;
  /** Pages already checked with axe-core in this run (each once). */
  checked: Set<string>;
}

function run(label: string, viewport: { width: number; height: number }, place: string): Run {
  const tag = randomBytes(3).toString('hex');
  return {
    label,
    viewport,
    desktop: viewport.width >= LAPTOP.width,
    organisation: `${place} Care Trust`,
    lead: { name: 'Robin Lead', email: `lead-${tag}@example.org`, password: 'lantern meadow copper seven' },
    steward: { name: 'Sam Steward', email: `steward-${tag}@example.org`, password: 'harbour violet pencil nine' },
    partners: { management: `${place} Trust Board`, union: `UNISON ${place}`, users: `${place} Service Users Forum` },
    representatives: { management: 'Robin Lead', union: 'Sam Steward', users: 'Pat Forum' },
    project: 'New mental health facility',
    stages: ['Agree the staffing model', 'Open the ward'],
    messages: ['Staffing model agreed by every partner!', 'The ward is open: thank you all.'],
    challenge: 'Night rotas were drafted without asking the staff side.',
    evaluation: 'Waiting times after the move',
    measure: 'Days waiting for a first appointment',
    checked: new Set(),
  };
}

async function newPage(viewport: { width: number; height: number }): Promise<Page> {
  const page = await browser.newPage(viewport);
  // Each step that cannot happen fails within the test's time, naming the step.
  page.setDefaultTimeout(15_000);
  // Celebrations fade in: axe, checking contrast mid-way, would see them half transparent.
  await page.emulateMedia({ reducedMotion: 'reduce' });
  return page;
}

/**
 * A page the journey reached, as it is now: at desktop width axe-core finds no WCAG 2.2 A/AA
 * violation (each page once), at phone width nothing runs off the side.
 */
async function reached(r: Run, page: Page, name: string): Promise<void> {
  if (!r.desktop) {
    expect({ page: name, overflowsBy: Math.max(0, await horizontalOverflow(page)) }).toEqual({ page: name, overflowsBy: 0 });
    return;
  }
  if (r.checked.has(name)) return;
  r.checked.add(name);
  await expectAccessible(page, name);
}

const form = (page: Page, name: string) => page.getByRole('form', { name });
const stage = (page: Page, title: string) => page.locator('li.stage', { has: page.locator('.stage-title', { hasText: title }) });
const principle = (page: Page, title: string) => page.locator('li.principle', { has: page.locator('h3', { hasText: title }) });
const partnerCard = (page: Page, name: string) => page.locator('li.partner', { has: page.getByRole('heading', { level: 2, name, exact: true }) });
const measure = (page: Page, name: string) => page.locator('.measure', { has: page.getByRole('heading', { level: 2, name }) });

/** One of the header's pages, through its link, as a person would. */
async function open(page: Page, link: string, heading: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: link, exact: true }).click();
  await page.getByRole('heading', { level: 1, name: heading }).waitFor();
  await page.locator('main .loading').first().waitFor({ state: 'detached' });
}

/** A link from a mail (to PUBLIC_URL, which stands for the server), opened on the server under test. */
function onServer(link: string): string {
  expect(link.startsWith(`${mailbox.publicUrl}/#/`)).toBe(true);
  return `${server.url}/${link.slice(mailbox.publicUrl.length + 1)}`;
}

/** A day relative to today (UTC), as the date fields want it. */
function day(offset: number): string {
  return new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
}

async function signUpAndCreateTheOrganisation(r: Run, page: Page): Promise<void> {
  await page.goto(`${server.url}/`);
  await page.getByLabel('Email').waitFor();
  await reached(r, page, 'sign in');
  await page.getByRole('link', { name: 'Create an account' }).click();
  await page.getByRole('heading', { level: 1, name: 'Create an account' }).waitFor();
  await reached(r, page, 'sign up');
  await page.getByLabel('Your name').fill(r.lead.name);
  await page.getByLabel('Email').fill(r.lead.email);
  await page.getByLabel('Password', { exact: true }).fill(r.lead.password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByRole('heading', { level: 1, name: 'Create an organisation' }).waitFor();
  await reached(r, page, 'create an organisation');
  await page.getByLabel('Name of the organisation').fill(r.organisation);
  await page.getByRole('button', { name: 'Create organisation' }).click();
  await page.getByRole('heading', { level: 1, name: r.organisation }).waitFor();
  await page.locator('.connection[data-state="live"]').waitFor(LIVE);
  await reached(r, page, 'overview, a new organisation');
}

async function addPartnersAndRepresentatives(r: Run, page: Page): Promise<void> {
  await open(page, 'Partners', 'Partners');
  await reached(r, page, 'partners, none yet');
  const kinds = { management: 'Management', union: 'Trade union', users: 'Service users' } as const;
  for (const key of ['management', 'union', 'users'] as const) {
    const adding = form(page, 'Add a partner');
    await adding.getByLabel('Name', { exact: true }).fill(r.partners[key]);
    await adding.getByLabel('Kind').selectOption({ label: kinds[key] });
    await adding.getByRole('button', { name: 'Add partner' }).click();
    await partnerCard(page, r.partners[key]).waitFor();
  }
  const roles = { management: 'Director of operations', union: 'Branch steward', users: 'Forum chair' };
  for (const key of ['management', 'union', 'users'] as const) {
    const card = partnerCard(page, r.partners[key]);
    await card.getByRole('button', { name: `Add representative to ${r.partners[key]}` }).click();
    const adding = form(page, `Add a representative of ${r.partners[key]}`);
    await adding.getByLabel('Name', { exact: true }).fill(r.representatives[key]);
    await adding.getByLabel('Role title').fill(roles[key]);
    await adding.getByRole('button', { name: 'Add representative', exact: true }).click();
    await card.locator('li.representative', { hasText: r.representatives[key] }).waitFor();
  }
  // The lead speaks for management themself: linked to their own account.
  const own = partnerCard(page, r.partners.management).locator('li.representative', { hasText: r.representatives.management });
  await own.getByRole('button', { name: `Link a member to ${r.representatives.management}` }).click();
  await own.getByLabel(`Member who speaks as ${r.representatives.management}`).selectOption({ label: r.lead.name });
  await own.getByRole('button', { name: 'Save link' }).click();
  await own.locator('.linked-member', { hasText: `Speaks through ${r.lead.name}` }).waitFor();
  await reached(r, page, 'partners, with representatives');
}

async function adoptTheSixPrinciples(r: Run, page: Page): Promise<void> {
  await open(page, 'Principles', 'Principles');
  await page.getByRole('button', { name: 'Adopt the TUC’s six principles' }).click();
  await page.locator('li.principle-card').nth(5).waitFor();
  expect(await page.locator('li.principle-card').count()).toBe(6);
  await reached(r, page, 'principles');
}

/** The lead invites the steward, naming the union's representative; the steward joins from the mail in a browser of their own. */
async function inviteTheSteward(r: Run, page: Page): Promise<Page> {
  await open(page, 'Members', 'Members and access');
  await reached(r, page, 'members and access');
  await page.locator('#invite-email').fill(r.steward.email);
  await page.locator('#invite-role').selectOption('MEMBER');
  await page.getByLabel('Speaks for').selectOption({ label: `${r.representatives.union} (${r.partners.union})` });
  await page.getByRole('button', { name: 'Send invitation' }).click();
  await page.locator('.once', { hasText: `Invitation sent to ${r.steward.email}` }).waitFor();
  await page.locator('li.invitation', { hasText: r.steward.email }).locator('.badge', { hasText: 'Pending' }).waitFor();

  const mail = await mailbox.next(r.steward.email, 30_000);
  const steward = await newPage(r.viewport);
  await steward.goto(onServer(mail.links[0]!));
  await steward.getByLabel('Your name').fill(r.steward.name);
  await steward.getByLabel('Password', { exact: true }).fill(r.steward.password);
  await reached(r, steward, 'accept an invitation');
  await steward.getByRole('button', { name: 'Accept and sign in' }).click();
  await steward.getByRole('heading', { level: 1, name: r.organisation }).waitFor();
  await steward.locator('.connection[data-state="live"]').waitFor(LIVE);

  // The lead's page follows the log: the steward is a member now.
  await page.locator('li.member', { hasText: r.steward.name }).waitFor(LIVE);
  return steward;
}

/** A read-only key for the board room, and its kiosk link opened on a second screen: the wall. */
async function openTheWall(r: Run, page: Page): Promise<Page> {
  await page.getByLabel('Name', { exact: true }).fill('Board room screen');
  await page.getByRole('button', { name: 'Create key' }).click();
  await page.locator('.once', { hasText: 'Key “Board room screen” created' }).waitFor();
  const kiosk = await page.locator('#kiosk-link').inputValue();
  await reached(r, page, 'members and access, a new kiosk link');
  const wall = await newPage(r.viewport);
  await wall.goto(kiosk);
  await wall.locator('main.wall-main').waitFor();
  await wall.locator('.connection[data-state="live"]').waitFor(LIVE);
  return wall;
}

async function createTheProject(r: Run, page: Page): Promise<string> {
  await open(page, 'Overview', r.organisation);
  await page.getByRole('link', { name: 'New project' }).click();
  await page.getByRole('heading', { level: 1, name: 'New project' }).waitFor();
  await reached(r, page, 'new project');
  await page.getByLabel('Name', { exact: true }).fill(r.project);
  await page.getByLabel('Summary').fill('A new ward for the community, planned with the staff and the people it serves.');
  await page.getByRole('button', { name: 'Create project' }).click();
  await page.getByRole('heading', { level: 1, name: r.project }).waitFor();
  const url = page.url();

  const roles = { management: 'Lead', union: 'Member', users: 'Member' } as const;
  for (const key of ['management', 'union', 'users'] as const) {
    await page.getByRole('button', { name: 'Involve a partner' }).click();
    const involve = form(page, 'Involve a partner');
    await involve.getByLabel('Partner', { exact: true }).selectOption({ label: r.partners[key] });
    await involve.getByLabel('Role in the project').selectOption({ label: roles[key] });
    await involve.getByRole('button', { name: 'Involve partner' }).click();
    await page.locator('.project-partners li', { hasText: `${r.partners[key]} · ${roles[key]}` }).waitFor();
  }

  await page.getByRole('button', { name: 'Choose principles' }).click();
  const choose = form(page, "Choose the project's principles");
  for (const title of PRINCIPLES) await choose.getByLabel(title).check();
  await choose.getByRole('button', { name: 'Save principles' }).click();
  await principle(page, PRINCIPLES[2]!).waitFor();
  expect(await page.locator('li.principle').count()).toBe(PRINCIPLES.length);
  await reached(r, page, 'project, proposed');
  return url;
}

const agreedBy = (page: Page, text: string) => principle(page, PRINCIPLES[0]!).locator('.agreed-by', { hasText: text });

/**
 * Every partner agrees every principle: the lead as management's own representative (with the
 * keyboard alone), the steward as the union's, and the lead on the service users' behalf with
 * evidence; then the project starts.
 */
async function agreeAndStart(r: Run, page: Page, steward: Page, wall: Page, projectUrl: string): Promise<void> {
  // Keyboard alone, from the page's heading (where focus lands on arriving): the form opens on
  // "In the name of"; management is offered first, and the lead speaks for it.
  await page.locator('h1').focus();
  await tabTo(page, /^Record an agreement$/);
  await page.keyboard.press('Enter');
  await until(page, `document.activeElement?.id === 'agreement-partnerId'`);
  const record = form(page, 'Record an agreement');
  expect(await record.getByLabel('In the name of').locator('option:checked').textContent()).toBe(r.partners.management);
  await page.keyboard.press('Tab');
  expect(await focusedId(page)).toBe('agreement-representativeId');
  expect(await record.getByLabel('Speaking for it').locator('option:checked').textContent()).toBe(`${r.representatives.management} (you)`);
  await tabTo(page, /^Record agreement$/);
  await page.keyboard.press('Enter');
  await agreedBy(page, `${r.partners.management} (${r.representatives.management})`).waitFor();
  expect(await agreedBy(page, r.partners.management).textContent()).not.toContain('on its behalf');
  await until(page, `document.activeElement?.id === 'record-button'`);

  // The steward, in their own browser, for the union: the only partner they speak for.
  await open(steward, 'Overview', r.organisation);
  await steward.getByRole('link', { name: r.project }).first().click();
  await steward.getByRole('heading', { level: 1, name: r.project }).waitFor();
  expect(steward.url()).toBe(projectUrl);
  await reached(r, steward, 'project, as a member');
  await steward.getByRole('button', { name: 'Record an agreement' }).click();
  const theirs = form(steward, 'Record an agreement');
  // The choices come with the form's options.
  await theirs.getByLabel('In the name of').waitFor();
  expect(await theirs.getByLabel('In the name of').locator('option').allTextContents()).toEqual([r.partners.union]);
  expect(await theirs.getByLabel('Speaking for it').locator('option').allTextContents()).toEqual([`${r.representatives.union} (you)`]);
  await theirs.getByRole('button', { name: 'Record agreement' }).click();
  await agreedBy(steward, `${r.partners.union} (${r.representatives.union})`).waitFor();
  // The lead's page hears of it live.
  await agreedBy(page, `${r.partners.union} (${r.representatives.union})`).waitFor(LIVE);

  // On the service users' behalf: the forum agreed on paper; the evidence says so, and so does the page.
  await page.getByRole('button', { name: 'Record an agreement' }).click();
  const onBehalf = form(page, 'Record an agreement');
  await onBehalf.getByLabel('In the name of').selectOption({ label: r.partners.users });
  expect(await onBehalf.getByLabel('Speaking for it').locator('option:checked').textContent()).toBe(`${r.representatives.users}, on the partner's behalf`);
  await onBehalf.getByLabel(/Evidence/).fill('minutes of the forum meeting, 12 March');
  await reached(r, page, 'project, recording an agreement on behalf');
  await onBehalf.getByRole('button', { name: 'Record agreement' }).click();
  await agreedBy(page, `${r.partners.users} (${r.representatives.users}), recorded on its behalf: minutes of the forum meeting, 12 March`).waitFor();
  expect(await page.locator('.agreement-summary').textContent()).toBe('Every partner has agreed every principle.');

  await page.getByRole('button', { name: 'Start project' }).click();
  await page.locator('.page-head .badge', { hasText: 'Active' }).waitFor();
  // Active, it is on the board room's wall.
  await wall.locator('.wall-project h1', { hasText: r.project }).waitFor(LIVE);
}

/**
 * The plan: the first stage added with the keyboard alone, the second depending on it (no Start
 * until the first is done); each started and completed with a celebration, the first with the
 * keyboard alone, and the celebration shown on the wall.
 */
async function runThePlan(r: Run, page: Page, wall: Page): Promise<void> {
  const [first, second] = r.stages;
  await page.locator('h1').focus();
  await tabTo(page, /^Add a stage$/);
  await page.keyboard.press('Enter');
  await until(page, `document.activeElement?.id === 'new-stage-title'`);
  await page.keyboard.type(first);
  await page.keyboard.press('Enter');
  await stage(page, first).waitFor();
  await until(page, `document.activeElement?.id === 'add-stage-button'`);

  await page.getByRole('button', { name: 'Add a stage' }).click();
  const adding = form(page, 'Add a stage');
  await adding.getByLabel('Title', { exact: true }).fill(second);
  await adding.getByLabel('Owning partner').selectOption({ label: r.partners.union });
  await adding.getByLabel('Assignee').selectOption({ label: r.steward.name });
  await adding.getByLabel('Due date').fill(day(60));
  await adding.getByLabel(first).check();
  await adding.getByRole('button', { name: 'Add stage' }).click();
  await stage(page, second).waitFor();
  expect(
    await stage(page, second)
      .getByRole('button', { name: /^Start/ })
      .count(),
  ).toBe(0);
  expect(await stage(page, second).locator('.waiting-for').textContent()).toBe(`Can start once “${first}” is done.`);
  await reached(r, page, 'project, active, with a plan');

  // Keyboard alone: start, then complete with a celebration message.
  await page.locator('h1').focus();
  await tabTo(page, new RegExp(`^Start: ${first}$`));
  await page.keyboard.press('Enter');
  await stage(page, first).locator('.badge.status-in_progress').waitFor();
  // Focus moved on from the Start button (gone) to the stage's next step.
  await until(page, `document.activeElement?.id === 'complete-${await stage(page, first).getAttribute('data-stage-id')}'`);
  await page.keyboard.press('Enter');
  await until(page, `document.activeElement?.name === 'celebration'`);
  await page.keyboard.type(r.messages[0]);
  const sent = Date.now();
  await page.keyboard.press('Enter');
  // On the board room's screen, and on the lead's page.
  await wall.locator('.wall-banner', { hasText: r.messages[0] }).waitFor(LIVE);
  console.log(`${r.label}: the celebration was on the wall ${Date.now() - sent} ms after Enter`);
  await stage(page, first).locator('.stage-celebration', { hasText: r.messages[0] }).waitFor();
  await page.locator('.celebration', { hasText: r.messages[0] }).waitFor(LIVE);
  await wall.locator('.wall-latest-item', { hasText: r.messages[0] }).waitFor(LIVE);
  await reached(r, wall, 'the wall, with a celebration');
  await wall.screenshot({ path: path.join(ARTIFACTS, `journey-wall-${r.label}.png`) });

  await stage(page, second)
    .getByRole('button', { name: `Start: ${second}` })
    .click();
  await stage(page, second)
    .getByRole('button', { name: `Complete: ${second}` })
    .click();
  await page.getByLabel(/Celebration message/).fill(r.messages[1]);
  await page.getByRole('button', { name: 'Complete stage' }).click();
  await stage(page, second).locator('.badge.status-done').waitFor();
  await wall.locator('.wall-banner', { hasText: r.messages[1] }).waitFor(LIVE);
  await reached(r, page, 'project, plan done');
}

/** The steward raises a concern in the union's name; the lead takes it on and resolves it. */
async function raiseAndResolveAChallenge(r: Run, page: Page, steward: Page): Promise<void> {
  await steward.getByRole('button', { name: 'Raise a challenge' }).click();
  const raise = form(steward, 'Raise a challenge');
  await raise.getByLabel('In the name of').waitFor();
  expect(await raise.getByLabel('In the name of').locator('option').allTextContents()).toEqual([r.partners.union]);
  await raise.getByLabel('Principle', { exact: true }).selectOption({ label: 'Transparency' });
  await raise.getByLabel('The concern').fill(r.challenge);
  await reached(r, steward, 'project, raising a challenge');
  await raise.getByRole('button', { name: 'Raise challenge' }).click();
  await steward.locator('li.challenge', { hasText: r.challenge }).waitFor();

  const challenge = page.locator('li.challenge', { hasText: r.challenge });
  await challenge.waitFor(LIVE);
  expect(await challenge.textContent()).toContain(`Raised by ${r.partners.union} (${r.representatives.union})`);
  await challenge.getByRole('button', { name: /^Resolve:/ }).click();
  await challenge.getByLabel('How was it resolved?').fill('Rotas re-drawn with the staff side at the joint meeting.');
  await challenge.getByRole('button', { name: 'Resolve', exact: true }).click();
  await challenge.locator('.badge', { hasText: 'Resolved' }).waitFor();
  await challenge.getByText('Resolution: Rotas re-drawn with the staff side at the joint meeting.').waitFor();
  // The steward sees it resolved too.
  await steward.locator('li.challenge', { hasText: r.challenge }).locator('.badge', { hasText: 'Resolved' }).waitFor(LIVE);
}

/** An evaluation of the project: a measure, two measurements (one with the keyboard alone), the service users' say, published. */
async function evaluateAndPublish(r: Run, page: Page): Promise<string> {
  await page.getByRole('button', { name: 'New evaluation' }).click();
  const create = form(page, 'New evaluation');
  await create.getByLabel('Title').fill(r.evaluation);
  await create.getByLabel('Part of the stage').selectOption({ label: r.stages[1] });
  await create.getByRole('button', { name: 'Create evaluation' }).click();
  await page.getByRole('heading', { level: 1, name: r.evaluation }).waitFor();
  const url = page.url();
  await reached(r, page, 'evaluation, draft');

  await page.getByRole('button', { name: 'Add a measure' }).click();
  const add = form(page, 'Add a measure');
  await add.getByLabel('Name').fill(r.measure);
  await add.getByLabel('Unit').fill('days');
  await add.getByLabel('Baseline').fill('30');
  await add.getByLabel('Target').fill('14');
  await add.getByLabel('Which way is better').selectOption({ label: 'Lower is better' });
  await add.getByRole('button', { name: 'Add measure' }).click();
  await measure(page, r.measure).waitFor();

  await page.getByRole('button', { name: `Record a measurement of ${r.measure}` }).click();
  const record = form(page, `Record a measurement of ${r.measure}`);
  await record.getByLabel(/^Value/).fill('27');
  await record.getByLabel('Date').fill(day(-30));
  await record.getByLabel('Source').fill('Booking system');
  await record.getByRole('button', { name: 'Record measurement' }).click();
  await measure(page, r.measure)
    .locator('.measure-latest', { hasText: /^27 days on / })
    .waitFor();

  // Keyboard alone: today's value (the date starts at today).
  await page.locator('h1').focus();
  await tabTo(page, new RegExp(`^Record a measurement of ${r.measure}$`));
  await page.keyboard.press('Enter');
  await until(page, `document.activeElement?.getAttribute('name') === 'value'`);
  await page.keyboard.type('19');
  await tabTo(page, /^Record measurement$/);
  await page.keyboard.press('Enter');
  await measure(page, r.measure)
    .locator('.measure-latest', { hasText: /^19 days on / })
    .waitFor();

  await page.getByRole('button', { name: 'Record involvement' }).click();
  const involve = form(page, 'Record involvement');
  await involve.getByLabel('Partner').waitFor();
  expect(await involve.getByLabel('Partner').locator('option').allTextContents()).toEqual([r.partners.users]);
  await involve.getByLabel('What they said or did').fill('The forum walked the new ward and asked for evening appointments.');
  await involve.getByRole('button', { name: 'Record involvement' }).click();
  await page.locator('.involvement-item', { hasText: 'asked for evening appointments' }).waitFor();
  await reached(r, page, 'evaluation, with measurements and involvement');

  await page.getByRole('button', { name: 'Publish evaluation' }).click();
  await page.locator('.page-head .badge', { hasText: 'Published' }).waitFor();
  await reached(r, page, 'evaluation, published');
  await page.screenshot({ path: path.join(ARTIFACTS, `journey-evaluation-${r.label}.png`), fullPage: true });
  return url;
}

/** The activity page tells the project's story, newest first; the celebrations page keeps both messages. */
async function readTheStory(r: Run, page: Page): Promise<void> {
  await open(page, 'Activity', 'Activity');
  await page.getByLabel('Project').selectOption({ label: r.project });
  await until(page, `location.hash.includes('project=')`);
  await until(page, `document.querySelector('ol.history > li')?.dataset.type === 'EVALUATION_PUBLISHED'`, LIVE.timeout);
  // Page back to the project's beginning.
  const older = page.getByRole('button', { name: 'Show older events' });
  while (await older.count()) {
    const shown = await page.locator('ol.history > li').count();
    await older.click();
    await until(page, `document.querySelectorAll('ol.history > li').length > ${shown}`);
  }
  const types = await page.evaluate<string[]>(`[...document.querySelectorAll('ol.history > li')].map((li) => li.dataset.type)`);
  for (const type of [
    'PROJECT_CREATED',
    'PARTNER_INVOLVED',
    'AGREEMENT_RECORDED',
    'PROJECT_STARTED',
    'STAGE_ADDED',
    'STAGE_COMPLETED',
    'CHALLENGE_RAISED',
    'CHALLENGE_RESOLVED',
    'EVALUATION_CREATED',
    'MEASUREMENT_RECORDED',
    'INVOLVEMENT_RECORDED',
    'EVALUATION_PUBLISHED',
  ]) {
    expect({ type, logged: types.includes(type) }).toEqual({ type, logged: true });
  }
  expect(types.at(-1)).toBe('PROJECT_CREATED');
  expect(new Set(await page.locator('ol.history a.history-project').allTextContents())).toEqual(new Set([r.project]));
  // Who did what: the steward's agreement and challenge are theirs.
  const raised = page.locator('ol.history > li[data-type="CHALLENGE_RAISED"]');
  expect(await raised.locator('.history-meta').textContent()).toContain(r.steward.name);
  await reached(r, page, 'activity of the project');
  await page.screenshot({ path: path.join(ARTIFACTS, `journey-activity-${r.label}.png`), fullPage: true });

  await open(page, 'Celebrations', 'Celebrations');
  await until(page, `document.querySelectorAll('ol.history > li').length === 2`);
  expect(await page.locator('ol.history .celebration-message').allTextContents()).toEqual([r.messages[1], r.messages[0]]);
  expect(await page.locator('ol.history .celebration-stage').allTextContents()).toEqual([r.stages[1], r.stages[0]]);
  expect(await page.locator('ol.history > li').first().locator('.history-meta').textContent()).toContain(`Completed by ${r.lead.name}`);
  await reached(r, page, 'celebrations');
}

/** The whole journey at one width: the lead's page, the steward's, and the wall. */
async function journey(r: Run): Promise<void> {
  const started = Date.now();
  const page = await newPage(r.viewport);
  await signUpAndCreateTheOrganisation(r, page);
  await addPartnersAndRepresentatives(r, page);
  await adoptTheSixPrinciples(r, page);
  const steward = await inviteTheSteward(r, page);
  const wall = await openTheWall(r, page);
  const projectUrl = await createTheProject(r, page);
  await agreeAndStart(r, page, steward, wall, projectUrl);
  await runThePlan(r, page, wall);
  await raiseAndResolveAChallenge(r, page, steward);
  await evaluateAndPublish(r, page);
  await readTheStory(r, page);
  console.log(`the journey at ${r.viewport.width}×${r.viewport.height} took ${Math.round((Date.now() - started) / 1000)} s`);
  await Promise.all([page, steward, wall].map((p) => p.context().close()));
}

describeWithBrowser('the whole journey of a partnership lead, in the page', () => {
  it('runs from sign-up to a published evaluation at desktop width, every page passing axe', () => journey(run('desktop', LAPTOP, 'Riverside')), 300_000);

  it('runs from sign-up to a published evaluation at phone width, no page scrolling sideways', () => journey(run('phone', PHONE, 'Hillside')), 300_000);
});
