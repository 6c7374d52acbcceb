import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eventually } from './fault-checks';

/** One request the receiver was sent. */
export interface ReceivedRequest {
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** What the receiver does with a request to a path: answer with a status, or hold it unanswered. */
export type Behaviour = { status: number } | 'hang';

export interface WebhookReceiver {
  /** `http://127.0.0.1:<port>`, known once the file's tests start. */
  readonly base: string;
  /** Every request so far, oldest first. */
  readonly received: readonly ReceivedRequest[];
  /** The requests to `path` so far. */
  at(path: string): ReceivedRequest[];
  /** How requests to `path` are answered from now on (200 until told). */
  behave(path: string, behaviour: Behaviour): void;
  /** Requests to `path` held unanswered now. */
  hangingAt(path: string): number;
  /** Waits until `count` requests have reached `path`. */
  arrived(path: string, count: number, withinMs?: number): Promise<void>;
}

/**
 * A webhook receiver (node:http) on a loopback port for the file's tests, which the server under
 * test may send to when WEBHOOK_ALLOWED_HOSTS allows 127.0.0.1: it records every request and
 * answers as each path's behaviour says. Started before the file's tests, stopped after (held
 * requests are cut).
 */
export function useWebhookReceiver(): WebhookReceiver {
  const received: ReceivedRequest[] = [];
  const behaviours = new Map<string, Behaviour>();
  const hanging = new Map<ServerResponse, string>();
  let server: Server;
  let base = '';

  beforeAll(async () => {
    server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const path = request.url ?? '/';
        received.push({ path, headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
        const behaviour = behaviours.get(path) ?? { status: 200 };
        if (behaviour === 'hang') {
          hanging.set(response, path);
          response.on('close', () => hanging.delete(response));
          return;
        }
        response.writeHead(behaviour.status, { 'content-type': 'text/plain' }).end(behaviour.status < 300 ? 'thanks' : 'broken');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    for (const response of hanging.keys()) response.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const at = (path: string) => received.filter((request) => request.path === path);
  return {
    get base() {
      return base;
    },
    received,
    at,
    behave: (path, behaviour) => void behaviours.set(path, behaviour),
    hangingAt: (path) => [...hanging.values()].filter((held) => held === path).length,
    arrived: (path, count, withinMs = 15_000) => eventually(`${count} requests to ${path}`, withinMs, async () => at(path).length >= count),
  };
}
