import type { Page } from 'playwright-core';
import { describeWithBrowser, freshWebDir, LAPTOP, useBrowser } from './support/browser';
import { buildMember, buildOrganisation, buildPartner, buildProject } from './support/factories';
import { dataOf, useTestServer } from './support/harness';
import { expectAccessibleAtBothWidths, signIn } from './support/page-steps';
import type { Role } from '../src/auth/role';

/**
 * Service-user feedback by link in the web app (issue #18): a member opens a feedback form on the
 * evaluation's page and copies its link; someone without an account answers it; the answer shows
 * on the member's page, live, as involvement by the feedback form; the member's "you said, we did"
 * shows back on the public form; closing the form closes it.
 */

const WEB_DIR = freshWebDir();
const server = useTestServer({ env: { AUTH_ATTEMPTS_PER_MINUTE: '1000', WEB_DIR } });
const browser = useBrowser(WEB_DIR);

async function newPage(): Promise<Page> {
  const page = await browser.newPage(LAPTOP);
  page.setDefaultTimeout(15_000);
  return page;
}

describeWithBrowser('feedback forms in the page', () => {
  it('opens a form, shows its link once, hears the answer live, answers back, and closes it', async () => {
    const org = await buildOrganisation(server, { name: 'Eastbrook Council' });
    const member = await buildMember(server, org, 'MEMBER' as Role);
    await buildPartner(server, org.as, { name: 'Tenants Forum', kind: 'SERVICE_USERS' });
    const project = await buildProject(server, org.as, { name: 'Repairs service' });
    const { createEvaluation } = dataOf(
      await server.gql(
        `mutation ($input: CreateEvaluationInput!) { createEvaluation(input: $input) { id } }`,
        { input: { projectId: project.id, title: 'Repairs review' } },
        org.as,
      ),
    );
    const page = await newPage();
    await signIn(page, server.url, member.email, { organisation: org.name });
    await page.goto(`${server.url}/#/evaluations/${encodeURIComponent(createEvaluation.id)}`);
    await page.getByRole('heading', { level: 1, name: 'Repairs review' }).waitFor();
    await page.getByText('No feedback form is open.').waitFor();

    await page.getByRole('button', { name: 'Open a feedback form' }).click();
    const open = page.getByRole('form', { name: 'Open a feedback form' });
    await open.getByLabel('For the partner').selectOption({ label: 'Tenants Forum' });
    await open.getByRole('button', { name: 'Open the form' }).click();
    const link = page.getByLabel('Feedback form link');
    await link.waitFor();
    const url = await link.inputValue();
    expect(url).toMatch(/\/feedback\/phf_/);
    await page.getByText(/^Open for Tenants Forum since /).waitFor();
    await expectAccessibleAtBothWidths(page, 'evaluation with a feedback form open');

    // Someone without an account answers, in a browser of their own.
    const visitor = await newPage();
    await visitor.goto(`${server.url}${new URL(url).pathname}`);
    await visitor.getByLabel('What would you like to tell us?').fill('Repairs take three weeks to book.');
    await visitor.getByRole('button', { name: 'Send my answer' }).click();
    await visitor.getByText('Thank you. We have your answer.').waitFor();

    // The member's page hears it without a reload.
    await page
      .locator('.involvement-item', { hasText: 'Repairs take three weeks to book.' })
      .getByText(/by the feedback form/)
      .waitFor();

    await page.getByRole('button', { name: 'Add “you said, we did”' }).click();
    const answer = page.getByRole('form', { name: 'Add “you said, we did”' });
    await answer.getByLabel('You said').fill('Repairs take too long to book');
    await answer.getByLabel('We did').fill('Booking opens online on Mondays');
    await answer.getByRole('button', { name: 'Add' }).click();
    await page.getByText('We did: Booking opens online on Mondays', { exact: true }).waitFor();

    await visitor.reload();
    await visitor.getByText('Booking opens online on Mondays').waitFor();

    await page.getByRole('button', { name: 'Close the form for Tenants Forum' }).click();
    await page.getByText('No feedback form is open.').waitFor();
    await visitor.context().close();
    // Closed: a 404 page that says so (fetched, since a browser logs a 404 as a console error).
    const closed = await fetch(`${server.url}${new URL(url).pathname}`);
    expect(closed.status).toBe(404);
    expect(await closed.text()).toContain('This feedback form is not open.');
    await page.context().close();
  });
});
