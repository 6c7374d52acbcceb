import { Role } from '../src/auth/role';
import { RequestDb } from '../src/db/request-db';
import { verifyWebhookSignature } from '../src/modules/webhooks/webhook-signature';
import { errorField } from './support/assertions';
import { activityRows, tenantSnapshot } from './support/db-state';
import { buildApiKey, buildMember, buildOrganisation, buildPartner, buildPrinciple, type TestOrganisation } from './support/factories';
import { eventually } from './support/fault-checks';
import { dataOf, errorCode, useTestServer, type Caller } from './support/harness';
import { missingId, uuidOf } from './support/ids';
import { useMailbox } from './support/mailbox';
import { useWebhookReceiver } from './support/webhook-receiver';

// Webhooks (issue #18) to a loopback receiver this file starts: deliveries come from the activity
// log, signed (checked with the verifier receivers are given), retried with backoff while the
// receiver fails or hangs, switched off after repeated failure with a mail to the admins, and
// redelivered by hand. The loopback address is allowed by WEBHOOK_ALLOWED_HOSTS, as an operator
// would allow a receiver on their own network; webhook-ssrf.test.ts refuses it without.

const RETRY_BASE_MS = 200;
const TIMEOUT_MS = 1000;
const DISABLE_AFTER = 6;

const mailbox = useMailbox();
// Added to the mailbox's own env object: it learns SMTP_URL only when its server has started.
const server = useTestServer({
  env: Object.assign(mailbox.env, {
    WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
    WEBHOOK_RETRY_BASE_MS: String(RETRY_BASE_MS),
    WEBHOOK_RETRY_MAX_MS: '1000',
    WEBHOOK_TIMEOUT_MS: String(TIMEOUT_MS),
    WEBHOOK_DISABLE_AFTER_FAILURES: String(DISABLE_AFTER),
    WEBHOOK_LOG_RETENTION_DAYS: '30',
    JOBS_POLL_MS: '500',
  }),
});

const receiver = useWebhookReceiver();

const CREATE = `mutation ($input: CreateWebhookEndpointInput!) {
  createWebhookEndpoint(input: $input) { secret endpoint { id url description eventTypes enabled consecutiveFailures createdAt } }
}`;
const ENDPOINTS = `query {
  webhookEndpoints(first: 5) {
    nodes {
      id url eventTypes enabled disabledAt disabledReason consecutiveFailures secretRotatedAt
      deliveries(first: 10) {
        totalCount
        nodes {
          id eventId eventType status attemptCount responseStatus durationMs lastError nextAttemptAt lastAttemptAt createdAt
          attempts { number manual responseStatus durationMs error startedAt }
        }
      }
    }
  }
}`;
const REDELIVER = `mutation ($id: ID!) { redeliverWebhook(deliveryId: $id) { id status attemptCount nextAttemptAt } }`;
const ENABLE = `mutation ($id: ID!) { enableWebhookEndpoint(id: $id) { id enabled disabledAt disabledReason consecutiveFailures } }`;
const DISABLE = `mutation ($id: ID!) { disableWebhookEndpoint(id: $id) { id enabled disabledAt disabledReason } }`;
const ROTATE = `mutation ($id: ID!) { rotateWebhookSecret(id: $id) { secret endpoint { id secretRotatedAt } } }`;
const UPDATE = `mutation ($input: UpdateWebhookEndpointInput!) { updateWebhookEndpoint(input: $input) { id url description eventTypes } }`;
const DELETE = `mutation ($id: ID!) { deleteWebhookEndpoint(id: $id) }`;
const ONE = `query ($id: ID!) { webhookEndpoint(id: $id) { id url deliveries(first: 5) { nodes { id status } } } }`;

let counter = 0;
/** A path of its own for each endpoint, so each test reads only its own deliveries. */
const uniquePath = (label: string) => `/hooks/${label}-${++counter}`;

