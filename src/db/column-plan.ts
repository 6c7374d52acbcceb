import type { EntityMetadata } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';

/**
 * Which of each entity's on-demand columns a query operation reads: an entity the plan names gets
 * its always-read columns plus these; an entity it does not name is read whole. Mutations and
 * subscriptions have no plan.
 */
export type ColumnPlan = ReadonlyMap<Function, ReadonlySet<string>>;

type EntityClass = Function;

/**
 * On-demand columns are the wide ones few views show: timestamps, free text (nullable text) and
 * the organisation id of tenant rows.
 * Keys, numbers, dates, enums and required text (names, titles, statuses) are small, and code that
 * decides things reads them: they are always read. A dashboard of 300 stages then reads ~60 % less
 * JSON and builds no Date it does not show (bench/results/levers.md).
 */
export function isOnDemand(column: ColumnMetadata): boolean {
  // Every read is already scoped to the request's organisation, which no GraphQL field shows: the
  // column would be 36 bytes on every row for nothing.
  if (column.isPrimary) return column.propertyName === 'organisationId';
  if (column.relationMetadata) return false;
  const type = String(column.type);
  return type === 'timestamptz' || type === 'timestamp with time zone' || (type === 'text' && column.isNullable);
}

/** What a field reads beyond the column of its own name: `entity` columns by property. */
export interface Reads {
  readonly entity: () => EntityClass;
  readonly properties: readonly string[];
}

/** By class and member (a field resolver's method, an entity getter): what it reads. */
const readsByMember = new Map<Function, Map<string, Reads[]>>();

/**
 * Declares the on-demand columns a field resolver or a getter field reads (of its own entity or
 * another's), e.g. `@Reads(() => Stage, 'completedAt')` on a resolver that inspects stage rows.
 * A field resolver or getter without it makes its type's entity be read whole; with it (even
 * empty, `@Reads()`), only what it names. Missing a column is loud, not wrong: an entity read
 * without a column throws when that property is read (see `entityRead`).
 */
export function Reads(entity?: () => EntityClass, ...properties: string[]): MethodDecorator & PropertyDecorator {
  return (target: object, member: string | symbol) => {
    const owner = target.constructor;
    let byMember = readsByMember.get(owner);
    if (!byMember) readsByMember.set(owner, (byMember = new Map()));
    const list = byMember.get(String(member)) ?? [];
    if (entity) list.push({ entity, properties });
    byMember.set(String(member), list);
  };
}

/** What `member` of `owner` (or of a class it extends) declared with {@link Reads}; undefined when it declared nothing. */
export function declaredReads(owner: Function, member: string): Reads[] | undefined {
  for (let current: Function | null = owner; current && current !== Object; current = Object.getPrototypeOf(current) as Function | null) {
    const found = readsByMember.get(current)?.get(member);
    if (found) return found;
  }
  return undefined;
}

/** The on-demand columns of an entity, by property name. */
const onDemandOf = new WeakMap<EntityMetadata, readonly string[]>();

export function onDemandProperties(metadata: EntityMetadata): readonly string[] {
  let found = onDemandOf.get(metadata);
  if (!found) onDemandOf.set(metadata, (found = metadata.columns.filter((column) => column.isSelect && isOnDemand(column)).map((column) => column.propertyName)));
  return found;
}
