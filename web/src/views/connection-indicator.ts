import { h } from '../dom';
import type { ConnectionState } from '../live';

const TEXT: Record<ConnectionState, string> = {
  connecting: 'Connecting…',
  live: 'Live',
  offline: 'Offline, reconnecting…',
  stopped: 'Live updates stopped',
};

/** The dot and word in the header that say whether live updates are arriving. */
export function createConnectionIndicator(): { element: HTMLElement; set(state: ConnectionState): void } {
  const text = h('span', { class: 'connection-text' }, TEXT.connecting);
  const element = h('span', { class: 'connection', 'data-state': 'connecting', role: 'status', title: 'Live updates' }, h('span', { class: 'connection-dot', 'aria-hidden': 'true' }), text);
  return {
    element,
    set(state) {
      element.dataset.state = state;
      text.textContent = TEXT[state];
    },
  };
}
