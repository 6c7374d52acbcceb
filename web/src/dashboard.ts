import type { App, Change, View } from './app';
import { ApiError, graphqlOverHttp, type Credentials, type Gql } from './api';
import { h } from './dom';
import { connectLive } from './live';
import { BOOT, type Role } from './queries';
import { recentActivity } from './recent-activity';
import { textSizeToggle } from './text-size';
import { createActivityFeed } from './views/activity-feed';
import { createCelebrations } from './views/celebrations';
import { createConnectionIndicator } from './views/connection-indicator';
import { evaluationView } from './views/evaluation';
import { overviewView } from './views/overview';
import { projectView } from './views/project';

export interface DashboardOptions {
  credentials: Credentials;
  organisation: { slug: string; name: string };
  role: Role;
  /** "Sam Patel", or the API key's name for a screen. */
  who: string;
  readOnlyScreen: boolean;
  /** Called when the person signs out or the server stops accepting the credentials. */
  signOut(notice?: string): void;
}

const FEED_SIZE = 30;
/**
 * Live changes redraw after a short, random delay: a burst of changes costs one reload, and the
 * screens of one organisation (which share its query-cost budget) do not all reload at once.
 */
const LIVE_DELAY_MS = 300;
const LIVE_JITTER_MS = 700;
/** A failed live reload (rate limited, network) keeps what is shown and tries again later. */
const RETRY_DELAY_MS = 5_000;

