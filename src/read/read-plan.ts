import { getNamedType, isAbstractType, isObjectType, type FieldNode, type GraphQLResolveInfo, type GraphQLSchema, type SelectionSetNode } from 'graphql';
import { relationsOf, type Relation } from './relations';
import { fieldsOf, type SelectionScope } from './selections';

/** A relation the selection asks for, and what it asks below it. */
export interface PlanNode {
  readonly relation: Relation;
  readonly below: readonly PlanNode[];
}

/** The declared relations a selection will ask for, level by level; `key` names it (equal keys, equal plans). */
export interface ReadPlan {
  readonly key: string;
  readonly nodes: readonly PlanNode[];
}

export const NO_PLAN: ReadPlan = { key: '', nodes: [] };

/**
 * How many levels below a field are read ahead. Every list is capped (src/limits/list-caps.ts)
 * and the query cost bounds the rest; this bounds the nesting of the SQL.
 */
const MAX_LEVELS = 4;

/**
 * Plans already worked out, by the field nodes they were worked out for and the path. graphql-js
 * hands every row of a list the same `fieldNodes` array, and a graphql-jit compiled query the same
 * one on every request, so 20 projects walk the selection once.
 */
const plans = new WeakMap<readonly FieldNode[], Map<string, ReadPlan>>();

/**
 * The declared relations the selection of the field being resolved asks for (see relations.ts),
 * below the type it returns or, given `paths`, below the types those fields lead to (a
 * connection's `['nodes']` and `['edges', 'node']`).
 */
export function planBelow(info: GraphQLResolveInfo, paths: readonly (readonly string[])[] = [[]]): ReadPlan {
  const pathKey = paths.map((path) => path.join('.')).join('|');
  const known = plans.get(info.fieldNodes)?.get(pathKey);
  if (known) return known;
  const scope: SelectionScope = { fragments: info.fragments, variableValues: info.variableValues, dependsOnVariables: false };
  const byType = new Map<string, SelectionSetNode[]>();
  for (const path of paths) {
    let typeName = getNamedType(info.returnType).name;
    let sets = info.fieldNodes.map((node) => node.selectionSet).filter((set) => set !== undefined);
    for (const field of path) {
      const next = fieldType(info.schema, typeName, field);
      sets = fieldsOf(sets, scope).get(field) ?? [];
      if (!next) sets = [];
      typeName = next ?? typeName;
    }
    byType.set(typeName, [...(byType.get(typeName) ?? []), ...sets]);
  }
  const nodes = [...byType].flatMap(([typeName, sets]) => planOf(info.schema, typeName, sets, scope, 1));
  const plan: ReadPlan = nodes.length === 0 ? NO_PLAN : { key: keyOf(nodes), nodes };
  if (!scope.dependsOnVariables) {
    let byPath = plans.get(info.fieldNodes);
    if (!byPath) plans.set(info.fieldNodes, (byPath = new Map()));
    byPath.set(pathKey, plan);
  }
  return plan;
}

/** The named type of `field` on an object type, or on any type an abstract type can be. */
function fieldType(schema: GraphQLSchema, typeName: string, field: string): string | undefined {
  const type = schema.getType(typeName);
  if (isAbstractType(type))
    return schema
      .getPossibleTypes(type)
      .map((possible) => fieldType(schema, possible.name, field))
      .find((found) => found !== undefined);
  const found = isObjectType(type) ? type.getFields()[field] : undefined;
  return found ? getNamedType(found.type).name : undefined;
}

/** The object types a value of this type can be. */
function objectTypeNames(schema: GraphQLSchema, typeName: string): string[] {
  const type = schema.getType(typeName);
  return isAbstractType(type) ? schema.getPossibleTypes(type).map((possible) => possible.name) : [typeName];
}

function planOf(schema: GraphQLSchema, typeName: string, sets: readonly SelectionSetNode[], scope: SelectionScope, level: number): PlanNode[] {
  if (sets.length === 0) return [];
  const nodes: PlanNode[] = [];
  const fields = fieldsOf(sets, scope);
  // On an abstract type, a relation of any type it can be counts (as a fragment on any of them would).
  for (const objectType of objectTypeNames(schema, typeName)) {
    const relations = relationsOf(objectType);
    if (!relations) continue;
    for (const [field, below] of fields) {
      const relation = relations.get(field);
      const target = relation && fieldType(schema, objectType, field);
      if (!relation || !target) continue;
      nodes.push({ relation, below: level < MAX_LEVELS ? planOf(schema, target, below, scope, level + 1) : [] });
    }
  }
  return nodes.sort((a, b) => a.relation.name.localeCompare(b.relation.name));
}

function keyOf(nodes: readonly PlanNode[]): string {
  return nodes.map((node) => (node.below.length ? `${node.relation.name}(${keyOf(node.below)})` : node.relation.name)).join(',');
}
