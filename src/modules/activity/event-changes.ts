import type { FieldChange } from './field-change.type';

/**
 * Fields whose values never leave the server, whatever an event recorded: a defence in depth
 * (services record changes of their own fields, none of them secret).
 */
const SECRET = /password|secret|token|hash/i;

/** A recorded value as clients see it: text, null for null. */
function asText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/**
 * The changes an event's data records, in either of the shapes services write: a map of field to
 * `{ from, to }` (`changedFields` in src/common/changes.ts; fields by name), or a list of
 * `{ field, from, to }` (in its order).
 */
export function eventChanges(data: Record<string, unknown>): FieldChange[] {
  const recorded = data.changes;
  const entries: [string, unknown, unknown][] = Array.isArray(recorded)
    ? recorded
        .filter((change): change is { field: string; from?: unknown; to?: unknown } => typeof change?.field === 'string')
        .map((change) => [change.field, change.from, change.to])
    : recorded && typeof recorded === 'object'
      ? Object.entries(recorded as Record<string, { from?: unknown; to?: unknown } | null>)
          // jsonb keeps an object's keys shortest first: by name reads better, and stays stable.
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
          .map(([field, change]) => [field, change?.from, change?.to])
      : [];
  return entries.filter(([field]) => !SECRET.test(field)).map(([field, from, to]) => ({ field, from: asText(from), to: asText(to) }));
}
