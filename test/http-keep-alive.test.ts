import http from 'node:http';
import type { Socket } from 'node:net';
import { HTTP_KEEP_ALIVE_MS } from '../src/server';
import { useTestServer } from './support/harness';
import { pause } from './support/ws-client';

// A proxy (nginx, a cloud load balancer) or a client's pool keeps idle connections for up to 60 s
// and reuses them. With Node's 5 s default the server closed connections they were about to
// reuse, and that request failed ("other side closed"; a 502 behind a proxy): CI saw it.
const server = useTestServer();

function post(agent: http.Agent): Promise<{ status: number; keepAlive: string | undefined; socket: Socket; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(server.graphqlUrl, { method: 'POST', agent, headers: { 'content-type': 'application/json' } }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode!, keepAlive: response.headers['keep-alive'] as string | undefined, socket: response.socket, body }));
    });
    request.on('error', reject);
    request.end(JSON.stringify({ query: '{ __typename }' }));
  });
}

describe('HTTP keep-alive', () => {
  it('keeps an idle connection open longer than a proxy would (65 s), and tells clients so', async () => {
    expect(HTTP_KEEP_ALIVE_MS).toBeGreaterThan(60_000);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const first = await post(agent);
      expect(first).toMatchObject({ status: 200, keepAlive: 'timeout=65' });
      // Past Node's default of 5 s, the same connection still serves.
      await pause(6_000);
      const second = await post(agent);
      expect(second.status).toBe(200);
      expect(JSON.parse(second.body)).toMatchObject({ data: { __typename: 'Query' } });
      expect(second.socket).toBe(first.socket);
    } finally {
      agent.destroy();
    }
  });
});
