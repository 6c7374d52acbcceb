import type { ExecutionResult } from 'graphql';
import { formatError, isExposed } from '../errors';
import type { Logger } from '../logger';

/** The result as a client may see it: internal errors logged in full and masked, as over HTTP. */
export function masked(result: ExecutionResult, log: Logger): ExecutionResult | { data?: unknown; errors: unknown[] } {
  if (!result.errors) return result;
  for (const error of result.errors) {
    if (!isExposed(error)) log.error({ err: error.originalError ?? error }, 'internal error');
  }
  return { ...result, errors: result.errors.map((error) => formatError(error.toJSON(), error)) };
}
