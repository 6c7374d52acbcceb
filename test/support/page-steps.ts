import type { Page } from 'playwright-core';
import { expectAccessible, LAPTOP } from './browser';

/**
 * Steps the browser tests share: signing in as a person does, the keyboard, waiting on the page,
 * and the phone-width checks. Page expressions are strings: the tests' type-check has no DOM
 * library, and the page's CSP refuses eval (so never `page.waitForFunction`).
 */

/** The password the factories (test/support/factories.ts) give every user. */
export const FACTORY_PASSWORD = 'correct horse battery';

export const PHONE = { width: 390, height: 844 };

/** How far the page scrolls sideways (0 or less: it fits). */
export const horizontalOverflow = (page: Page) => page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');

export const focusedId = (page: Page) => page.evaluate<string>(`document.activeElement?.id ?? ''`);

/**
 * Signs in through the page at `url` and waits for the organisation's dashboard (`organisation`,
 * its heading) with its live connection up; without `organisation`, for any signed-in page.
 */
export async function signIn(page: Page, url: string, email: string, options: { password?: string; organisation?: string } = {}): Promise<void> {
  await page.goto(`${url}/`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(options.password ?? FACTORY_PASSWORD);
  await page.keyboard.press('Enter');
  if (!options.organisation) {
    await page.locator('.org-name').waitFor();
    return;
  }
  await page.getByRole('heading', { level: 1, name: options.organisation }).waitFor();
  await page.locator('.connection[data-state="live"]').waitFor({ timeout: 30_000 });
}

/** Presses Tab until the focused element's accessible name (aria-label, label or text) matches `name`. */
export async function tabTo(page: Page, name: RegExp, most = 120): Promise<void> {
  for (let presses = 0; presses < most; presses += 1) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate<string>(
      `(() => { const e = document.activeElement; return (e?.getAttribute('aria-label') || (e?.labels && e.labels[0]?.textContent) || e?.textContent || '').trim(); })()`,
    );
    if (name.test(focused)) return;
  }
  throw new Error(`${name} is not reachable with Tab`);
}

/** Waits until `expression` is true in the page, polling, for at most `ms`; a failure says where the page was. */
export async function until(page: Page, expression: string, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await page.evaluate<boolean>(expression))) {
    if (Date.now() > deadline) {
      const seen = await page.evaluate<string>(
        `location.hash + ' | ' + (document.querySelector('main')?.innerText ?? document.body.innerText).replace(/\\s+/g, ' ').slice(0, 400)`,
      );
      throw new Error(`never true: ${expression}\nthe page at ${seen}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** No axe violation at desktop and at phone width, and no sideways scrolling on the phone. */
export async function expectAccessibleAtBothWidths(page: Page, name: string): Promise<void> {
  await expectAccessible(page, name);
  const desktop = page.viewportSize() ?? LAPTOP;
  await page.setViewportSize(PHONE);
  expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
  await expectAccessible(page, `${name}, phone width`);
  await page.setViewportSize(desktop);
}
