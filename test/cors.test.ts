import { buildOrganisation } from './support/factories';
import { useTestServer } from './support/harness';

// Front ends on other origins (ALLOWED_ORIGINS) may call the API from the browser; others may not.
const ALLOWED = 'https://partners.example.org';
const server = useTestServer({ env: { ALLOWED_ORIGINS: `${ALLOWED}, https://wall.example.org` } });

describe('CORS on /graphql', () => {
  it('answers a preflight from an allowed origin with the headers a client sends, and exposes the ones it reads', async () => {
    const preflight = await fetch(server.graphqlUrl, {
      method: 'OPTIONS',
      headers: { origin: ALLOWED, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type, x-organisation' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expect(preflight.headers.get('access-control-allow-headers')?.split(',')).toEqual(
      expect.arrayContaining(['authorization', 'content-type', 'x-organisation', 'idempotency-key']),
    );
    expect(preflight.headers.get('access-control-allow-credentials')).toBeNull();

    const org = await buildOrganisation(server);
    const response = await fetch(server.graphqlUrl, {
      method: 'POST',
      headers: { origin: ALLOWED, 'content-type': 'application/json', authorization: `Bearer ${org.owner.token}`, 'x-organisation': org.slug },
      body: JSON.stringify({ query: '{ organisation { name } }' }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expect(response.headers.get('access-control-expose-headers')?.split(',')).toEqual(['x-request-id', 'retry-after', 'idempotent-replayed']);
    expect(((await response.json()) as { data: { organisation: { name: string } } }).data.organisation.name).toBe(org.name);
  });

  it('gives any other origin no CORS headers, so its page cannot read the answer', async () => {
    for (const method of ['OPTIONS', 'POST'] as const) {
      const response = await fetch(server.graphqlUrl, {
        method,
        headers: { origin: 'https://evil.example.com', 'content-type': 'application/json', 'access-control-request-method': 'POST' },
        ...(method === 'POST' ? { body: JSON.stringify({ query: '{ __typename }' }) } : {}),
      });
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
    }
  });
});
