import { MessageType } from 'graphql-ws';
import type { GraphQLSchema } from 'graphql';
import type { AppDeps } from '../context';
import type { QueryLimits } from '../limits/query-limits';
import type { RateLimits } from '../limits/rate-limits';
import { SharedSubscriptions } from '../subscriptions/shared-subscriptions';
import type { ConnectionCaps } from './caps';
import { masked } from './masking';
import type { OperationRunner } from './operation-runner';

/** What the protocol sessions of one server share. */
export interface ProtocolServices {
  deps: AppDeps;
  schema: GraphQLSchema;
  limits: QueryLimits;
  rateLimits: RateLimits;
  subscriptions: SharedSubscriptions<Buffer>;
  /** Subscriptions per organisation and per user (the sockets are counted on the socket side). */
  caps: ConnectionCaps;
  /** Queries and mutations: the HTTP pipeline's. */
  runOperation: OperationRunner;
}

/**
 * The protocol's shared services. Alike subscriptions share one execution and one serialisation
 * per event (src/subscriptions/shared-subscriptions.ts): the `next` frame after the subscriber's
 * id, which each socket then writes in front of it.
 */
export function protocolServices(
  deps: AppDeps,
  schema: GraphQLSchema,
  limits: QueryLimits,
  rateLimits: RateLimits,
  caps: ConnectionCaps,
  runOperation: OperationRunner,
): ProtocolServices {
  const subscriptions = new SharedSubscriptions<Buffer>(schema, (result, context) =>
    Buffer.from(`,"type":"${MessageType.Next}","payload":${JSON.stringify(masked(result, context.log))}}`),
  );
  return { deps, schema, limits, rateLimits, subscriptions, caps, runOperation };
}
