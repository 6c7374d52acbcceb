import type { DataSource } from 'typeorm';
import type { Logger } from '../logger';
import { EventHub } from './event-hub';
import { orderOrganisationWrites } from './event-log';
import { PgListener } from './pg-listener';
import { RedisWakeups } from './redis-wakeups';

export interface LiveUpdates {
  hub: EventHub;
  /** In PostgreSQL mode, the LISTEN connection that hears other processes' commits. */
  listener?: PgListener;
  /** With Redis (REDIS_URL), the subscriber that does, instead of the LISTEN connection. */
  wakeups?: RedisWakeups;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface LiveUpdatesOptions {
  listenerHeartbeatMs?: number;
  /** How often every organisation with subscribers is read from the table regardless (default 30 s). */
  catchUpMs?: number;
  /** Wake-ups between processes through Redis pub/sub, and no NOTIFY in writes. */
  redis?: { readonly url: string; readonly keyPrefix: string } | undefined;
}

/**
 * Wires this process's event log and fan-out. With a PostgreSQL URL every process LISTENs (on
 * `listenUrl`: PostgreSQL itself or a session pooler, never a transaction pooler), so a commit in
 * any process reaches subscribers of all; the embedded database is one process, whose own commits
 * wake its hub directly. Every process that serves writes builds this on its data source, so it is
 * also where the organisation writes on it are ordered by the event counter lock.
 *
 * With Redis (`options.redis`), wake-ups travel through its pub/sub instead, published after
 * commit, and writes send no NOTIFY (see redis-wakeups.ts for why).
 *
 * Both are at most once: besides the heartbeat (which notices a listener that stopped hearing),
 * every `catchUpMs` the hub reads each subscribed organisation's log from the table, so a
 * wake-up lost without the heartbeat noticing makes an event late, never lost.
 */
export function createLiveUpdates(dataSource: DataSource, logger: Logger, listenUrl: string | null, options: LiveUpdatesOptions = {}): LiveUpdates {
  orderOrganisationWrites(dataSource);
  const hub = new EventHub(dataSource, logger);
  // The heartbeat travels as events do: through the request pool, committed (autocommit).
  const sendHeartbeat = (sql: string, params: unknown[]) => dataSource.query(sql, params);
  const wakeups = options.redis ? new RedisWakeups(options.redis.url, options.redis.keyPrefix, hub, logger, options.listenerHeartbeatMs) : undefined;
  if (wakeups) hub.publishThrough(wakeups);
  const listener = listenUrl && !wakeups ? new PgListener({ connectionString: listenUrl }, hub, logger, sendHeartbeat, options.listenerHeartbeatMs) : undefined;
  const hearing = wakeups ?? listener;
  let catchUp: NodeJS.Timeout | undefined;
  return {
    hub,
    listener,
    wakeups,
    async start() {
      hearing?.start();
      await hearing?.ready;
      if (hearing) {
        catchUp = setInterval(() => hub.catchUp(), options.catchUpMs ?? 30_000);
        catchUp.unref();
      }
    },
    async stop() {
      clearInterval(catchUp);
      await hearing?.stop();
    },
  };
}
