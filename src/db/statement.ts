import { createHash } from 'node:crypto';
import { isUuid } from '../common/global-id';

/**
 * A statement PostgreSQL parses and plans once per connection and then reuses by `name` (pg's
 * named statements): for the hot read paths. One name, one text, always (see {@link statement}).
 */
export interface NamedStatement {
  readonly name: string;
  readonly text: string;
}

/** A {@link NamedStatement} named after its own text, so two texts can never share a name. */
export function statement(text: string): NamedStatement {
  return { name: `s_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`, text };
}

/**
 * A UUID as an SQL literal, for the few statements that must travel in the simple protocol (which
 * takes no parameters): only ever a canonical UUID, or '' for "none".
 */
export function uuidLiteral(value: string | undefined): string {
  if (!value) return "''";
  if (!isUuid(value)) throw new Error('Refusing a non-UUID value in inline SQL');
  return `'${value}'`;
}
