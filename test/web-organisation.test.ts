import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { Role } from '../src/auth/role';
import { ARTIFACTS, describeWithBrowser, expectAccessible, freshWebDir, useBrowser } from './support/browser';
import { setProjectStatus } from './support/db-state';
import {
  buildMember,
  buildOrganisation,
  buildPartner,
  buildProject,
  buildRepresentative,
  buildSpokesperson,
  type TestOrganisation,
  involvePartner,
  setProjectPrinciples,
} from './support/factories';
import { dataOf, useTestServer } from './support/harness';
import { useMailbox } from './support/mailbox';
import { focusedId, horizontalOverflow, PHONE, signIn, tabTo } from './support/page-steps';

/**
 * The organisation's own pages in a real browser against the real server (issue #16): members,
 * invitations (accepted from the link in a real mail) and API keys with their kiosk links;
 * partners, representatives and who speaks for them; principles and their versions. Each page is
 * checked with axe-core, at phone width, and as an OBSERVER, who is offered no control.
 */

const WEB_DIR = freshWebDir();
const mailbox = useMailbox();
// Several people sign in from one address here; the per-IP limit on logIn/signUp is not under test.
Object.assign(mailbox.env, { AUTH_ATTEMPTS_PER_MINUTE: '1000', WEB_DIR });
const server = useTestServer({ env: mailbox.env });

const PASSWORD = 'lantern meadow copper seven';
// Each test walks a whole task through several pages, on a machine other tests share.
jest.setTimeout(120_000);

const { newPage } = useBrowser(WEB_DIR);
/** Goes to one of the pages through the header's link, as a person would. */
const HEADINGS = { Members: 'Members and access', Partners: 'Partners', Principles: 'Principles' };
async function open(page: Page, link: keyof typeof HEADINGS): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: link, exact: true }).click();
  await page.getByRole('heading', { level: 1, name: HEADINGS[link] }).waitFor();
  expect(await page.getByRole('link', { name: link, exact: true }).getAttribute('aria-current')).toBe('page');
  await page.locator('main .loading').first().waitFor({ state: 'detached' });
}

/** The field's error is next to it, tied to it for screen readers. */
async function expectFieldError(page: Page, id: string, text: RegExp): Promise<void> {
  const error = page.locator(`#${id}-error`);
  await error.waitFor();
  expect(await error.textContent()).toMatch(text);
  expect(await page.locator(`#${id}`).getAttribute('aria-invalid')).toBe('true');
  expect(await page.locator(`#${id}`).getAttribute('aria-describedby')).toContain(`${id}-error`);
}

const member = (page: Page, name: string) => page.locator('li.member', { hasText: name });
const partnerCard = (page: Page, name: string) => page.locator('li.partner', { has: page.getByRole('heading', { level: 2, name, exact: true }) });
const principleCard = (page: Page, title: string) => page.locator('li.principle-card', { hasText: title });

