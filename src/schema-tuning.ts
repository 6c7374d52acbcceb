import { GraphQLObjectType, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import { getMetadataStorage } from 'type-graphql';

type Storage = ReturnType<typeof getMetadataStorage>;
type FieldResolverMetadata = Storage['fieldResolvers'][number];
type ParamMetadata = NonNullable<FieldResolverMetadata['params']>[number];

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
  const storage = getMetadataStorage();
  readPlainFieldsDirectly(schema, storage);
  callFieldResolversDirectly(schema, storage);
}

const hasNoWrapping = (metadata: { middlewares?: unknown[]; roles?: unknown[] }) => !metadata.middlewares?.length && !metadata.roles?.length;

/**
 * A plain `@Field` reads its property (through a one-line resolver where the schema name differs
 * from the property, e.g. `id` from the `globalId` getter). A field whose value may be a promise
 * says `simple: false` to keep its resolver: graphql-jit does not await a property it reads inline.
 */
function readPlainFieldsDirectly(schema: GraphQLSchema, storage: Storage): void {
  for (const objectType of storage.objectTypes) {
    const type = schema.getType(objectType.name);
    if (!(type instanceof GraphQLObjectType)) continue;
    const fields = type.getFields();
    // Fields an interface declares (Node's `id`) are the object type's too; its own come first.
    const inherited = (objectType.interfaceClasses ?? []).flatMap((target) => storage.interfaceTypes.find((candidate) => candidate.target === target)?.fields ?? []);
    const own = new Set((objectType.fields ?? []).map((field) => field.schemaName));
    for (const field of [...(objectType.fields ?? []), ...inherited.filter((field) => !own.has(field.schemaName))]) {
      const schemaField = fields[field.schemaName];
      if (!schemaField || field.simple === false || field.params?.length || !hasNoWrapping(field)) continue;
      if (storage.fieldResolvers.some((resolver) => resolver.getObjectType?.() === objectType.target && resolver.schemaName === field.schemaName)) continue;
      if (storage.fieldResolvers.some((resolver) => resolver.getObjectType?.() === field.target && resolver.methodName === field.name)) continue;
      const property = field.name;
      schemaField.resolve = property === field.schemaName ? undefined : (source: Record<string, unknown>) => source[property];
    }
  }
}

/** How a direct call finds each parameter; null when type-graphql must do it (arguments: validation). */
function parameterReader(param: ParamMetadata): ((root: unknown, context: Record<string, unknown>, info: unknown) => unknown) | null {
  switch (param.kind) {
    case 'root': {
      const { propertyName } = param;
      return propertyName ? (root) => (root as Record<string, unknown>)[propertyName] : (root) => root;
    }
    case 'context': {
      const { propertyName } = param;
      return propertyName ? (_, context) => context[propertyName] : (_, context) => context;
    }
    case 'info':
      return (_, __, info) => info;
    default:
      return null;
  }
}

/**
 * A `@FieldResolver` method whose parameters are only `@Root`, `@Ctx` and `@Info` is called
 * directly on one instance of its resolver class (resolver classes hold no state). When the root
 * is not already an instance of the type the method declares, type-graphql's resolver (which
 * converts it) answers instead.
 */
function callFieldResolversDirectly(schema: GraphQLSchema, storage: Storage): void {
  const instances = new Map<Function, Record<string, (...args: unknown[]) => unknown>>();
  for (const resolver of storage.fieldResolvers) {
    if (resolver.kind !== 'external' || !hasNoWrapping(resolver)) continue;
    const objectClass = resolver.getObjectType?.();
    const objectType = storage.objectTypes.find((candidate) => candidate.target === objectClass);
    const type = objectType && schema.getType(objectType.name);
    if (!(type instanceof GraphQLObjectType)) continue;
    const schemaField = type.getFields()[resolver.schemaName];
    const params = [...(resolver.params ?? [])].sort((a, b) => a.index - b.index);
    const readers = params.map(parameterReader);
    if (!schemaField?.resolve || readers.some((reader) => reader === null)) continue;
    const rootParam = params.find((param) => param.kind === 'root');
    const rootClass = rootParam?.kind === 'root' && !rootParam.propertyName ? (rootParam.getType?.() as Function | undefined) : undefined;
    if (rootParam && typeof rootClass !== 'function') continue;
    let instance = instances.get(resolver.target);
    if (!instance) instances.set(resolver.target, (instance = new (resolver.target as new () => Record<string, (...args: unknown[]) => unknown>)()));
    const target = instance;
    const method = target[resolver.methodName]!;
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
