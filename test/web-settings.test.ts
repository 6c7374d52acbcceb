import type { Role } from '../src/auth/role';
import { describeWithBrowser, freshWebDir, LAPTOP, useBrowser } from './support/browser';
import { buildMember, buildOrganisation } from './support/factories';
import { dataOf, useTestServer } from './support/harness';
import { expectAccessibleAtBothWidths, signIn } from './support/page-steps';

/**
 * A member chooses their digest by mail in the page (issue #18): how often, in which time zone and
 * on which day; a time zone the server does not know is shown next to its field.
 */

const WEB_DIR = freshWebDir();
const server = useTestServer({ env: { AUTH_ATTEMPTS_PER_MINUTE: '1000', WEB_DIR } });
const browser = useBrowser(WEB_DIR);

describeWithBrowser('your settings in the page', () => {
  it('chooses a daily digest in Auckland, after a mistyped time zone is refused beside its field', async () => {
    const org = await buildOrganisation(server, { name: 'Harbour Health' });
    const member = await buildMember(server, org, 'MEMBER' as Role);
    const page = await browser.newPage(LAPTOP);
    page.setDefaultTimeout(15_000);
    await signIn(page, server.url, member.email, { organisation: org.name });
    await page.getByRole('link', { name: 'Your settings' }).click();
    await page.getByRole('heading', { level: 1, name: 'Your settings' }).waitFor();
    const form = page.getByRole('form', { name: 'Email digest' });
    await form.getByLabel('How often').selectOption({ label: 'Daily' });
    await form.getByLabel('Time zone').fill('Auckland');
    await form.getByRole('button', { name: 'Save digest settings' }).click();
    await page.locator('#digest-time-zone-error').waitFor();
    expect(await page.getByLabel('Time zone').getAttribute('aria-invalid')).toBe('true');
    await expectAccessibleAtBothWidths(page, 'settings with an error');
    await form.getByLabel('Time zone').fill('Pacific/Auckland');
    await form.getByRole('button', { name: 'Save digest settings' }).click();
    await page.getByText('Your digest settings are saved.').waitFor();
    await page.context().close();

    const mine = dataOf(await server.gql(`{ viewer { organisations { digest { frequency timeZone } } } }`, {}, member.as)).viewer.organisations;
    expect(mine).toEqual([{ digest: { frequency: 'DAILY', timeZone: 'Pacific/Auckland' } }]);
  });
});
