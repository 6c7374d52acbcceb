import { randomUUID } from 'node:crypto';
import { Client, type ClientConfig } from 'pg';
import { backendPid, destroySocket } from '../adapters/pg';
import type { Logger } from '../logger';
import type { EventHub } from './event-hub';
import { decodeEventNotification, EVENTS_CHANNEL } from './event-log';

/** The LISTEN connection's name in pg_stat_activity (and how tests tell it from request work). */
export const LISTENER_APPLICATION_NAME = 'partnership-hub-listener';

/** Leads the heartbeat's statement, so it shows as what it is in pg_stat_activity (and tests can tell it from request work). */
export const HEARTBEAT_LABEL = '/* event listener heartbeat */';

/** Heartbeat payloads start with this; an event's payload is `<organisation uuid>:<seq>`. */
const HEARTBEAT_PREFIX = 'heartbeat.';

/**
 * Sends a notification on {@link EVENTS_CHANNEL} the way events travel: through the request pool
 * (and any pooler in front of it), committed.
 */
export type HeartbeatSender = (sql: string, params: unknown[]) => Promise<unknown>;

/** What the listener knows of its own health: for /readyz and the log. */
export interface ListenerHealth {
  /** True once a heartbeat sent through the pool was heard, until one is not. */
  readonly hearing: boolean;
  /** Why not, in a sentence an operator can act on. */
  readonly problem: string | undefined;
}

type Beat = 'heard' | 'answered' | 'deaf' | 'silent';

/**
 * The process's one dedicated LISTEN connection (never from the pool: a pooled connection would be
 * handed to requests). Notifications wake the hub for their organisation; after a dropped
 * connection it reconnects with backoff and wakes every organisation, since NOTIFY is at most
 * once and anything sent meanwhile is only in the table.
 *
 * A connection can also stop hearing without a word: a network that forgets it (a NAT or firewall
 * that lost its state) delivers nothing and reports nothing, and a transaction pooler (PgBouncer in
 * transaction mode) runs the LISTEN on a backend that the next client's transactions then use, so
 * notifications never reach this connection while its `SELECT 1` is still answered. So every
 * `heartbeatMs` it notifies a fresh nonce through the request pool, as events are notified, and
 * must hear it within `heartbeatMs` of the commit. When it does not, the log says so, readiness
 * says not ready, and it drops the connection and reconnects (catching up). When the pool itself
 * cannot send the nonce in time, the connection at least has to answer `SELECT 1` as before.
 */
export class PgListener {
  private client: Client | undefined;
  private stopped = false;
  private attempt = 0;
  private timer: NodeJS.Timeout | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  private readonly awaited = new Map<string, () => void>();
  private state: ListenerHealth = { hearing: false, problem: 'not connected yet' };
  /** Resolves when the first LISTEN is in place and its first heartbeat has been tried. */
  readonly ready: Promise<void>;
  private markReady!: () => void;

