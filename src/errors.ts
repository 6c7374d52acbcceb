import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { ArgumentValidationError } from 'type-graphql';
import type { ValidationError as ClassValidatorError } from 'class-validator';
import { sqlState } from './db/pg-errors';

/** The stable `extensions.code` values of the public contract. */
export type ErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'BAD_USER_INPUT'
  | 'CONFLICT'
  | 'INVALID_TRANSITION'
  | 'DEPENDENCY_NOT_DONE'
  | 'PRINCIPLES_NOT_AGREED'
  | 'SERVICE_USER_INVOLVEMENT_REQUIRED'
  /** Agreements and challenges in a partner's name come only from its linked representatives, or an ADMIN/OWNER on its behalf with evidence. */
  | 'NOT_A_REPRESENTATIVE'
  /** A change to a PUBLISHED evaluation, its measures, measurements or involvement (reopenEvaluation first). */
  | 'EVALUATION_PUBLISHED'
  /** A project completed while stages of its plan are open (`extensions.openStageIds`). */
  | 'STAGES_OPEN'
  | 'RATE_LIMITED'
  /** An invitation or password-reset token that is unknown, used, revoked or expired (all alike). */
  | 'INVALID_TOKEN'
  /** addMember's answer: nobody joins without consent, so an invitation was mailed instead (`extensions.invitationId`). */
  | 'INVITATION_SENT'
  /** A WebSocket subscription over its organisation's or user's cap (`extensions.scope`, `extensions.limit`). */
  | 'TOO_MANY_SUBSCRIPTIONS'
  /** A create that would take a capped list past its cap (`extensions.limit`; src/limits/list-caps.ts). */
  | 'LIMIT_REACHED'
  /** An operation over a query-shape or cost limit (graphql-js and Apollo use it for invalid ones). */
  | 'GRAPHQL_VALIDATION_FAILED'
  /** No operation, or no single one, matches the request's operationName (Apollo's code for it; 400). */
  | 'OPERATION_RESOLUTION_FAILURE'
  | 'INTERNAL_SERVER_ERROR';

/** Base of every error a client is meant to see: the message and extensions pass unmasked. */
export class AppError extends GraphQLError {
  constructor(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}) {
    super(message, { extensions: { ...extensions, code } });
    this.name = 'AppError';
  }
  get code(): ErrorCode {
    return this.extensions.code as ErrorCode;
  }
}

export class NotFoundError extends AppError {
  constructor(what = 'Object') {
    super('NOT_FOUND', `${what} not found`);
  }
}

export class ForbiddenError extends AppError {
  constructor(message = 'You are not allowed to do this') {
    super('FORBIDDEN', message);
  }
}

export class UnauthenticatedError extends AppError {
  constructor(message = 'Authentication required') {
    super('UNAUTHENTICATED', message);
  }
}

export class BadInputError extends AppError {
  constructor(message: string, field?: string) {
    super('BAD_USER_INPUT', message, field ? { field } : {});
  }
}

export class ConflictError extends AppError {
  constructor(message: string) {
    super('CONFLICT', message);
  }
}

/**
 * A create refused because the list it would join is at its cap (src/limits/list-caps.ts): the
 * cap is what bounds, and prices, every read of that list.
 */
export class LimitReachedError extends AppError {
  constructor(message: string, limit: number) {
    super('LIMIT_REACHED', message, { limit });
  }
}

/**
 * A single-use token (invitation, password reset) that cannot be used: unknown, already used,
 * revoked or expired, all with the same answer, so a guess learns nothing of which.
 */
export class InvalidTokenError extends AppError {
  constructor(message = 'This link is not valid: it may have been used, revoked or have expired') {
    super('INVALID_TOKEN', message);
  }
}

export class InvalidTransitionError extends AppError {
  constructor(entity: string, from: string, to: string) {
    super('INVALID_TRANSITION', `${entity} cannot go from ${from} to ${to}`, { from, to });
  }
}

const INTERNAL_MESSAGE = 'Internal server error';

/** Flattens class-validator's nested errors into `input.field` paths with their first message. */
function validationFailures(errors: ClassValidatorError[], prefix: string): { field: string; message: string }[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, message: Object.values(error.constraints)[0] ?? 'is invalid' }] : [];
    return [...own, ...validationFailures(error.children ?? [], field)];
  });
}

/** Input objects arrive as the `input` argument throughout the contract; page args stand alone. */
function argumentPrefix(errors: ClassValidatorError[]): string {
  const target = errors[0]?.target;
  return target && target.constructor.name.endsWith('Input') ? 'input' : '';
}

function fromArgumentValidation(error: ArgumentValidationError): GraphQLFormattedError {
  const errors = error.extensions.validationErrors as ClassValidatorError[];
  const failures = validationFailures(errors, argumentPrefix(errors));
  const first = failures[0];
  return {
    message: first ? `Invalid ${first.field}: ${first.message}` : 'Invalid input',
    extensions: { code: 'BAD_USER_INPUT', field: first?.field, fields: failures },
  };
}

/** Codes graphql-js and Apollo assign to request-level failures, which carry no internals. */
const REQUEST_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);

/**
 * Constraint violations that reach the client as input errors, worded without table, constraint
 * or value (the driver's `detail` names them, and another tenant's data must stay unnamed).
 */
function constraintError(error: unknown): AppError | undefined {
  switch (sqlState(error)) {
    case '23505':
      return new AppError('CONFLICT', 'That conflicts with something that already exists');
    case '23503':
      return new AppError('NOT_FOUND', 'Something this refers to does not exist');
    case '23514':
    case '23502':
    case '22001':
    case '22P02':
    case '22007':
    case '22008':
      return new AppError('BAD_USER_INPUT', 'The input is not valid');
    default:
      return undefined;
  }
}

/** True for errors whose message a client may read: ours, validation, and request errors. */
export function isExposed(error: unknown): boolean {
  const original = unwrapResolverError(error);
  if (original instanceof AppError || original instanceof ArgumentValidationError) return true;
  if (constraintError(original)) return true;
  if (!(original instanceof GraphQLError)) return false;
  // Apollo's wrapper for a thrown value it did not recognise as an Error: its text is the value's.
  if (original.message.startsWith('Unexpected error value:')) return false;
  const code = original.extensions.code;
  // Apollo's request errors wrap graphql-js's own as originalError; those describe the request.
  if (typeof code === 'string' && REQUEST_CODES.has(code)) return true;
  return code === undefined && !original.originalError;
}

/**
 * Apollo's and graphql-ws's `formatError`: known errors pass with their code; class-validator
 * failures become BAD_USER_INPUT with field paths; anything else becomes a generic
 * INTERNAL_SERVER_ERROR (logged in full elsewhere, with the request id). No stack, no SQL.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  const { locations, path } = formatted;
  if (original instanceof AppError) {
    // `http` is Apollo's instruction for the response's status and headers, not for the client.
    const { http: _http, ...extensions } = original.extensions;
    return { message: original.message, locations, path, extensions };
  }
  if (original instanceof ArgumentValidationError) {
    return { ...fromArgumentValidation(original), locations, path };
  }
  const constraint = constraintError(original);
  if (constraint) return { message: constraint.message, locations, path, extensions: { ...constraint.extensions } };
  if (isExposed(error)) {
    const code = formatted.extensions?.code;
    return { message: formatted.message, locations, path, extensions: { code: typeof code === 'string' ? code : 'BAD_USER_INPUT' } };
  }
  return { message: INTERNAL_MESSAGE, locations, path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}