describeWithBrowser('the organisation, partner and principle pages', () => {
  it('invites a colleague who joins from the mail, changes roles, and creates, copies, opens and revokes a kiosk link', async () => {
    const org = await buildOrganisation(server, { name: 'Eastgate Community Trust' });
    const staffSide = await buildPartner(server, org.as, { name: 'Eastgate Staff Side' });
    await buildRepresentative(server, org.as, { partnerId: staffSide.id, name: 'Staff side chair' });
    const page = await newPage();
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    await signIn(page, server.url, org.owner.email);
    await open(page, 'Members');
    await expectAccessible(page, 'organisation');

    // Inviting: the answer's link is shown once, with a button to copy it; the mail carries the same.
    const email = `colleague-${randomBytes(4).toString('hex')}@example.org`;
    await page.getByLabel('Email').fill('not an email');
    await page.getByRole('button', { name: 'Send invitation' }).click();
    await expectFieldError(page, 'invite-email', /^Email /);
    await page.getByLabel('Email').fill(email);
    await page.locator('#invite-role').selectOption('MEMBER');
    await page.getByLabel('Speaks for').selectOption({ label: 'Staff side chair (Eastgate Staff Side)' });
    await page.getByRole('button', { name: 'Send invitation' }).click();
    await page.locator('.once', { hasText: `Invitation sent to ${email}` }).waitFor();
    const shownLink = await page.locator('#invitation-link').inputValue();
    await page.getByRole('button', { name: 'Copy link' }).click();
    await page.locator('.copy-field [role="status"]', { hasText: 'Copied.' }).waitFor();
    expect(await page.evaluate<string>('navigator.clipboard.readText()')).toBe(shownLink);
    const invitation = page.locator('li.invitation', { hasText: email });
    await invitation.locator('.badge', { hasText: 'Pending' }).waitFor();
    expect(await invitation.textContent()).toContain('will speak for Eastgate Staff Side as Staff side chair');
    await expectAccessible(page, 'organisation, after inviting');

    const mail = await mailbox.next(email);
    expect(mail.links[0]).toBe(shownLink);
    const colleague = await newPage();
    await colleague.goto(`${server.url}/${mail.links[0]!.slice(mailbox.publicUrl.length + 1)}`);
    await colleague.getByLabel('Your name').fill('Jordan Colleague');
    await colleague.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await colleague.getByRole('button', { name: 'Accept and sign in' }).click();
    await colleague.getByRole('heading', { level: 1, name: 'Eastgate Community Trust' }).waitFor();
    await colleague.context().close();

    // The new member is listed (the page follows the log live), and the invitation is accepted.
    await member(page, 'Jordan Colleague').waitFor();
    await page.reload();
    await invitation.locator('.badge', { hasText: 'Accepted' }).waitFor();
    await member(page, 'Jordan Colleague').getByLabel('Role of Jordan Colleague').selectOption('ADMIN');
    await member(page, 'Jordan Colleague').getByRole('button', { name: 'Change role' }).click();
    await member(page, 'Jordan Colleague').locator('.badge.role', { hasText: 'Admin' }).waitFor();
    // The last owner cannot step down or be removed (the server keeps one): nothing is offered, and the page says why.
    const me = member(page, org.owner.name);
    await me.getByText('The only owner: make someone else an owner before changing this role or removing them.').waitFor();
    expect(await me.locator('select, button').count()).toBe(0);
    expect(await me.locator('.badge.role').textContent()).toBe('Owner');

    // A read-only key: its secret and a kiosk link, once, each with a copy button.
    await page.getByLabel('Name', { exact: true }).fill('Board room screen');
    await page.getByRole('button', { name: 'Create key' }).click();
    await page.locator('.once', { hasText: 'Key “Board room screen” created' }).waitFor();
    const secret = await page.locator('#key-secret').inputValue();
    const kiosk = await page.locator('#kiosk-link').inputValue();
    expect(kiosk).toBe(`${server.url}/?key=${encodeURIComponent(secret)}`);
    await page.getByRole('button', { name: 'Copy kiosk link' }).click();
    await page.locator('.copy-field [role="status"]', { hasText: 'Copied.' }).waitFor();
    expect(await page.evaluate<string>('navigator.clipboard.readText()')).toBe(kiosk);
    await page.locator('li.api-key', { hasText: 'Board room screen' }).waitFor();
    await expectAccessible(page, 'organisation, with a new key');
    await page.screenshot({ path: path.join(ARTIFACTS, 'organisation.png'), fullPage: true });

    const screen = await newPage();
    await screen.goto(kiosk);
    await screen.getByRole('heading', { level: 1, name: 'Eastgate Community Trust' }).waitFor();
    // The link opens the wall; the screen may also be sent to one page, read only.
    await screen.locator('main.wall-main').waitFor();
    await screen.goto(`${server.url}/#/organisation`);
    expect(await screen.locator('.who').textContent()).toContain('Board room screen');
    // A screen sees who belongs, not their emails, and nothing to change.
    await member(screen, 'Jordan Colleague').waitFor();
    expect(await screen.locator('main').textContent()).not.toContain(email);
    expect(await screen.locator('main button, main form, main select').count()).toBe(0);

    // Revoked, the key stops working at once: the open screen is told so.
    await screen.locator('.connection[data-state="live"]').waitFor();
    await page.getByRole('button', { name: 'Revoke the key Board room screen' }).click();
    await page.locator('li.api-key', { hasText: 'Board room screen' }).locator('.badge', { hasText: 'Revoked' }).waitFor();
    await screen.locator('.notice', { hasText: 'This screen link is not valid any more' }).waitFor();

    // Accepting linked the representative the invitation named.
    await open(page, 'Partners');
    await partnerCard(page, 'Eastgate Staff Side').locator('.linked-member', { hasText: 'Speaks through Jordan Colleague' }).waitFor();
    await open(page, 'Members');

    // An invitation sent by mistake is revoked; a member who left is removed, after a second thought.
    await page.locator('#invite-email').fill('mistaken@example.org');
    await page.getByRole('button', { name: 'Send invitation' }).click();
    await page.getByRole('button', { name: 'Revoke the invitation to mistaken@example.org' }).click();
    await page.locator('li.invitation', { hasText: 'mistaken@example.org' }).locator('.badge', { hasText: 'Revoked' }).waitFor();
    await member(page, 'Jordan Colleague').getByRole('button', { name: 'Remove Jordan Colleague' }).click();
    await page.getByRole('group', { name: 'Remove Jordan Colleague?' }).getByRole('button', { name: 'Yes, remove' }).click();
    await member(page, 'Jordan Colleague').waitFor({ state: 'detached' });

    // Phone width: nothing runs off the side.
    await page.setViewportSize(PHONE);
    await page.reload();
    await member(page, org.owner.name).waitFor();
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await page.context().close();
    await screen.context().close();
  });

  it('adds partners and representatives (a taken name refused next to the field, by keyboard alone), links one to a member, and says why an archive is refused', async () => {
    const org = await buildOrganisation(server, { name: 'Northbank Health Partnership' });
    const colleague = await buildMember(server, org, Role.MEMBER);
    const used = await buildPartner(server, org.as, { name: 'Northbank Hospital Trust', kind: 'MANAGEMENT' });
    const project = await buildProject(server, org.as, { name: 'New day centre' });
    await involvePartner(server, org.as, { projectId: project.id, partnerId: used.id, role: 'LEAD' });
    await setProjectStatus(server, project.id, 'ACTIVE');

    const page = await newPage();
    await signIn(page, server.url, org.owner.email);
    await open(page, 'Partners');
    await expectAccessible(page, 'partners');

    // Keyboard alone: the name, the kind (arrow keys), the description, and Enter on the button.
    await tabTo(page, /^Name$/);
    expect(await focusedId(page)).toBe('new-partner-name');
    await page.keyboard.type('Unison Northbank branch');
    await page.keyboard.press('Tab');
    expect(await focusedId(page)).toBe('new-partner-kind');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    expect(await page.locator('#new-partner-kind').inputValue()).toBe('TRADE_UNION');
    await page.keyboard.press('Tab');
    await page.keyboard.type('The staff side of the partnership forum');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await partnerCard(page, 'Unison Northbank branch').waitFor();
    expect(await partnerCard(page, 'Unison Northbank branch').locator('.badge.kind').textContent()).toBe('Trade union');
    // The new form starts empty, focused, ready for the next one; a taken name goes next to it.
    expect(await focusedId(page)).toBe('new-partner-name');
    await page.keyboard.type('  northbank hospital TRUST ');
    await page.keyboard.press('Enter');
    await expectFieldError(page, 'new-partner-name', /A partner named "northbank hospital TRUST" already exists/);
    expect(await focusedId(page)).toBe('new-partner-name');
    await expectAccessible(page, 'partners, a taken name');

    // Changing a partner: the same refusal, next to the name, in its own form.
    const unison = partnerCard(page, 'Unison Northbank branch');
    await unison.getByRole('button', { name: 'Change Unison Northbank branch' }).click();
    expect(await focusedId(page)).toBe('partner-name');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('Northbank Hospital Trust');
    await page.keyboard.press('Enter');
    await expectFieldError(page, 'partner-name', /already exists/);
    await page.keyboard.press('Control+A');
    await page.keyboard.type('Unison Northbank');
    await page.keyboard.press('Enter');
    await partnerCard(page, 'Unison Northbank').waitFor();
    const branch = partnerCard(page, 'Unison Northbank');

    // A representative, linked to a member (ADMIN and OWNER only), then unlinked.
    await branch.getByRole('button', { name: 'Add representative to Unison Northbank' }).click();
    const adding = page.getByRole('form', { name: 'Add a representative of Unison Northbank' });
    expect(await focusedId(page)).toBe('representative-name');
    await adding.getByLabel('Name', { exact: true }).fill('Sam Steward');
    await adding.getByLabel('Role title').fill('Branch secretary');
    await adding.getByRole('button', { name: 'Add representative', exact: true }).click();
    const sam = branch.locator('li.representative', { hasText: 'Sam Steward' });
    await sam.waitFor();
    expect(await sam.locator('.linked-member').textContent()).toBe('Not linked to a member');
    await sam.getByRole('button', { name: 'Link a member to Sam Steward' }).click();
    // The choice opens in place with focus on it; saved, the form goes and focus returns.
    expect(await focusedId(page)).toBe(`link-${await sam.getAttribute('data-representative-id')}`);
    await sam.getByLabel('Member who speaks as Sam Steward').selectOption({ label: colleague.name });
    await sam.getByRole('button', { name: 'Save link' }).click();
    await sam.locator('.linked-member', { hasText: `Speaks through ${colleague.name}` }).waitFor();
    await sam.getByRole('button', { name: 'Change who speaks as Sam Steward' }).waitFor();
    expect(await sam.getByLabel('Member who speaks as Sam Steward').count()).toBe(0);
    await expectAccessible(page, 'partners, with representatives');

    // Archiving what an ACTIVE project uses is refused, in words naming the project.
    const hospital = partnerCard(page, 'Northbank Hospital Trust');
    await hospital.getByRole('button', { name: 'Archive Northbank Hospital Trust' }).click();
    await hospital.locator('[role="alert"]', { hasText: 'Not archived: the active project “New day centre” still uses it' }).waitFor();
    await expectAccessible(page, 'partners, an archive refused');

    // Archived, it leaves the list; the archive brings it back.
    await branch.getByRole('button', { name: 'Archive Unison Northbank' }).click();
    await branch.waitFor({ state: 'detached' });
    await page.locator('summary', { hasText: 'Archived partners and representatives' }).click();
    await page.getByRole('button', { name: 'Restore Unison Northbank' }).click();
    await partnerCard(page, 'Unison Northbank').waitFor();

    await page.setViewportSize(PHONE);
    await page.reload();
    await partnerCard(page, 'Unison Northbank').waitFor();
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: path.join(ARTIFACTS, 'partners-phone.png'), fullPage: true });
    await page.context().close();
  });

  it('adopts the TUC six, rewords one with a warning, and says how many agreements must be given again', async () => {
    const org = await buildOrganisation(server, { name: 'Westfield Borough Council' });
    const page = await newPage();
    await signIn(page, server.url, org.owner.email);
    await open(page, 'Principles');
    await page.getByRole('button', { name: 'Adopt the TUC’s six principles' }).click();
    await page.locator('li.principle-card').nth(5).waitFor();
    expect(await page.locator('li.principle-card').count()).toBe(6);
    await expectAccessible(page, 'principles');

    // An agreement to the current wording of transparency, so that rewording it outdates one.
    const { principles } = dataOf(await server.gql(`{ principles { id title } }`, {}, org.as));
    const transparency = principles.find((p: { title: string }) => /transparency/i.test(p.title));
    await agreeTo(org, transparency.id);
    await page.reload();
    const card = principleCard(page, transparency.title);
    await card.locator('.badge.version', { hasText: 'Version 1' }).waitFor();
    await card.getByRole('button', { name: `Reword ${transparency.title}` }).click();
    expect(await focusedId(page)).toBe('principle-title');
    expect(await page.locator('#reword-warning').textContent()).toContain('Partners who agreed to version 1 will have to agree again');
    await expectAccessible(page, 'principles, rewording');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('Openness: sharing information early');
    await page.keyboard.press('Enter');
    const reworded = principleCard(page, 'Openness: sharing information early');
    await reworded.locator('.badge.version', { hasText: 'Version 2' }).waitFor();
    await reworded.locator('[role="status"]', { hasText: 'Saved as version 2. 1 agreement to the earlier wording must be given again.' }).waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'principles.png'), fullPage: true });

    // A principle of the organisation's own.
    await page.getByLabel('Title', { exact: true }).fill('Service users are heard first');
    await page.getByRole('button', { name: 'Add principle' }).click();
    await principleCard(page, 'Service users are heard first').waitFor();
    expect(await focusedId(page)).toBe('new-principle-title');
    // Archived (ADMIN and OWNER), it leaves the list; the archive brings it back.
    await principleCard(page, 'Service users are heard first').getByRole('button', { name: 'Archive Service users are heard first' }).click();
    await principleCard(page, 'Service users are heard first').waitFor({ state: 'detached' });
    await page.locator('summary', { hasText: 'Archived principles' }).click();
    await page.getByRole('button', { name: 'Restore Service users are heard first' }).click();
    await principleCard(page, 'Service users are heard first').waitFor();

    await page.setViewportSize(PHONE);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await page.context().close();
  });

  it('offers a MEMBER what members may do: partners and principles, but not people, keys, links or archiving principles', async () => {
    const org = await buildOrganisation(server, { name: 'Member Housing Trust' });
    const partner = await buildPartner(server, org.as, { name: 'Tenants Panel', kind: 'SERVICE_USERS' });
    await buildRepresentative(server, org.as, { partnerId: partner.id, name: 'Pat Tenant' });
    dataOf(await server.gql(`mutation { adoptPrincipleSet(set: TUC_SIX_PRINCIPLES) { id } }`, {}, org.as));
    const colleague = await buildMember(server, org, Role.MEMBER);
    const page = await newPage();
    await signIn(page, server.url, colleague.email);
    await open(page, 'Members');
    await member(page, org.owner.name).waitFor();
    expect(await page.locator('main button, main form, main select').count()).toBe(0);
    expect(await page.getByRole('heading', { name: 'Invitations' }).count()).toBe(0);
    expect(await page.getByRole('heading', { name: 'API keys and kiosk links' }).count()).toBe(0);
    await open(page, 'Partners');
    const card = partnerCard(page, 'Tenants Panel');
    await card.getByRole('button', { name: 'Change Tenants Panel' }).waitFor();
    await card.getByRole('button', { name: 'Archive Pat Tenant' }).waitFor();
    expect(await card.locator('select').count()).toBe(0);
    await open(page, 'Principles');
    await page
      .getByRole('button', { name: /^Reword / })
      .first()
      .waitFor();
    expect(await page.getByRole('button', { name: /^Archive / }).count()).toBe(0);
    await page.context().close();
  });

  it('offers an OBSERVER the same pages with no control at all', async () => {
    const org = await buildOrganisation(server, { name: 'Observed Care Trust' });
    const partner = await buildPartner(server, org.as, { name: 'Carers Forum', kind: 'CARERS' });
    await buildSpokesperson(server, org, partner.id, { name: 'Ali Carer' });
    dataOf(await server.gql(`mutation { adoptPrincipleSet(set: TUC_SIX_PRINCIPLES) { id } }`, {}, org.as));
    const observer = await buildMember(server, org, Role.OBSERVER);
    const page = await newPage();
    await signIn(page, server.url, observer.email);
    for (const link of ['Members', 'Partners', 'Principles'] as const) {
      await open(page, link);
      await page.locator('main li').first().waitFor();
      expect({ link, controls: await page.locator('main button, main form, main select, main textarea, main input').count() }).toEqual({ link, controls: 0 });
      await expectAccessible(page, `${link}, as an observer`);
    }
    await open(page, 'Members');
    expect(await page.locator('main').textContent()).not.toContain(org.owner.email);
    await open(page, 'Partners');
    expect(await partnerCard(page, 'Carers Forum').locator('.linked-member').textContent()).toBe(`Speaks through ${org.owner.name}`);
    await page.context().close();
  });
});

/** The owner, as the partner's spokesperson, agrees the principle for a project of its own. */
async function agreeTo(org: TestOrganisation, principleId: string): Promise<void> {
  const partner = await buildPartner(server, org.as, { name: 'Westfield Staff Side' });
  await buildSpokesperson(server, org, partner.id);
  const project = await buildProject(server, org.as, { name: 'Library redesign' });
  await involvePartner(server, org.as, { projectId: project.id, partnerId: partner.id, role: 'LEAD' });
  await setProjectPrinciples(server, org.as, { projectId: project.id, principleIds: [principleId] });
  dataOf(
    await server.gql(
      `mutation ($input: RecordAgreementInput!) { recordAgreement(input: $input) { id } }`,
      { input: { projectId: project.id, partnerId: partner.id, signedBy: org.owner.name } },
      org.as,
    ),
  );
}
