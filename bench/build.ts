import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { transformFileSync, type Options } from '@swc/core';

export const ROOT = path.resolve(__dirname, '..');
export const BUILD_DIR = path.join(ROOT, 'bench', '.build');

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return tsFiles(file);
    return name.endsWith('.ts') && !name.endsWith('.d.ts') ? [file] : [];
  });
}

/**
 * Compiles the working tree's src/ (or another tree's, for `--variant-src`) and the bench's
 * child-process entry points to plain JavaScript under bench/.build, with the project's .swcrc (decorator metadata) and no source
 * maps: the server then runs as `node`, as in production, without a compiler loaded in the
 * process (which would inflate its RSS), and without touching dist/. Type errors are not this
 * step's business (`npx tsc --noEmit -p .` is).
 */
export function buildForBench(sourceRoot: string = ROOT, buildDir: string = BUILD_DIR): { files: number; ms: number } {
  const started = Date.now();
  const swcrc = JSON.parse(readFileSync(path.join(ROOT, '.swcrc'), 'utf8')) as Options & { $schema?: string };
  delete swcrc.$schema;
  const options: Options = { ...swcrc, swcrc: false, sourceMaps: false };
  rmSync(buildDir, { recursive: true, force: true });
  const files = [
    ...tsFiles(path.join(sourceRoot, 'src')).map((file) => ({ file, relative: path.relative(sourceRoot, file) })),
    ...['probe.ts', 'baseline-server.ts', 'dashboard-sql.ts'].map((name) => ({ file: path.join(ROOT, 'bench', name), relative: path.join('bench', name) })),
  ];
  for (const { file, relative } of files) {
    const out = path.join(buildDir, relative).replace(/\.ts$/, '.js');
    mkdirSync(path.dirname(out), { recursive: true });
    writeFileSync(out, transformFileSync(file, { ...options, filename: file }).code);
  }
  return { files: files.length, ms: Date.now() - started };
}

export const builtPath = (relative: string, buildDir: string = BUILD_DIR) => path.join(buildDir, relative.replace(/\.ts$/, '.js'));

/** Where `--variant-src` is built: inside bench/ so that it resolves the project's node_modules. */
export const VARIANT_BUILD_DIR = path.join(ROOT, 'bench', '.build', 'variant');
