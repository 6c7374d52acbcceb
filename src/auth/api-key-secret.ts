import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { isUuid } from '../common/global-id';

const PREFIX = 'phk';

export interface ParsedApiKeySecret {
  organisationId: string;
  apiKeyId: string;
  secret: string;
}

const compact = (uuid: string) => uuid.replaceAll('-', '');
const expand = (hex: string) => `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;

/**
 * An API key secret: `phk_<organisation>_<key id>_<256 random bits>`. Carrying the organisation and
 * key id lets the server look the key up under that organisation's row-level security, with no
 * cross-tenant search; only the SHA-256 of the random part is stored (it has full entropy, so a
 * slow hash adds nothing).
 */
export function newApiKeySecret(organisationId: string, apiKeyId: string): { secret: string; hash: string } {
  const random = randomBytes(32).toString('hex');
  return { secret: `${PREFIX}_${compact(organisationId)}_${compact(apiKeyId)}_${random}`, hash: hashApiKeySecret(random) };
}

export function hashApiKeySecret(random: string): string {
  return createHash('sha256').update(random).digest('base64url');
}

export function looksLikeApiKey(token: string): boolean {
  return token.startsWith(`${PREFIX}_`);
}

export function parseApiKeySecret(token: string): ParsedApiKeySecret | null {
  const [prefix, org, key, secret, ...rest] = token.split('_');
  if (prefix !== PREFIX || !org || !key || !secret || rest.length > 0) return null;
  const organisationId = expand(org);
  const apiKeyId = expand(key);
  if (!isUuid(organisationId) || !isUuid(apiKeyId)) return null;
  return { organisationId, apiKeyId, secret };
}

/** Constant-time comparison of a presented secret with the stored hash. */
export function apiKeySecretMatches(secret: string, storedHash: string): boolean {
  const presented = Buffer.from(hashApiKeySecret(secret));
  const stored = Buffer.from(storedHash);
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}
