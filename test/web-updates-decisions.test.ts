import path from 'node:path';
import type { Page } from 'playwright-core';
import { Role } from '../src/auth/role';
import { ARTIFACTS, describeWithBrowser, freshWebDir, LAPTOP, useBrowser } from './support/browser';
import { buildMember, buildOrganisation, buildPartner, buildPrinciple, buildProject, buildStage, involvePartner } from './support/factories';
import { useTestServer } from './support/harness';
import { expectAccessibleAtBothWidths, signIn, until } from './support/page-steps';

/**
 * Status updates and the decision log in the page (issue #18), in a real browser against the real
 * server: a member posts a project's status (a refused one shows its error next to the field), sees
 * it as the latest status and in the history, while a second member's overview shows it live,
 * without a reload; then records a decision with a partner and what it concerns, and finds it on
 * the project and in the organisation's decision log. What is not under test is built through the API.
 */

const WEB_DIR = freshWebDir();
const server = useTestServer({ env: { AUTH_ATTEMPTS_PER_MINUTE: '1000', WEB_DIR } });
const browser = useBrowser(WEB_DIR);

async function newPage(): Promise<Page> {
  const page = await browser.newPage(LAPTOP);
  page.setDefaultTimeout(15_000);
  await page.emulateMedia({ reducedMotion: 'reduce' });
  return page;
}

const form = (page: Page, name: string) => page.getByRole('form', { name });

describeWithBrowser('status updates and decisions in the web app', () => {
  it('posts a status seen live on another dashboard, and records a decision with who agreed', async () => {
    const org = await buildOrganisation(server, { name: 'Eastbrook Care Trust' });
    const unison = await buildPartner(server, org.as, { name: 'UNISON Eastbrook', kind: 'TRADE_UNION' });
    await buildPartner(server, org.as, { name: 'Trust board' });
    const principle = await buildPrinciple(server, org.as, { title: 'Early involvement' });
    const project = await buildProject(server, org.as, { name: 'Night shelter' });
    await involvePartner(server, org.as, { projectId: project.id, partnerId: unison.id, role: 'LEAD' });
    await buildStage(server, org.as, { projectId: project.id, title: 'Find a site' });
    const colleague = await buildMember(server, org, Role.MEMBER);

    // The colleague watches the overview; the page is never reloaded (the marker would go).
    const watcher = await newPage();
    await signIn(watcher, server.url, colleague.email, { organisation: 'Eastbrook Care Trust' });
    const card = watcher.locator(`.project-card[data-project-id="${project.id}"]`);
    await card.waitFor();
    expect(await card.locator('.badge.health').count()).toBe(0);
    await watcher.evaluate(`window.__sameDocument = true`);

    const page = await newPage();
    await signIn(page, server.url, org.owner.email, { organisation: 'Eastbrook Care Trust' });
    await page.goto(`${server.url}/#/projects/${encodeURIComponent(project.id)}`);
    const updates = page.locator('section.status-updates');
    await updates.getByText('No status update yet.').waitFor();

    // A refused update (no narrative): the server's error goes next to the field.
    await page.getByRole('button', { name: 'Post a status update' }).click();
    const post = form(page, 'Post a status update');
    await post.getByRole('button', { name: 'Post update' }).click();
    await post.locator('#update-narrative-error').waitFor();
    expect(await post.locator('#update-narrative').getAttribute('aria-invalid')).toBe('true');
    await post.getByRole('radio', { name: /At risk/ }).check();
    await post.getByLabel(/What is going well/).fill('Funding is late; the board meets on Friday.');
    await expectAccessibleAtBothWidths(page, 'the project page, posting an update');
    await post.getByRole('button', { name: 'Post update' }).click();
    await post.waitFor({ state: 'detached' });

    const latest = updates.locator('.latest-update');
    await latest.getByText('Funding is late; the board meets on Friday.').waitFor();
    expect((await latest.locator('.badge.health').textContent())?.trim()).toBe('At risk');
    const history = updates.getByRole('list', { name: 'Status history, newest first' });
    expect(await history.locator('li').count()).toBe(1);
    expect(await history.locator('li').first().textContent()).toContain(org.owner.name);
    expect(await history.locator('li').first().textContent()).toContain('Funding is late');

    // Live on the colleague's overview, in the same document.
    await until(watcher, `document.querySelector('.project-card[data-project-id="${project.id}"] .badge.health')?.textContent.trim() === 'At risk'`);
    expect(await watcher.evaluate<boolean>(`window.__sameDocument === true`)).toBe(true);
    expect(await card.locator('.card-health').textContent()).toContain('Latest status');
    await watcher.screenshot({ path: path.join(ARTIFACTS, 'overview-status.png') });

    // A second update becomes the latest; the first stays in the history.
    await page.getByRole('button', { name: 'Post a status update' }).click();
    await post.getByRole('radio', { name: /On track/ }).check();
    await post.getByLabel(/What is going well/).fill('Funding agreed.');
    await post.getByRole('button', { name: 'Post update' }).click();
    await latest.getByText('Funding agreed.').waitFor();
    expect((await latest.locator('.badge.health').textContent())?.trim()).toBe('On track');
    expect(await history.locator('li').count()).toBe(2);
    await until(watcher, `document.querySelector('.project-card[data-project-id="${project.id}"] .badge.health')?.textContent.trim() === 'On track'`);

    // A decision: refused without a partner who agreed, then recorded with one.
    const decisions = page.locator('section', { has: page.getByRole('heading', { name: 'Decisions', level: 2 }) });
    await decisions.getByText('No decisions recorded yet.').waitFor();
    await page.getByRole('button', { name: 'Record a decision' }).click();
    const record = form(page, 'Record a decision');
    await record.getByLabel('What was decided').fill('Open at weekends from March.');
    await record.getByRole('checkbox', { name: 'UNISON Eastbrook' }).waitFor();
    await record.getByRole('button', { name: 'Record decision' }).click();
    await record.locator('#decision-agreedByPartnerIds-error').waitFor();
    await record.getByRole('checkbox', { name: 'UNISON Eastbrook' }).check();
    await record.getByRole('checkbox', { name: 'Find a site' }).check();
    await record.getByRole('checkbox', { name: principle.title }).check();
    await expectAccessibleAtBothWidths(page, 'the project page, recording a decision');
    await record.getByRole('button', { name: 'Record decision' }).click();
    await record.waitFor({ state: 'detached' });
    const decision = decisions.locator('li.decision', { hasText: 'Open at weekends from March.' });
    await decision.waitFor();
    const text = await decision.textContent();
    expect(text).toContain('Agreed by UNISON Eastbrook');
    expect(text).toContain('Stage: Find a site');
    expect(text).toContain('Principle: Early involvement');
    expect(text).toContain(`Recorded by ${org.owner.name}`);
    await page.screenshot({ path: path.join(ARTIFACTS, 'project-updates-decisions.png'), fullPage: true });

    // The organisation's decision log, from the navigation.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Decisions' }).click();
    await page.getByRole('heading', { level: 1, name: 'Decisions' }).waitFor();
    const logged = page.locator('#decision-log li.decision', { hasText: 'Open at weekends from March.' });
    await logged.waitFor();
    expect(await logged.getByRole('link', { name: 'Night shelter' }).count()).toBe(1);
    await expectAccessibleAtBothWidths(page, 'the decision log');
  }, 120_000);
});
