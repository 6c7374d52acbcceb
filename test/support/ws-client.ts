import WebSocket from 'ws';
import { createClient, type Client } from 'graphql-ws';

export interface Subscriber<T = any> {
  /** Results received so far (data or errors), in order. */
  results: { data?: T; errors?: any[] }[];
  /** Resolves when at least `count` results arrived; rejects after `timeoutMs`. */
  waitFor(count: number, timeoutMs?: number): Promise<{ data?: T; errors?: any[] }[]>;
  /** Resolves when the server completed or failed the subscription. */
  done: Promise<void>;
  unsubscribe(): void;
}

export interface WsConnection {
  client: Client;
  subscribe<T = any>(query: string, variables?: Record<string, unknown>): Subscriber<T>;
  /** Resolves with the close code when the socket closes. */
  closed: Promise<number>;
  dispose(): Promise<void>;
}

/** A graphql-ws client that connects with `connection_init` credentials and never retries. */
export function connect(url: string, params: { authorization?: string; organisation?: string } = {}): WsConnection {
  let resolveClosed!: (code: number) => void;
  const closed = new Promise<number>((resolve) => (resolveClosed = resolve));
  const client = createClient({
    url,
    webSocketImpl: WebSocket,
    connectionParams: params,
    lazy: false,
    retryAttempts: 0,
    on: { closed: (event) => resolveClosed((event as { code: number }).code) },
    onNonLazyError: () => undefined,
  });
  return {
    client,
    closed,
    subscribe<T>(query: string, variables?: Record<string, unknown>): Subscriber<T> {
      const results: { data?: T; errors?: any[] }[] = [];
      const waiters: (() => void)[] = [];
      let finish!: () => void;
      const done = new Promise<void>((resolve) => (finish = resolve));
      const notify = () => waiters.splice(0).forEach((w) => w());
      const unsubscribe = client.subscribe<T>(
        { query, variables },
        {
          next: (value) => {
            results.push(value as { data?: T; errors?: any[] });
            notify();
          },
          error: (error) => {
            results.push({ errors: Array.isArray(error) ? error : [error] });
            notify();
            finish();
          },
          complete: () => finish(),
        },
      );
      return {
        results,
        done,
        unsubscribe,
        waitFor(count, timeoutMs = 10_000) {
          return new Promise((resolve, reject) => {
            const timer = setTimeout(() => reject(new Error(`Timed out waiting for ${count} results; got ${JSON.stringify(results)}`)), timeoutMs);
            const check = () => {
              if (results.length >= count) {
                clearTimeout(timer);
                resolve(results);
              } else waiters.push(check);
            };
            check();
          });
        },
      };
    },
    async dispose() {
      await client.dispose();
    },
  };
}

/** Waits `ms` milliseconds: for asserting that nothing arrives. */
export const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
