import path from 'node:path';
import type { Page } from 'playwright-core';
import type { Role } from '../src/auth/role';
import { verifyWebhookSignature } from '../src/modules/webhooks/webhook-signature';
import { ARTIFACTS, describeWithBrowser, freshWebDir, LAPTOP, useBrowser } from './support/browser';
import { buildMember, buildOrganisation, buildPartner } from './support/factories';
import { useTestServer } from './support/harness';
import { expectAccessibleAtBothWidths, signIn } from './support/page-steps';
import { useWebhookReceiver, type ReceivedRequest } from './support/webhook-receiver';

/**
 * Webhooks in the page (issue #18), as an organisation's admin sets one up: a private address is
 * refused beside its field; a loopback receiver (allowed by WEBHOOK_ALLOWED_HOSTS, as an operator
 * would allow one on their network) is registered for the partner events, its secret shown once
 * and checked against the signature of what arrives; the delivery log shows the answer, a
 * delivery is sent again by hand, sending stops and starts, the endpoint is changed in place and
 * given a new secret (which then signs, the old one no longer). A MEMBER is offered none of it.
 */

const WEB_DIR = freshWebDir();
const server = useTestServer({ env: { AUTH_ATTEMPTS_PER_MINUTE: '1000', WEB_DIR, WEBHOOK_ALLOWED_HOSTS: '127.0.0.1', JOBS_POLL_MS: '500' } });
const browser = useBrowser(WEB_DIR);
jest.setTimeout(120_000);

const receiver = useWebhookReceiver();

const panel = (page: Page) => page.getByRole('region', { name: 'Webhooks' });

async function openMembersAndAccess(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Members', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Members and access' }).waitFor();
  await page.locator('main .loading').first().waitFor({ state: 'detached' });
}

