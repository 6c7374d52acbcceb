import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { isUuid } from '../common/global-id';

/*
 * Tokens that travel in links: invitations and password resets (mailed, single use), and
 * feedback links (shared with service users, valid until closed). The
 * random part has 256 bits, so its SHA-256 is all that is stored (a slow hash adds nothing to a
 * secret nobody can guess); a prefix says what a token is, for people and for secret scanners.
 */

const compact = (uuid: string) => uuid.replaceAll('-', '');
const expand = (hex: string) => `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
const RANDOM = /^[0-9a-f]{64}$/;

/** The stored form of a token's random part. */
export function hashLinkSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('base64url');
}

/** Constant-time comparison of a presented random part with a stored hash. */
export function linkSecretMatches(secret: string, storedHash: string): boolean {
  const presented = Buffer.from(hashLinkSecret(secret));
  const stored = Buffer.from(storedHash);
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}

/** `<prefix>_<organisation>_<row>_<256 random bits>`, and the hash of the random part to store. */
function newScopedToken(prefix: string, organisationId: string, rowId: string): { token: string; hash: string } {
  const secret = randomBytes(32).toString('hex');
  return { token: `${prefix}_${compact(organisationId)}_${compact(rowId)}_${secret}`, hash: hashLinkSecret(secret) };
}

/** The parts of a token made by newScopedToken with `prefix`; null for anything malformed. */
function parseScopedToken(prefix: string, token: string): { organisationId: string; rowId: string; secret: string } | null {
  const [given, organisation, row, secret, ...rest] = token.trim().split('_');
  if (given !== prefix || !organisation || !row || !secret || rest.length > 0 || !RANDOM.test(secret)) return null;
  const organisationId = expand(organisation);
  const rowId = expand(row);
  if (!isUuid(organisationId) || !isUuid(rowId)) return null;
  return { organisationId, rowId, secret };
}

/**
 * An invitation's token: `phi_<organisation>_<invitation>_<256 random bits>`. Naming the
 * organisation and the invitation lets acceptance read the one row under that organisation's
 * row-level security, as an API key's secret does; only the hash of the random part is stored.
 */
export function newInvitationToken(organisationId: string, invitationId: string): { token: string; hash: string } {
  return newScopedToken('phi', organisationId, invitationId);
}

/** The parts of an invitation token; null for anything malformed. */
export function parseInvitationToken(token: string): { organisationId: string; invitationId: string; secret: string } | null {
  const parts = parseScopedToken('phi', token);
  return parts && { organisationId: parts.organisationId, invitationId: parts.rowId, secret: parts.secret };
}

/**
 * A feedback link's token: `phf_<organisation>_<link>_<256 random bits>`, read as an invitation's
 * is. Unlike an invitation's it is not single use: it stays valid until the link is closed.
 */
export function newFeedbackToken(organisationId: string, linkId: string): { token: string; hash: string } {
  return newScopedToken('phf', organisationId, linkId);
}

/** The parts of a feedback link's token; null for anything malformed. */
export function parseFeedbackToken(token: string): { organisationId: string; linkId: string; secret: string } | null {
  const parts = parseScopedToken('phf', token);
  return parts && { organisationId: parts.organisationId, linkId: parts.rowId, secret: parts.secret };
}

/**
 * A password-reset token: `phr_<256 random bits>`. Users belong to no organisation: the account is
 * found by the token's hash itself (users.password_reset_hash, through the named_by_reset_token
 * policy), so the token names nothing else.
 */
export function newPasswordResetToken(): { token: string; hash: string } {
  const secret = randomBytes(32).toString('hex');
  return { token: `phr_${secret}`, hash: hashLinkSecret(secret) };
}

/** The stored hash a password-reset token is looked up by; null for anything malformed. */
export function passwordResetHash(token: string): string | null {
  const [prefix, secret, ...rest] = token.trim().split('_');
  if (prefix !== 'phr' || !secret || rest.length > 0 || !RANDOM.test(secret)) return null;
  return hashLinkSecret(secret);
}
