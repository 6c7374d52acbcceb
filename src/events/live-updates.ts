import type { DataSource } from 'typeorm';
import type { Logger } from '../logger';
import { EventHub } from './event-hub';
import { PgListener } from './pg-listener';

export interface LiveUpdates {
  hub: EventHub;
  /** Present in PostgreSQL mode: the LISTEN connection that hears other processes' commits. */
  listener?: PgListener;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Wires this process's event fan-out. With a PostgreSQL URL every process LISTENs, so a commit in
 * any process reaches subscribers of all; the embedded database is one process, whose own commits
 * wake its hub directly.
 */
export function createLiveUpdates(dataSource: DataSource, logger: Logger, listenUrl: string | null, options: { listenerHeartbeatMs?: number } = {}): LiveUpdates {
  const hub = new EventHub(dataSource, logger);
  const listener = listenUrl ? new PgListener({ connectionString: listenUrl }, hub, logger, options.listenerHeartbeatMs) : undefined;
  return {
    hub,
    listener,
    async start() {
      listener?.start();
      await listener?.ready;
    },
    async stop() {
      await listener?.stop();
    },
  };
}
