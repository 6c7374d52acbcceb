import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { ARTIFACTS, describeWithBrowser, expectAccessible, freshWebDir, useBrowser } from './support/browser';
import { buildOrganisation, buildUser } from './support/factories';
import { dataOf, errorCode, useTestServer, type Caller } from './support/harness';
import { useMailbox } from './support/mailbox';
import { focusedId, tabTo } from './support/page-steps';

/**
 * Getting in, in a real browser against the real server (issue #16): signing up and creating an
 * organisation, signing in and out everywhere, accepting an invitation and resetting a password
 * from the links in real mails (an in-process SMTP server receives them). Every page is checked
 * with axe-core, and the main paths are walked with the keyboard alone.
 */

const WEB_DIR = freshWebDir();
const mailbox = useMailbox();
// The mailbox fills in SMTP_URL before the server starts, so the server gets the object itself.
// Several people sign in from one address here; the per-IP limit on logIn/signUp is not under test.
Object.assign(mailbox.env, { AUTH_ATTEMPTS_PER_MINUTE: '1000', WEB_DIR });
const server = useTestServer({ env: mailbox.env });

const PASSWORD = 'lantern meadow copper seven';
const uniqueEmail = (label: string) => `${label}-${randomBytes(5).toString('hex')}@example.org`;

const { newPage } = useBrowser(WEB_DIR);

/**
 * A link from a mail, opened on the server under test: mails link to PUBLIC_URL (the mailbox's
 * https://hub.example.org/partnership), which stands for the server; the route and token after
 * it are the mail's own.
 */
function onServer(link: string): string {
  expect(link.startsWith(`${mailbox.publicUrl}/#/`)).toBe(true);
  return `${server.url}/${link.slice(mailbox.publicUrl.length + 1)}`;
}

const session = (page: Page) => page.evaluate<string | null>(`sessionStorage.getItem('partnership-hub.session')`);

/** The field's error is next to it, tied to it for screen readers. */
async function expectFieldError(page: Page, id: string, text: RegExp): Promise<void> {
  const error = page.locator(`#${id}-error`);
  await error.waitFor();
  expect(await error.textContent()).toMatch(text);
  expect(await page.locator(`#${id}`).getAttribute('aria-invalid')).toBe('true');
  expect(await page.locator(`#${id}`).getAttribute('aria-describedby')).toContain(`${id}-error`);
}

/** signUp's rules, checked by the server: too short, or too easy to guess (which it says first may vary). */
const TOO_WEAK = /^(New p|P)assword (must be at least 10 characters|is too easy to guess .*)\.$/;

const formAlert = (page: Page) => page.locator('.form-error[role="alert"]');

