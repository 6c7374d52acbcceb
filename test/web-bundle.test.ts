import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildWeb } from '../web/build';

/**
 * The web app's size budget: what a browser downloads to open the page (index.html, the
 * stylesheet and the script, gzipped as a server or proxy would send them) stays under
 * BUDGET_BYTES. Measured when Preact, urql and graphcache came in, with the dashboard and the
 * pages for getting in: 47,599 bytes (the script 43,827; the plain-DOM page before them was 17,071).
 * With the organisation, partners, principles, project, plan and challenge pages: 66,782 bytes
 * (the script 62,393): 60 KiB became 80 KiB, room for the evaluation, activity and wall pages
 * still to come, not for another framework. With issue #18's pages it reached 81,419 of 81,920:
 * the pages opened now and then (management, evaluation, history, challenges, a new project) became
 * chunks fetched when first shown (web/src/lazy.tsx), so a wall screen does not download them.
 * And the page loads nothing from anywhere but its own server.
 */
const BUDGET_BYTES = 80 * 1024;

const out = mkdtempSync(path.join(os.tmpdir(), 'ph-web-budget-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

beforeAll(async () => {
  await buildWeb(out);
}, 60_000);

const gzipped = (file: string) => gzipSync(readFileSync(path.join(out, file)), { level: 9 }).length;

/** `file` and every chunk it imports statically, transitively (what a browser fetches before the script runs), relative to `out`. */
function staticallyLoaded(file: string, seen = new Set<string>()): Set<string> {
  seen.add(file);
  const source = readFileSync(path.join(out, file), 'utf8');
  for (const [, target] of source.matchAll(/(?:\bfrom|\bimport)\s*"(\.[^"]+)"/g)) {
    const chunk = path.posix.join(path.posix.dirname(file), target!);
    if (!seen.has(chunk)) staticallyLoaded(chunk, seen);
  }
  return seen;
}

/** Every script of the build, relative to `out`. */
const scripts = () => [
  'dashboard.js',
  ...readdirSync(path.join(out, 'chunks'))
    .filter((name) => name.endsWith('.js'))
    .map((name) => `chunks/${name}`),
];

it(`keeps what the page downloads to open under ${BUDGET_BYTES / 1024} KB gzipped`, () => {
  const files = ['index.html', 'dashboard.css', ...staticallyLoaded('dashboard.js')];
  const sizes = Object.fromEntries(files.map((file) => [file, gzipped(file)]));
  const total = Object.values(sizes).reduce((sum, size) => sum + size, 0);
  const later = scripts().filter((file) => !files.includes(file));
  // Printed, so a change that grows the page shows by how much, and what loads later.
  process.stderr.write(
    `web bundle, gzipped: ${total} bytes of ${BUDGET_BYTES} to open (${files.length} files); ${later.reduce((sum, file) => sum + gzipped(file), 0)} bytes in ${later.length} chunks loaded when their page is first shown\n`,
  );
  expect(total).toBeLessThanOrEqual(BUDGET_BYTES);
});

it('fetches the management, evaluation and history pages only when they are first shown', () => {
  const opening = [...staticallyLoaded('dashboard.js')].map((file) => readFileSync(path.join(out, file), 'utf8')).join('\n');
  const entry = readFileSync(path.join(out, 'dashboard.js'), 'utf8');
  for (const page of ['organisation', 'partners', 'principles', 'evaluation', 'activity', 'celebrations', 'decisions', 'challenges', 'new-project']) {
    expect({ page, loadedLater: new RegExp(`import\\("\\./chunks/${page}-[A-Z0-9]+\\.js"\\)`).test(entry) }).toEqual({ page, loadedLater: true });
  }
  // A form only those pages have is not in what opens the page.
  expect(opening).not.toContain('Open a feedback form');
});

it('references nothing outside its own folder from index.html or the stylesheet', () => {
  const html = readFileSync(path.join(out, 'index.html'), 'utf8');
  const references = [...html.matchAll(/\b(?:src|href)\s*=\s*"([^"]*)"/g)].map((match) => match[1]!);
  expect(references.length).toBeGreaterThan(0);
  for (const reference of references) {
    if (reference.startsWith('#') || reference.startsWith('data:')) continue;
    // Relative to the page, and built: no scheme, no protocol-relative //host, no absolute path.
    expect({ reference, local: /^[\w.-]+$/.test(reference) }).toEqual({ reference, local: true });
    expect({ reference, built: existsSync(path.join(out, reference)) }).toEqual({ reference, built: true });
  }
  const css = readFileSync(path.join(out, 'dashboard.css'), 'utf8');
  expect(css).not.toMatch(/@import|url\(\s*["']?(?!data:)[^)]*\)/);
});

it('ships the production build of its libraries (no development checks left for a browser to trip on)', () => {
  for (const file of scripts()) expect({ file, development: readFileSync(path.join(out, file), 'utf8').includes('process.env') }).toEqual({ file, development: false });
});
