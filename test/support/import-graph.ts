import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

/** Each file's relative imports, resolved to files: `import`, `import type`, `export ... from`, `import()`, `require()`. */
export type ImportGraph = Map<string, string[]>;

/** Every `.ts` file under `directory`, recursively. */
export function typeScriptFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return typeScriptFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** The file a relative specifier names, as TypeScript resolves it here; undefined for a package. */
function resolveSpecifier(from: string, specifier: string, exists: (path: string) => boolean): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const base = resolve(dirname(from), specifier);
  const candidates = [`${base}.ts`, join(base, 'index.ts'), base.replace(/\.js$/, '.ts'), base];
  return candidates.find(exists);
}

const isFile = (path: string) => existsSync(path) && statSync(path).isFile();

/**
 * The import graph of `sources` (path to text). TypeScript's own pre-processor finds the imports,
 * type-only ones included: they do not run, but a cycle through them is still two files that
 * cannot be read, changed or tested apart (src/ws's cycle was mostly `import type`).
 */
export function importGraph(sources: ReadonlyMap<string, string>, exists: (path: string) => boolean = (path) => sources.has(path) || isFile(path)): ImportGraph {
  const graph: ImportGraph = new Map();
  for (const [file, text] of sources) {
    const { importedFiles } = ts.preProcessFile(text, true, true);
    const targets = importedFiles.map(({ fileName }) => resolveSpecifier(file, fileName, exists)).filter((target): target is string => target !== undefined && sources.has(target));
    graph.set(file, [...new Set(targets)]);
  }
  return graph;
}

/** The graph of every `.ts` file under `directory`. */
export function importGraphOf(directory: string): ImportGraph {
  return importGraph(new Map(typeScriptFiles(resolve(directory)).map((file) => [file, readFileSync(file, 'utf8')])));
}

/**
 * The import cycles of `graph`: its strongly connected components of more than one file (or a
 * file importing itself), each as one cycle through them, e.g. [a, b, a]. Tarjan's algorithm.
 */
export function importCycles(graph: ImportGraph): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const visit = (file: string): void => {
    index.set(file, next);
    low.set(file, next);
    next += 1;
    stack.push(file);
    onStack.add(file);
    for (const target of graph.get(file) ?? []) {
      if (!index.has(target)) {
        visit(target);
        low.set(file, Math.min(low.get(file)!, low.get(target)!));
      } else if (onStack.has(target)) {
        low.set(file, Math.min(low.get(file)!, index.get(target)!));
      }
    }
    if (low.get(file) !== index.get(file)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== file);
    if (component.length > 1 || graph.get(file)?.includes(file)) components.push(component);
  };
  for (const file of [...graph.keys()].sort()) if (!index.has(file)) visit(file);
  return components.map((component) => cycleThrough(graph, new Set(component)));
}

/** One cycle through the members of a strongly connected component, from its first file. */
function cycleThrough(graph: ImportGraph, members: ReadonlySet<string>): string[] {
  const start = [...members].sort()[0]!;
  const path = [start];
  const seen = new Set([start]);
  const walk = (file: string): boolean => {
    for (const target of graph.get(file) ?? []) {
      if (!members.has(target)) continue;
      if (target === start) return path.push(start) > 0;
      if (seen.has(target)) continue;
      seen.add(target);
      path.push(target);
      if (walk(target)) return true;
      path.pop();
    }
    return false;
  };
  walk(start);
  return path;
}

/** `cycle` as `a.ts -> b.ts -> a.ts`, relative to `root`. */
export function describeCycle(cycle: readonly string[], root: string): string {
  return cycle.map((file) => relative(root, file)).join(' -> ');
}
