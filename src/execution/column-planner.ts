import { getNamedType, isAbstractType, TypeInfo, visit, visitWithTypeInfo, type DocumentNode, type GraphQLSchema } from 'graphql';
import type { DataSource } from 'typeorm';
import { fieldDeclaredFor, fieldResolversOf, objectTypesOf } from '../adapters/type-graphql';
import { declaredReads, type ColumnPlan, type Reads } from '../db/column-plan';

/**
 * The column plan of a query operation (src/db/column-plan.ts): the walk of its document over the
 * schema, with what each field declared it reads (`@Reads`), and type-graphql's metadata read
 * through its adapter. Built once per operation document (src/execution/jit-executor.ts).
 */

type EntityClass = Function;

/** What selecting one field needs: one column of its entity, declared reads, or the entity whole. */
type FieldNeed = { kind: 'column'; property: string } | { kind: 'reads'; reads: Reads[] } | { kind: 'whole' };

interface TypeNeeds {
  entity: EntityClass;
  fields: Map<string, FieldNeed>;
}

/** Per GraphQL object type backed by an entity, what each of its fields needs; built once per schema. */
function fieldNeeds(schema: GraphQLSchema, dataSource: DataSource): Map<string, TypeNeeds> {
  const byType = new Map<string, TypeNeeds>();
  for (const { name, target: entity, type } of objectTypesOf(schema)) {
    if (!dataSource.hasMetadata(entity)) continue;
    const metadata = dataSource.getMetadata(entity);
    const fields = new Map<string, FieldNeed>();
    for (const schemaName of Object.keys(type.getFields())) {
      const resolver = fieldResolversOf(entity).find((candidate) => candidate.external && candidate.schemaName === schemaName);
      if (resolver) {
        const reads = declaredReads(resolver.declaredBy, resolver.method);
        fields.set(schemaName, reads ? { kind: 'reads', reads } : { kind: 'whole' });
        continue;
      }
      // The @Field on the entity (or a class it extends, or the interface it implements).
      const property = fieldDeclaredFor(entity, schemaName)?.property ?? schemaName;
      if (metadata.findColumnWithPropertyName(property)) {
        fields.set(schemaName, { kind: 'column', property });
        continue;
      }
      const reads = declaredReads(entity, property);
      fields.set(schemaName, reads ? { kind: 'reads', reads } : { kind: 'whole' });
    }
    byType.set(name, { entity, fields });
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
