import { createContext } from 'preact';
import { useContext, useEffect, useLayoutEffect, useRef } from 'preact/hooks';
import { useQuery, type AnyVariables, type TypedDocumentNode } from '@urql/preact';
import type { CombinedError } from '@urql/core';

/** A change announced live: a stage event (with its project) or an activity event (with its entity type). */
export type Change = { kind: 'stage'; projectId: string; entityType: 'Stage' } | { kind: 'activity'; entityType: string };

/**
 * Live changes reload after a short, random delay: a burst of changes costs one reload, and the
 * screens of one organisation (which share its query-cost budget) do not all reload at once.
 */
const LIVE_DELAY_MS = 300;
const LIVE_JITTER_MS = 700;
/** A failed reload (rate limited, network) keeps what is shown and tries again later. */
const RETRY_DELAY_MS = 5_000;

/**
 * Who reloads what. Every open dashboard of an organisation draws on one query-cost budget (the
 * server's per-organisation rate limit), so a view reloads only for changes that concern it, and
 * while someone fills in a form, reloads wait until it is closed: nobody loses what they were
 * typing because someone else changed something.
 */
export interface Refresher {
  /** Registers a view's query: `reload` runs (later) for every change `follows` accepts, and on `refreshAll`. */
  follow(follows: (change: Change) => boolean, reload: () => void): () => void;
  changed(change: Change): void;
  /**
   * Every view reloads: at once after the person's own change, or (`live`) after the usual short
   * random delay, as after a lost connection, when every screen of the organisation reconnects.
   */
  refreshAll(live?: boolean): void;
  setEditing(editing: boolean): void;
}

export function createRefresher(): Refresher {
  const views = new Set<{ follows: (change: Change) => boolean; reload: () => void; due: boolean }>();
  let editing = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const run = () => {
    if (editing) return;
    for (const view of views) {
      if (!view.due) continue;
      view.due = false;
      view.reload();
    }
  };
  const schedule = (delayMs: number) => {
    clearTimeout(timer);
    timer = setTimeout(run, delayMs);
  };
  const jitter = () => LIVE_DELAY_MS + Math.random() * LIVE_JITTER_MS;
  return {
    follow(follows, reload) {
      const view = { follows, reload, due: false };
      views.add(view);
      return () => views.delete(view);
    },
    changed(change) {
      let any = false;
      for (const view of views) {
        if (!view.follows(change)) continue;
        view.due = true;
        any = true;
      }
      if (any) schedule(jitter());
    },
    refreshAll(live = false) {
      views.forEach((view) => (view.due = true));
      schedule(live ? jitter() : 0);
    },
    setEditing(on) {
      editing = on;
      if (!on) schedule(0);
    },
  };
}

/** What a view gets from the dashboard around it. */
export interface DashboardState {
  organisationName: string;
  /** Members and up may change stages; observers (and OBSERVER keys) only look. */
  canWrite: boolean;
  /** The caller's role here, for the organisation, partner and principle pages. */
  role: string;
  /** A person, not an API key: managing members and keys needs one. */
  person: boolean;
  refresher: Refresher;
  /** The id of the control focused last in the page, to come back to after a reload redraws it. */
  lastFocusedId: { current: string };
  /** Set on navigation: the next view to show its content moves focus to its heading. */
  navigated: { current: boolean };
}

export const DashboardContext = createContext<DashboardState | null>(null);

export function useDashboard(): DashboardState {
  const context = useContext(DashboardContext);
  if (!context) throw new Error('useDashboard outside the dashboard');
  return context;
}

/**
 * A view's query, kept current: cached data first, then the server's; reloaded for the live
 * changes `follows` accepts. A reload that fails keeps the last good picture (a wall screen
 * should not flip to an error) and tries again later; `error` is only for a view with nothing
 * to show. After a reload redraws the view, focus returns to the control that had it.
 */
export function useLiveQuery<Data, Variables extends AnyVariables>(
  query: TypedDocumentNode<Data, Variables>,
  variables: Variables,
  follows: (change: Change) => boolean,
): { data: Data | undefined; error: CombinedError | undefined; retry(): void } {
  const { refresher, lastFocusedId } = useDashboard();
  const [result, reexecute] = useQuery<Data, Variables>({ query, variables, requestPolicy: 'cache-and-network' });
  const follower = useRef(follows);
  follower.current = follows;
  const reload = () => reexecute({ requestPolicy: 'network-only' });
  useEffect(() => refresher.follow((change) => follower.current(change), reload), [reexecute]);
  const last = useRef<Data | undefined>(undefined);
  if (result.data) last.current = result.data;
  const failedWithPicture = Boolean(result.error && last.current);
  useEffect(() => {
    if (!failedWithPicture) return;
    const timer = setTimeout(reload, RETRY_DELAY_MS + Math.random() * 1_000);
    return () => clearTimeout(timer);
  }, [failedWithPicture, result.error]);
  const data = result.data ?? last.current;
  useLayoutEffect(() => {
    // A button disables itself while its change is sent, and a redraw may move it: either drops
    // focus to the body, and then the control focused last is the one to come back to.
    if (data && document.activeElement === document.body && lastFocusedId.current) document.getElementById(lastFocusedId.current)?.focus();
  }, [data]);
  return { data, error: last.current ? undefined : result.error, retry: reload };
}

/** A view with its content on screen: names the tab, and after a navigation moves focus to the heading. */
export function usePageShown(title: string | undefined): void {
  const { organisationName, navigated, lastFocusedId } = useDashboard();
  useLayoutEffect(() => {
    if (title === undefined) return;
    document.title = `${title} · ${organisationName} · Partnership Hub`;
    if (navigated.current) {
      navigated.current = false;
      lastFocusedId.current = '';
      // A new page starts at its top, header included, not at the last page's scroll position.
      window.scrollTo(0, 0);
      document.querySelector<HTMLElement>('#main h1')?.focus({ preventScroll: true });
    }
  }, [title]);
}
