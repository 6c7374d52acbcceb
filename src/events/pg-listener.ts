import { Client, type ClientConfig } from 'pg';
import { backendPid, destroySocket } from '../adapters/pg';
import type { Logger } from '../logger';
import type { EventHub } from './event-hub';
import { decodeEventNotification, EVENTS_CHANNEL } from './event-log';

/** The LISTEN connection's name in pg_stat_activity (and how tests tell it from request work). */
export const LISTENER_APPLICATION_NAME = 'partnership-hub-listener';

/**
 * The process's one dedicated LISTEN connection (never from the pool: a pooled connection would be
 * handed to requests). Notifications wake the hub for their organisation; after a dropped
 * connection it reconnects with backoff and wakes every organisation, since NOTIFY is at most
 * once and anything sent meanwhile is only in the table.
 *
 * A connection can also die silently: a network that forgets it (a NAT or firewall that lost its
 * state) delivers nothing and reports nothing, and TCP keepalive would notice only after the
 * operating system's two hours. So every `heartbeatMs` it asks PostgreSQL `SELECT 1`; no answer
 * within `heartbeatMs` more, and it drops the connection and reconnects (catching up).
 */
export class PgListener {
  private client: Client | undefined;
  private stopped = false;
  private attempt = 0;
  private timer: NodeJS.Timeout | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  /** Resolves when the first LISTEN is in place. */
  readonly ready: Promise<void>;
  private markReady!: () => void;

  constructor(
    private readonly config: ClientConfig,
    private readonly hub: EventHub,
    private readonly logger: Logger,
    private readonly heartbeatMs = 10_000,
  ) {
    this.ready = new Promise((resolve) => (this.markReady = resolve));
  }

  start(): void {
    void this.connect();
  }

  /** The backend pid of the LISTEN connection (tests terminate it to prove recovery). */
  get backendPid(): number | undefined {
    return this.client && backendPid(this.client);
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new Client({ ...this.config, application_name: LISTENER_APPLICATION_NAME, keepAlive: true });
    client.on('error', (error) => this.logger.warn({ err: error }, 'event listener connection error'));
    client.on('end', () => {
      if (this.client === client) this.client = undefined;
      this.scheduleReconnect();
    });
    client.on('notification', (message) => {
      const notification = decodeEventNotification(message.payload);
      if (notification) this.hub.wake(notification.organisationId);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${EVENTS_CHANNEL}`);
      this.client = client;
      this.watch(client);
      if (this.attempt > 0) this.logger.info('event listener reconnected');
      this.attempt = 0;
      this.hub.catchUp();
      this.markReady();
    } catch (error) {
      this.logger.warn({ err: error }, 'event listener could not connect');
      await client.end().catch(() => undefined);
    }
  }

  /** Checks `client` answers, every heartbeat, until it is replaced or the listener stops. */
  private watch(client: Client): void {
    clearInterval(this.heartbeat);
    let checking = false;
    this.heartbeat = setInterval(() => {
      if (this.client !== client) return void clearInterval(this.heartbeat);
      if (checking) return; // the previous check still has its own deadline running
      checking = true;
      let deadline: NodeJS.Timeout | undefined;
      const silent = new Promise<never>((_, reject) => {
        deadline = setTimeout(() => reject(new Error(`no answer within ${this.heartbeatMs} ms`)), this.heartbeatMs);
      });
      Promise.race([client.query('SELECT 1'), silent])
        .catch((error: unknown) => {
          if (this.client !== client) return;
          this.logger.warn({ err: error }, 'event listener stopped answering; reconnecting');
          // Its 'end' event schedules the reconnect, which catches up from the table.
          destroySocket(client);
        })
        .finally(() => {
          clearTimeout(deadline);
          checking = false;
        });
    }, this.heartbeatMs);
    this.heartbeat.unref();
  }

  private scheduleReconnect(): void {
    if (this.stopped || this.timer) return;
    const delay = Math.min(100 * 2 ** this.attempt, 5_000);
    this.attempt += 1;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.connect();
    }, delay);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    clearInterval(this.heartbeat);
    await this.client?.end().catch(() => undefined);
  }
}
