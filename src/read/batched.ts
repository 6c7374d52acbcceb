import type { Batched } from './reader';

/**
 * A per-request batch that is not a plain relation (a derived value such as a project's progress,
 * counted from its stages), declared once by its feature:
 *
 *   export const progressOfProject = batched<string, Progress>('Project.progress', (read, db, ids) => ...);
 *
 * and loaded with `ctx.read.batch(progressOfProject).load(id)`. The reader keeps one DataLoader per
 * declaration and request, and forgets it after a write, as it forgets every read.
 */
export function batched<K, V>(name: string, load: Batched<K, V>['load']): Batched<K, V> {
  return { name, load };
}
