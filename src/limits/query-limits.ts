import {
  getOperationAST,
  parse,
  GraphQLError,
  Kind,
  NoSchemaIntrospectionCustomRule,
  specifiedRules,
  type DocumentNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type ParseOptions,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import type { QueryLimitsConfig } from '../config';
import { AppError } from '../errors';
import { fieldRepeatsProblem } from './field-repeats';
import { nulArgumentPath } from './nul-characters';
import { queryCost } from './query-cost';
import { maxSelectionsRule } from './selection-limit';

/**
 * The query-shape limits, built once from configuration and applied identically by Apollo (HTTP)
 * and by graphql-ws (WebSocket), which runs graphql-js directly and would otherwise skip them all.
 * Every limit is checked before any resolver runs, so a rejected operation costs no SQL.
 */
/** How many passed query texts {@link QueryLimits.checkSource} remembers, and up to what length. */
const MAX_REMEMBERED_SOURCES = 1_000;
const MAX_REMEMBERED_SOURCE_LENGTH = 16 * 1024;

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
   * Before validation, in time linear in the document: throws GRAPHQL_VALIDATION_FAILED (HTTP 400)
   * for a field repeated more than QUERY_MAX_REPEATED_FIELDS times at one place of the response,
   * or a fragment expansion past the selection limit (see {@link fieldRepeatsProblem}).
   */
  checkDocument(document: DocumentNode): void;
  /**
   * {@link QueryLimits.checkDocument} for a request's query text, before Apollo parses it (Apollo
   * answers a throw from its pre-validation hooks with a 500, and one from context creation with
   * the error's own status). Text that does not parse is left for Apollo to report. Texts that
   * passed are remembered (a bounded set), so a dashboard's repeated query is parsed once here.
   */
  checkSource(source: unknown): void;
  /**
   * After validation: the operation the request runs, or OPERATION_RESOLUTION_FAILURE (HTTP 400,
   * worded as graphql-js words it) for an unknown or empty `operationName`, or none with a
   * document of several operations.
   */
  resolveOperation(document: DocumentNode, operationName: string | null | undefined): OperationDefinitionNode;
  /** Throws BAD_USER_INPUT (HTTP 400, `extensions.field`) for NUL in any string argument (see {@link nulArgumentPath}). */
  checkArguments(document: DocumentNode, variables: Record<string, unknown> | null | undefined): void;
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
  onReject: [(context: ValidationContext | null, error: GraphQLError) => context?.reportError(new GraphQLError(error.message.replace(/^Syntax Error: /, '')))],
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
  /** Query texts that passed {@link QueryLimits.checkSource}, oldest first. */
  const passedSources = new Set<string>();
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
    checkDocument(document) {
      const problem = fieldRepeatsProblem(document, config.maxRepeatedFields, config.maxSelections);
      if (problem) throw problem;
    },
    checkSource(source) {
      if (typeof source !== 'string' || passedSources.has(source)) return;
      let document: DocumentNode;
      try {
        document = parse(source, { maxTokens: config.maxTokens });
      } catch {
        return; // Apollo parses it again and answers with the syntax error
      }
      this.checkDocument(document);
      if (source.length > MAX_REMEMBERED_SOURCE_LENGTH) return;
      if (passedSources.size >= MAX_REMEMBERED_SOURCES) passedSources.delete(passedSources.values().next().value!);
      passedSources.add(source);
    },
    resolveOperation(document, operationName) {
      const operation = getOperationAST(document, operationName);
      if (operation) return operation;
      const message =
        operationName != null
          ? `Unknown operation named "${operationName.slice(0, 100)}".`
          : document.definitions.some((definition) => definition.kind === Kind.OPERATION_DEFINITION)
            ? 'Must provide operation name if query contains multiple operations.'
            : 'Must provide an operation.';
      throw new AppError('OPERATION_RESOLUTION_FAILURE', message, { http: { status: 400 } });
    },
    checkArguments(document, variables) {
      const field = nulArgumentPath(document, variables);
      const message = 'must not contain NUL characters';
      if (field) throw new AppError('BAD_USER_INPUT', `Invalid ${field}: ${message}`, { field, fields: [{ field, message }], http: { status: 400 } });
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