  constructor(
    private readonly config: ClientConfig,
    private readonly hub: EventHub,
    private readonly logger: Logger,
    private readonly send: HeartbeatSender,
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

  get health(): ListenerHealth {
    return this.state;
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new Client({ ...this.config, application_name: LISTENER_APPLICATION_NAME, keepAlive: true });
    client.on('error', (error) => this.logger.warn({ err: error }, 'event listener connection error'));
    client.on('end', () => {
      if (this.client === client) {
        this.client = undefined;
        // A connection dropped for not hearing keeps that reason until a heartbeat is heard again.
        if (this.state.hearing) this.state = { hearing: false, problem: 'the LISTEN connection was lost; reconnecting' };
      }
      this.scheduleReconnect();
    });
    client.on('notification', (message) => {
      const payload = message.payload ?? '';
      if (payload.startsWith(HEARTBEAT_PREFIX)) return void this.awaited.get(payload)?.();
      const notification = decodeEventNotification(payload);
      if (notification) this.hub.wake(notification.organisationId);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${EVENTS_CHANNEL}`);
    } catch (error) {
      this.state = { hearing: false, problem: 'the LISTEN connection could not be opened' };
      this.logger.warn({ err: error }, 'event listener could not connect');
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    if (this.attempt > 0) this.logger.info('event listener reconnected');
    this.attempt = 0;
    this.hub.catchUp();
    await this.check(client);
    this.markReady();
    if (this.client === client) this.watch(client);
  }

  /** Checks `client` hears, every heartbeat, until it is replaced or the listener stops. */
  private watch(client: Client): void {
    clearInterval(this.heartbeat);
    let checking = false;
    this.heartbeat = setInterval(() => {
      if (this.client !== client) return void clearInterval(this.heartbeat);
      if (checking) return; // the previous check still has its own deadlines running
      checking = true;
      void this.check(client).finally(() => {
        checking = false;
      });
    }, this.heartbeatMs);
    this.heartbeat.unref();
  }

  /** One heartbeat: records the outcome, and replaces a connection that is deaf or silent. */
  private async check(client: Client): Promise<void> {
    const beat = await this.beat(client);
    if (this.stopped || this.client !== client) return;
    // Alive, but the pool could not prove it hears: readiness already fails on the pool.
    if (beat === 'answered') return;
    if (beat === 'heard') {
      if (!this.state.hearing && this.state.problem?.startsWith('deaf')) this.logger.info('event listener hears notifications again');
      this.state = { hearing: true, problem: undefined };
      return;
    }
    if (beat === 'deaf') {
      this.state = {
        hearing: false,
        problem:
          'deaf: a notification committed through the pool did not reach the LISTEN connection (behind a transaction pooler? ' +
          'point DATABASE_LISTEN_URL at PostgreSQL itself or a session pooler)',
      };
      this.logger.error({ heartbeatMs: this.heartbeatMs }, `event listener is ${this.state.problem}; reconnecting`);
    } else {
      this.state = { hearing: false, problem: 'the LISTEN connection stopped answering' };
      this.logger.warn({ heartbeatMs: this.heartbeatMs }, 'event listener stopped answering; reconnecting');
    }
    // Its 'end' event schedules the reconnect, which catches up from the table.
    destroySocket(client);
  }

  /**
   * Notifies a nonce through the pool and waits to hear it. Heard: all is well. Committed but not
   * heard within the heartbeat: deaf. Not committed in time (the pool is slow or down, which
   * readiness reports on its own): the connection must at least answer `SELECT 1`.
   */
  private async beat(client: Client): Promise<Beat> {
    const nonce = `${HEARTBEAT_PREFIX}${randomUUID()}`;
    const timers: NodeJS.Timeout[] = [];
    const after = <T>(ms: number, value: T) => new Promise<T>((resolve) => timers.push(setTimeout(() => resolve(value), ms).unref()));
    const heard = new Promise<'heard'>((resolve) => this.awaited.set(nonce, () => resolve('heard')));
    try {
      const sent = this.send(`${HEARTBEAT_LABEL} SELECT pg_notify($1, $2)`, [EVENTS_CHANNEL, nonce]).then(
        () => 'sent' as const,
        () => 'unsent' as const,
      );
      const first = await Promise.race([heard, sent, after(this.heartbeatMs, 'late' as const)]);
      if (first === 'heard') return 'heard';
      if (first === 'sent') return await Promise.race([heard, after(this.heartbeatMs, 'deaf' as const)]);
      return await Promise.race([
        heard,
        client.query('SELECT 1').then(
          () => 'answered' as const,
          () => 'silent' as const,
        ),
        after(this.heartbeatMs, 'silent' as const),
      ]);
    } finally {
      this.awaited.delete(nonce);
      for (const timer of timers) clearTimeout(timer);
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
    clearInterval(this.heartbeat);
    await this.client?.end().catch(() => undefined);
  }
}
