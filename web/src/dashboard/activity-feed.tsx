import { useState } from 'preact/hooks';
import { formatInstant, plural } from '../format';
import type { ActivityEvent } from '../live';

const KEEP = 50;

interface FeedItem {
  event: ActivityEvent;
  missed: boolean;
}

interface FeedState {
  items: FeedItem[];
  notice: string | null;
}

/** `items` with `event` in its place, newest first; an event already shown is left as it is. */
function placed(items: FeedItem[], event: ActivityEvent, missed: boolean): FeedItem[] {
  const existing = items.findIndex((item) => item.event.cursor === event.cursor);
  if (existing >= 0) {
    if (!missed || items[existing]!.missed) return items;
    return items.map((item, index) => (index === existing ? { ...item, missed: true } : item));
  }
  // Events normally arrive in order; the catch-up query after a reconnect may land after newer
  // live ones, so place by time rather than always on top.
  const at = Date.parse(event.occurredAt);
  const after = items.findLastIndex((item) => Date.parse(item.event.occurredAt) > at);
  return [...items.slice(0, after + 1), { event, missed }, ...items.slice(after + 1)].slice(0, KEEP);
}

export interface ActivityFeedState {
  state: FeedState;
  /** Adds an event (newest first); an event already shown is left as it is. */
  add(event: ActivityEvent): void;
  /** Marks the events that happened while the page was offline, and says how many. */
  showMissed(events: ActivityEvent[], more: boolean): void;
}

export function useActivityFeed(): ActivityFeedState {
  const [state, setState] = useState<FeedState>({ items: [], notice: null });
  return {
    state,
    add: (event) => setState((s) => ({ ...s, items: placed(s.items, event, false) })),
    showMissed: (events, more) =>
      setState((s) => ({
        // The replay over the socket may already have shown some of these: mark, do not repeat.
        items: events.reduce((items, event) => placed(items, event, true), s.items),
        notice: events.length
          ? `Reconnected. While offline you missed ${more ? 'more than ' : ''}${plural(events.length, 'update')}, marked below.`
          : 'Reconnected. Nothing happened while offline.',
      })),
  };
}

/** The organisation's activity, newest first, as it happens. */
export function ActivityFeed({ state }: { state: FeedState }) {
  return (
    // Focusable: on wide screens the feed scrolls on its own, and keyboard users must be able to scroll it.
    <aside class="activity" aria-labelledby="activity-heading" tabIndex={0}>
      <h2 id="activity-heading">Activity</h2>
      <p class="feed-more">
        <a href="#/activity">All activity</a>
      </p>
      <p class="missed-notice" role="status" hidden={state.notice === null}>
        {state.notice}
      </p>
      {state.items.length === 0 ? <p class="muted feed-empty">Nothing has happened yet.</p> : null}
      <ol class="feed" aria-label="Latest activity, newest first">
        {state.items.map(({ event, missed }) => (
          <li key={event.cursor} class={missed ? 'feed-item missed' : 'feed-item'} data-cursor={event.cursor} data-type={event.type}>
            {missed ? <span class="badge missed-badge">While offline</span> : null}
            <p class="feed-summary">{event.summary ?? event.type}</p>
            <p class="feed-meta">
              <time dateTime={event.occurredAt}>{formatInstant(event.occurredAt)}</time>
              {event.actor ? ` · ${event.actor}` : ''}
            </p>
          </li>
        ))}
      </ol>
    </aside>
  );
}
