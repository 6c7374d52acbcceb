import { getNamedType, isAbstractType, isObjectType, TypeInfo, visit, visitWithTypeInfo, type DocumentNode, type GraphQLSchema } from 'graphql';
import { getMetadataStorage } from 'type-graphql';
import type { DataSource, EntityMetadata } from 'typeorm';
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
interface Reads {
  readonly entity: () => EntityClass;
  readonly properties: readonly string[];
}

/** By class and member (a field resolver's method, an entity getter): what it reads. */
const declaredReads = new Map<Function, Map<string, Reads[]>>();

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
    let byMember = declaredReads.get(owner);
    if (!byMember) declaredReads.set(owner, (byMember = new Map()));
    const list = byMember.get(String(member)) ?? [];
    if (entity) list.push({ entity, properties });
    byMember.set(String(member), list);
  };
}

function declared(owner: Function, member: string): Reads[] | undefined {
  for (let current: Function | null = owner; current && current !== Object; current = Object.getPrototypeOf(current) as Function | null) {
    const found = declaredReads.get(current)?.get(member);
    if (found) return found;
  }
  return undefined;
}

/** What selecting one field needs: one column of its entity, declared reads, or the entity whole. */
type FieldNeed = { kind: 'column'; property: string } | { kind: 'reads'; reads: Reads[] } | { kind: 'whole' };

interface TypeNeeds {
  entity: EntityClass;
  fields: Map<string, FieldNeed>;
}

/** Per GraphQL object type backed by an entity, what each of its fields needs; built once per schema. */
function fieldNeeds(schema: GraphQLSchema, dataSource: DataSource): Map<string, TypeNeeds> {
  const storage = getMetadataStorage();
  const byType = new Map<string, TypeNeeds>();
  for (const objectType of storage.objectTypes) {
    const entity = objectType.target;
    const graphqlType = schema.getType(objectType.name);
    if (!isObjectType(graphqlType) || !dataSource.hasMetadata(entity)) continue;
    const metadata = dataSource.getMetadata(entity);
    const fields = new Map<string, FieldNeed>();
    const fieldMetadata = [...storage.fields, ...storage.fieldResolvers];
    for (const schemaName of Object.keys(graphqlType.getFields())) {
      const resolver = storage.fieldResolvers.find((candidate) => candidate.schemaName === schemaName && candidate.getObjectType?.() === entity && candidate.kind === 'external');
      if (resolver) {
        const reads = declared(resolver.target, resolver.methodName);
        fields.set(schemaName, reads ? { kind: 'reads', reads } : { kind: 'whole' });
        continue;
      }
      // The @Field on the entity (or a class it extends, or the interface it implements).
      const field = fieldMetadata.find((candidate) => candidate.schemaName === schemaName && (candidate.target === entity || entity.prototype instanceof candidate.target));
      const property = field && 'name' in field ? field.name : schemaName;
      const column = metadata.findColumnWithPropertyName(property);
      if (column) {
        fields.set(schemaName, { kind: 'column', property });
        continue;
      }
      const reads = declared(entity, property);
      fields.set(schemaName, reads ? { kind: 'reads', reads } : { kind: 'whole' });
    }
    byType.set(objectType.name, { entity, fields });
  }
  return byType;
}

/**
 * The column plan of one query operation (fragments included; every field in the document counts,
 * so a plan can only read more than needed, never less).
 */
export function planColumns(schema: GraphQLSchema, dataSource: DataSource, document: DocumentNode): ColumnPlan {
  const needs = needsBySchema.get(schema) ?? fieldNeeds(schema, dataSource);
  needsBySchema.set(schema, needs);
  const loaded = new Map<EntityClass, Set<string>>();
  const whole = new Set<EntityClass>();
  const add = (entity: EntityClass, property: string) => {
    let set = loaded.get(entity);
    if (!set) loaded.set(entity, (set = new Set()));
    set.add(property);
  };
  const select = (typeName: string, fieldName: string) => {
    const type = needs.get(typeName);
    if (!type) return;
    if (!loaded.has(type.entity)) loaded.set(type.entity, new Set());
    const need = type.fields.get(fieldName);
    if (!need || need.kind === 'whole') whole.add(type.entity);
    else if (need.kind === 'column') add(type.entity, need.property);
    else for (const { entity, properties } of need.reads) for (const property of properties) add(entity(), property);
  };
  const typeInfo = new TypeInfo(schema);
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        const parent = typeInfo.getParentType();
        if (!parent || node.name.value.startsWith('__')) return;
        const named = getNamedType(parent);
        const types = isAbstractType(named) ? schema.getPossibleTypes(named) : [named];
        for (const type of types) select(type.name, node.name.value);
      },
    }),
  );
  for (const entity of whole) loaded.delete(entity);
  return loaded;
}

const needsBySchema = new WeakMap<GraphQLSchema, Map<string, TypeNeeds>>();

/** The on-demand columns of an entity, by property name. */
const onDemandOf = new WeakMap<EntityMetadata, readonly string[]>();

export function onDemandProperties(metadata: EntityMetadata): readonly string[] {
  let found = onDemandOf.get(metadata);
  if (!found) onDemandOf.set(metadata, (found = metadata.columns.filter((column) => column.isSelect && isOnDemand(column)).map((column) => column.propertyName)));
  return found;
}
