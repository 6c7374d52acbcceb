import { cp, mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { build } from 'esbuild';

/** Where the built dashboard goes; src/web/serve.ts serves the same folder. */
export const WEB_OUT_DIR = path.resolve(__dirname, '..', 'dist', 'web');

/**
 * Builds the dashboard into `outDir`: the static files of web/public as they are, and web/src
 * bundled into one script. Everything the page needs is in that folder (no CDN, no web fonts), so
 * it works on a private network. esbuild only strips types: `npm run typecheck:web` checks them.
 */
export async function buildWeb(outDir: string = WEB_OUT_DIR): Promise<void> {
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  await cp(path.join(__dirname, 'public'), outDir, { recursive: true });
  await build({
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
  });
}

if (require.main === module) {
  buildWeb().then(
    () => console.log(`Dashboard built into ${path.relative(process.cwd(), WEB_OUT_DIR)}`),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
