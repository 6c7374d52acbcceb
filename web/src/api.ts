import { Client, fetchExchange, mapExchange, type CombinedError } from '@urql/core';
import { cacheExchange } from '@urql/exchange-graphcache';

/** What the page sends as credentials: a user token (with the organisation it acts for), an API key, or nothing. */
export interface Credentials {
  token?: string;
  /** Slug of the organisation a user token acts for; API keys carry their own. */
  organisation?: string;
}

/**
 * Types without an `id`: graphcache stores them inside their parent (a project's progress, a
 * page's pageInfo) instead of as entities of their own.
 */
const EMBEDDED = ['ActivityEventConnection', 'AuthPayload', 'MissingAgreement', 'PageInfo', 'Progress', 'ProjectConnection', 'ProjectPartner', 'StageEvent', 'Viewer'];

/**
 * The urql client for one set of credentials: POST /graphql with the credentials as headers, and
 * graphcache's normalised cache, so a mutation's answer (a stage's new status) shows at once
 * everywhere that stage is drawn. A new client (and so an empty cache) per sign-in: nothing one
 * person saw is kept for the next. `onUnauthenticated` is called when the server no longer
 * accepts the credentials.
 */
export function createApiClient(credentials: Credentials, onUnauthenticated?: () => void): Client {
  const headers: Record<string, string> = {};
  if (credentials.token) headers.authorization = `Bearer ${credentials.token}`;
  if (credentials.organisation) headers['x-organisation'] = credentials.organisation;
  return new Client({
    url: '/graphql',
    // POST with a JSON body: the server's CSRF protection and the CSP's connect-src are both for it.
    preferGetMethod: false,
    fetchOptions: { headers },
    exchanges: [
      mapExchange({
        onError(error) {
          if (errorCode(error) === 'UNAUTHENTICATED') onUnauthenticated?.();
        },
      }),
      cacheExchange({
        keys: {
          ...Object.fromEntries(EMBEDDED.map((type) => [type, () => null])),
          ActivityEvent: (event) => (typeof event.cursor === 'string' ? event.cursor : null),
        },
      }),
      fetchExchange,
    ],
  });
}

/** The first GraphQL error's `extensions.code` (UNAUTHENTICATED, FORBIDDEN, ...), NETWORK when the server was not reached. */
export function errorCode(error: CombinedError | undefined): string | undefined {
  if (!error) return undefined;
  if (error.networkError) return 'NETWORK';
  const code = error.graphQLErrors[0]?.extensions?.code;
  return typeof code === 'string' ? code : undefined;
}

/** An error in words for people: the server's own message, or what to do when it cannot be reached. */
export function errorMessage(error: CombinedError): string {
  if (error.networkError || error.graphQLErrors.length === 0) return 'The server could not be reached. Check the connection and try again.';
  return error.graphQLErrors[0]!.message;
}