describeWithBrowser('webhooks in the page', () => {
  it('registers a receiver, shows its secret once, logs and resends its deliveries, and stops and starts it', async () => {
    const org = await buildOrganisation(server, { name: 'Westbrook Care Trust' });
    const page = await browser.newPage(LAPTOP);
    page.setDefaultTimeout(15_000);
    await signIn(page, server.url, org.owner.email, { organisation: org.name });
    await openMembersAndAccess(page);
    const webhooks = panel(page);
    await webhooks.getByText('No webhooks yet.').waitFor();

    // A private address is refused beside the field, and nothing is registered.
    await webhooks.getByLabel('Address (URL)').fill('http://10.20.30.40/hook');
    await webhooks.getByRole('button', { name: 'Add webhook' }).click();
    await page.locator('#webhook-url-error').waitFor();
    expect(await page.locator('#webhook-url').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#webhook-url-error').textContent()).toMatch(/private|public|not allowed/i);

    const hook = '/partners-feed';
    await webhooks.getByLabel('Address (URL)').fill(`${receiver.base}${hook}`);
    await webhooks.getByLabel('What it is for').fill('The partnership forum’s channel');
    await webhooks.getByLabel('Stages and completions').uncheck();
    await webhooks.getByLabel('Partners and principles').check();
    await webhooks.getByRole('button', { name: 'Add webhook' }).click();
    const secret = await page.locator('#webhook-secret').inputValue();
    expect(secret).toMatch(/^whsec_/);
    const endpoint = webhooks.locator('li.webhook', { hasText: `${receiver.base}${hook}` });
    await endpoint.waitFor();
    expect(await endpoint.locator('.badge').textContent()).toBe('Sending');
    expect(await endpoint.textContent()).toContain('Sent partners and principles.');
    await expectAccessibleAtBothWidths(page, 'webhooks');

    // An event of its kind arrives, signed with the secret the page showed.
    const partner = await buildPartner(server, org.as, { name: 'Westbrook Unison branch' });
    await receiver.arrived(hook, 1);
    const [first, ...later] = receiver.at(hook);
    expect(later).toEqual([]);
    expect(verifyWebhookSignature(secret, String(first!.headers['partnership-hub-signature']), first!.body)).toBe(true);
    expect(JSON.parse(first!.body)).toMatchObject({ type: 'PARTNER_CREATED' });
    expect(first!.body).toContain(partner.id);

    // The log says what happened; "Send again" sends the same event once more.
    await endpoint.getByRole('button', { name: 'Show the delivery log' }).click();
    const log = page.getByRole('region', { name: `Delivery log of ${receiver.base}${hook}` });
    const delivery = log.locator('li.webhook-delivery').first();
    await delivery.waitFor();
    expect(await delivery.getAttribute('data-status')).toBe('SUCCEEDED');
    expect(await delivery.textContent()).toMatch(/Partner created.*1 attempt, the last .*HTTP 200 in \d+ ms\./);
    await delivery.getByRole('button', { name: 'Send again: Partner created' }).click();
    await receiver.arrived(hook, 2);
    const eventId = (request: ReceivedRequest | undefined) => request?.headers['partnership-hub-event-id'];
    expect(eventId(receiver.at(hook)[1])).toBe(eventId(first));
    await log.getByRole('button', { name: 'Refresh' }).click();
    await log.getByText(/2 attempts/).waitFor();
    await panel(page).screenshot({ path: path.join(ARTIFACTS, 'webhooks.png') });

    // Stopped, nothing is sent; started again, events flow.
    await endpoint.getByRole('button', { name: 'Stop sending' }).click();
    await endpoint.locator('.badge', { hasText: `Stopped: disabled by ${org.owner.name}` }).waitFor();
    await buildPartner(server, org.as, { name: 'Westbrook carers’ forum' });
    await endpoint.getByRole('button', { name: 'Start sending again' }).click();
    await endpoint.locator('.badge', { hasText: 'Sending' }).waitFor();
    await buildPartner(server, org.as, { name: 'Westbrook patients’ council' });
    await receiver.arrived(hook, 3);
    expect(receiver.at(hook)[2]!.body).toContain('Westbrook patients’ council');
    expect(receiver.received.some((request) => request.body.includes('Westbrook carers’ forum'))).toBe(false);

    // Changed in place: a refused address beside its field, then one more kind of event, the same secret.
    await endpoint.getByRole('button', { name: `Change the webhook to ${receiver.base}${hook}` }).click();
    const edit = page.getByRole('form', { name: `Change the webhook to ${receiver.base}${hook}` });
    await edit.getByLabel('Address (URL)').fill('http://10.20.30.40/hook');
    await edit.getByRole('button', { name: 'Save changes' }).click();
    await edit.locator('.field-error').waitFor();
    expect(await edit.getByLabel('Address (URL)').getAttribute('aria-invalid')).toBe('true');
    await expectAccessibleAtBothWidths(page, 'webhooks, a change refused');
    await edit.getByLabel('Address (URL)').fill(`${receiver.base}${hook}`);
    await edit.getByLabel('Challenges').check();
    await edit.getByRole('button', { name: 'Save changes' }).click();
    await edit.waitFor({ state: 'detached' });
    await endpoint.getByText('Sent challenges, partners and principles.').waitFor();
    await buildPartner(server, org.as, { name: 'Westbrook youth panel' });
    await receiver.arrived(hook, 4);
    expect(verifyWebhookSignature(secret, String(receiver.at(hook)[3]!.headers['partnership-hub-signature']), receiver.at(hook)[3]!.body)).toBe(true);

    // A new secret, shown once under the endpoint, signs from then on; the old one no longer does.
    await endpoint.getByRole('button', { name: 'New secret' }).click();
    const rotated = await endpoint.getByLabel('Signing secret').inputValue();
    expect(rotated).toMatch(/^whsec_/);
    expect(rotated).not.toBe(secret);
    await buildPartner(server, org.as, { name: 'Westbrook volunteers' });
    await receiver.arrived(hook, 5);
    const signed = receiver.at(hook)[4]!;
    expect(verifyWebhookSignature(rotated, String(signed.headers['partnership-hub-signature']), signed.body)).toBe(true);
    expect(verifyWebhookSignature(secret, String(signed.headers['partnership-hub-signature']), signed.body)).toBe(false);

    // Deleting asks first, then the endpoint is gone.
    await endpoint.getByRole('button', { name: `Delete the webhook to ${receiver.base}${hook}` }).click();
    await endpoint.getByRole('button', { name: 'Yes, delete' }).click();
    await webhooks.getByText('No webhooks yet.').waitFor();
    await page.context().close();
  });

  it('offers a MEMBER no webhooks', async () => {
    const org = await buildOrganisation(server, { name: 'Eastbrook Care Trust' });
    const member = await buildMember(server, org, 'MEMBER' as Role);
    const page = await browser.newPage(LAPTOP);
    page.setDefaultTimeout(15_000);
    await signIn(page, server.url, member.email, { organisation: org.name });
    await openMembersAndAccess(page);
    expect(await panel(page).count()).toBe(0);
    await page.context().close();
  });
});
