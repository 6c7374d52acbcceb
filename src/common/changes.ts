import { ConflictError } from '../errors';
import { toGlobalId } from './global-id';

/** One changed field: the value it had and the value it was given. */
export interface FieldChange {
  from: unknown;
  to: unknown;
}

/**
 * The fields of `patch` whose value differs (`!==`) from the one in `before`, with both values, in
 * the order of `patch`: what an update's activity event records (`data.changes`, read back as
 * ActivityEvent.changes). Empty when the patch changes nothing. `ids` names the node type of
 * fields holding another row's UUID, recorded as global ids, as the API shows them everywhere.
 */
export function changedFields<T extends object>(before: T, patch: Partial<T>, ids: Partial<Record<keyof T, string>> = {}): Partial<Record<keyof T, FieldChange>> {
  const changes: Partial<Record<keyof T, FieldChange>> = {};
  const shown = (key: keyof T, value: unknown) => (typeof value === 'string' && ids[key] ? toGlobalId(ids[key], value) : value);
  for (const key of Object.keys(patch) as (keyof T)[]) {
    if (before[key] !== patch[key]) changes[key] = { from: shown(key, before[key]), to: shown(key, patch[key]) };
  }
  return changes;
}

/**
 * A change of a set of rows (UUIDs of `type`), recorded as sorted global ids; undefined when the
 * set is the same (order aside).
 */
export function changedSet(type: string, from: readonly string[], to: readonly string[]): FieldChange | undefined {
  const sorted = (ids: readonly string[]) => [...new Set(ids)].sort().map((id) => toGlobalId(type, id));
  const [before, after] = [sorted(from), sorted(to)];
  return before.join() === after.join() ? undefined : { from: before, to: after };
}

/** The CONFLICT of an optimistic-concurrency write: the row is at `current`, not at `expected`. */
export function staleVersionError(current: number, expected: number): ConflictError {
  return new ConflictError(`Someone else changed this first: it is at version ${current}, not ${expected}`);
}
