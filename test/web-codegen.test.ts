import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

/**
 * The typed documents in web/src/gql are committed, so the dashboard type-checks and builds
 * without running GraphQL Code Generator first. This keeps them honest: codegen runs again into a
 * temporary folder, from the current schema.graphql and web/src, and the committed files must be
 * exactly what it writes. When this fails, run `npm run codegen` and commit the result. Codegen
 * runs in a child process, as `npm run codegen` does: its CLI loads ES modules that Jest cannot.
 */

const ROOT = path.resolve(__dirname, '..');
const COMMITTED = path.join(ROOT, 'web', 'src', 'gql');

function filesIn(dir: string): Record<string, string> {
  return Object.fromEntries(readdirSync(dir).map((name) => [name, readFileSync(path.join(dir, name), 'utf8')]));
}

it('web/src/gql is what `npm run codegen` produces from schema.graphql and web/src now', async () => {
  const out = mkdtempSync(path.join(os.tmpdir(), 'ph-codegen-'));
  try {
    // web/codegen.ts's one target, written to `out` instead of web/src/gql.
    const script = `
      const { generate } = require('@graphql-codegen/cli');
      const config = require('./web/codegen.ts').default;
      const targets = Object.values(config.generates);
      if (targets.length !== 1) throw new Error('web/codegen.ts should have one target');
      generate({ ...config, silent: true, generates: { [process.argv[1] + '/']: targets[0] } }, true)
        .catch((error) => { console.error(error); process.exit(1); });`;
    await promisify(execFile)(process.execPath, ['-r', '@swc-node/register', '-e', script, out], { cwd: ROOT });
    const fresh = filesIn(out);
    const committed = filesIn(COMMITTED);
    expect(Object.keys(committed).sort()).toEqual(Object.keys(fresh).sort());
    for (const [name, content] of Object.entries(fresh)) {
      expect({ file: `web/src/gql/${name}`, content: committed[name] }).toEqual({ file: `web/src/gql/${name}`, content });
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}, 60_000);
