import type { GraphQLResponse } from './harness';

/** The `extensions.field` of the first error: the input field a BAD_USER_INPUT blames. */
export function errorField(response: GraphQLResponse): string | undefined {
  return response.body.errors?.[0]?.extensions?.field;
}

/** The `extensions` of the first error (e.g. `from` and `to` of an INVALID_TRANSITION). */
export function errorExtensions(response: GraphQLResponse): Record<string, any> | undefined {
  return response.body.errors?.[0]?.extensions;
}

/** The message of the first error. */
export function errorMessage(response: GraphQLResponse): string | undefined {
  return response.body.errors?.[0]?.message;
}
