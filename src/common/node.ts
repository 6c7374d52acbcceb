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

/** The classes `node(id)` resolves, by GraphQL type name (the features', see src/features.ts). */
const nodeTypes = new Map<string, Function>();

export function registerNodeTypes(classes: readonly Function[]): void {
  for (const type of classes) nodeTypes.set(type.name, type);
}

export function nodeTypeNamed(name: string): Function | undefined {
  return nodeTypes.get(name);
}
