import type { EntityMetadata } from 'typeorm';
import { columnOf } from '../db/entity-read';

/** A filter value meaning "less than": `{ dueDate: before('2026-01-05') }` is `due_date < $n` (never null). */
export class Before<V> {
  constructor(readonly value: V) {}
}

/** `column < value`, for a {@link Where} (e.g. what is past a due date). */
export function before<V>(value: V): Before<V> {
  return new Before(value);
}

/** A filter value meaning "has one": `{ archivedAt: present() }` is `archived_at IS NOT NULL`. */
export class Present {}

const PRESENT = new Present();

/** `column IS NOT NULL`, for a {@link Where} (e.g. what was archived). */
export function present(): Present {
  return PRESENT;
}

/**
 * Filters on an entity's properties: a value means `=`, an array `= ANY(...)` (an empty one
 * matches nothing), null `IS NULL`, {@link present} `IS NOT NULL`, {@link before} `<`. Never the organisation: a tenant read is
 * scoped to the request's, and a filter cannot name another.
 */
export type Where<T> = {
  readonly [K in Exclude<keyof T & string, 'organisationId'>]?: T[K] | readonly NonNullable<T[K]>[] | Before<NonNullable<T[K]>> | (null extends T[K] ? Present : never);
};

/** A filter as SQL conditions over numbered parameters. */
export interface Conditions {
  /** `column = $n` and the like, to be joined with AND. */
  readonly sql: readonly string[];
  /** Names the conditions without their values: equal shapes, equal SQL (for naming statements). */
  readonly shape: string;
}

/**
 * The conditions of `where` on `metadata`'s columns, each value appended to `values` (so `$n`
 * continues their numbering). `undefined` is refused rather than dropped: a dropped condition
 * would widen the read, as TypeORM's would (see `invalidWhereValuesBehavior` in the house style).
 */
export function conditionsOf(metadata: EntityMetadata, where: object, values: unknown[]): Conditions {
  const sql: string[] = [];
  const shape: string[] = [];
  for (const [property, value] of Object.entries(where)) {
    if (property === 'organisationId') throw new Error("A read is scoped to the request's organisation; do not filter by one");
    if (value === undefined) throw new Error(`${metadata.name} read with ${property} undefined`);
    const column = columnOf(metadata, property);
    if (value === null) {
      sql.push(`${column} IS NULL`);
      shape.push(`${property} null`);
    } else if (value instanceof Present) {
      sql.push(`${column} IS NOT NULL`);
      shape.push(`${property} present`);
    } else if (value instanceof Before) {
      if (value.value === undefined || value.value === null) throw new Error(`${metadata.name} read with ${property} before nothing`);
      sql.push(`${column} < $${values.push(value.value)}`);
      shape.push(`${property} <`);
    } else if (Array.isArray(value)) {
      sql.push(`${column} = ANY($${values.push([...value])})`);
      shape.push(`${property} any`);
    } else {
      sql.push(`${column} = $${values.push(value)}`);
      shape.push(`${property} =`);
    }
  }
  return { sql, shape: shape.join(',') };
}
