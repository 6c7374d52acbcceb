import type { DataSource } from 'typeorm';
import type { Logger } from '../logger';
import { EventHub } from './event-hub';
import { orderOrganisationWrites } from './event-log';
import { PgListener } from './pg-listener';

export interface LiveUpdates {
  hub: EventHub;
  /** Present in PostgreSQL mode: the LISTEN connection that hears other processes' commits. */
  listener?: PgListener;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Wires this process's event log and fan-out. With a PostgreSQL URL every process LISTENs, so a
 * commit in any process reaches subscribers of all; the embedded database is one process, whose own
 * commits wake its hub directly. Every process that serves writes builds this on its data source,
 * so it is also where the organisation writes on it are ordered by the event counter lock.
 */
export function createLiveUpdates(dataSource: DataSource, logger: Logger, listenUrl: string | null, options: { listenerHeartbeatMs?: number } = {}): LiveUpdates {
  orderOrganisationWrites(dataSource);
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
