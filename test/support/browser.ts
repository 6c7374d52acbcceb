import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { buildWeb } from '../../web/build';
import { CHROMIUM, launchBrowser } from './chromium';

/** Browser tests of the web app, in Debian's Chromium (./chromium.ts). */
export { CHROMIUM, launchBrowser };

const NO_BROWSER = existsSync(CHROMIUM) ? undefined : `no Chromium at ${CHROMIUM} (install Debian's chromium, or set CHROMIUM_PATH)`;
// Without a browser the tests are skipped, with one line saying so; in CI (or when asked) they fail.
const BROWSER_REQUIRED = Boolean(process.env.CI) || process.env.REQUIRE_BROWSER === '1';
if (NO_BROWSER && BROWSER_REQUIRED) {
  throw new Error(`browser tests need a browser (${process.env.CI ? 'CI is set' : 'REQUIRE_BROWSER=1'}): ${NO_BROWSER}`);
}
if (NO_BROWSER) process.stderr.write(`browser tests skipped: ${NO_BROWSER}\n`);

export const HAS_BROWSER = NO_BROWSER === undefined;
/** Jest runs no beforeAll/afterAll in a file whose tests are all skipped: no server, no browser. */
export const describeWithBrowser = HAS_BROWSER ? describe : describe.skip;

export const LAPTOP = { width: 1280, height: 800 };

/** A page in a context of its own; what it logs as an error (a CSP violation, an exception) goes to `errors`. */
export async function newPage(browser: Browser, errors: string[], viewport = LAPTOP): Promise<Page> {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  return page;
}

/** The WCAG 2.2 A and AA rules (axe-core names them by the version that added them). */
const WCAG_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/**
 * axe-core's WCAG 2.2 A/AA violations on the page as it is now. The page's Content-Security-Policy
 * forbids inline scripts (so `addScriptTag({ content })` is refused); axe's source goes in
 * through the DevTools protocol instead (`page.evaluate`), which the CSP does not govern, so the
 * page is checked with its real policy in force.
 */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  if (!(await page.evaluate<boolean>(`typeof window.axe === 'object'`))) await page.evaluate(`${AXE_SOURCE}\n;undefined`);
  return page.evaluate<AxeViolation[]>(
    `axe.run(document, { runOnly: { type: 'tag', values: ${JSON.stringify(WCAG_AA)} }, resultTypes: ['violations'] })
      .then((result) => result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')) })))`,
  );
}

/** Asserts that axe-core finds no WCAG 2.2 A/AA violation on the page, naming the page when it does. */
export async function expectAccessible(page: Page, name: string): Promise<void> {
  expect({ page: name, violations: await axeViolations(page) }).toEqual({ page: name, violations: [] });
}

/** Where the browser tests' screenshots land (test/artifacts, not committed). */
export const ARTIFACTS = path.resolve(__dirname, '..', 'artifacts');

/**
 * A test file's own build of the web app: a fresh folder (give it to the server as WEB_DIR) that
 * no other build can pull away; none without a browser, where the tests are skipped.
 */
export function freshWebDir(): string {
  return HAS_BROWSER ? mkdtempSync(path.join(os.tmpdir(), 'ph-web-')) : '';
}

/** Opens pages in the browser of {@link useChromium} or {@link useBrowser}. */
export interface BrowserPages {
  newPage(viewport?: { width: number; height: number }): Promise<Page>;
}

/**
 * Chromium for the tests of a file (or of the describe block it is called in): launched before
 * them, once `prepare` is done, and closed after them, then `cleanUp`. Every page it opens reports
 * what it logs as an error (a CSP violation, an exception), and a test whose pages logged any fails.
 */
export function useChromium(options: { prepare?: () => Promise<unknown>; cleanUp?: () => void } = {}): BrowserPages {
  let browser: Browser | undefined;
  const errors: string[] = [];
  beforeAll(async () => {
    await Promise.all([options.prepare?.(), mkdir(ARTIFACTS, { recursive: true })]);
    browser = await launchBrowser();
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    options.cleanUp?.();
  });
  afterEach(() => {
    expect(errors.splice(0)).toEqual([]);
  });
  return { newPage: (viewport = LAPTOP) => newPage(browser!, errors, viewport) };
}

/**
 * A test file's browser ({@link useChromium}): builds the web app into `webDir` before its tests,
 * and removes it after them.
 */
export function useBrowser(webDir: string): BrowserPages {
  return useChromium({ prepare: () => buildWeb(webDir), cleanUp: () => rmSync(webDir, { recursive: true, force: true }) });
}
