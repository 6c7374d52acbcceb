import { h } from '../dom';
import { formatInstant, plural } from '../format';
import type { ActivityEvent } from '../queries';

const KEEP = 50;

export interface ActivityFeed {
  element: HTMLElement;
  /** Adds an event at the top (newest first); an event already shown is left as it is. */
  add(event: ActivityEvent): void;
  /** Marks the events that happened while the page was offline, and says how many. */
  showMissed(events: ActivityEvent[], more: boolean): void;
}

/** The organisation's activity, newest first, as it happens. */
export function createActivityFeed(): ActivityFeed {
  const list = h('ol', { class: 'feed', 'aria-label': 'Latest activity, newest first' });
  const notice = h('p', { class: 'missed-notice', role: 'status', hidden: true });
  const empty = h('p', { class: 'muted feed-empty' }, 'Nothing has happened yet.');
  const element = h('aside', { class: 'activity', 'aria-labelledby': 'activity-heading' }, h('h2', { id: 'activity-heading' }, 'Activity'), notice, empty, list);
  const items = new Map<string, HTMLLIElement>();

  function item(event: ActivityEvent): HTMLLIElement {
    return h(
      'li',
      { class: 'feed-item', 'data-cursor': event.cursor, 'data-type': event.type },
      h('p', { class: 'feed-summary' }, event.summary ?? event.type),
      h('p', { class: 'feed-meta' }, h('time', { datetime: event.occurredAt }, formatInstant(event.occurredAt)), event.actor ? ` · ${event.actor}` : ''),
    );
  }

  function add(event: ActivityEvent): HTMLLIElement {
    const existing = items.get(event.cursor);
    if (existing) return existing;
    const li = item(event);
    items.set(event.cursor, li);
    // Events normally arrive in order; the catch-up query after a reconnect may land after
    // newer live ones, so place by time rather than always on top.
    const at = Date.parse(event.occurredAt);
    const newer = [...list.children].findLast((other) => Date.parse(other.querySelector('time')?.dateTime ?? '') > at);
    if (newer) newer.after(li);
    else list.prepend(li);
    empty.hidden = true;
    while (list.children.length > KEEP) {
      const last = list.lastElementChild as HTMLLIElement;
      items.delete(last.dataset.cursor ?? '');
      last.remove();
    }
    return li;
  }

  return {
    element,
    add: (event) => void add(event),
    showMissed(events, more) {
      // The replay over the socket may already have shown some of these: mark, do not repeat.
      for (const event of events) {
        const li = add(event);
        if (!li.querySelector('.missed-badge')) li.prepend(h('span', { class: 'badge missed-badge' }, 'While offline'));
        li.classList.add('missed');
      }
      notice.hidden = false;
      notice.textContent = events.length
        ? `Reconnected. While offline you missed ${more ? 'more than ' : ''}${plural(events.length, 'update')}, marked below.`
        : 'Reconnected. Nothing happened while offline.';
    },
  };
}
