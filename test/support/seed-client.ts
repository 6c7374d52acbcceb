import type { Call } from '../../src/demo/demo-seed';
import type { TestServer } from './harness';

/** The seed's GraphQL caller over a test server: throws on any GraphQL error. */
export function seedCaller(server: TestServer): Call {
  return async (query, variables, caller) => {
    const response = await server.gql(query, variables, caller);
    if (response.body.errors?.length) throw new Error(JSON.stringify(response.body.errors));
    return response.body.data;
  };
}
