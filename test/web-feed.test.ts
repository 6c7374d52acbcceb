import type { Page } from 'playwright-core';
import { describeWithBrowser, freshWebDir, LAPTOP, useBrowser } from './support/browser';
import { buildOrganisation, buildPartner } from './support/factories';
import { useTestServer } from './support/harness';

/**
 * The dashboard's side panel of recent activity, in an organisation whose log is long: it shows
 * the newest events and goes on live from the newest. It once paged the log forward from the
 * start, 1,000 events at most, and showed (and resumed from) whatever it had reached by then.
 */

const WEB_DIR = freshWebDir();
const server = useTestServer({ env: { AUTH_ATTEMPTS_PER_MINUTE: '1000', WEB_DIR } });
const browser = useBrowser(WEB_DIR);

/** Events written straight into the log, older than anything the test does through the API. */
const OLD_EVENTS = 1_200;

async function signedIn(email: string, password: string, organisationName: string, logReads: string[]): Promise<Page> {
  const page = await browser.newPage(LAPTOP);
  page.setDefaultTimeout(30_000);
  page.on('request', (request) => {
    const body = request.postData() ?? '';
    if (request.url().endsWith('/graphql') && /\bactivity\s*\(/.test(body)) logReads.push(body);
  });
  await page.goto(`${server.url}/`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 1, name: organisationName }).waitFor();
  await page.locator('.connection[data-state="live"]').waitFor();
  return page;
}

describeWithBrowser('the recent activity panel of a long log', () => {
  it('shows the newest events from one read of the log, then what happens next, live', async () => {
    const org = await buildOrganisation(server);
    await server.sql(
      `WITH counter AS (
         UPDATE organisation_event_counters SET last_seq = last_seq + $2 WHERE organisation_id = $1 RETURNING last_seq
       )
       INSERT INTO activity_events (organisation_id, seq, type, entity_type, summary, data, occurred_at)
       SELECT $1, counter.last_seq - $2 + g, 'PRINCIPLE_CREATED', 'Principle', 'Old event ' || g, '{}'::jsonb, now() - interval '30 days' + g * interval '1 second'
         FROM counter, generate_series(1, $2) AS g`,
      [org.uuid, OLD_EVENTS],
    );
    await buildPartner(server, org.as, { name: 'Newest partner' });

    const logReads: string[] = [];
    const page = await signedIn(org.owner.email, 'correct horse battery', org.name, logReads);
    const feed = page.locator('.feed .feed-summary');
    await feed.filter({ hasText: 'Newest partner' }).waitFor();
    expect(await feed.filter({ hasText: /^Old event 1$/ }).count()).toBe(0);
    expect(await feed.first().textContent()).toContain('Newest partner');
    // One read of the log's end, however long the log.
    expect(logReads).toHaveLength(1);

    // Live from the newest: the next change arrives once, at the top.
    await buildPartner(server, org.as, { name: 'Next partner' });
    await feed.first().filter({ hasText: 'Next partner' }).waitFor();
    expect(await feed.filter({ hasText: 'Newest partner' }).count()).toBe(1);
  }, 120_000);
});
