import 'reflect-metadata';
import type { GraphQLResolveInfo } from 'graphql';
import { Ctx, FieldResolver, Info, Resolver, Root } from 'type-graphql';
import { Reads } from '../db/column-plan';
import type { Reader } from './reader';
import type { Relation } from './relations';

/**
 * The GraphQL field of each exposed relation: a field resolver on the source type that asks the
 * request's reader for it, passing its selection so that the levels below are read in the same
 * round trip. Lists are non-null lists of non-null items; a belongs-to is nullable unless
 * required.
 */
export function relationFieldResolvers(relations: readonly Relation[]): Function[] {
  return relations.filter((relation) => relation.expose !== false).map((relation) => fieldResolverOf(relation));
}

/**
 * One resolver class per relation, decorated as `@Resolver(() => Source) class { @FieldResolver
 * field(@Ctx() ctx, @Root() source, @Info() info) }` would be, by calling the decorators: a class
 * declaration cannot take a name computed at run time, and type-graphql tells resolver classes
 * apart by name.
 */
function fieldResolverOf(relation: Relation): Function {
  const expose = relation.expose === false ? {} : relation.expose;
  const item = expose.as ?? (() => relation.target);
  const list = relation.kind === 'hasMany' || relation.kind === 'through';
  const nullable = relation.kind === 'belongsTo' && !relation.required;
  const name = `${relation.source.name}${relation.field[0]!.toUpperCase()}${relation.field.slice(1)}Relation`;
  const method = relation.field;
  const resolverClass = {
    [name]: class {
      [method](ctx: { read: Reader }, source: object, info: GraphQLResolveInfo): unknown {
        return ctx.read.load(relation, source as never, info);
      }
    },
  }[name]!;
  const { prototype } = resolverClass;
  Reflect.defineMetadata('design:paramtypes', [Object, Object, Object], prototype, method);
  Reflect.defineMetadata('design:returntype', Object, prototype, method);
  Ctx()(prototype, method, 0);
  Root()(prototype, method, 1);
  Info()(prototype, method, 2);
  const descriptor = Object.getOwnPropertyDescriptor(prototype, method)!;
  FieldResolver(() => (list ? [item()] : item()), { nullable, description: expose.description })(prototype, method, descriptor);
  // A list reads its source's id, a belongs-to its key: declared, so a query's column plan reads them.
  (relation.kind === 'belongsTo' ? Reads(() => relation.source, relation.key) : Reads())(prototype, method);
  Resolver(() => relation.source)(resolverClass);
  return resolverClass;
}
