/** What the page sends as credentials: a user token with its organisation, or an API key. */
export interface Credentials {
  token: string;
  /** Slug of the organisation a user token acts for; API keys carry their own. */
  organisation?: string;
}

/** A GraphQL error with its `extensions.code` (UNAUTHENTICATED, FORBIDDEN, ...). */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
  }
}

export type Gql = <T>(query: string, variables?: Record<string, unknown>) => Promise<T>;

interface GraphQLResponse<T> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

/**
 * GraphQL over HTTP with fetch. Rejects with an ApiError carrying the first error's code, or
 * code NETWORK when the server cannot be reached.
 */
export function graphqlOverHttp(credentials: Partial<Credentials>): Gql {
  return async <T>(query: string, variables: Record<string, unknown> = {}) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (credentials.token) headers.authorization = `Bearer ${credentials.token}`;
    if (credentials.organisation) headers['x-organisation'] = credentials.organisation;
    let body: GraphQLResponse<T>;
    try {
      const response = await fetch('/graphql', { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
      body = (await response.json()) as GraphQLResponse<T>;
    } catch {
      throw new ApiError('The server could not be reached. Check the connection and try again.', 'NETWORK');
    }
    const error = body.errors?.[0];
    if (error) throw new ApiError(error.message, error.extensions?.code);
    return body.data as T;
  };
}
