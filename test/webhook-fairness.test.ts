import { buildOrganisation, buildPartner, type TestOrganisation } from './support/factories';
import { eventually } from './support/fault-checks';
import { dataOf, useTestServer } from './support/harness';
import { useWebhookReceiver } from './support/webhook-receiver';

// A slow or dead receiver slows nothing else (issue #18), across tenants too: every job is in its
// organisation's group, and a process runs at most JOBS_CONCURRENCY_PER_ORGANISATION of one
// organisation's jobs at once. Here a tenant's three receivers hang for longer than the test
// lasts, with two workers: another tenant's delivery goes out while they hang. Without the limit
// the hanging tenant held both workers, and the other waited out the whole timeout.

const receiver = useWebhookReceiver();
const server = useTestServer({
  env: {
    WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
    WEBHOOK_TIMEOUT_MS: '60000',
    JOBS_CONCURRENCY: '2',
    JOBS_CONCURRENCY_PER_ORGANISATION: '1',
    JOBS_POLL_MS: '500',
  },
});

async function endpoint(org: TestOrganisation, path: string): Promise<void> {
  dataOf(
    await server.gql(
      `mutation ($input: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $input) { endpoint { id } } }`,
      { input: { url: `${receiver.base}${path}`, eventTypes: ['PARTNER_CREATED'] } },
      org.as,
    ),
  );
}

describe('webhook deliveries across organisations', () => {
  it("go out for one organisation while another's receivers hang", async () => {
    const stuck = await buildOrganisation(server, { name: 'Tarpit Trust' });
    const other = await buildOrganisation(server, { name: 'Brightwater Care' });
    const hung = ['/hang-1', '/hang-2', '/hang-3'];
    for (const path of hung) {
      receiver.behave(path, 'hang');
      await endpoint(stuck, path);
    }
    await endpoint(other, '/brightwater');

    const taken = () => hung.reduce((sum, path) => sum + receiver.at(path).length, 0);
    await buildPartner(server, stuck.as);
    await eventually('a stuck delivery is taken', 15_000, async () => taken() > 0);
    await buildPartner(server, other.as);
    await receiver.arrived('/brightwater', 1);
    // Only one of the stuck tenant's deliveries was taken, and it is still held.
    expect(taken()).toBe(1);
    expect(hung.reduce((sum, path) => sum + receiver.hangingAt(path), 0)).toBe(1);
  });
});
