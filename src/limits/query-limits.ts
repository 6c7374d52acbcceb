import {
  GraphQLError,
  NoSchemaIntrospectionCustomRule,
  specifiedRules,
  type DocumentNode,
  type GraphQLSchema,
  type ParseOptions,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import type { QueryLimitsConfig } from '../config';
import { AppError } from '../errors';
import { queryCost } from './query-cost';
import { maxSelectionsRule } from './selection-limit';

/**
 * The query-shape limits, built once from configuration and applied identically by Apollo (HTTP)
 * and by graphql-ws (WebSocket), which runs graphql-js directly and would otherwise skip them all.
 * Every limit is checked before any resolver runs, so a rejected operation costs no SQL.
 */
export interface QueryLimits {
  readonly config: QueryLimitsConfig;
  /** For `parse`: more tokens fail parsing (GRAPHQL_PARSE_FAILED), whatever the body size allows. */
  readonly parseOptions: ParseOptions;
  /** Rules added to graphql-js's own: depth, aliases, directives, expanded selections. */
  readonly validationRules: ValidationRule[];
  /**
   * Everything the WebSocket validates with: graphql-js's rules, ours, and, in production, no
   * introspection (Apollo adds that rule itself over HTTP from its `introspection` option).
   */
  readonly allValidationRules: ValidationRule[];
  /** In production, strips "Did you mean ...?" from validation messages, as Apollo does over HTTP. */
  hideSuggestions(error: GraphQLError): GraphQLError;
  /**
   * Prices the operation (see {@link queryCost}) and throws GRAPHQL_VALIDATION_FAILED (HTTP 400)
   * above the maximum; returns the cost (null when the variables do not fit: execution refuses it).
   */
  checkCost(schema: GraphQLSchema, document: DocumentNode, operationName: string | null | undefined, variables: Record<string, unknown> | null | undefined): number | null;
}

/**
 * graphql-armor's rules throw their error out of the visitor unless told otherwise, which
 * `validate` does not catch; report it instead, without the misleading "Syntax Error:" prefix.
 */
const armorOptions = {
  exposeLimits: true,
  propagateOnRejection: false,
  onReject: [
    (context: ValidationContext | null, error: GraphQLError) => context?.reportError(new GraphQLError(error.message.replace(/^Syntax Error: /, ''))),
  ],
};

const SUGGESTION = / ?Did you mean(.+?)\?$/;

/**
 * Apollo hands every request with the same query text the same parsed document, so its cost is
 * worked out once per document, operation and variables (a dashboard repeats all three).
 */
const costs = new WeakMap<DocumentNode, Map<string, number | null>>();
const COSTS_PER_DOCUMENT = 100;

/** null for variables too big or too deep to be worth a key (they are refused later anyway). */
function costKey(operationName: string | null | undefined, variables: Record<string, unknown> | null | undefined): string | null {
  try {
    const key = `${operationName ?? ''}\u0000${JSON.stringify(variables ?? {})}`;
    return key.length <= 4_096 ? key : null;
  } catch {
    return null; // nested past the stack
  }
}

function cachedCost(schema: GraphQLSchema, document: DocumentNode, operationName: string | null | undefined, variables: Record<string, unknown> | null | undefined): number | null {
  const key = costKey(operationName, variables);
  if (key === null) return queryCost(schema, document, operationName, variables);
  let byVariables = costs.get(document);
  if (!byVariables) costs.set(document, (byVariables = new Map()));
  if (byVariables.has(key)) return byVariables.get(key)!;
  const cost = queryCost(schema, document, operationName, variables);
  if (byVariables.size >= COSTS_PER_DOCUMENT) byVariables.clear();
  byVariables.set(key, cost);
  return cost;
}

/** Limits for one server; `production` also turns introspection and suggestions off. */
export function createQueryLimits(config: QueryLimitsConfig, production: boolean): QueryLimits {
  const validationRules: ValidationRule[] = [
    // __schema is exempt (GraphiQL's introspection query is deeper than any real query): graphql-js
    // bounds its depth, and production refuses it outright. 2.4.2 has the fix for GHSA-224p-v68g-5g8f.
    maxDepthRule({ ...armorOptions, n: config.maxDepth, ignoreIntrospection: true, flattenFragments: true }) as unknown as ValidationRule,
    maxAliasesRule({ ...armorOptions, n: config.maxAliases }) as unknown as ValidationRule,
    maxDirectivesRule({ ...armorOptions, n: config.maxDirectives }) as unknown as ValidationRule,
    maxSelectionsRule(config.maxSelections),
  ];
  return {
    config,
    parseOptions: { maxTokens: config.maxTokens },
    validationRules,
    allValidationRules: [...specifiedRules, ...validationRules, ...(production ? [NoSchemaIntrospectionCustomRule] : [])],
    hideSuggestions(error) {
      if (!production || !SUGGESTION.test(error.message)) return error;
      return new GraphQLError(error.message.replace(SUGGESTION, ''), { nodes: error.nodes, extensions: error.extensions });
    },
    checkCost(schema, document, operationName, variables) {
      const cost = cachedCost(schema, document, operationName, variables);
      if (cost !== null && cost > config.maxCost) {
        throw new AppError('GRAPHQL_VALIDATION_FAILED', `Operation costs ${Number.isFinite(cost) ? cost : 'too many'} points; at most ${config.maxCost} are allowed`, {
          cost: Number.isFinite(cost) ? cost : null,
          maximumCost: config.maxCost,
          http: { status: 400 },
        });
      }
      return cost;
    },
  };
}
