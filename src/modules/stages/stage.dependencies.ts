/** What is wrong with a proposed set of dependencies, if anything. */
export type DependencyProblem = 'SELF' | 'CYCLE';

/**
 * Checks giving `stageId` the dependencies `dependsOn` against the project's existing dependency
 * graph (`edges`: stage -> the stages it depends on). The stage's own current edges are ignored,
 * since the new set replaces them. Returns 'SELF' when the stage would depend on itself, 'CYCLE'
 * when one of the new dependencies already (transitively) depends on the stage, and null when the
 * graph stays acyclic. Pure: the caller loads the graph.
 */
export function dependencyProblem(edges: ReadonlyMap<string, readonly string[]>, stageId: string, dependsOn: readonly string[]): DependencyProblem | null {
  if (dependsOn.includes(stageId)) return 'SELF';
  const seen = new Set<string>();
  const pending = [...dependsOn];
  while (pending.length > 0) {
    const current = pending.pop()!;
    if (current === stageId) return 'CYCLE';
    if (seen.has(current)) continue;
    seen.add(current);
    for (const next of edges.get(current) ?? []) pending.push(next);
  }
  return null;
}

/** Builds the graph {@link dependencyProblem} reads from (stage, depends-on) pairs. */
export function dependencyGraph(pairs: readonly { stageId: string; dependsOnStageId: string }[]): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const { stageId, dependsOnStageId } of pairs) {
    const list = graph.get(stageId);
    if (list) list.push(dependsOnStageId);
    else graph.set(stageId, [dependsOnStageId]);
  }
  return graph;
}
