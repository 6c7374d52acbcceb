import type { GraphQLFieldResolver, GraphQLSchema } from 'graphql';
import { fieldResolversOf, fieldsOf, objectTypesOf, type ObjectTypeClass, type ResolverParam } from '../adapters/type-graphql';

/**
 * type-graphql wraps every field in a resolver of its own that allocates its argument record,
 * looks the resolver instance up, runs the (here empty) middleware chain and re-sorts the
 * parameters, per field per row. graphql-jit inlines a field without a resolver into the compiled
 * query. Where none of that wrapping has work to do (no middleware, no roles, no arguments to
 * validate), this lets fields be read, and field resolvers be called, directly: about a fifth of
 * the dashboard query's CPU (bench/results/levers.md). Everything else keeps type-graphql's
 * resolver, and the schema itself (types, arguments, SDL) is unchanged.
 */
export function tuneResolvers(schema: GraphQLSchema): void {
  const objectTypes = objectTypesOf(schema);
  readPlainFieldsDirectly(objectTypes);
  callFieldResolversDirectly(objectTypes);
}

/**
 * A plain `@Field` reads its property (through a one-line resolver where the schema name differs
 * from the property, e.g. `id` from the `globalId` getter). A field whose value may be a promise
 * says `simple: false` to keep its resolver: graphql-jit does not await a property it reads inline.
 */
function readPlainFieldsDirectly(objectTypes: readonly ObjectTypeClass[]): void {
  for (const { target, type } of objectTypes) {
    const fields = type.getFields();
    const resolved = new Set(fieldResolversOf(target).map((resolver) => resolver.schemaName));
    for (const field of fieldsOf(target)) {
      const schemaField = fields[field.schemaName];
      if (!schemaField || field.simple === false || field.hasParameters || field.wrapped) continue;
      if (resolved.has(field.schemaName)) continue;
      // A field an interface declares may be resolved there: by its getter or a resolver of the interface.
      if (fieldResolversOf(field.declaredBy).some((resolver) => resolver.method === field.property)) continue;
      const { property } = field;
      schemaField.resolve = property === field.schemaName ? undefined : (source: Record<string, unknown>) => source[property];
    }
  }
}

/** How a direct call finds each parameter; null when type-graphql must do it (arguments: validation). */
function parameterReader(param: ResolverParam): ((root: unknown, context: Record<string, unknown>, info: unknown) => unknown) | null {
  switch (param.kind) {
    case 'root': {
      const { property } = param;
      return property ? (root) => (root as Record<string, unknown>)[property] : (root) => root;
    }
    case 'context': {
      const { property } = param;
      return property ? (_, context) => context[property] : (_, context) => context;
    }
    case 'info':
      return (_, __, info) => info;
    case 'other':
      return null;
    default: {
      const unexpected: never = param;
      throw new Error(`Unexpected parameter ${JSON.stringify(unexpected)}`);
    }
  }
}

/**
 * A `@FieldResolver` method whose parameters are only `@Root`, `@Ctx` and `@Info` is called
 * directly on one instance of its resolver class (resolver classes hold no state). When the root
 * is not already an instance of the type the method declares, type-graphql's resolver (which
 * converts it) answers instead.
 */
function callFieldResolversDirectly(objectTypes: readonly ObjectTypeClass[]): void {
  const instances = new Map<Function, Record<string, (...args: unknown[]) => unknown>>();
  for (const { target: objectClass, type } of objectTypes) {
    for (const resolver of fieldResolversOf(objectClass)) {
      if (!resolver.external || resolver.wrapped) continue;
      const schemaField = type.getFields()[resolver.schemaName];
      const { params } = resolver;
      const readers = params.map(parameterReader);
      if (!schemaField?.resolve || readers.some((reader) => reader === null)) continue;
      const rootParam = params.find((param) => param.kind === 'root');
      const rootClass = rootParam?.kind === 'root' && !rootParam.property ? (rootParam.type?.() as Function | undefined) : undefined;
      if (rootParam && typeof rootClass !== 'function') continue;
      let instance = instances.get(resolver.declaredBy);
      if (!instance) instances.set(resolver.declaredBy, (instance = new (resolver.declaredBy as new () => Record<string, (...args: unknown[]) => unknown>)()));
      const target = instance;
      const method = target[resolver.method]!;
      const wrapped = schemaField.resolve;
      const read = readers as NonNullable<(typeof readers)[number]>[];
      schemaField.resolve = ((root, args, context, info) => {
        if (rootClass && !(root instanceof rootClass)) return wrapped(root, args, context, info);
        return method.apply(
          target,
          read.map((reader) => reader(root, context as Record<string, unknown>, info)),
        );
      }) as GraphQLFieldResolver<unknown, unknown>;
    }
  }
}
