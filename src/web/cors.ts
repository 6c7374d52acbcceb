import cors from 'cors';
import type { RequestHandler } from 'express';

/**
 * CORS for `/graphql`: front ends served from the origins in ALLOWED_ORIGINS may call the API from
 * the browser (the same list that may open its WebSockets); any other origin gets no CORS headers,
 * so the browser keeps its response from the page. Credentials travel in the Authorization header,
 * never in cookies, so no `credentials` mode. The headers a client reads are exposed: the request
 * id (to report an error), Retry-After (after a 429) and Idempotent-Replayed.
 */
export function graphqlCors(allowedOrigins: readonly string[]): RequestHandler {
  return cors({
    origin: [...allowedOrigins],
    methods: ['GET', 'POST'],
    allowedHeaders: ['authorization', 'content-type', 'x-organisation', 'idempotency-key', 'x-request-id', 'apollo-require-preflight'],
    exposedHeaders: ['x-request-id', 'retry-after', 'idempotent-replayed'],
    maxAge: 600,
  });
}
