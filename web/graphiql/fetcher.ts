import { createGraphiQLFetcher, type Fetcher } from '@graphiql/toolkit';
import { createClient } from 'graphql-ws';

/**
 * What the server reads from a WebSocket's connection_init (src/ws/socket-access.ts), taken from
 * the header editor's HTTP headers: `Authorization` and `X-Organisation`, whatever their case.
 * Any other header has no WebSocket meaning and is left out.
 */
export function connectionParamsOf(headers: Record<string, unknown> | undefined): Record<string, string> {
  const params: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (typeof value !== 'string') continue;
    const key = name.toLowerCase();
    if (key === 'authorization') params.authorization = value;
    else if (key === 'x-organisation') params.organisation = value;
  }
  return params;
}

/**
 * GraphiQL's fetcher for this server: queries and mutations are POSTed to `httpUrl` with the
 * headers of the header editor; subscriptions go over graphql-ws at `wsUrl` (the same path), with
 * those headers as the socket's credentials. A new lazy client per request, so a subscription
 * always carries the headers shown when it starts (the socket opens only for a subscription, and
 * closes when its last subscription ends); it does not retry, so a refused socket shows as an error.
 */
export function hubFetcher(httpUrl: string, wsUrl: string): Fetcher {
  return (params, options) =>
    createGraphiQLFetcher({
      url: httpUrl,
      // Its default, window.fetch, is only there in a browser: test/graphiql.test.ts runs this in Node.
      fetch,
      // graphql-js 16 has no @defer or @stream: every answer is one JSON body.
      enableIncrementalDelivery: false,
      wsClient: createClient({ url: wsUrl, lazy: true, retryAttempts: 0, connectionParams: connectionParamsOf(options?.headers) }),
    })(params, options);
}
