import {
  getNamedType,
  getNullableType,
  getOperationAST,
  getVariableValues,
  isLeafType,
  isListType,
  Kind,
  type DefinitionNode,
  type DocumentNode,
  type GraphQLSchema,
} from 'graphql';
import { fieldExtensionsEstimator, getComplexity, type ComplexityEstimator } from 'graphql-query-complexity';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../common/pagination';
import { listFieldCap } from './list-caps';

/** type-graphql's name for the mutation root. */
const MUTATION_TYPE = 'Mutation';

/** What one mutation field costs on top of what it selects: a write, its event and its checks. */
export const MUTATION_COST = 10;

/**
 * The most items a plain list field returns (src/limits/list-caps.ts). A list without a cap is a
 * bug the schema test catches; were one to slip through, pricing fails and the operation is
 * refused as too costly rather than run unbounded.
 */
function listCap(typeName: string, fieldName: string): number {
  const cap = listFieldCap(typeName, fieldName);
  if (cap === undefined) throw new Error(`${typeName}.${fieldName} is a list without a cap (src/limits/list-caps.ts)`);
  return cap;
}

/**
 * The points of one field, Shopify-style, priced at the most it can return: scalars and enums are
 * free (they come with their object, and text is length-limited on input: 200 characters for
 * names, 10,000 for long texts), each object costs 1, a connection costs 1 plus `first` times what
 * each item selects (`first` defaults to the default page size and counts at most the maximum
 * page size, above which the argument is refused anyway), a plain list of objects costs its cap
 * ({@link listFieldCap}) times what each item selects, and a mutation field adds
 * {@link MUTATION_COST}. Introspection is free: its depth is bounded by graphql-js, and
 * production turns it off.
 */
const connectionEstimator: ComplexityEstimator = ({ type, field, args, childComplexity }) => {
  if (field.name.startsWith('__') || type.name.startsWith('__')) return 0;
  const named = getNamedType(field.type);
  if (isLeafType(named)) return 0;
  // A connection's edges and nodes are paid for by its `first`.
  const items = isListType(getNullableType(field.type)) && !type.name.endsWith('Connection') ? listCap(type.name, field.name) : null;
  if (type.name === MUTATION_TYPE) return MUTATION_COST + (items === null ? childComplexity : items * (1 + childComplexity));
  if ('first' in args || field.args.some((arg) => arg.name === 'first')) {
    const requested = typeof args.first === 'number' ? args.first : DEFAULT_PAGE_SIZE;
    const first = Math.min(Math.max(requested, 0), MAX_PAGE_SIZE);
    return 1 + first * childComplexity;
  }
  return (items ?? 1) * (1 + childComplexity);
};

/** Estimators in order: a field's own `complexity` (type-graphql's `@Field({ complexity })`) first. */
const estimators: ComplexityEstimator[] = [fieldExtensionsEstimator(), connectionEstimator];

/**
 * The cost in points of the operation `operationName` selects from `document`, with `variables`
 * applied (so `first: $n` counts as sent). Runs after validation: the selection limit has already
 * bounded the work. Returns null when the variables do not fit the operation (execution refuses
 * those with BAD_USER_INPUT before any resolver runs), and infinity when the operation is too large
 * to price.
 */
export function queryCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown> | null | undefined,
): number | null {
  const operation = getOperationAST(document, operationName);
  if (!operation) return null;
  // Only the chosen operation, so the library never compares against another's name.
  const definitions: DefinitionNode[] = [operation, ...document.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION)];
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables ?? {});
  if (coerced.errors) return null;
  try {
    return getComplexity({ schema, query: { kind: Kind.DOCUMENT, definitions }, variables: variables ?? {}, estimators });
  } catch {
    // The library's own node limit: too big to price is too big to run.
    return Number.POSITIVE_INFINITY;
  }
}
