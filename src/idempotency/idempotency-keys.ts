import { createHash } from 'node:crypto';
import { print, type DocumentNode } from 'graphql';
import type { RequestDb } from '../db/request-db';

/** Stripe's limit; printable ASCII only, so a key is safe to log and compare. */
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

/** True for a usable Idempotency-Key header value. */
export function isValidIdempotencyKey(key: string): boolean {
  return KEY_PATTERN.test(key);
}

/** Who a key belongs to inside its organisation: the user, or the API key, that sent it. */
export function callerOf(auth: { userId?: string; apiKey?: { id: string } }): string | null {
  if (auth.apiKey) return `api-key:${auth.apiKey.id}`;
  if (auth.userId) return `user:${auth.userId}`;
  return null;
}

/** JSON with object keys sorted, so `{a, b}` and `{b, a}` hash alike. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * What makes two requests "the same" for a key: the operation (printed, so layout and comments do
 * not count), the operation name and the variables.
 */
export function requestHash(document: DocumentNode, operationName: string | null | undefined, variables: Record<string, unknown> | undefined): string {
  return createHash('sha256')
    .update(canonical([print(document), operationName ?? null, variables ?? {}]))
    .digest('base64url');
}

/** A stored first response: its HTTP status and GraphQL body. */
export interface StoredResponse {
  status: number;
  body: Record<string, unknown>;
}

/**
 * What is stored instead of a first response larger than IDEMPOTENCY_MAX_STORED_BYTES: that it
 * succeeded (committed) and how large it was, not what it said.
 */
export interface OmittedResponse {
  omitted: 'TOO_LARGE';
  bytes: number;
}

/** Why a committed key's response cannot be replayed. */
export type Unavailable = 'SECRET' | 'TOO_LARGE';

export type Claim =
  /** The key is new (or expired): this request runs, and must {@link saveResponse} before commit. */
  | { kind: 'claimed' }
  /** The key ran before with this request: answer with its response. */
  | { kind: 'replay'; response: StoredResponse }
  /** The key ran before with a different request. */
  | { kind: 'mismatch' }
  /** The key's first request committed, but its response was not kept: it carried a secret, or was too large. */
  | { kind: 'unavailable'; reason: Unavailable };

/** A key's identity: it belongs to one caller in one organisation. */
export interface KeyRef {
  organisationId: string;
  caller: string;
  key: string;
}

/**
 * Claims `key` inside the request transaction. The INSERT comes first so the primary key
 * serialises duplicates: a second request with the same key waits (up to lock_timeout) until the
 * first commits, then replays its response; if the first rolled back, the second runs instead.
 * Keys older than `ttlHours` are treated as new.
 */
export async function claimKey(db: RequestDb, ref: KeyRef, hash: string, ttlHours: number): Promise<Claim> {
  const inserted = await db.query(
    'claim the idempotency key',
    `INSERT INTO idempotency_keys (organisation_id, caller, key, request_hash)
     VALUES ($1, $2, $3, $4)
     ON CONFLICT (organisation_id, caller, key) DO UPDATE
       SET request_hash = EXCLUDED.request_hash, response = NULL, created_at = now()
       WHERE idempotency_keys.created_at < now() - make_interval(hours => $5)
     RETURNING 1`,
    [ref.organisationId, ref.caller, ref.key, hash, ttlHours],
  );
  if (inserted.length > 0) return { kind: 'claimed' };
  const [row] = await db.query<{ request_hash: string; response: StoredResponse | OmittedResponse | null }>(
    'read the claimed idempotency key',
    'SELECT request_hash, response FROM idempotency_keys WHERE organisation_id = $1 AND caller = $2 AND key = $3',
    [ref.organisationId, ref.caller, ref.key],
  );
  if (!row) return { kind: 'unavailable', reason: 'SECRET' };
  if (row.request_hash !== hash) return { kind: 'mismatch' };
  if (!row.response) return { kind: 'unavailable', reason: 'SECRET' };
  if ('omitted' in row.response) return { kind: 'unavailable', reason: 'TOO_LARGE' };
  return { kind: 'replay', response: row.response };
}

/**
 * Stores the first response of a claimed key, in the same transaction as the mutation; one whose
 * JSON is over `maxBytes` is stored as an {@link OmittedResponse} marker instead (a few dozen
 * bytes), so what a key keeps for its 24 hours or more is bounded whatever the mutation returns.
 */
export async function saveResponse(db: RequestDb, ref: KeyRef, response: StoredResponse, maxBytes: number): Promise<void> {
  let json = JSON.stringify(response);
  const bytes = Buffer.byteLength(json);
  if (bytes > maxBytes) json = JSON.stringify({ omitted: 'TOO_LARGE', bytes } satisfies OmittedResponse);
  await db.query('save the idempotent response', 'UPDATE idempotency_keys SET response = $4 WHERE organisation_id = $1 AND caller = $2 AND key = $3', [
    ref.organisationId,
    ref.caller,
    ref.key,
    json,
  ]);
}

/**
 * Deletes up to 1000 of the organisation's expired keys, skipping rows another transaction holds,
 * so it never waits and never deadlocks.
 */
export async function purgeExpiredKeys(db: RequestDb, organisationId: string, ttlHours: number): Promise<void> {
  await db.query(
    'purge expired idempotency keys',
    `DELETE FROM idempotency_keys WHERE ctid IN (
       SELECT ctid FROM idempotency_keys
        WHERE organisation_id = $1 AND created_at < now() - make_interval(hours => $2)
        LIMIT 1000 FOR UPDATE SKIP LOCKED)`,
    [organisationId, ttlHours],
  );
}
