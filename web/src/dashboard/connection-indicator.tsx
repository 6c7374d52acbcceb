import type { ConnectionState } from '../live';

const TEXT: Record<ConnectionState, string> = {
  connecting: 'Connecting…',
  live: 'Live',
  offline: 'Offline, reconnecting…',
  stopped: 'Live updates stopped',
};

/** The dot and word in the header that say whether live updates are arriving. */
export function ConnectionIndicator({ state }: { state: ConnectionState }) {
  return (
    <span class="connection" data-state={state} role="status" title="Live updates">
      <span class="connection-dot" aria-hidden="true" />
      <span class="connection-text">{TEXT[state]}</span>
    </span>
  );
}
