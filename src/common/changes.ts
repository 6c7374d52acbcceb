import { ConflictError } from '../errors';

/** One changed field: the value it had and the value it was given. */
export interface FieldChange {
  from: unknown;
  to: unknown;
}

/**
 * The fields of `patch` whose value differs (`!==`) from the one in `before`, with both values, in
 * the order of `patch`: what an update's activity event records. Empty when the patch changes
 * nothing.
 */
export function changedFields<T extends object>(before: T, patch: Partial<T>): Partial<Record<keyof T, FieldChange>> {
  const changes: Partial<Record<keyof T, FieldChange>> = {};
  for (const key of Object.keys(patch) as (keyof T)[]) {
    if (before[key] !== patch[key]) changes[key] = { from: before[key], to: patch[key] };
  }
  return changes;
}

/** The CONFLICT of an optimistic-concurrency write: the row is at `current`, not at `expected`. */
export function staleVersionError(current: number, expected: number): ConflictError {
  return new ConflictError(`Someone else changed this first: it is at version ${current}, not ${expected}`);
}
