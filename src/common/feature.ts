import type { Relation } from '../read/relations';

/**
 * What a feature module brings to the application, declared once in its `<name>.feature.ts` and
 * listed in src/features.ts: its TypeORM entities, its resolver classes, its relations (the
 * module of declarations itself, so that a new relation is one declaration) and the node types
 * `node(id)` resolves by global id.
 */
export interface Feature {
  readonly name: string;
  readonly entities?: readonly Function[];
  readonly resolvers?: readonly Function[];
  readonly relations?: Readonly<Record<string, Relation>>;
  readonly nodes?: readonly Function[];
}

export function defineFeature(feature: Feature): Feature {
  return feature;
}
