import { GraphQLObjectType, type GraphQLSchema } from 'graphql';
import { getMetadataStorage } from 'type-graphql';

// Every read of type-graphql's metadata storage (type-graphql 2.0.0-rc.4), answered in our own
// terms: test/adapters/type-graphql.test.ts fails when an upgrade renames or reshapes what these
// read. The storage is global and complete only once buildSchema() has run: call these after it.

type Storage = ReturnType<typeof getMetadataStorage>;
type FieldMetadata = Storage['fields'][number];
type FieldResolverMetadata = Storage['fieldResolvers'][number];
type ParamMetadata = NonNullable<FieldResolverMetadata['params']>[number];

/** An `@ObjectType` class and the type built from it. */
export interface ObjectTypeClass {
  readonly name: string;
  readonly target: Function;
  readonly type: GraphQLObjectType;
}

/** One `@Field` declaration. */
export interface FieldDeclaration {
  /** The class it is declared on: the object type, a class it extends, or an interface. */
  readonly declaredBy: Function;
  readonly schemaName: string;
  /** The member of `declaredBy` it reads: a property, getter or method. */
  readonly property: string;
  /** The `simple` option as declared: false when its value may be a promise. */
  readonly simple: boolean | undefined;
  /** A method field with parameters (arguments above all). */
  readonly hasParameters: boolean;
  /** Middleware or `@Authorized` roles run around it. */
  readonly wrapped: boolean;
}

/** A parameter of a field resolver method, as far as calling it directly needs to know. */
export type ResolverParam =
  | { readonly kind: 'root'; readonly property: string | undefined; readonly type: (() => unknown) | undefined }
  | { readonly kind: 'context'; readonly property: string | undefined }
  | { readonly kind: 'info' }
  /** Arguments, pub-sub or a custom decorator: only type-graphql's resolver supplies (and validates) them. */
  | { readonly kind: 'other' };

/** A method that resolves a field of an object type. */
export interface FieldResolverDeclaration {
  readonly schemaName: string;
  /** A `@FieldResolver` of a resolver class (true), or a `@Field` method or getter of the type itself. */
  readonly external: boolean;
  /** The class whose method it is: the resolver class, or the object type class. */
  readonly declaredBy: Function;
  readonly method: string;
  /** Middleware or `@Authorized` roles run around it. */
  readonly wrapped: boolean;
  /** In call order. */
  readonly params: readonly ResolverParam[];
}

/** The storage, or a loud failure when it no longer holds the lists read here. */
function storage(): Storage {
  const found = getMetadataStorage();
  for (const list of ['objectTypes', 'interfaceTypes', 'fields', 'fieldResolvers'] as const) {
    if (!Array.isArray(found?.[list])) {
      throw new Error(`type-graphql's metadata storage has no ${list} list: update src/adapters/type-graphql.ts for this type-graphql version`);
    }
  }
  return found;
}

/** What type-graphql built of a class's fields: undefined before buildSchema() has run. */
function builtFields(metadata: { name: string; fields?: FieldMetadata[] }): FieldMetadata[] {
  if (!Array.isArray(metadata.fields)) {
    throw new Error(`type-graphql has not built the fields of ${metadata.name} (call after buildSchema, or update src/adapters/type-graphql.ts)`);
  }
  return metadata.fields;
}

const isWrapped = (metadata: { middlewares?: unknown[]; roles?: unknown[] }): boolean => Boolean(metadata.middlewares?.length || metadata.roles?.length);

function fieldDeclaration(field: FieldMetadata): FieldDeclaration {
  return {
    declaredBy: field.target,
    schemaName: field.schemaName,
    property: field.name,
    simple: field.simple,
    hasParameters: Boolean(field.params?.length),
    wrapped: isWrapped(field),
  };
}

function resolverParam(param: ParamMetadata): ResolverParam {
  switch (param.kind) {
    case 'root':
      return { kind: 'root', property: param.propertyName, type: param.getType };
    case 'context':
      return { kind: 'context', property: param.propertyName };
    case 'info':
      return { kind: 'info' };
    default:
      return { kind: 'other' };
  }
}

/** The `@ObjectType` classes that `schema` has a type of, with that type. */
export function objectTypesOf(schema: GraphQLSchema): ObjectTypeClass[] {
  return storage().objectTypes.flatMap(({ name, target }) => {
    const type = schema.getType(name);
    return type instanceof GraphQLObjectType ? [{ name, target, type }] : [];
  });
}

/**
 * The fields type-graphql built an object type from: those declared on the class itself first,
 * then those of the interfaces it implements that it does not declare again (not those of a
 * class it extends). Empty for a class that is no object type.
 */
export function fieldsOf(objectClass: Function): FieldDeclaration[] {
  const { objectTypes, interfaceTypes } = storage();
  const objectType = objectTypes.find((candidate) => candidate.target === objectClass);
  if (!objectType) return [];
  const own = builtFields(objectType);
  const names = new Set(own.map((field) => field.schemaName));
  const inherited = (objectType.interfaceClasses ?? []).flatMap((target) => {
    const declared = interfaceTypes.find((candidate) => candidate.target === target);
    return declared ? builtFields(declared) : [];
  });
  return [...own, ...inherited.filter((field) => !names.has(field.schemaName))].map(fieldDeclaration);
}

/**
 * The `@Field` named `schemaName` declared on `objectClass` or on a class it extends (the first
 * declared wins; interfaces count only when extended as classes), or undefined.
 */
export function fieldDeclaredFor(objectClass: Function, schemaName: string): FieldDeclaration | undefined {
  const field = storage().fields.find(
    (candidate) => candidate.schemaName === schemaName && (candidate.target === objectClass || objectClass.prototype instanceof candidate.target),
  );
  return field && fieldDeclaration(field);
}

/**
 * Every method that resolves a field of `objectClass`: the `@FieldResolver`s of resolver classes
 * for it and its own `@Field` methods and getters, in declaration order.
 */
export function fieldResolversOf(objectClass: Function): FieldResolverDeclaration[] {
  return storage()
    .fieldResolvers.filter((resolver) => resolver.getObjectType?.() === objectClass)
    .map((resolver) => ({
      schemaName: resolver.schemaName,
      external: resolver.kind === 'external',
      declaredBy: resolver.target,
      method: resolver.methodName,
      wrapped: isWrapped(resolver),
      params: [...(resolver.params ?? [])].sort((a, b) => a.index - b.index).map(resolverParam),
    }));
}
