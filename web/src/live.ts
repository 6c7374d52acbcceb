import { createClient, type Client } from 'graphql-ws/client';
import type { Credentials } from './api';
import { ACTIVITY_SUBSCRIPTION, STAGE_UPDATED, type ActivityEvent, type StageEvent } from './queries';

/**
 * `connecting` before the first connection, `offline` between a loss and the next connection,
 * `stopped` when the server refused the credentials or the subscription (no retry helps).
 */
export type ConnectionState = 'connecting' | 'live' | 'offline' | 'stopped';

export interface LiveHandlers {
  onState(state: ConnectionState): void;
  onStageEvent(event: StageEvent): void;
  onActivity(event: ActivityEvent): void;
  /** Connected again after a loss; `lastCursor` is the last activity event seen before it. */
  onResumed(lastCursor: string | null): void;
}

export interface Live {
  /** The last activity cursor received. */
  cursor(): string | null;
  dispose(): void;
}

/** Closes by the server that retrying cannot fix: the credentials are no longer accepted. */
const ACCESS_ENDED = new Set([4401, 4403]);
/** How long a ping may wait for its pong before the socket counts as dead (wall screens sit on flaky Wi-Fi). */
const PONG_TIMEOUT_MS = 5_000;

/**
 * One graphql-ws connection for the page, with two subscriptions: every stage change of the
 * organisation (celebrations) and its activity log. The client retries forever with backoff.
 *
 * Resuming: graphql-ws re-sends a subscription's payload object as it is when it retries after a
 * lost connection (the retry loop in its client's `subscribe`), so the activity subscription's
 * `after` variable is kept at the last cursor received. The server then replays what happened
 * during the gap before going live again, with no gap and no duplicate.
 */
export function connectLive(credentials: Credentials, startCursor: string | null, handlers: LiveHandlers): Live {
  const activityRequest = { query: ACTIVITY_SUBSCRIPTION, variables: { after: startCursor } };
  let lostConnection = false;
  let cursorAtLoss: string | null = null;
  let pongTimer: ReturnType<typeof setTimeout> | undefined;
  let socket: WebSocket | undefined;
  let disposed = false;
  const report = (state: ConnectionState) => {
    if (!disposed) handlers.onState(state);
  };

  const client: Client = createClient({
    url: `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`,
    connectionParams: { authorization: `Bearer ${credentials.token}`, organisation: credentials.organisation },
    lazy: false,
    keepAlive: 10_000,
    retryAttempts: Infinity,
    shouldRetry: () => true,
    // 0.5 s, 1 s, 2 s ... up to 10 s, with jitter so a room of screens does not reconnect in step.
    retryWait: (retries) => new Promise((resolve) => setTimeout(resolve, Math.min(10_000, 500 * 2 ** retries) + Math.random() * 500)),
    onNonLazyError: () => report('stopped'),
    on: {
      connecting: () => report(lostConnection ? 'offline' : 'connecting'),
      connected: (connected) => {
        socket = connected as WebSocket;
        report('live');
        if (lostConnection) {
          lostConnection = false;
          handlers.onResumed(cursorAtLoss);
        }
      },
      closed: (event) => {
        clearTimeout(pongTimer);
        socket = undefined;
        const code = (event as CloseEvent | undefined)?.code ?? 0;
        if (ACCESS_ENDED.has(code)) {
          report('stopped');
          client.dispose();
          return;
        }
        if (!lostConnection) cursorAtLoss = activityRequest.variables.after;
        lostConnection = true;
        report('offline');
      },
      ping: (received) => {
        if (received) return;
        clearTimeout(pongTimer);
        pongTimer = setTimeout(() => socket?.close(4408, 'Pong timeout'), PONG_TIMEOUT_MS);
      },
      pong: (received) => {
        if (received) clearTimeout(pongTimer);
      },
    },
  });

  const disposeActivity = client.subscribe<{ activity: ActivityEvent }>(activityRequest, {
    next: (result) => {
      const event = result.data?.activity;
      if (!event) return;
      activityRequest.variables.after = event.cursor;
      handlers.onActivity(event);
    },
    error: () => report('stopped'),
    complete: () => undefined,
  });
  const disposeStages = client.subscribe<{ stageUpdated: StageEvent }>({ query: STAGE_UPDATED }, {
    next: (result) => {
      if (result.data?.stageUpdated) handlers.onStageEvent(result.data.stageUpdated);
    },
    error: () => report('stopped'),
    complete: () => undefined,
  });

  return {
    cursor: () => activityRequest.variables.after,
    dispose() {
      disposed = true;
      clearTimeout(pongTimer);
      disposeActivity();
      disposeStages();
      void client.dispose();
    },
  };
}
