import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Signing secrets. The server signs every delivery, so it must be able to read the secret: a hash
 * (as API keys keep) will not do. It is kept encrypted with AES-256-GCM under a key derived from
 * AUTH_SECRET (HKDF-SHA256), bound to its organisation and endpoint (the GCM additional data), so
 * a copy of the database alone (a backup, a replica, a leaked dump) does not give away the
 * secrets, and a ciphertext moved to another endpoint does not decrypt. Changing AUTH_SECRET
 * leaves existing secrets unreadable: their deliveries fail with that error until an admin
 * rotates the secret.
 */

const PREFIX = 'whsec_';
const VERSION = 'v1';
const keys = new Map<string, Buffer>();

function keyOf(authSecret: string): Buffer {
  let key = keys.get(authSecret);
  if (!key) {
    key = Buffer.from(hkdfSync('sha256', authSecret, 'partnership-hub', 'webhook signing secrets', 32));
    keys.set(authSecret, key);
  }
  return key;
}

const boundTo = (organisationId: string, endpointId: string) => Buffer.from(`${organisationId}:${endpointId}`);

/** A new signing secret: `whsec_` and 256 random bits, base64url. */
export function newWebhookSecret(): string {
  return PREFIX + randomBytes(32).toString('base64url');
}

/** `secret` encrypted for storing on endpoint `endpointId` of `organisationId`. */
export function sealWebhookSecret(authSecret: string, organisationId: string, endpointId: string, secret: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyOf(authSecret), iv);
  cipher.setAAD(boundTo(organisationId, endpointId));
  const sealed = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return [VERSION, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), sealed.toString('base64url')].join('.');
}

/** The secret {@link sealWebhookSecret} sealed; throws when it cannot be read (another AUTH_SECRET, another endpoint's ciphertext). */
export function openWebhookSecret(authSecret: string, organisationId: string, endpointId: string, stored: string): string {
  const [version, iv, tag, sealed] = stored.split('.');
  if (version !== VERSION || !iv || !tag || !sealed) throw new Error('The signing secret is stored in an unknown form');
  const decipher = createDecipheriv('aes-256-gcm', keyOf(authSecret), Buffer.from(iv, 'base64url'));
  decipher.setAAD(boundTo(organisationId, endpointId));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(sealed, 'base64url')), decipher.final()]).toString('utf8');
}