describeWithBrowser('getting in', () => {
  it('signs up, creates an organisation and opens its dashboard with the keyboard alone, each error next to its field', async () => {
    const email = uniqueEmail('founder');
    const page = await newPage();
    await page.goto(`${server.url}/`);
    await page.getByLabel('Email').waitFor();
    await expectAccessible(page, 'sign in');
    await tabTo(page, /^Create an account$/);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Create an account' }).waitFor();
    await expectAccessible(page, 'sign up');
    await page.keyboard.press('Tab');
    expect(await focusedId(page)).toBe('name');
    await page.keyboard.type('Morgan Founder');
    await page.keyboard.press('Tab');
    await page.keyboard.type(email);
    await page.keyboard.press('Tab');
    await page.keyboard.type('too short');
    await page.keyboard.press('Enter');

    // The server's BAD_USER_INPUT names input.password: the message sits under that field, which takes focus.
    await expectFieldError(page, 'password', TOO_WEAK);
    expect(await focusedId(page)).toBe('password');
    expect(await formAlert(page).textContent()).toBe('');
    await expectAccessible(page, 'sign up, with a field error');
    await page.screenshot({ path: path.join(ARTIFACTS, 'getting-in-sign-up.png') });
    await page.keyboard.press('Control+A');
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press('Enter');

    // A new account belongs to no organisation: the next step is creating one.
    await page.getByRole('heading', { level: 1, name: 'Create an organisation' }).waitFor();
    await expectAccessible(page, 'create an organisation');
    await page.keyboard.press('Tab');
    expect(await focusedId(page)).toBe('name');
    await page.keyboard.type('Riverside Allotments Trust');
    expect(await page.locator('#slug').inputValue()).toBe('riverside-allotments-trust');
    // A taken short name is the server's CONFLICT: said in the form's alert.
    const taken = await buildOrganisation(server);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Control+A');
    await page.keyboard.type(taken.slug);
    await page.keyboard.press('Enter');
    await formAlert(page).filter({ hasText: 'That slug is taken' }).waitFor();
    await page.keyboard.press('Control+A');
    const slug = `allotments-${randomBytes(3).toString('hex')}`;
    await page.keyboard.type(slug);
    await page.keyboard.press('Enter');

    await page.getByRole('heading', { level: 1, name: 'Riverside Allotments Trust' }).waitFor();
    expect(await page.locator('.org-name').textContent()).toBe('Riverside Allotments Trust');
    expect(JSON.parse((await session(page))!)).toMatchObject({ kind: 'user', organisation: slug });
    // The account really is the new organisation's owner.
    const { token } = JSON.parse((await session(page))!) as { token: string };
    const viewer = dataOf(await server.gql(`{ viewer { user { email } organisations { role organisation { slug } } } }`, {}, { token }));
    expect(viewer.viewer).toEqual({ user: { email }, organisations: [{ role: 'OWNER', organisation: { slug } }] });
    await page.context().close();
  });

  it('says why a sign-in or a sign-up is refused, in the form', async () => {
    const person = await buildUser(server, { password: PASSWORD });
    const page = await newPage();
    await page.goto(`${server.url}/`);
    await page.getByLabel('Email').fill(person.email);
    await page.getByLabel('Password', { exact: true }).fill('not the password at all');
    await page.keyboard.press('Enter');
    await formAlert(page).filter({ hasText: 'Wrong email or password' }).waitFor();
    // Focus is back in the field the person was typing in, ready for another try.
    expect(await focusedId(page)).toBe('password');
    await expectAccessible(page, 'sign in, refused');

    await page.getByRole('link', { name: 'Create an account' }).click();
    await page.getByLabel('Your name').fill('Someone Else');
    await page.getByLabel('Email').fill(person.email);
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Create account' }).click();
    await formAlert(page).filter({ hasText: 'An account with that email already exists' }).waitFor();
    await page.getByLabel('Email').fill('not an email');
    await page.getByRole('button', { name: 'Create account' }).click();
    await expectFieldError(page, 'email', /^Email must be an email address\.$/);
    await page.context().close();
  });

  it('signs out everywhere: every open dashboard of the account goes back to signing in, and its token stops working', async () => {
    const org = await buildOrganisation(server, { name: 'Everywhere Borough Council' });
    dataOf(
      await server.gql(`mutation ($input: SignUpInput!) { signUp(input: $input) { token } }`, { input: { email: uniqueEmail('unused'), name: 'Unused', password: PASSWORD } }),
    );
    const pages: Page[] = [];
    for (let i = 0; i < 2; i += 1) {
      const page = await newPage();
      await page.goto(`${server.url}/`);
      await page.getByLabel('Email').fill(org.owner.email);
      await page.getByLabel('Password', { exact: true }).fill('correct horse battery');
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { level: 1, name: 'Everywhere Borough Council' }).waitFor();
      await page.locator('.connection[data-state="live"]').waitFor({ timeout: 10_000 });
      pages.push(page);
    }
    const [here, elsewhere] = pages as [Page, Page];
    const { token } = JSON.parse((await session(here))!) as { token: string };
    await here.getByRole('button', { name: 'Sign out everywhere' }).click();
    await here.locator('.notice', { hasText: 'You are signed out on every device.' }).waitFor();
    expect(await session(here)).toBeNull();
    // The other page's socket is closed by the server (4403): it checks why, and leaves.
    await elsewhere.locator('.notice', { hasText: /Your (session|access) has ended/ }).waitFor({ timeout: 10_000 });
    expect(await session(elsewhere)).toBeNull();
    const caller: Caller = { token, organisation: org.slug };
    expect(errorCode(await server.gql(`{ organisation { name } }`, {}, caller))).toBe('UNAUTHENTICATED');
    await here.context().close();
    await elsewhere.context().close();
  });

  it('accepts an invitation from the mail: a new account is made, joins, and lands on the dashboard', async () => {
    const org = await buildOrganisation(server, { name: 'Harbourside Care Trust' });
    const email = uniqueEmail('invitee');
    dataOf(await server.gql(`mutation ($input: InviteMemberInput!) { inviteMember(input: $input) { id } }`, { input: { email, role: 'MEMBER' } }, org.as));
    const mail = await mailbox.next(email);
    const link = onServer(mail.links[0]!);

    const page = await newPage();
    await page.goto(link);
    await page.getByRole('heading', { level: 1, name: 'Join your organisation on Partnership Hub' }).waitFor();
    await expectAccessible(page, 'accept an invitation');
    // Someone who thinks they have an account is told that they do not, next to the name it needs.
    await page.getByLabel('Yes, I will give its password').check();
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.keyboard.press('Enter');
    await expectFieldError(page, 'name', /^Your name is required: the invited email has no account yet/);
    expect(await focusedId(page)).toBe('name');
    expect(await page.getByLabel('No, create one').isChecked()).toBe(true);
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Join your organisation on Partnership Hub' }).waitFor();
    expect(await page.getByLabel('No, create one').isChecked()).toBe(true);
    // Keyboard alone: the radio group, then the name and password.
    await page.keyboard.press('Tab');
    expect(await page.evaluate<string>(`document.activeElement?.getAttribute('type') ?? ''`)).toBe('radio');
    await page.keyboard.press('Tab');
    expect(await focusedId(page)).toBe('name');
    await page.keyboard.type('Robin Newcomer');
    await page.keyboard.press('Tab');
    await page.keyboard.type('robin');
    await page.keyboard.press('Enter');
    await expectFieldError(page, 'password', TOO_WEAK);
    await expectAccessible(page, 'accept an invitation, with a field error');
    await page.screenshot({ path: path.join(ARTIFACTS, 'getting-in-invitation.png') });
    await page.keyboard.press('Control+A');
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press('Enter');

    await page.getByRole('heading', { level: 1, name: 'Harbourside Care Trust' }).waitFor();
    expect(await page.locator('.who').textContent()).toContain('Robin Newcomer');
    // The token is gone from the address bar once used.
    expect(page.url()).not.toContain('invitation');
    const membership = await server.sql<{ role: string }>('SELECT m.role FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.organisation_id = $1 AND u.email = $2', [
      org.uuid,
      email,
    ]);
    expect(membership).toEqual([{ role: 'MEMBER' }]);

    // The link works once.
    const again = await newPage();
    await again.goto(link);
    await again.getByLabel('Your name').fill('Robin Again');
    await again.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await again.getByRole('button', { name: 'Accept and sign in' }).click();
    await formAlert(again).filter({ hasText: 'This link is not valid' }).waitFor();
    await page.context().close();
    await again.context().close();
  });

  it('accepts an invitation for an existing account with its password, then asks which organisation to open', async () => {
    const home = await buildOrganisation(server, { name: 'Home Housing Association' });
    const inviting = await buildOrganisation(server, { name: 'Inviting Community Trust' });
    const person = home.owner;
    dataOf(await server.gql(`mutation ($input: InviteMemberInput!) { inviteMember(input: $input) { id } }`, { input: { email: person.email, role: 'ADMIN' } }, inviting.as));
    const mail = await mailbox.next(person.email);

    const page = await newPage();
    await page.goto(onServer(mail.links[0]!));
    await page.getByRole('heading', { level: 1, name: 'Join your organisation on Partnership Hub' }).waitFor();
    // The radio group answers to the arrow keys; the name field goes, the password stays.
    await page.keyboard.press('Tab');
    await page.keyboard.press('ArrowDown');
    expect(await page.getByLabel('Yes, I will give its password').isChecked()).toBe(true);
    expect(await page.locator('#name').count()).toBe(0);
    await page.keyboard.press('Tab');
    expect(await focusedId(page)).toBe('password');
    await page.keyboard.type('not my password');
    await page.keyboard.press('Enter');
    await formAlert(page).filter({ hasText: "Wrong password for the invited email's account" }).waitFor();
    await page.getByLabel('Password', { exact: true }).fill('correct horse battery');
    await page.keyboard.press('Enter');

    await page.getByRole('heading', { level: 1, name: 'Choose an organisation' }).waitFor();
    await expectAccessible(page, 'choose an organisation');
    await page.screenshot({ path: path.join(ARTIFACTS, 'getting-in-choose.png') });
    await tabTo(page, /Inviting Community Trust/);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Inviting Community Trust' }).waitFor();
    expect(await page.locator('.org-name').textContent()).toBe('Inviting Community Trust');
    // The header's link goes back to the list, which also offers a new organisation.
    await page.getByRole('link', { name: 'Organisations' }).click();
    await page.getByRole('button', { name: /Home Housing Association/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Home Housing Association' }).waitFor();
    await page.context().close();
  });

  it('accepts an invitation as the account already signed in on the page, with no password', async () => {
    const home = await buildOrganisation(server, { name: 'Signed-in Home Trust' });
    const inviting = await buildOrganisation(server, { name: 'Second Invitation Council' });
    const person = home.owner;
    const page = await newPage();
    await page.goto(`${server.url}/`);
    await page.getByLabel('Email').fill(person.email);
    await page.getByLabel('Password', { exact: true }).fill('correct horse battery');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Signed-in Home Trust' }).waitFor();

    dataOf(await server.gql(`mutation ($input: InviteMemberInput!) { inviteMember(input: $input) { id } }`, { input: { email: person.email, role: 'MEMBER' } }, inviting.as));
    const mail = await mailbox.next(person.email);
    await page.goto(onServer(mail.links[0]!));
    const signedIn = page.getByLabel(`Yes: I am signed in as ${person.name} (${person.email})`);
    await signedIn.waitFor();
    expect(await signedIn.isChecked()).toBe(true);
    expect(await page.locator('#password').count()).toBe(0);
    await expectAccessible(page, 'accept an invitation, signed in');
    await page.getByRole('button', { name: 'Accept and sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Choose an organisation' }).waitFor();
    await page.getByRole('button', { name: /Second Invitation Council/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Second Invitation Council' }).waitFor();
    await page.context().close();
  });

  it('resets a forgotten password from the link in the mail, and signs in with the new one', async () => {
    const org = await buildOrganisation(server, { name: 'Forgetful District Council' });
    const person = org.owner;
    const page = await newPage();
    await page.goto(`${server.url}/`);
    await page.getByLabel('Email').waitFor();
    await tabTo(page, /^Forgotten your password\?$/);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Forgotten your password?' }).waitFor();
    await expectAccessible(page, 'forgotten password');
    await page.keyboard.press('Tab');
    expect(await focusedId(page)).toBe('email');
    await page.keyboard.type('not an email');
    await page.keyboard.press('Enter');
    await expectFieldError(page, 'email', /^Email must be an email address\.$/);
    await page.keyboard.press('Control+A');
    await page.keyboard.type(person.email);
    await page.keyboard.press('Enter');
    await page.locator('.sent-notice[role="status"]', { hasText: `If ${person.email} has an account` }).waitFor();

    const mail = await mailbox.next(person.email);
    await page.goto(onServer(mail.links[0]!));
    await page.getByRole('heading', { level: 1, name: 'Choose a new password' }).waitFor();
    await expectAccessible(page, 'choose a new password');
    await page.keyboard.press('Tab');
    expect(await focusedId(page)).toBe('password');
    await page.keyboard.type('password1');
    await page.keyboard.press('Enter');
    await expectFieldError(page, 'password', TOO_WEAK);
    await page.keyboard.press('Control+A');
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Forgetful District Council' }).waitFor();
    expect(page.url()).not.toContain('password-reset');

    const logIn = `mutation ($input: LogInInput!) { logIn(input: $input) { token } }`;
    expect(errorCode(await server.gql(logIn, { input: { email: person.email, password: 'correct horse battery' } }))).toBe('UNAUTHENTICATED');
    dataOf(await server.gql(logIn, { input: { email: person.email, password: PASSWORD } }));
    // The link works once.
    await page.goto(onServer(mail.links[0]!));
    await page.getByLabel('New password').fill(`${PASSWORD} again`);
    await page.keyboard.press('Enter');
    await formAlert(page).filter({ hasText: 'This link is not valid' }).waitFor();
    await page.context().close();
  });
});
