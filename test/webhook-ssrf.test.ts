import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { postWebhook } from '../src/modules/webhooks/webhook-http';
import { checkTarget, guardedLookup, isPublicAddress, TargetRefused, type Resolve } from '../src/modules/webhooks/webhook-target';
import { errorField, errorMessage } from './support/assertions';
import { buildOrganisation, type TestOrganisation } from './support/factories';
import { dataOf, errorCode, useTestServer } from './support/harness';

// The SSRF guard of webhooks: a target that is, or resolves to, an address outside the public
// internet is refused, at registration (BAD_USER_INPUT on input.url) and at every delivery (on the
// addresses the connection uses, so a name rebound to a private address after registration is
// refused then), unless the operator allows the host (WEBHOOK_ALLOWED_HOSTS, unset here).

const server = useTestServer();

const CREATE = `mutation ($input: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $input) { endpoint { id url } } }`;

/** A resolver that answers from a table, as DNS would: for names that must resolve to given addresses. */
const resolver =
  (table: Record<string, string[]>): Resolve =>
  async (host) => {
    const addresses = table[host];
    if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };

describe('registration', () => {
  let org: TestOrganisation;
  beforeAll(async () => {
    org = await buildOrganisation(server);
  });

  it.each([
    'http://127.0.0.1:4000/hooks',
    'http://10.1.2.3/hooks',
    'http://169.254.169.254/latest/meta-data/',
    'http://[::1]:8080/hooks',
    'http://localhost:4000/hooks',
    'http://[::ffff:127.0.0.1]/hooks',
    'http://[fd00::1]/hooks',
    'http://[fe80::1]/hooks',
    'http://100.64.0.1/hooks',
    'http://0.0.0.0/hooks',
    'http://224.0.0.1/hooks',
    // Spellings of 127.0.0.1 that URL parsing turns back into it.
    'http://2130706433/hooks',
    'http://0x7f.1/hooks',
  ])('refuses %s as a target (BAD_USER_INPUT on input.url), writing nothing', async (url) => {
    const response = await server.gql(CREATE, { input: { url, eventTypes: ['PARTNER_CREATED'] } }, org.as);
    expect([errorCode(response), errorField(response)]).toEqual(['BAD_USER_INPUT', 'input.url']);
    expect(errorMessage(response)).toMatch(/not a public internet address/);
    expect(await server.sql('SELECT 1 FROM webhook_endpoints WHERE organisation_id = $1', [org.uuid])).toEqual([]);
  });

  it('refuses a host that does not resolve', async () => {
    const response = await server.gql(CREATE, { input: { url: 'https://no-such-host.invalid/hooks', eventTypes: ['PARTNER_CREATED'] } }, org.as);
    expect([errorCode(response), errorField(response), errorMessage(response)]).toEqual(['BAD_USER_INPUT', 'input.url', 'no-such-host.invalid could not be resolved']);
  });

  it('accepts a public address', async () => {
    // An address literal: no DNS needed.
    const created = dataOf(await server.gql(CREATE, { input: { url: 'https://93.184.215.14/hooks', eventTypes: ['PARTNER_CREATED'] } }, org.as));
    expect(created.createWebhookEndpoint.endpoint.url).toBe('https://93.184.215.14/hooks');
  });
});

describe('the guard', () => {
  it('tells public addresses from the rest, in every form', () => {
    for (const address of ['93.184.215.14', '8.8.8.8', '2606:4700::1111', '2a00:1450:4009:81f::200e']) expect([address, isPublicAddress(address)]).toEqual([address, true]);
    for (const address of [
      '127.0.0.1',
      '127.255.255.254',
      '10.0.0.1',
      '172.16.0.1',
      '172.31.255.255',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '100.127.255.255',
      '0.0.0.0',
      '224.0.0.251',
      '255.255.255.255',
      '::',
      '::1',
      '::ffff:127.0.0.1',
      '::ffff:7f00:1',
      '::ffff:10.0.0.1',
      '::ffff:8.8.8.8',
      '64:ff9b::a00:1',
      'fc00::1',
      'fd12:3456::1',
      'fe80::1',
      'ff02::1',
      '2002:a00:1::',
      'not an address',
    ]) {
      expect([address, isPublicAddress(address)]).toEqual([address, false]);
    }
  });

  it('refuses a name when any of its addresses is private, and demands https in production', async () => {
    const resolve = resolver({ 'mixed.example': ['93.184.215.14', '10.0.0.7'], 'public.example': ['93.184.215.14'], 'inside.example': ['192.168.0.10'] });
    const check = (url: string, production = false, allowedHosts: string[] = []) => checkTarget(url, { allowedHosts, production, resolve });
    await expect(check('https://mixed.example/h')).rejects.toThrow('mixed.example resolves to 10.0.0.7, which is not a public internet address');
    await expect(check('https://public.example/h')).resolves.toBeInstanceOf(URL);
    await expect(check('http://public.example/h', true)).rejects.toThrow('url must use https://');
    // The operator's allow-list admits a private host, over http too.
    await expect(check('http://inside.example/h', true, ['inside.example'])).resolves.toBeInstanceOf(URL);
    await expect(check('http://inside.example/h')).rejects.toBeInstanceOf(TargetRefused);
  });

  it('refuses, at connection time, a name rebound to a private address since it was registered', async () => {
    let answer = ['93.184.215.14'];
    const resolve: Resolve = async () => answer.map((address) => ({ address, family: 4 }));
    await expect(checkTarget('https://rebinding.example/h', { allowedHosts: [], production: true, resolve })).resolves.toBeInstanceOf(URL);

    answer = ['127.0.0.1'];
    const lookup = guardedLookup(resolve);
    const looked = await new Promise<{ error: Error | null; address: unknown }>((done) => lookup('rebinding.example', {}, (error, address) => done({ error, address })));
    expect(looked.error).toBeInstanceOf(TargetRefused);
    expect(looked.error?.message).toBe('rebinding.example resolves to 127.0.0.1, which is not a public internet address');

    answer = ['93.184.215.14'];
    const all = await new Promise<unknown>((done) => lookup('rebinding.example', { all: true }, (_error, address) => done(address)));
    expect(all).toEqual([{ address: '93.184.215.14', family: 4 }]);
  });

  describe('at delivery', () => {
    let receiver: Server;
    let port: number;
    let hits = 0;
    beforeAll(async () => {
      receiver = createServer((_request, response) => {
        hits++;
        response.end('ok');
      });
      await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
      port = (receiver.address() as AddressInfo).port;
    });
    afterAll(async () => {
      await new Promise<void>((resolve) => receiver.close(() => resolve()));
    });

    it('connects to a private address only when the operator allows its host', async () => {
      const send = (url: string, allowedHosts: string[]) => postWebhook(url, '{}', { 'content-type': 'application/json' }, { timeoutMs: 2000, allowedHosts });
      // The literal, and a name (localhost) that the system resolver turns into loopback at connection time.
      expect(await send(`http://127.0.0.1:${port}/h`, [])).toMatchObject({ ok: false, status: null, error: '127.0.0.1 is not a public internet address' });
      expect(await send(`http://localhost:${port}/h`, [])).toMatchObject({
        ok: false,
        status: null,
        error: expect.stringMatching(/^localhost resolves to .*not a public internet address$/),
      });
      expect(hits).toBe(0);
      expect(await send(`http://127.0.0.1:${port}/h`, ['127.0.0.1'])).toMatchObject({ ok: true, status: 200, error: null });
      expect(hits).toBe(1);
    });
  });
});
