import type { GraphQLRequestContextWillSendResponse } from '@apollo/server';
import type { Context } from '../context';
import type { AccessRecord } from './access-record';

/**
 * The one line an operation leaves in the log, after its transaction has committed or failed (so
 * its status is final): what ran (name and type), for whom (the organisation, in the context's
 * logger with the request id), how it ended (HTTP status, error codes), how long it took and what
 * it cost. Over WebSocket, queries and mutations run through the same pipeline, and log the same
 * line with `transport: "ws"`. Returns what it logged (the metrics count the same).
 */
export function logAccess(requestContext: GraphQLRequestContextWillSendResponse<Context>, startedAt: number): AccessRecord {
  const { contextValue, response, operation, operationName, request } = requestContext;
  const result = response.body.kind === 'single' ? response.body.singleResult : undefined;
  const codes = [...new Set((result?.errors ?? []).map((error) => String(error.extensions?.code ?? 'UNKNOWN')))];
  const cost = result?.extensions?.cost;
  const access: AccessRecord = {
    transport: request.http ? 'http' : 'ws',
    operationName: operationName ?? null,
    operationType: operation?.operation ?? null,
    status: response.http.status ?? 200,
    durationMs: Math.round((performance.now() - startedAt) * 10) / 10,
    ...(typeof cost === 'number' ? { cost } : {}),
    ...(codes.length > 0 ? { errors: codes } : {}),
  };
  contextValue.log.info({ access }, 'operation');
  return access;
}