/** The signed-in page: header, celebrations, the current view and the live activity feed. */
export function openDashboard(root: HTMLElement, options: DashboardOptions): void {
  const indicator = createConnectionIndicator();
  const celebrations = createCelebrations();
  const feed = createActivityFeed();
  const main = h('main', { id: 'main', tabindex: -1 });
  let live: { dispose(): void } | undefined;
  let ended = false;

  const end = (notice?: string) => {
    if (ended) return;
    ended = true;
    clearTimeout(timer);
    live?.dispose();
    options.signOut(notice);
  };

  const http = graphqlOverHttp(options.credentials);
  const gql: Gql = async (query, variables) => {
    try {
      return await http(query, variables);
    } catch (error) {
      if (error instanceof ApiError && error.code === 'UNAUTHENTICATED') end('Your session has ended. Please sign in again.');
      throw error;
    }
  };

  let editing = false;
  let pending = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let renders = 0;
  let current: View | undefined;
  let lastFocusedId = '';
  main.addEventListener('focusin', (event) => {
    lastFocusedId = event.target instanceof HTMLElement ? event.target.id : '';
  });

  /** Redraws after `delay`, or once the open form is closed. Later calls replace earlier ones. */
  function scheduleRefresh(delay: number): void {
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (ended) return;
      if (editing) pending = true;
      else void render(false);
    }, delay);
  }

  /** A live change: redraw only if the current view shows something it may have changed. */
  function changed(change: Change): void {
    if (current?.follows?.(change)) scheduleRefresh(LIVE_DELAY_MS + Math.random() * LIVE_JITTER_MS);
  }

  const app: App = {
    gql,
    canWrite: options.role === 'OWNER' || options.role === 'ADMIN' || options.role === 'MEMBER',
    refresh: () => scheduleRefresh(0),
    setEditing(on) {
      editing = on;
      if (!on && pending) {
        pending = false;
        scheduleRefresh(0);
      }
    },
  };

  function route(): Promise<View> {
    const [, kind, id] = /^#\/(projects|evaluations)\/([^/]+)$/.exec(location.hash) ?? [];
    if (kind === 'projects' && id) return projectView(app, decodeURIComponent(id));
    if (kind === 'evaluations' && id) return evaluationView(app, decodeURIComponent(id));
    return overviewView(app, options.organisation.name);
  }

  /** Draws the current route; a navigation moves focus to the heading, a live refresh keeps it where it was. */
  async function render(navigation: boolean): Promise<void> {
    const mine = ++renders;
    // A button disables itself while its change is sent, which drops focus to the body: then
    // the last control focused in the view is the one to come back to.
    const active = document.activeElement;
    const focusedId = active instanceof HTMLElement && main.contains(active) ? active.id : active === document.body ? lastFocusedId : '';
    let view: View;
    try {
      view = await route();
    } catch (error) {
      if (mine !== renders || ended) return;
      // A wall screen keeps showing the last good picture rather than an error.
      if (!navigation && current) return scheduleRefresh(RETRY_DELAY_MS);
      const message = error instanceof ApiError ? error.message : 'Something went wrong.';
      view = { title: 'Error', content: h('div', { class: 'card' }, h('h1', { tabindex: -1 }, 'This page could not be loaded'), h('p', { role: 'alert' }, message), h('button', { type: 'button', class: 'button', onClick: () => void render(true) }, 'Try again')) };
    }
    // A later navigation or refresh has overtaken this one, or the person has signed out.
    if (mine !== renders || ended) return;
    editing = false;
    pending = false;
    current = view;
    main.replaceChildren(view.content);
    document.title = `${view.title} · ${options.organisation.name} · Partnership Hub`;
    if (navigation) {
      lastFocusedId = '';
      main.querySelector<HTMLElement>('h1')?.focus();
    } else if (focusedId) {
      document.getElementById(focusedId)?.focus();
    }
  }

  async function startLive(): Promise<void> {
    const recent = await recentActivity(gql, FEED_SIZE).catch(() => ({ events: [], cursor: null, more: false }));
    recent.events.forEach(feed.add);
    if (ended) return;
    live = connectLive(options.credentials, recent.cursor, {
      onState: (state) => {
        indicator.set(state);
        // The server closed the socket for good (expired token, revoked key, removed member):
        // ask over HTTP why, and send the person to sign in again if access really ended.
        if (state === 'stopped') {
          void http(BOOT).catch((error: unknown) => {
            if (error instanceof ApiError && (error.code === 'UNAUTHENTICATED' || error.code === 'FORBIDDEN')) {
              end(options.readOnlyScreen ? 'This screen link is not valid any more.' : 'Your access has ended. Please sign in again.');
            }
          });
        }
      },
      onStageEvent: (event) => {
        if (event.type === 'STAGE_COMPLETED') celebrations.show(event);
        changed({ kind: 'stage', projectId: event.project.id, entityType: 'Stage' });
      },
      onActivity: (event) => {
        feed.add(event);
        // Stage changes arrive as stage events too, with their project: those decide.
        if (event.entityType !== 'Stage') changed({ kind: 'activity', entityType: event.entityType });
      },
      onResumed: (cursorAtLoss) => {
        // Stage events are not replayed (only the log is), so redraw, and say what was missed.
        scheduleRefresh(LIVE_DELAY_MS + Math.random() * LIVE_JITTER_MS);
        void recentActivity(gql, FEED_SIZE, cursorAtLoss).then(
          (missed) => feed.showMissed(missed.events, missed.more),
          () => undefined,
        );
      },
    });
  }

  root.replaceChildren(
    h(
      'header',
      { class: 'topbar' },
      h('div', { class: 'brand' }, h('a', { href: '#/', class: 'brand-name' }, 'Partnership Hub'), h('span', { class: 'org-name' }, options.organisation.name)),
      h('nav', { 'aria-label': 'Main' }, h('a', { href: '#/' }, 'Overview')),
      h(
        'div',
        { class: 'tools' },
        indicator.element,
        h('span', { class: 'who' }, options.who, options.readOnlyScreen || !app.canWrite ? h('span', { class: 'badge read-only' }, 'Read only') : null),
        textSizeToggle(),
        h('button', { type: 'button', class: 'button subtle', onClick: () => end() }, options.readOnlyScreen ? 'Leave screen' : 'Sign out'),
      ),
    ),
    celebrations.element,
    h('div', { class: 'layout' }, main, feed.element),
  );
  window.addEventListener('hashchange', () => {
    if (!ended) void render(true);
  });
  void render(false);
  void startLive();
}
