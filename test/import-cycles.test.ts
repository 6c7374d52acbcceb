import { join, resolve } from 'node:path';
import { describeCycle, importCycles, importGraph, importGraphOf } from './support/import-graph';

// No import cycles in src/: a cycle is files that can only be read, changed and tested together.

const ROOT = resolve(__dirname, '..');
const SRC = join(ROOT, 'src');

describe('import cycles', () => {
  it('finds cycles, type-only imports included', () => {
    const graph = importGraph(
      new Map([
        ['/x/a.ts', "import { b } from './b';"],
        ['/x/b.ts', "import type { C } from './c';\nexport const b = 1;"],
        ['/x/c.ts', "export type { A } from './a';\nimport 'pg';"],
        ['/x/d.ts', "import { a } from './a';"],
      ]),
    );
    expect(graph.get('/x/c.ts')).toEqual(['/x/a.ts']);
    expect(importCycles(graph)).toEqual([['/x/a.ts', '/x/b.ts', '/x/c.ts', '/x/a.ts']]);
    expect(
      importCycles(
        new Map([
          ['/x/a.ts', ['/x/b.ts']],
          ['/x/b.ts', []],
        ]),
      ),
    ).toEqual([]);
  });

  it('has none in src/', () => {
    const graph = importGraphOf(SRC);
    // The walk sees src/ as it is (not an empty or unresolved graph).
    expect(graph.get(join(SRC, 'ws', 'server.ts'))).toContain(join(SRC, 'ws', 'connection.ts'));
    expect(importCycles(graph).map((cycle) => describeCycle(cycle, ROOT))).toEqual([]);
  });
});
