import { parseGlobalId, toGlobalId } from '../../src/common/global-id';

/** A well-formed UUID that no row has. */
export const MISSING_UUID = '00000000-0000-4000-8000-000000000000';

/**
 * The UUID inside a global id, for white-box SQL checks. Throws (failing the test) when `globalId`
 * is not a global id at all, rather than letting a comparison run against `undefined`.
 */
export function uuidOf(globalId: string): string {
  const parsed = parseGlobalId(globalId);
  if (!parsed) throw new Error(`Not a global id: ${globalId}`);
  return parsed.id;
}

/** A well-formed global id of `type` that names no row: what an unknown id looks like. */
export function missingId(type: string): string {
  return toGlobalId(type, MISSING_UUID);
}
