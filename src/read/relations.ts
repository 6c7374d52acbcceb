/**
 * Relations between entities, declared once by the feature that owns them, e.g.
 *
 *   export const projectStages = hasMany(Project, 'stages', Stage, 'projectId', { order: { position: 'ASC', id: 'ASC' } });
 *
 * From a declaration the read layer derives everything else: the per-request loader that batches
 * the relation, the read-ahead of a page's next levels in the page's own round trip, the priming
 * of the loaders below, and (unless `field: false`) the GraphQL field itself (relation-fields.ts).
 * Features ask for data (`ctx.read.load(projectStages, project, info)`); how it is batched is
 * the read layer's business.
 */

/** An entity or GraphQL object class. */
export type Class<T> = abstract new (...args: any[]) => T;

export type Direction = 'ASC' | 'DESC';
export type Order<T> = { readonly [K in keyof T & string]?: Direction };

/** How a relation appears in the schema, when the declaration makes its field. */
export interface RelationField {
  readonly description?: string;
  /** The GraphQL type of the field's items, when it is not the target class (rows shown as another type). */
  readonly as?: () => Function;
}

interface Shared<In, Out> {
  /** `Source.field`, for statements' names and error messages. */
  readonly name: string;
  /** The GraphQL object type (by its class) that has the field. */
  readonly source: Function;
  readonly field: string;
  /** The entity read. */
  readonly target: Function;
  /** The generated GraphQL field, or false when the feature writes the field itself. */
  readonly expose: RelationField | false;
  /** Type-level only: what a load takes and gives. */
  readonly types?: { readonly source: In; readonly result: Out };
}

/** Rows of `target` whose `key` is the source's id, in `order`. */
/** Rows a list leaves out: those where any of these properties is set (e.g. `archivedAt`). */
export type Unless = readonly string[];

export interface HasMany<T = unknown> extends Shared<{ id: string }, T[]> {
  readonly kind: 'hasMany';
  readonly key: string;
  readonly order: Order<unknown>;
  readonly unless: Unless;
  /** The most rows one source can have (writes refuse more): what a query is priced at (src/limits/query-cost.ts). */
  readonly cap: number;
}

/** Rows of `target` that a link table's rows point to from the source (`from` = source id, `to` = target id), in `order`. */
export interface Through<T = unknown> extends Shared<{ id: string }, T[]> {
  readonly kind: 'through';
  readonly link: Function;
  readonly from: string;
  readonly to: string;
  readonly order: Order<unknown>;
  readonly unless: Unless;
  /** As {@link HasMany.cap}. */
  readonly cap: number;
}

/** The row of `target` whose id is the source's `key`; null when `key` is null. `required`: never null. */
export interface BelongsTo<In = unknown, Out = unknown> extends Shared<In, Out> {
  readonly kind: 'belongsTo';
  readonly key: string;
  readonly required: boolean;
}

export type Relation = HasMany<any> | Through<any> | BelongsTo<any, any>;

/** A relation's source shape and result, for typing loads. */
export type SourceOf<R extends Relation> = NonNullable<R['types']>['source'];
export type ResultOf<R extends Relation> = NonNullable<R['types']>['result'];

/** Declared relations by the GraphQL type name of their source, then field. */
const byType = new Map<string, Map<string, Relation>>();
const all: Relation[] = [];

function declare<R extends Relation>(relation: R): R {
  const typeName = relation.source.name;
  let fields = byType.get(typeName);
  if (!fields) byType.set(typeName, (fields = new Map()));
  if (fields.has(relation.field)) throw new Error(`${relation.name} is declared twice`);
  fields.set(relation.field, relation);
  all.push(relation);
  return relation;
}

interface Common {
  /** The generated field's schema (default: a field with no description), or false to write the field by hand. */
  readonly field?: RelationField | false;
}

export function hasMany<S extends { id: string }, T>(
  source: Class<S>,
  field: string,
  target: Class<T>,
  key: keyof T & string,
  options: Common & { order: Order<T>; cap: number; unless?: readonly (keyof T & string)[] },
): HasMany<T> {
  return declare({
    kind: 'hasMany',
    name: `${source.name}.${field}`,
    source,
    field,
    target,
    key,
    order: options.order,
    unless: options.unless ?? [],
    cap: options.cap,
    expose: options.field ?? {},
  });
}

export function through<S extends { id: string }, L, T>(
  source: Class<S>,
  field: string,
  link: Class<L>,
  from: keyof L & string,
  to: keyof L & string,
  target: Class<T>,
  options: Common & { order: Order<T>; cap: number; unless?: readonly (keyof T & string)[] },
): Through<T> {
  return declare({
    kind: 'through',
    name: `${source.name}.${field}`,
    source,
    field,
    target,
    link,
    from,
    to,
    order: options.order,
    unless: options.unless ?? [],
    cap: options.cap,
    expose: options.field ?? {},
  });
}

export function belongsTo<S, K extends keyof S & string, T, Required extends boolean = false>(
  source: Class<S>,
  field: string,
  target: Class<T>,
  key: K,
  options: Common & { required?: Required } = {},
): BelongsTo<Pick<S, K>, Required extends true ? T : T | null> {
  return declare({
    kind: 'belongsTo',
    name: `${source.name}.${field}`,
    source,
    field,
    target,
    key,
    required: options.required ?? false,
    expose: options.field ?? {},
  });
}

/** The relations declared on a GraphQL object type, by field name. */
export function relationsOf(typeName: string): ReadonlyMap<string, Relation> | undefined {
  return byType.get(typeName);
}

/** Every declared relation, in declaration order. */
export function declaredRelations(): readonly Relation[] {
  return all;
}
