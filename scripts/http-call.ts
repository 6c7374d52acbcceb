import type { Call } from '../src/demo/demo-seed';

/** The demo seed's way to a running server: GraphQL over HTTP to `baseUrl`, any error thrown with its operation named. */
export function httpCall(baseUrl: string): Call {
  return async (query, variables, caller = {}) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (caller.token) headers.authorization = `Bearer ${caller.token}`;
    if (caller.organisation) headers['x-organisation'] = caller.organisation;
    const response = await fetch(`${baseUrl}/graphql`, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
    const body = (await response.json()) as { data?: unknown; errors?: { message: string }[] };
    if (body.errors?.length) throw new Error(`${body.errors.map((e) => e.message).join('; ')} (in ${query.slice(0, 60)}...)`);
    return body.data;
  };
}
