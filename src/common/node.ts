import { Field, ID, InterfaceType } from 'type-graphql';

/**
 * Relay's Node. Implementing classes expose a `globalId` getter (see TenantEntity) that becomes the
 * GraphQL `id`; the UUID stays internal.
 */
@InterfaceType({ resolveType: (value: object) => value.constructor.name })
export abstract class Node {
  @Field(() => ID, { name: 'id', description: 'Opaque global id; resolve it with node(id).' })
  globalId!: string;
}
