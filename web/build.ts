import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { cp, mkdir, rm, writeFile } from 'node:fs/promises';
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

interface BuildRecord {
  /** Date.now() before the build read anything: an input changed after it is a change. */
  startedAt: number;
  /** esbuild's metafile inputs (web/src and the node_modules it bundles), relative to the root. */
  inputs: string[];
}

/**
 * Builds the dashboard into `outDir`: the static files of web/public as they are, and web/src
 * bundled into one script. Everything the page needs is in that folder (no CDN, no web fonts), so
 * it works on a private network. esbuild only strips types: `npm run typecheck:web` checks them.
 * Always builds; `buildWebIfChanged` is what `npm run build:web` runs.
 */
export async function buildWeb(outDir: string = WEB_OUT_DIR): Promise<string[]> {
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  await cp(PUBLIC_DIR, outDir, { recursive: true });
  const result = await build({
    entryPoints: [path.join(__dirname, 'src', 'main.ts')],
    outfile: path.join(outDir, 'dashboard.js'),
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: ['es2022'],
    minify: true,
    sourcemap: true,
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

/** Why WEB_OUT_DIR must be rebuilt, or undefined when no input changed since its last build. */
export function webBuildOutOfDate(): string | undefined {
  let record: BuildRecord;
  try {
    record = JSON.parse(readFileSync(WEB_BUILD_RECORD, 'utf8')) as BuildRecord;
  } catch {
    return `no record of a previous build (${path.relative(ROOT, WEB_BUILD_RECORD)})`;
  }
  const outputs = ['dashboard.js', 'dashboard.js.map', ...tree(PUBLIC_DIR).map((file) => path.relative(PUBLIC_DIR, file))];
  const missing = outputs.find((output) => !existsSync(path.join(WEB_OUT_DIR, output)));
  if (missing !== undefined) return `${path.relative(ROOT, path.join(WEB_OUT_DIR, missing))} is missing`;
  const inputs = [
    __dirname, // web/ itself, web/build.ts, web/tsconfig.json, web/src and web/public, files and folders
    ...tree(__dirname),
    ...record.inputs.map((input) => path.resolve(ROOT, input)),
    path.join(ROOT, 'package-lock.json'),
  ];
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

/**
 * `npm run build:web` (and so `npm start`): builds WEB_OUT_DIR unless nothing under web/ (nor the
 * dependencies it bundles, nor package-lock.json) changed since the last build. `force` builds anyway.
 */
export async function buildWebIfChanged(force = false): Promise<{ built: boolean; reason: string }> {
  const reason = force ? 'forced' : webBuildOutOfDate();
  if (reason === undefined) return { built: false, reason: 'no input changed since the last build' };
  const startedAt = Date.now();
  await rm(WEB_BUILD_RECORD, { force: true });
  const inputs = await buildWeb(WEB_OUT_DIR);
  const record: BuildRecord = { startedAt, inputs };
  await writeFile(WEB_BUILD_RECORD, `${JSON.stringify(record, null, 2)}\n`);
  return { built: true, reason };
}

if (require.main === module) {
  buildWebIfChanged(process.argv.includes('--force')).then(
    ({ built, reason }) => {
      const where = path.relative(process.cwd(), WEB_OUT_DIR);
      console.log(built ? `Dashboard built into ${where} (${reason})` : `Dashboard in ${where} is up to date (${reason})`);
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
