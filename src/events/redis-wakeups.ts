import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Logger } from '../logger';
import type { EventHub } from './event-hub';
import { decodeEventNotification, EVENTS_CHANNEL } from './event-log';
import type { ListenerHealth } from './pg-listener';

/** Heartbeat messages start with this; an event's is `<organisation uuid>:<seq>`, as NOTIFY's. */
const HEARTBEAT_PREFIX = 'heartbeat.';

/** How long start-up waits for the subscription before serving anyway. */
const STARTUP_WAIT_MS = 2_000;

/**
 * Event wake-ups between processes through Redis pub/sub (REDIS_URL), instead of a NOTIFY inside
 * every write: PostgreSQL serialises the commits of every transaction that notified, database-wide,
 * which capped writes (issue #17: 2.5–2.8× fewer at 32 writers). Each process publishes its events
 * after they commit, and every process's subscriber connection wakes its hub, which reads the
 * table: the table stays the source of truth.
 *
 * Pub/sub is at most once, and a publish fails while Redis is down. So, as for LISTEN: every
 * `heartbeatMs` the subscriber must hear a nonce it published (readiness and the log say when it
 * does not); a reconnected subscriber wakes every organisation; and the hub's periodic catch-up
 * (createLiveUpdates) reads every subscribed organisation anyway, so a lost wake-up makes an event
 * late, never lost.
 */
export class RedisWakeups {
  private readonly channel: string;
  private readonly subscriber: Redis;
  private readonly publisher: Redis;
  private heartbeat: NodeJS.Timeout | undefined;
  private readonly awaited = new Map<string, () => void>();
  private state: ListenerHealth = { hearing: false, problem: 'not subscribed yet' };
  private subscribedBefore = false;
  private stopped = false;
  private publishFailing = false;
  /** Resolves when the first subscription is in place, or after STARTUP_WAIT_MS. */
  readonly ready: Promise<void>;
  private markReady!: () => void;
  /** Resolves when the first subscription is in place. */
  private readonly subscribed: Promise<void>;
  private markSubscribed!: () => void;

  constructor(
    url: string,
    keyPrefix: string,
    private readonly hub: EventHub,
    private readonly logger: Logger,
    private readonly heartbeatMs = 10_000,
  ) {
    this.channel = `${keyPrefix}${EVENTS_CHANNEL}`;
    this.ready = new Promise((resolve) => (this.markReady = resolve));
    this.subscribed = new Promise((resolve) => (this.markSubscribed = resolve));
    // A subscriber connection is in subscriber mode for good; publishing needs one of its own.
    // Publishes fail at once while Redis is down (no offline queue): the catch-up delivers later.
    // The subscription is made again on every connection by this class (autoResubscribe off):
    // ioredis's own resubscribe leaves its promise unhandled, so a connection closed before Redis
    // answered it (a stop during a reconnect) became an unhandled rejection, "Connection is
    // closed.", which fails a whole test run; and the catch-up after a reconnect must follow the
    // subscription, not the connection, or what is published in between waits for the next one.
    this.subscriber = new Redis(url, {
      connectTimeout: 2_000,
      maxRetriesPerRequest: null,
      autoResubscribe: false,
      connectionName: `${keyPrefix}wakeups`.replace(/[^\w.:-]/g, '_'),
    });
    this.publisher = new Redis(url, { connectTimeout: 2_000, enableOfflineQueue: false, maxRetriesPerRequest: 1 });
    this.publisher.on('error', () => undefined);
    this.subscriber.on('error', (error) => {
      if (this.state.hearing) this.logger.warn({ err: error }, 'event wake-ups: Redis subscriber connection lost; reconnecting');
      this.state = { hearing: false, problem: 'the Redis subscriber connection was lost; reconnecting' };
    });
    this.subscriber.on('message', (_channel, message: string) => {
      if (message.startsWith(HEARTBEAT_PREFIX)) return void this.awaited.get(message)?.();
      const notification = decodeEventNotification(message);
      if (notification) this.hub.wake(notification.organisationId);
    });
    this.subscriber.on('ready', () => void this.subscribe());
  }

  /** Subscribes on the connection just made; after a reconnect, catches up what was published meanwhile (it is only in the table). */
  private async subscribe(): Promise<void> {
    try {
      await this.subscriber.subscribe(this.channel);
    } catch (error) {
      // Closed before Redis answered: the next connection subscribes again (or the server stopped).
      if (!this.stopped) this.logger.warn({ err: error }, 'event wake-ups: could not subscribe in Redis');
      return;
    }
    if (this.subscribedBefore) {
      this.logger.info('event wake-ups: Redis subscriber reconnected');
      this.hub.catchUp();
    }
    this.subscribedBefore = true;
    this.markSubscribed();
  }

  start(): void {
    // The server starts once subscribed, or without waiting longer than a connection may take:
    // with Redis down it serves (events arrive on the catch-up), and readiness says why.
    let timer: NodeJS.Timeout | undefined;
    void Promise.race([this.subscribed, new Promise((resolve) => (timer = setTimeout(resolve, STARTUP_WAIT_MS).unref()))]).then(() => {
      clearTimeout(timer);
      this.markReady();
      void this.check().finally(() => this.watch());
    });
  }

  get health(): ListenerHealth {
    return this.state;
  }

  /** Tells every process (this one too) that the organisation's log grew to `seq`; after commit. */
  published(organisationId: string, seq: string): void {
    this.publisher.publish(this.channel, `${organisationId}:${seq}`).then(
      () => {
        if (this.publishFailing) this.logger.info('event wake-ups: publishing to Redis again');
        this.publishFailing = false;
      },
      (error: unknown) => {
        // Delivered by the catch-up instead; said once, not per event.
        if (!this.publishFailing) this.logger.warn({ err: error }, 'event wake-ups: publish to Redis failed; other processes deliver on their catch-up');
        this.publishFailing = true;
      },
    );
  }

  private watch(): void {
    let checking = false;
    this.heartbeat = setInterval(() => {
      if (checking) return;
      checking = true;
      void this.check().finally(() => {
        checking = false;
      });
    }, this.heartbeatMs);
    this.heartbeat.unref();
  }

  /** Publishes a nonce and records whether the subscriber heard it within the heartbeat. */
  private async check(): Promise<void> {
    const nonce = `${HEARTBEAT_PREFIX}${randomUUID()}`;
    let timer: NodeJS.Timeout | undefined;
    const heard = new Promise<boolean>((resolve) => this.awaited.set(nonce, () => resolve(true)));
    const late = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), this.heartbeatMs).unref()));
    try {
      await this.publisher.publish(this.channel, nonce).catch(() => undefined);
      const ok = await Promise.race([heard, late]);
      if (ok && !this.state.hearing) {
        if (this.state.problem?.startsWith('deaf')) this.logger.info('event wake-ups: Redis heard again');
        this.state = { hearing: true, problem: undefined };
        // Whatever came while it did not hear is only in the table.
        this.hub.catchUp();
      } else if (!ok && this.state.hearing) {
        this.state = { hearing: false, problem: 'deaf: a wake-up published to Redis did not come back to this process (is Redis reachable?)' };
        this.logger.error({ heartbeatMs: this.heartbeatMs }, `event wake-ups are ${this.state.problem}`);
      }
    } finally {
      this.awaited.delete(nonce);
      clearTimeout(timer);
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.heartbeat);
    this.subscriber.disconnect();
    this.publisher.disconnect();
  }
}
