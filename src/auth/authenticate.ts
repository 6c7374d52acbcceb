import type { DataSource } from 'typeorm';
import { ForbiddenError, UnauthenticatedError } from '../errors';
import { isUuid, parseGlobalId } from '../common/global-id';
import { RequestDb } from '../db/request-db';
import { uuidLiteral } from '../db/statement';
import { SLUG_PATTERN } from '../common/slug';
import type { Role } from './role';
import { apiKeySecretMatches, looksLikeApiKey, parseApiKeySecret } from './api-key-secret';
import type { Auth } from './principal';
import { verifyUserToken } from './tokens';

export interface Credentials {
  /** The Authorization header (or the WebSocket's `authorization` payload field). */
  authorization?: string | null;
  /** The X-Organisation header (or the WebSocket's `organisation` payload field): slug or id. */
  organisation?: string | null;
}

export interface Authenticated {
  auth: Auth;
  db: RequestDb;
}

const BAD_CREDENTIALS = 'Invalid or expired credentials';

/**
 * Every API-key request runs this, in the round trip that opens its transaction (so inline, with
 * validated UUIDs only), under the row-level security of the organisation the key names.
 */
const apiKeyLookup = (organisationId: string, apiKeyId: string) =>
  `SELECT name, role, secret_hash, revoked_at FROM api_keys WHERE organisation_id = ${uuidLiteral(organisationId)} AND id = ${uuidLiteral(apiKeyId)}`;

async function authenticateApiKey(dataSource: DataSource, token: string): Promise<Authenticated> {
  const parsed = parseApiKeySecret(token);
  if (!parsed) return { auth: { failure: new UnauthenticatedError(BAD_CREDENTIALS) }, db: new RequestDb(dataSource, {}) };
  const db = new RequestDb(dataSource, { organisationId: parsed.organisationId });
  const [row] = await db.openWith<{ name: string; role: Role; secret_hash: string; revoked_at: Date | null }>(apiKeyLookup(parsed.organisationId, parsed.apiKeyId));
  if (!row || row.revoked_at || !apiKeySecretMatches(parsed.secret, row.secret_hash)) {
    await db.finish(false);
    return { auth: { failure: new UnauthenticatedError(BAD_CREDENTIALS) }, db: new RequestDb(dataSource, {}) };
  }
  return {
    auth: { apiKey: { id: parsed.apiKeyId, name: row.name }, organisationId: parsed.organisationId, role: row.role },
    db,
  };
}

/**
 * True while the token's generation is its user's: signOutEverywhere (and, later, a password
 * reset) moves the generation on, ending every token issued before. Inline, for the round trip
 * that opens the transaction: a validated UUID and a safe integer (checked by verifyUserToken).
 */
const currentGeneration = (userId: string, generation: number) => `EXISTS (SELECT 1 FROM users WHERE id = ${uuidLiteral(userId)} AND token_generation = ${Math.trunc(generation)})`;

/** A user token whose generation has passed: refused like an expired one. */
async function signedOut(dataSource: DataSource, db: RequestDb): Promise<Authenticated> {
  await db.finish(false);
  return { auth: { failure: new UnauthenticatedError(BAD_CREDENTIALS) }, db: new RequestDb(dataSource, {}) };
}

/**
 * Resolves X-Organisation (slug, UUID or global id) to the caller's membership in it and, when
 * there is one (and the token is of the user's current generation), sets the transaction's
 * organisation to it: all in the round trip that opens the transaction (so inline: a UUID or a
 * slug, each checked against its pattern first).
 */
async function membershipFor(db: RequestDb, userId: string, organisation: string, generation: number) {
  const globalId = parseGlobalId(organisation);
  const id = isUuid(organisation) ? organisation : globalId?.type === 'Organisation' ? globalId.id : null;
  if (!id && !SLUG_PATTERN.test(organisation)) return undefined;
  const [row] = await db.openWith<{ organisation_id: string; id: string; role: Role }>(
    `SELECT m.organisation_id, m.id, m.role, set_config('app.organisation_id', m.organisation_id::text, true)
       FROM memberships m JOIN organisations o ON o.id = m.organisation_id
      WHERE m.user_id = ${uuidLiteral(userId)} AND ${id ? `o.id = ${uuidLiteral(id)}` : `o.slug = '${organisation}'`}
        AND ${currentGeneration(userId, generation)}`,
  );
  if (row) db.scopedTo(row.organisation_id);
  return row;
}

/**
 * Establishes who calls and for which organisation, and opens the request's database scope to
 * match. Never throws for bad credentials: the failure is kept on `auth` and raised by the auth
 * checker when an operation needs it.
 */
export async function authenticate(dataSource: DataSource, secret: Uint8Array, credentials: Credentials): Promise<Authenticated> {
  const header = credentials.authorization?.trim();
  if (!header) return { auth: {}, db: new RequestDb(dataSource, {}) };
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  const token = match?.[1];
  if (!token) return { auth: { failure: new UnauthenticatedError(BAD_CREDENTIALS) }, db: new RequestDb(dataSource, {}) };
  if (looksLikeApiKey(token)) return authenticateApiKey(dataSource, token);

  const verified = await verifyUserToken(secret, token);
  if (!verified) return { auth: { failure: new UnauthenticatedError(BAD_CREDENTIALS) }, db: new RequestDb(dataSource, {}) };
  const auth: Auth = { userId: verified.userId, expiresAt: verified.expiresAt };
  const db = new RequestDb(dataSource, { userId: verified.userId });
  const organisation = credentials.organisation?.trim();
  if (!organisation) {
    const [row] = await db.openWith<{ current: boolean }>(`SELECT ${currentGeneration(verified.userId, verified.generation)} AS current`);
    return row?.current ? { auth, db } : signedOut(dataSource, db);
  }
  const membership = organisation.length <= 200 ? await membershipFor(db, verified.userId, organisation, verified.generation) : undefined;
  if (!membership) {
    // No membership, or a token signed out: only this failure pays a second look.
    const [row] = await db.query<{ current: boolean }>('check the token generation', `SELECT ${currentGeneration(verified.userId, verified.generation)} AS current`);
    if (!row?.current) return signedOut(dataSource, db);
    return { auth: { ...auth, failure: new ForbiddenError('You are not a member of that organisation') }, db };
  }
  return { auth: { ...auth, organisationId: membership.organisation_id, role: membership.role, membershipId: membership.id }, db };
}
