import { NotFoundError } from '../errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** True for a canonical lowercase UUID, the only form ids take inside the service. */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/** Opaque global id of a node: base64url("Type:uuid"). */
export function toGlobalId(type: string, id: string): string {
  return Buffer.from(`${type}:${id}`, 'utf8').toString('base64url');
}

/** Decodes a global id, or returns null when it is not one of ours. */
export function parseGlobalId(globalId: string): { type: string; id: string } | null {
  if (globalId.length > 200) return null;
  const decoded = Buffer.from(globalId, 'base64url').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) return null;
  const type = decoded.slice(0, colon);
  const id = decoded.slice(colon + 1);
  return isUuid(id) ? { type, id } : null;
}

/**
 * The UUID behind a global id of the expected type, or null. A lookup turns null into a null
 * result; a mutation into NOT_FOUND: a malformed id and a foreign id look the same to the client.
 */
export function idOf(type: string, globalId: string): string | null {
  const parsed = parseGlobalId(globalId);
  return parsed && parsed.type === type ? parsed.id : null;
}

/** Like {@link idOf} for mutations: an id that cannot be ours is NOT_FOUND, like a foreign one. */
export function requireIdOf(type: string, globalId: string): string {
  const id = idOf(type, globalId);
  if (!id) throw new NotFoundError(type);
  return id;
}
