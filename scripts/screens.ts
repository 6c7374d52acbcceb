import type { Page } from 'playwright-core';
import type { Route } from '../web/src/router';

/**
 * The README's pictures (`npm run screenshots`, scripts/screenshots.ts): every page a person uses,
 * in the demo organisation, each as docs/screens/<name>.png. test/screenshots-script.test.ts checks
 * that every route of web/src/router.ts is here or in NOT_PICTURED.
 */

export interface Viewport {
  width: number;
  height: number;
}

export const LAPTOP: Viewport = { width: 1280, height: 800 };
export const PHONE: Viewport = { width: 390, height: 844 };
export const WALL: Viewport = { width: 1920, height: 1080 };

/** What a page needs of the seeded demo to open. */
export interface Demo {
  projectId: string;
}

export interface Screen {
  /** The file: docs/screens/<name>.png. */
  name: string;
  /** The page it shows; the script checks that the address bar's fragment is this route's. */
  route: Route['name'];
  /** Who looks: the demo's partnership lead, nobody signed in, or the wall screen's kiosk key. */
  as: 'lead' | 'nobody' | 'screen';
  viewport: Viewport;
  /**
   * Shrinks the picture by this factor (the page is laid out at `viewport`): the wall is a 1920×1080
   * screen, and a picture the size of the others shows it better in the README.
   */
  scale?: number;
  /** Goes to the page from wherever the last one left it, and opens what the picture shows; then the script waits for it to settle. */
  open(page: Page, demo: Demo): Promise<void>;
  /** What the picture starts with, when not the top of the page: a selector, scrolled to once the page has settled. */
  scrollTo?: string;
}

/** Goes to a fragment route as a link would, keeping the page (and its live connection). */
export async function go(page: Page, hash: string): Promise<void> {
  await page.evaluate(`location.hash = ${JSON.stringify(hash)}`);
}

const heading = (page: Page, name: string | RegExp) => page.getByRole('heading', { level: 1, name }).waitFor();

/** The demo's project page, its plan drawn. */
async function openProject(page: Page, demo: Demo): Promise<void> {
  await go(page, `#/projects/${encodeURIComponent(demo.projectId)}`);
  await page.locator('li.stage').first().waitFor();
}

export const SCREENS: Screen[] = [
  {
    name: 'sign-in',
    route: 'sign-in',
    as: 'nobody',
    viewport: LAPTOP,
    open: async (page) => {
      await go(page, '#/sign-in');
      await page.getByLabel('Email').waitFor();
    },
  },
  {
    name: 'overview',
    route: 'overview',
    as: 'lead',
    viewport: LAPTOP,
    open: async (page) => {
      await go(page, '#/');
      await page.locator('.project-card').first().waitFor();
      await page.locator('.feed-item').first().waitFor();
    },
  },
  {
    name: 'project',
    route: 'project',
    as: 'lead',
    viewport: LAPTOP,
    open: openProject,
  },
  {
    name: 'project-agreements',
    route: 'project',
    as: 'lead',
    viewport: LAPTOP,
    open: openProject,
    // The plan beside the agreements, partners and challenges, below the head of the page.
    scrollTo: '.project-grid',
  },
  {
    name: 'project-phone',
    route: 'project',
    as: 'lead',
    viewport: PHONE,
    open: openProject,
  },
  {
    name: 'challenges',
    route: 'challenges',
    as: 'lead',
    viewport: LAPTOP,
    open: async (page) => {
      await go(page, '#/challenges');
      await heading(page, /challenges/i);
    },
  },
  {
    name: 'evaluation',
    route: 'evaluation',
    as: 'lead',
    viewport: LAPTOP,
    open: async (page, demo) => {
      // Reached as a person does: from the project's Evaluation panel.
      await go(page, `#/projects/${encodeURIComponent(demo.projectId)}`);
      await page.getByRole('link', { name: 'Impact on the service' }).click();
      await heading(page, 'Impact on the service');
      const measure = page.locator('.measure').first();
      await measure.locator('details.measure-data > summary').click();
      await measure.locator('table').waitFor();
    },
    scrollTo: '.measure',
  },
  {
    name: 'partners',
    route: 'partners',
    as: 'lead',
    viewport: LAPTOP,
    open: async (page) => {
      await go(page, '#/partners');
      await heading(page, 'Partners');
    },
  },
  {
    name: 'principles',
    route: 'principles',
    as: 'lead',
    viewport: LAPTOP,
    open: async (page) => {
      await go(page, '#/principles');
      await heading(page, /principles/i);
    },
  },
  {
    name: 'organisation',
    route: 'organisation',
    as: 'lead',
    viewport: LAPTOP,
    open: async (page) => {
      await go(page, '#/organisation');
      await heading(page, 'Members and access');
    },
  },
  {
    name: 'organisation-access',
    route: 'organisation',
    as: 'lead',
    viewport: LAPTOP,
    open: async (page) => {
      await go(page, '#/organisation');
      await page.locator('.invitation').first().waitFor();
    },
    // The invitations sent and the API keys, below the members.
    scrollTo: '#invitations-heading ~ h3',
  },
  {
    name: 'webhooks',
    route: 'organisation',
    as: 'lead',
    viewport: LAPTOP,
    open: async (page) => {
      await go(page, '#/organisation');
      await page.getByRole('heading', { level: 2, name: 'Webhooks' }).waitFor();
    },
    scrollTo: '#webhooks-heading',
  },
  {
    name: 'activity',
    route: 'activity',
    as: 'lead',
    viewport: LAPTOP,
    open: async (page) => {
      await go(page, '#/activity');
      await heading(page, /activity/i);
    },
  },
  {
    name: 'celebrations',
    route: 'celebrations',
    as: 'lead',
    viewport: LAPTOP,
    open: async (page) => {
      await go(page, '#/celebrations');
      await heading(page, /celebrations/i);
    },
  },
  {
    name: 'decisions',
    route: 'decisions',
    as: 'lead',
    viewport: LAPTOP,
    open: async (page) => {
      await go(page, '#/decisions');
      await heading(page, /decisions/i);
    },
  },
  {
    name: 'settings',
    route: 'settings',
    as: 'lead',
    viewport: LAPTOP,
    open: async (page) => {
      await go(page, '#/settings');
      await page.getByRole('heading', { level: 2, name: 'Email digest' }).waitFor();
    },
  },
  {
    name: 'wall',
    route: 'overview',
    as: 'screen',
    viewport: WALL,
    scale: 2 / 3,
    open: async (page) => {
      await page.locator('.wall-stage').first().waitFor();
    },
  },
];

/** The routes with no picture, and why: each is a step on the way in, or a form shown inside a pictured page. */
export const NOT_PICTURED: Partial<Record<Route['name'], string>> = {
  'new-project': 'a form: the same controls as the project page',
  'sign-up': 'the sign-in page’s twin',
  organisations: 'shown only to someone in several organisations',
  'new-organisation': 'a one-field form',
  invitation: 'needs a mailed link',
  'forgotten-password': 'a one-field form',
  'password-reset': 'needs a mailed link',
};
