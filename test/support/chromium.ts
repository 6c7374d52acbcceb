import { chromium, type Browser } from 'playwright-core';

/**
 * Debian's Chromium driven by playwright-core (Playwright's own browser download cannot work
 * here; CI installs Debian's package instead): for the browser tests (./browser.ts) and for
 * `npm run screenshots`, so this module needs no Jest.
 */
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}
