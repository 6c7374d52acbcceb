import { Client, type ClientConfig } from 'pg';
import type { Logger } from '../logger';
import type { EventHub } from './event-hub';

/** The channel every activity event notifies: payload `<organisation id>:<seq>`. */
export const EVENTS_CHANNEL = 'partnership_hub_events';

/**
 * The process's one dedicated LISTEN connection (never from the pool: a pooled connection would be
 * handed to requests). Notifications wake the hub for their organisation; after a dropped
 * connection it reconnects with backoff and wakes every organisation, since NOTIFY is at most
 * once and anything sent meanwhile is only in the table.
 */
export class PgListener {
  private client: Client | undefined;
  private stopped = false;
  private attempt = 0;
  private timer: NodeJS.Timeout | undefined;
  /** Resolves when the first LISTEN is in place. */
  readonly ready: Promise<void>;
  private markReady!: () => void;

  constructor(
    private readonly config: ClientConfig,
    private readonly hub: EventHub,
    private readonly logger: Logger,
  ) {
    this.ready = new Promise((resolve) => (this.markReady = resolve));
  }

  start(): void {
    void this.connect();
  }

  /** The backend pid of the LISTEN connection (tests terminate it to prove recovery). */
  get backendPid(): number | undefined {
    return (this.client as unknown as { processID?: number } | undefined)?.processID;
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new Client({ ...this.config, application_name: 'partnership-hub-listener' });
    client.on('error', (error) => this.logger.warn({ err: error }, 'event listener connection error'));
    client.on('end', () => {
      if (this.client === client) this.client = undefined;
      this.scheduleReconnect();
    });
    client.on('notification', (message) => {
      const organisationId = message.payload?.split(':')[0];
      if (organisationId) this.hub.wake(organisationId);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${EVENTS_CHANNEL}`);
      this.client = client;
      if (this.attempt > 0) this.logger.info('event listener reconnected');
      this.attempt = 0;
      this.hub.catchUp();
      this.markReady();
    } catch (error) {
      this.logger.warn({ err: error }, 'event listener could not connect');
      await client.end().catch(() => undefined);
    }
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
    await this.client?.end().catch(() => undefined);
  }
}
