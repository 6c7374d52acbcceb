import { stringifyDocument } from '@urql/core';
import { createClient, type Client, type SubscribePayload } from 'graphql-ws/client';
import type { Credentials } from './api';
import { graphql } from './gql';
import type { ActivitySubscription, StageUpdatedSubscription } from './gql/graphql';

export type ActivityEvent = ActivitySubscription['activity'];
export type StageEvent = StageUpdatedSubscription['stageUpdated'];

const ACTIVITY_SUBSCRIPTION = graphql(`
  subscription Activity($after: String) {
    activity(after: $after) {
      cursor type occurredAt actor entityType summary
    }
  }
`);

const STAGE_UPDATED = graphql(`
  subscription StageUpdated {
    stageUpdated {
      type cursor
      celebration { id message }
      stage { id title owner { id name } }
      project { id name }
    }
  }
`);

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
 * Refusals of a subscription that a later attempt may not meet: the organisation's budget is spent
 * for now, it holds as many subscriptions as it may, or the server failed. Anything else (a
 * forbidden or invalid subscription) no retry helps.
 */
const PASSING = new Set(['RATE_LIMITED', 'TOO_MANY_SUBSCRIPTIONS', 'INTERNAL_SERVER_ERROR']);

/**
 * Keeps `request` subscribed on `client` until the returned function is called. graphql-ws
 * resubscribes by itself after a lost connection, but a subscription the server completes, or
 * refuses for a passing reason, would otherwise stay ended. Resubscribing sends `request` as it is
 * then: a caller that keeps a cursor in its variables resumes from it. Retries wait `Retry-After`
 * when the server says, else 1 s, 2 s ... up to 30 s, with jitter so screens do not come back in step.
 */
function keepSubscribed<T>(client: Client, request: SubscribePayload, onData: (data: T) => void, onStopped: () => void, ended: () => boolean): () => void {
  let unsubscribe: (() => void) | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  let attempts = 0;
  const again = (retryAfterSeconds?: unknown) => {
    if (stopped || ended()) return;
    attempts += 1;
    const waitMs = typeof retryAfterSeconds === 'number' ? retryAfterSeconds * 1_000 : Math.min(30_000, 500 * 2 ** Math.min(attempts, 6));
    timer = setTimeout(start, waitMs + Math.random() * 1_000);
  };
  const start = () => {
    if (stopped || ended()) return;
    unsubscribe = client.subscribe<T>(request, {
      next: (result) => {
        if (!result.data) return;
        attempts = 0;
        onData(result.data);
      },
      error: (error) => {
        const first = Array.isArray(error) ? (error[0] as { extensions?: { code?: unknown; retryAfterSeconds?: unknown } } | undefined) : undefined;
        if (typeof first?.extensions?.code === 'string' && PASSING.has(first.extensions.code)) again(first.extensions.retryAfterSeconds);
        else onStopped();
      },
      complete: () => again(),
    });
  };
  start();
  return () => {
    stopped = true;
    clearTimeout(timer);
    unsubscribe?.();
  };
}

/**
 * One graphql-ws connection for the page (not urql's subscriptionExchange: resuming needs the
 * payload object that graphql-ws re-sends, see below), with two subscriptions: every stage change of the
 * organisation (celebrations) and its activity log. The client retries forever with backoff.
 *
 * Resuming: graphql-ws re-sends a subscription's payload object as it is when it retries after a
 * lost connection (the retry loop in its client's `subscribe`), so the activity subscription's
 * `after` variable is kept at the last cursor received. The server then replays what happened
 * during the gap before going live again, with no gap and no duplicate. A subscription the server
 * ends (or refuses for now) is subscribed again the same way (see {@link keepSubscribed}).
 */
export function connectLive(credentials: Credentials, startCursor: string | null, handlers: LiveHandlers): Live {
  const activityRequest = { query: stringifyDocument(ACTIVITY_SUBSCRIPTION), variables: { after: startCursor } };
  let lostConnection = false;
  let cursorAtLoss: string | null = null;
  let pongTimer: ReturnType<typeof setTimeout> | undefined;
  let socket: WebSocket | undefined;
  let disposed = false;
  /** The client was given up on (access ended): nothing may subscribe on it again. */
  let clientEnded = false;
  const ended = () => disposed || clientEnded;
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
          clientEnded = true;
          report('stopped');
          // Not waited for: the server already closed the socket; disposing only stops the retries.
          void client.dispose();
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

  const stopped = () => report('stopped');
  const disposeActivity = keepSubscribed<{ activity: ActivityEvent }>(
    client,
    activityRequest,
    ({ activity }) => {
      activityRequest.variables.after = activity.cursor;
      handlers.onActivity(activity);
    },
    stopped,
    ended,
  );
  const disposeStages = keepSubscribed<{ stageUpdated: StageEvent }>(
    client,
    { query: stringifyDocument(STAGE_UPDATED) },
    ({ stageUpdated }) => handlers.onStageEvent(stageUpdated),
    stopped,
    ended,
  );

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
