import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { copyFile, cp, mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { build } from 'esbuild';

/** Where the built dashboard goes; src/web/serve.ts serves the same folder. */
export const WEB_OUT_DIR = path.resolve(__dirname, '..', 'dist', 'web');
/**
 * What the last build into WEB_OUT_DIR read, and when it started: lets `npm start` skip an
 * unchanged bundle. Beside dist/web rather than in it (dist/web is served), and under dist/, so
 * deleting dist/ deletes it too.
 */
export const WEB_BUILD_RECORD = path.resolve(__dirname, '..', 'dist', 'web-build.json');

const ROOT = path.resolve(__dirname, '..');
const PUBLIC_DIR = path.join(__dirname, 'public');
const GRAPHIQL_SOURCES = path.join(__dirname, 'graphiql');

interface BuildRecord {
  /** Date.now() before the build read anything: an input changed after it is a change. */
  startedAt: number;
  /** esbuild's metafile inputs (the bundle's sources under web/ and the node_modules it bundles), relative to the root. */
  inputs: string[];
}

/**
 * Builds the dashboard into `outDir`: the static files of web/public as they are, and web/src
 * bundled into one script (Preact components, urql, the typed documents of web/src/gql). Everything the page needs is in that folder (no CDN, no web fonts), so
 * it works on a private network. esbuild only strips types: `npm run typecheck:web` checks them.
 * Always builds; `buildWebIfChanged` is what `npm run build:web` runs. GraphiQL is a bundle of its
 * own ({@link buildGraphiQL}).
 */
export async function buildWeb(outDir: string = WEB_OUT_DIR): Promise<string[]> {
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  await cp(PUBLIC_DIR, outDir, { recursive: true });
  const result = await build({
    entryPoints: { dashboard: path.join(__dirname, 'src', 'main.tsx') },
    outdir: outDir,
    // ES modules split at each import(): the pages opened now and then (web/src/lazy.tsx) are
    // chunks fetched when first shown, and code they share with the page is a chunk of its own.
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: ['es2022'],
    minify: true,
    jsx: 'automatic',
    jsxImportSource: 'preact',
    // urql keeps its development warnings behind this check: without it they stay in the bundle.
    define: { 'process.env.NODE_ENV': '"production"' },
    sourcemap: true,
    legalComments: 'linked',
    logLevel: 'warning',
    absWorkingDir: ROOT,
    metafile: true,
  });
  return Object.keys(result.metafile.inputs);
}

/** Where the built GraphiQL goes; src/web/graphiql.ts serves the same folder. */
export const GRAPHIQL_OUT_DIR = path.resolve(__dirname, '..', 'dist', 'graphiql');

/** What a build writes into its folder, relative to it: a missing one means a rebuild. */
const GRAPHIQL_OUTPUTS = ['index.html', 'graphiql/graphiql.js', 'graphiql/graphiql.css', 'graphiql/editor.worker.js', 'graphiql/json.worker.js', 'graphiql/graphql.worker.js'];

/**
 * Builds GraphiQL (web/graphiql) into `outDir`: `index.html`, the page the server sends for
 * `GET /graphql`, and under `graphiql/` one script (GraphiQL, React, Monaco), one stylesheet
 * (GraphiQL's, with its fonts inlined, and Monaco's, whose icon font is a file beside it) and
 * Monaco's three workers (the editor's, JSON's and GraphQL's language services). A bundle of
 * its own: the dashboard's ({@link buildWeb}) neither grows nor loads it. One script, not ES module
 * chunks: esbuild would leave the CSS that Monaco's lazily imported modules bring in separate
 * chunks that nothing loads. No source maps: all of it but web/graphiql's hundred lines is
 * library code, and the script's map alone would be 20 MB. Returns the files esbuild read,
 * relative to the root.
 */
export async function buildGraphiQL(outDir: string = GRAPHIQL_OUT_DIR): Promise<string[]> {
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  await copyFile(path.join(GRAPHIQL_SOURCES, 'index.html'), path.join(outDir, 'index.html'));
  const result = await build({
    entryPoints: {
      graphiql: path.join(GRAPHIQL_SOURCES, 'main.ts'),
      'editor.worker': 'monaco-editor/esm/vs/editor/editor.worker.js',
      'json.worker': 'monaco-editor/esm/vs/language/json/json.worker.js',
      'graphql.worker': 'monaco-graphql/esm/graphql.worker.js',
    },
    outdir: path.join(outDir, 'graphiql'),
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: ['es2022'],
    minify: true,
    // React keeps its development checks behind this: without it they stay in the bundle.
    define: { 'process.env.NODE_ENV': '"production"' },
    loader: { '.ttf': 'file' },
    legalComments: 'linked',
    logLevel: 'warning',
    absWorkingDir: ROOT,
    metafile: true,
  });
  return Object.keys(result.metafile.inputs);
}

/** Every file and folder under `dir` (a folder's time changes when an entry is added or removed). */
function tree(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    return entry.isDirectory() ? [file, ...tree(file)] : [file];
  });
}

