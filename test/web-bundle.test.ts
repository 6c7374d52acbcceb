import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
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
 * still to come, not for another framework. (Past that, the management pages split off into a
 * chunk of their own, so a wall screen does not download them.)
 * And the page loads nothing from anywhere but its own server.
 */
const BUDGET_BYTES = 80 * 1024;
const PAGE_FILES = ['index.html', 'dashboard.css', 'dashboard.js'];

const out = mkdtempSync(path.join(os.tmpdir(), 'ph-web-budget-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

beforeAll(async () => {
  await buildWeb(out);
}, 60_000);

const gzipped = (file: string) => gzipSync(readFileSync(path.join(out, file)), { level: 9 }).length;

it(`keeps what the page downloads under ${BUDGET_BYTES / 1024} KB gzipped`, () => {
  const sizes = Object.fromEntries(PAGE_FILES.map((file) => [file, gzipped(file)]));
  const total = Object.values(sizes).reduce((sum, size) => sum + size, 0);
  // Printed, so a change that grows the page shows by how much.
  process.stderr.write(`web bundle, gzipped: ${JSON.stringify(sizes)}, total ${total} bytes of ${BUDGET_BYTES}\n`);
  expect(total).toBeLessThanOrEqual(BUDGET_BYTES);
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
  const script = readFileSync(path.join(out, 'dashboard.js'), 'utf8');
  expect(script).not.toContain('process.env');
  expect(script).not.toMatch(/\bimport\(/);
});