async function createEndpoint(caller: Caller, path: string, eventTypes = ['PARTNER_CREATED'], description: string | null = 'The data warehouse') {
  return dataOf(await server.gql(CREATE, { input: { url: `${receiver.base}${path}`, eventTypes, description } }, caller)).createWebhookEndpoint as {
    secret: string;
    endpoint: { id: string; url: string; enabled: boolean };
  };
}

async function endpointNamed(caller: Caller, id: string) {
  const { webhookEndpoints } = dataOf(await server.gql(ENDPOINTS, {}, caller));
  return webhookEndpoints.nodes.find((node: { id: string }) => node.id === id);
}

async function deliveriesOf(caller: Caller, id: string) {
  return (await endpointNamed(caller, id)).deliveries.nodes as any[];
}

const at = (path: string) => receiver.at(path);

describe('webhooks', () => {
  let org: TestOrganisation;
  beforeAll(async () => {
    org = await buildOrganisation(server);
  });

  it('sends a signed delivery of each subscribed event, which the exported verifier accepts', async () => {
    const path = uniquePath('signed');
    const { secret, endpoint } = await createEndpoint(org.as, path);
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(endpoint).toMatchObject({ url: `${receiver.base}${path}`, enabled: true });

    await buildPrinciple(server, org.as);
    const partner = await buildPartner(server, org.as, { name: 'Citizens Advice Tyneside' });
    await eventually('the delivery arrives', 15_000, async () => at(path).length === 1);

    // Only the subscribed type: the principle made before the partner was not sent.
    const [request] = at(path);
    const header = request!.headers['partnership-hub-signature'] as string;
    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature(secret, header, request!.body)).toBe(true);
    expect(verifyWebhookSignature(secret, header, Buffer.from(request!.body))).toBe(true);
    expect(verifyWebhookSignature(`${secret}x`, header, request!.body)).toBe(false);
    expect(verifyWebhookSignature(secret, header, request!.body.replace('Citizens', 'Citizen'))).toBe(false);
    // Outside the tolerance window (five minutes by default), the same signature is refused: a replay.
    const signedAt = Number(/t=(\d+)/.exec(header)![1]);
    expect(verifyWebhookSignature(secret, header, request!.body, 300, signedAt + 301)).toBe(false);
    expect(verifyWebhookSignature(secret, header, request!.body, 300, signedAt + 299)).toBe(true);
    expect(verifyWebhookSignature(secret, undefined, request!.body)).toBe(false);
    expect(verifyWebhookSignature(secret, 'v1=abc', request!.body)).toBe(false);

    const body = JSON.parse(request!.body);
    expect(body).toMatchObject({
      type: 'PARTNER_CREATED',
      organisation: { id: org.id, slug: org.slug, name: org.name },
      project: null,
      entity: { type: 'Partner', id: partner.id },
      actor: { name: org.owner.name },
    });
    expect(body.id).toBe(request!.headers['partnership-hub-event-id']);
    expect(request!.headers['partnership-hub-event-type']).toBe('PARTNER_CREATED');
    expect(request!.headers['content-type']).toBe('application/json');
    expect(Date.parse(body.occurredAt)).not.toBeNaN();

    await eventually('the delivery is logged as delivered', 10_000, async () => (await deliveriesOf(org.as, endpoint.id))[0]?.status === 'SUCCEEDED');
    const [delivery] = await deliveriesOf(org.as, endpoint.id);
    expect(delivery).toMatchObject({ eventId: body.id, eventType: 'PARTNER_CREATED', attemptCount: 1, responseStatus: 200, lastError: null, nextAttemptAt: null });
    expect(delivery.id).toBe(request!.headers['partnership-hub-delivery-id']);
    expect(delivery.attempts).toEqual([{ number: 1, manual: false, responseStatus: 200, durationMs: expect.any(Number), error: null, startedAt: expect.any(String) }]);

    // The secret is nowhere in the log of what happened, nor stored as it is.
    const activity = await activityRows(server, org.uuid);
    expect(activity.map((row) => row.type)).toContain('WEBHOOK_ENDPOINT_CREATED');
    expect(JSON.stringify(await tenantSnapshot(server, org.uuid))).not.toContain(secret.slice(6));
  });

  it('retries a failing receiver with growing waits and logs each attempt, until it recovers', async () => {
    const path = uniquePath('flaky');
    receiver.behave(path, { status: 500 });
    const { endpoint } = await createEndpoint(org.as, path);
    await buildPartner(server, org.as);

    await eventually('two attempts failed and a third is scheduled', 15_000, async () => {
      const [delivery] = await deliveriesOf(org.as, endpoint.id);
      return delivery?.attemptCount >= 2 && delivery.status === 'PENDING';
    });
    const [waiting] = await deliveriesOf(org.as, endpoint.id);
    expect(waiting.responseStatus).toBe(500);
    expect(waiting.lastError).toMatch(/answered 500/);
    expect(Date.parse(waiting.nextAttemptAt)).toBeGreaterThan(Date.parse(waiting.lastAttemptAt));

    receiver.behave(path, { status: 204 });
    await eventually('the delivery succeeds', 15_000, async () => (await deliveriesOf(org.as, endpoint.id))[0]?.status === 'SUCCEEDED');
    const [delivery] = await deliveriesOf(org.as, endpoint.id);
    const attempts = delivery.attempts as { number: number; responseStatus: number; error: string | null; startedAt: string }[];
    expect(attempts.map((attempt) => attempt.number)).toEqual(attempts.map((_, index) => index + 1));
    expect(attempts.slice(0, -1).every((attempt) => attempt.responseStatus === 500 && /answered 500/.test(attempt.error ?? ''))).toBe(true);
    expect(attempts.at(-1)).toMatchObject({ responseStatus: 204, error: null });
    expect(delivery).toMatchObject({ status: 'SUCCEEDED', attemptCount: attempts.length, responseStatus: 204, lastError: null, nextAttemptAt: null });
    // Each retry waits at least twice as long as the one before (RETRY_BASE_MS, then double): a lower bound the schedule guarantees.
    const starts = attempts.map((attempt) => Date.parse(attempt.startedAt));
    for (let retry = 1; retry < starts.length; retry++) {
      expect(starts[retry]! - starts[retry - 1]!).toBeGreaterThanOrEqual(Math.min(RETRY_BASE_MS * 2 ** (retry - 1), 1000) - 5);
    }
    // Every attempt carried the same event, with a fresh signature.
    expect(new Set(at(path).map((request) => request.headers['partnership-hub-event-id'])).size).toBe(1);
    // A success resets the endpoint's count of failures.
    expect((await endpointNamed(org.as, endpoint.id)).consecutiveFailures).toBe(0);
  });

  it('gives up on an attempt the receiver does not answer in time, retries it, and keeps serving meanwhile', async () => {
    const path = uniquePath('slow');
    receiver.behave(path, 'hang');
    const { endpoint } = await createEndpoint(org.as, path);
    await buildPartner(server, org.as);
    await eventually('the receiver holds a request', 15_000, async () => at(path).length >= 1);

    // While the receiver holds the request unanswered, the server answers everyone else.
    const other = await buildPartner(server, org.as);
    expect(other.id).toBeTruthy();

    await eventually('the hung attempt is logged as timed out', 15_000, async () => (await deliveriesOf(org.as, endpoint.id))[0]?.attemptCount >= 1);
    const [timedOut] = await deliveriesOf(org.as, endpoint.id);
    expect(timedOut.attempts[0]).toMatchObject({ number: 1, responseStatus: null, error: `No answer within ${TIMEOUT_MS} ms` });
    expect(timedOut.attempts[0].durationMs).toBeGreaterThanOrEqual(TIMEOUT_MS - 5);

    receiver.behave(path, { status: 200 });
    await eventually('the retry succeeds', 15_000, async () => (await deliveriesOf(org.as, endpoint.id)).every((delivery) => delivery.status === 'SUCCEEDED'));
  });

  it('switches an endpoint off after repeated failure, mails the owners and admins, and sends nothing more until enabled', async () => {
    const own = await buildOrganisation(server);
    const admin = await buildMember(server, own, Role.ADMIN);
    const member = await buildMember(server, own, Role.MEMBER);
    const path = uniquePath('dead');
    receiver.behave(path, { status: 503 });
    const { endpoint } = await createEndpoint(own.as, path);
    await buildPartner(server, own.as);

    await eventually('the endpoint is switched off', 20_000, async () => (await endpointNamed(own.as, endpoint.id)).enabled === false);
    const off = await endpointNamed(own.as, endpoint.id);
    expect(off).toMatchObject({ enabled: false, consecutiveFailures: DISABLE_AFTER, disabledReason: `${DISABLE_AFTER} delivery attempts in a row failed` });
    expect(off.disabledAt).toBeTruthy();
    const [failed] = off.deliveries.nodes;
    expect(failed).toMatchObject({ status: 'FAILED', attemptCount: DISABLE_AFTER, nextAttemptAt: null, responseStatus: 503 });
    expect(failed.lastError).toMatch(/switched off/);

    // The admin's mailbox also holds the invitation they accepted.
    const switchedOff = (email: string) => mailbox.to(email).filter((mail) => mail.subject === `A webhook of ${own.name} was switched off`);
    await eventually('the owner and the admin are mailed', 15_000, async () => switchedOff(own.owner.email).length === 1 && switchedOff(admin.email).length === 1);
    for (const mail of [...switchedOff(own.owner.email), ...switchedOff(admin.email)]) {
      expect(mail.subject).toBe(`A webhook of ${own.name} was switched off`);
      expect(mail.text).toContain('127.0.0.1');
      expect(mail.text).toContain(`${DISABLE_AFTER} delivery attempts in a row failed`);
      expect(mail.html).toContain('<a href=');
    }
    expect(switchedOff(member.email)).toEqual([]);
    expect((await activityRows(server, own.uuid)).map((row) => row.type)).toContain('WEBHOOK_ENDPOINT_DISABLED');

    // Switched off: a new event makes no delivery (decided in the event's own transaction), and redelivery is refused.
    await buildPartner(server, own.as);
    expect((await endpointNamed(own.as, endpoint.id)).deliveries.totalCount).toBe(1);
    expect(errorCode(await server.gql(REDELIVER, { id: failed.id }, own.as))).toBe('INVALID_TRANSITION');

    // Enabled again, with the receiver fixed: the failed delivery goes through when redelivered by hand.
    receiver.behave(path, { status: 200 });
    expect(dataOf(await server.gql(ENABLE, { id: endpoint.id }, own.as)).enableWebhookEndpoint).toEqual({
      id: endpoint.id,
      enabled: true,
      disabledAt: null,
      disabledReason: null,
      consecutiveFailures: 0,
    });
    expect(dataOf(await server.gql(REDELIVER, { id: failed.id }, own.as)).redeliverWebhook).toMatchObject({ id: failed.id, status: 'PENDING', attemptCount: DISABLE_AFTER });
    await eventually('the redelivery succeeds', 15_000, async () => (await deliveriesOf(own.as, endpoint.id))[0]?.status === 'SUCCEEDED');
    const [delivered] = await deliveriesOf(own.as, endpoint.id);
    expect(delivered.attemptCount).toBe(DISABLE_AFTER + 1);
    expect(delivered.attempts.at(-1)).toMatchObject({ number: DISABLE_AFTER + 1, manual: true, responseStatus: 200 });
    expect((await activityRows(server, own.uuid)).map((row) => row.type)).toContain('WEBHOOK_ENDPOINT_ENABLED');
  });

  it('sends the events written outside recordActivity and outside an organisation: accepted invitations and sign-outs', async () => {
    const own = await buildOrganisation(server);
    const path = uniquePath('people');
    await createEndpoint(own.as, path, ['INVITATION_ACCEPTED', 'MEMBER_SIGNED_OUT']);
    const joined = await buildMember(server, own, Role.MEMBER);
    // Signing out everywhere acts for no organisation: the event is written into each of the user's.
    expect(dataOf(await server.gql(`mutation { signOutEverywhere }`, {}, { token: joined.token })).signOutEverywhere).toBe(true);

    await eventually('both events arrive', 15_000, async () => at(path).length === 2);
    const bodies = at(path).map((request) => JSON.parse(request.body));
    expect(bodies.map((body) => body.type).sort()).toEqual(['INVITATION_ACCEPTED', 'MEMBER_SIGNED_OUT']);
    for (const body of bodies) expect(body).toMatchObject({ organisation: { id: own.id }, actor: { name: joined.name } });
  });

  it('keeps finished deliveries WEBHOOK_LOG_RETENTION_DAYS: an attempt removes the older ones of its endpoint, never a pending one', async () => {
    const path = uniquePath('retention');
    const { endpoint } = await createEndpoint(org.as, path);
    for (let n = 0; n < 3; n++) await buildPartner(server, org.as);
    await eventually('three delivered', 15_000, async () => (await deliveriesOf(org.as, endpoint.id)).filter((d) => d.status === 'SUCCEEDED').length === 3);
    const [newest, middle, oldest] = (await deliveriesOf(org.as, endpoint.id)).map((d) => uuidOf(d.id));
    // One finished 31 days ago, one 29 days ago, and one 31 days old still pending (a retry waits).
    const age = async (id: string, days: number, status = 'SUCCEEDED') =>
      server.sql(`UPDATE webhook_deliveries SET created_at = now() - make_interval(days => $2), status = $3 WHERE id = $1`, [id, days, status]);
    await age(oldest!, 31);
    await age(middle!, 29);
    await age(newest!, 31, 'PENDING');

    await buildPartner(server, org.as);
    await eventually('the next delivered', 15_000, async () => {
      const [latest] = await deliveriesOf(org.as, endpoint.id);
      return latest.status === 'SUCCEEDED' && ![newest, middle, oldest].includes(uuidOf(latest.id));
    });
    const left = await server.sql<{ id: string }>(`SELECT id FROM webhook_deliveries WHERE endpoint_id = $1`, [uuidOf(endpoint.id)]);
    expect(left.map((row) => row.id).sort()).toEqual(expect.arrayContaining([middle, newest]));
    expect(left.map((row) => row.id)).not.toContain(oldest);
    expect(left).toHaveLength(3);
    expect(await server.sql(`SELECT 1 FROM webhook_delivery_attempts WHERE delivery_id = $1`, [oldest])).toEqual([]);
  });

  it('redelivers a delivered event by hand: the same event, signed again', async () => {
    const path = uniquePath('again');
    const { secret, endpoint } = await createEndpoint(org.as, path);
    await buildPartner(server, org.as);
    await eventually('delivered once', 15_000, async () => (await deliveriesOf(org.as, endpoint.id))[0]?.status === 'SUCCEEDED');
    const [delivery] = await deliveriesOf(org.as, endpoint.id);

    dataOf(await server.gql(REDELIVER, { id: delivery.id }, org.as));
    await eventually('delivered twice', 15_000, async () => at(path).length === 2 && (await deliveriesOf(org.as, endpoint.id))[0]?.attemptCount === 2);
    const [first, second] = at(path);
    expect(second!.body).toBe(first!.body);
    expect(verifyWebhookSignature(secret, second!.headers['partnership-hub-signature'] as string, second!.body)).toBe(true);
    const [after] = await deliveriesOf(org.as, endpoint.id);
    expect(after.attempts.map((attempt: { manual: boolean }) => attempt.manual)).toEqual([false, true]);
    expect(after.status).toBe('SUCCEEDED');
  });

  it('changes, rotates, disables and deletes an endpoint, logging each without its secret', async () => {
    const path = uniquePath('managed');
    const { secret: old, endpoint } = await createEndpoint(org.as, path);
    const changed = dataOf(await server.gql(UPDATE, { input: { id: endpoint.id, eventTypes: ['PARTNER_CREATED', 'PRINCIPLE_CREATED'], description: '' } }, org.as));
    expect(changed.updateWebhookEndpoint).toEqual({ id: endpoint.id, url: `${receiver.base}${path}`, description: null, eventTypes: ['PARTNER_CREATED', 'PRINCIPLE_CREATED'] });

    const rotated = dataOf(await server.gql(ROTATE, { id: endpoint.id }, org.as)).rotateWebhookSecret;
    expect(rotated.secret).not.toBe(old);
    expect(rotated.endpoint.secretRotatedAt).toBeTruthy();
    await buildPrinciple(server, org.as);
    await eventually('the principle is delivered', 15_000, async () => at(path).length === 1);
    const [request] = at(path);
    const signature = request!.headers['partnership-hub-signature'] as string;
    expect(verifyWebhookSignature(rotated.secret, signature, request!.body)).toBe(true);
    expect(verifyWebhookSignature(old, signature, request!.body)).toBe(false);

    const disabled = dataOf(await server.gql(DISABLE, { id: endpoint.id }, org.as)).disableWebhookEndpoint;
    expect(disabled).toMatchObject({ enabled: false, disabledReason: `disabled by ${org.owner.name}` });
    expect(mailbox.to(org.owner.email).filter((mail) => /switched off/.test(mail.subject))).toEqual([]);

    expect(dataOf(await server.gql(DELETE, { id: endpoint.id }, org.as)).deleteWebhookEndpoint).toBe(endpoint.id);
    expect(await endpointNamed(org.as, endpoint.id)).toBeUndefined();
    expect(await server.sql('SELECT 1 FROM webhook_deliveries WHERE organisation_id = $1 AND endpoint_id = $2', [org.uuid, uuidOf(endpoint.id)])).toEqual([]);

    const logged = (await activityRows(server, org.uuid)).filter((row) => row.type.startsWith('WEBHOOK_'));
    expect(logged.map((row) => row.type)).toEqual(
      expect.arrayContaining(['WEBHOOK_ENDPOINT_UPDATED', 'WEBHOOK_SECRET_ROTATED', 'WEBHOOK_ENDPOINT_DISABLED', 'WEBHOOK_ENDPOINT_DELETED']),
    );
    for (const secret of [old, rotated.secret]) expect(JSON.stringify(logged)).not.toContain(secret.slice(6));
  });

  it('refuses bad input with BAD_USER_INPUT on its field', async () => {
    const bad = async (input: Record<string, unknown>) => server.gql(CREATE, { input: { url: `${receiver.base}/x`, eventTypes: ['PARTNER_CREATED'], ...input } }, org.as);
    for (const url of ['ftp://example.org/hook', 'not a url', 'http://user:pass@127.0.0.1/hook']) {
      const response = await bad({ url });
      expect([url, errorCode(response), errorField(response)]).toEqual([url, 'BAD_USER_INPUT', 'input.url']);
    }
    for (const eventTypes of [[], ['PARTNER_MADE']]) {
      const response = await bad({ eventTypes });
      expect([eventTypes, errorCode(response), errorField(response)]).toEqual([eventTypes, 'BAD_USER_INPUT', 'input.eventTypes']);
    }
  });

  it('lets only owners and admins, signed in, manage endpoints', async () => {
    const own = await buildOrganisation(server);
    const admin = await buildMember(server, own, Role.ADMIN);
    const member = await buildMember(server, own, Role.MEMBER);
    const observer = await buildMember(server, own, Role.OBSERVER);
    const adminKey = await buildApiKey(server, own, Role.ADMIN);
    const { endpoint } = await createEndpoint(admin.as, uniquePath('admin'));

    for (const caller of [member.as, observer.as, { ...adminKey.as, organisation: own.slug }]) {
      expect(errorCode(await server.gql(CREATE, { input: { url: `${receiver.base}/x`, eventTypes: ['PARTNER_CREATED'] } }, caller))).toBe('FORBIDDEN');
      expect(errorCode(await server.gql(ENDPOINTS, {}, caller))).toBe('FORBIDDEN');
      expect(errorCode(await server.gql(ONE, { id: endpoint.id }, caller))).toBe('FORBIDDEN');
      expect(errorCode(await server.gql(DELETE, { id: endpoint.id }, caller))).toBe('FORBIDDEN');
      expect(errorCode(await server.gql(ROTATE, { id: endpoint.id }, caller))).toBe('FORBIDDEN');
    }
    expect((await endpointNamed(own.as, endpoint.id)).enabled).toBe(true);
  });

  it("keeps each organisation's endpoints and deliveries to itself", async () => {
    const mine = await buildOrganisation(server);
    const theirs = await buildOrganisation(server);
    const path = uniquePath('tenant');
    const { endpoint } = await createEndpoint(mine.as, path);
    await buildPartner(server, mine.as);
    await eventually('delivered', 15_000, async () => (await deliveriesOf(mine.as, endpoint.id))[0]?.status === 'SUCCEEDED');
    const [delivery] = await deliveriesOf(mine.as, endpoint.id);
    // The other organisation's events are not sent to it.
    await buildPartner(server, theirs.as);

    const before = await tenantSnapshot(server, mine.uuid);
    expect(dataOf(await server.gql(ENDPOINTS, {}, theirs.as)).webhookEndpoints.nodes).toEqual([]);
    // One endpoint, with its log, as the web page reads it: its own organisation only.
    expect(dataOf(await server.gql(ONE, { id: endpoint.id }, mine.as)).webhookEndpoint).toEqual({
      id: endpoint.id,
      url: endpoint.url,
      deliveries: { nodes: [{ id: delivery.id, status: 'SUCCEEDED' }] },
    });
    expect(dataOf(await server.gql(ONE, { id: endpoint.id }, theirs.as)).webhookEndpoint).toBeNull();
    expect(dataOf(await server.gql(ONE, { id: missingId('WebhookEndpoint') }, mine.as)).webhookEndpoint).toBeNull();
    const attempts: [string, Record<string, unknown>][] = [
      [REDELIVER, { id: delivery.id }],
      [DELETE, { id: endpoint.id }],
      [ROTATE, { id: endpoint.id }],
      [DISABLE, { id: endpoint.id }],
      [UPDATE, { input: { id: endpoint.id, url: `${receiver.base}/stolen` } }],
    ];
    for (const [mutation, variables] of attempts) {
      expect(errorCode(await server.gql(mutation, variables, theirs.as))).toBe('NOT_FOUND');
    }
    // As a random id would be.
    expect(errorCode(await server.gql(REDELIVER, { id: missingId('WebhookDelivery') }, mine.as))).toBe('NOT_FOUND');
    expect(await tenantSnapshot(server, mine.uuid)).toEqual(before);
    expect(at(path)).toHaveLength(1);
    // Row-level security: as the request role acting for the other organisation, the rows do not exist.
    const db = new RequestDb(server.dataSource, { organisationId: theirs.uuid });
    try {
      const [seen] = await db.query<{ n: number }>(
        'webhook rows another organisation sees',
        `SELECT ((SELECT count(*) FROM webhook_endpoints) + (SELECT count(*) FROM webhook_deliveries) + (SELECT count(*) FROM webhook_delivery_attempts))::int AS n`,
      );
      expect(seen).toEqual({ n: 0 });
    } finally {
      await db.finish(false);
    }
  });
});