/** A bundle that `npm run build:web` builds only when one of its inputs changed since its last build. */
interface Bundle {
  /** As the build's report names it. */
  name: string;
  outDir: string;
  /** Its {@link BuildRecord}: beside outDir (which is served), under dist/. */
  record: string;
  /** Files of outDir a build writes, relative to it: one missing means a rebuild. */
  outputs(): string[];
  /** Files and folders whose change means a rebuild, besides what esbuild read and package-lock.json. */
  sources(): string[];
  build(outDir: string): Promise<string[]>;
}

const BUNDLES: Bundle[] = [
  {
    name: 'Dashboard',
    outDir: WEB_OUT_DIR,
    record: WEB_BUILD_RECORD,
    outputs: () => ['dashboard.js', 'dashboard.js.map', ...tree(PUBLIC_DIR).map((file) => path.relative(PUBLIC_DIR, file))],
    // web/ itself, web/build.ts, web/tsconfig.json, web/src and web/public, files and folders
    sources: () => [__dirname, ...tree(__dirname)],
    build: buildWeb,
  },
  {
    name: 'GraphiQL',
    outDir: GRAPHIQL_OUT_DIR,
    record: path.resolve(ROOT, 'dist', 'graphiql-build.json'),
    outputs: () => GRAPHIQL_OUTPUTS,
    // web/graphiql, files and folders, and this file, which holds its build options
    sources: () => [GRAPHIQL_SOURCES, ...tree(GRAPHIQL_SOURCES), __filename],
    build: buildGraphiQL,
  },
];

/** Why the bundle must be rebuilt, or undefined when no input changed since its last build. */
function buildOutOfDate(bundle: Bundle): string | undefined {
  let record: BuildRecord;
  try {
    record = JSON.parse(readFileSync(bundle.record, 'utf8')) as BuildRecord;
  } catch {
    return `no record of a previous build (${path.relative(ROOT, bundle.record)})`;
  }
  const missing = bundle.outputs().find((output) => !existsSync(path.join(bundle.outDir, output)));
  if (missing !== undefined) return `${path.relative(ROOT, path.join(bundle.outDir, missing))} is missing`;
  const inputs = [...bundle.sources(), ...record.inputs.map((input) => path.resolve(ROOT, input)), path.join(ROOT, 'package-lock.json')];
  for (const input of inputs) {
    let changed: number;
    try {
      changed = statSync(input).mtimeMs;
    } catch {
      return `${path.relative(ROOT, input)} is gone`;
    }
    if (changed > record.startedAt) return `${path.relative(ROOT, input)} changed`;
  }
  return undefined;
}

/** Builds the bundle unless nothing it reads changed since its last build; `force` builds anyway. */
async function buildIfChanged(bundle: Bundle, force: boolean): Promise<{ built: boolean; reason: string }> {
  const reason = force ? 'forced' : buildOutOfDate(bundle);
  if (reason === undefined) return { built: false, reason: 'no input changed since the last build' };
  const startedAt = Date.now();
  await rm(bundle.record, { force: true });
  const inputs = await bundle.build(bundle.outDir);
  const record: BuildRecord = { startedAt, inputs };
  await writeFile(bundle.record, `${JSON.stringify(record, null, 2)}\n`);
  return { built: true, reason };
}

/**
 * `npm run build:web` (and so `npm start`): builds the dashboard into WEB_OUT_DIR and GraphiQL
 * into GRAPHIQL_OUT_DIR, each unless nothing it reads (its files under web/, the dependencies it
 * bundles, package-lock.json) changed since its last build. `force` builds both anyway.
 */
export async function buildWebIfChanged(force = false): Promise<string[]> {
  const reports: string[] = [];
  for (const bundle of BUNDLES) {
    const { built, reason } = await buildIfChanged(bundle, force);
    const where = path.relative(process.cwd(), bundle.outDir);
    reports.push(built ? `${bundle.name} built into ${where} (${reason})` : `${bundle.name} in ${where} is up to date (${reason})`);
  }
  return reports;
}

if (require.main === module) {
  buildWebIfChanged(process.argv.includes('--force')).then(
    (reports) => console.log(reports.join('\n')),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
