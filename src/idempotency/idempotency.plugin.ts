import { HeaderMap, type ApolloServerPlugin, type GraphQLResponse } from '@apollo/server';
import { Kind } from 'graphql';
import type { Context } from '../context';
import { sqlState } from '../db/pg-errors';
import type { ErrorCode } from '../errors';
import { callerOf, claimKey, isValidIdempotencyKey, purgeExpiredKeys, requestHash, saveResponse, type KeyRef } from './idempotency-keys';

/**
 * Mutations whose response carries a secret shown once: the key is claimed (a retry still cannot
 * act twice) but the response is not kept, so no secret sits in the database; a retry is CONFLICT.
 */
const SECRET_BEARING = new Set(['createApiKey']);

/** Expired keys are purged at most this often per organisation (per process). */
const PURGE_INTERVAL_MS = 60 * 60 * 1000;

function refusal(status: number, code: ErrorCode, message: string, requestId: string): GraphQLResponse {
  const extensions = code === 'INTERNAL_SERVER_ERROR' ? { code, requestId } : { code };
  return { http: { status, headers: new HeaderMap() }, body: { kind: 'single', singleResult: { errors: [{ message, extensions }] } } };
}

/**
 * Idempotency keys on mutations, the Stripe model, in the request pipeline rather than in each
 * mutation: when a mutation arrives with an `Idempotency-Key` header and acts for an organisation,
 * the key (scoped to organisation and caller) is claimed in the request's transaction before the
 * mutation runs, and its response is stored in that same transaction just before commit. So a key
 * exists exactly when its mutation committed, and:
 * - a retry with the same request gets the first response again (header `Idempotent-Replayed: true`);
 * - a concurrent duplicate waits for the first and then replays it (CONFLICT, 409, if the first is
 *   still running after lock_timeout);
 * - the same key with a different request is refused (BAD_USER_INPUT, 422);
 * - keys are kept `ttlHours` (at least 24 h), then purged;
 * - a response carrying a secret (createApiKey) is not kept: its retry is CONFLICT, never a second key;
 * - a response larger than `maxStoredBytes` is returned but not kept (only a marker is): its retry
 *   is CONFLICT too, saying the first request succeeded. Replaying it would mean keeping it, so
 *   any mutation could grow the table by megabytes per call for a day; refusing or rolling back
 *   a mutation that succeeded because of its answer's size would be worse. The client re-reads
 *   what it needs with a query, as after any lost response.
 * Calls outside any organisation (signUp, logIn, createOrganisation without X-Organisation) have
 * nowhere to keep a key and ignore the header; their natural keys (email, slug) refuse a repeat.
 *
 * Runs in `responseForOperation`, after the limits plugin authenticated the caller and charged the
 * organisation, so a refused or rate-limited request never claims a key.
 */
export function idempotencyPlugin(ttlHours: number, maxStoredBytes: number): ApolloServerPlugin<Context> {
  const lastPurge = new Map<string, number>();
  return {
    async requestDidStart() {
      return {
        async responseForOperation(requestContext) {
          const { contextValue: ctx, operation, request, document } = requestContext;
          const key = request.http?.headers.get('idempotency-key');
          if (operation?.operation !== 'mutation' || key === undefined) return null;
          const organisationId = ctx.auth.organisationId;
          const caller = callerOf(ctx.auth);
          if (!organisationId || !caller || ctx.auth.failure) return null;
          if (!isValidIdempotencyKey(key)) {
            return refusal(400, 'BAD_USER_INPUT', 'Idempotency-Key must be 1 to 255 printable ASCII characters', ctx.requestId);
          }
          const ref: KeyRef = { organisationId, caller, key };
          try {
            const claim = await claimKey(ctx.db, ref, requestHash(document, request.operationName, request.variables), ttlHours);
            switch (claim.kind) {
              case 'claimed': {
                const keepsSecret = operation.selectionSet.selections.some((s) => s.kind === Kind.FIELD && SECRET_BEARING.has(s.name.value));
                if (!keepsSecret)
                  ctx.db.beforeCommit(async () => {
                    const { body, http } = requestContext.response;
                    if (body?.kind !== 'single') return;
                    await saveResponse(ctx.db, ref, { status: http.status ?? 200, body: { ...body.singleResult } }, maxStoredBytes);
                  });
                const now = Date.now();
                if (now - (lastPurge.get(organisationId) ?? 0) > PURGE_INTERVAL_MS) {
                  lastPurge.set(organisationId, now);
                  await purgeExpiredKeys(ctx.db, organisationId, ttlHours);
                }
                return null;
              }
              case 'replay': {
                const headers = new HeaderMap([['idempotent-replayed', 'true']]);
                return { http: { status: claim.response.status, headers }, body: { kind: 'single', singleResult: claim.response.body } };
              }
              case 'mismatch':
                return refusal(422, 'BAD_USER_INPUT', 'This Idempotency-Key was already used with a different request; use a new key for a new request', ctx.requestId);
              case 'unavailable':
                return refusal(
                  409,
                  'CONFLICT',
                  claim.reason === 'TOO_LARGE'
                    ? 'This Idempotency-Key was already used, and that request succeeded; its response was too large to keep, so it cannot be replayed: query what you need instead'
                    : 'This Idempotency-Key was already used; its response is not kept (it carried a secret) and cannot be replayed',
                  ctx.requestId,
                );
              default: {
                const unreachable: never = claim;
                throw new Error(`Unknown claim ${JSON.stringify(unreachable)}`);
              }
            }
          } catch (error) {
            if (sqlState(error) === '55P03') {
              return refusal(409, 'CONFLICT', 'A request with this Idempotency-Key is still in progress; retry it later', ctx.requestId);
            }
            ctx.log.error({ err: error }, 'idempotency key failed');
            return refusal(500, 'INTERNAL_SERVER_ERROR', 'Internal server error', ctx.requestId);
          }
        },
      };
    },
  };
}
