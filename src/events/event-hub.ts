import type { DataSource } from 'typeorm';
import { RequestDb } from '../db/request-db';
import type { Logger } from '../logger';
import type { ActivityEventRow } from './activity-event.entity';
import { eventsAfter, latestSeq, type EventWaker } from './event-log';

/** Receives the organisation's committed events in sequence order. */
export type EventListener = (event: ActivityEventRow) => void;

interface OrganisationFeed {
  listeners: Set<EventListener>;
  /** The highest seq handed to listeners; reads continue after it. */
  lastSeq: bigint;
  /** Reads of one organisation run one after another, so events stay in order. */
  reading: Promise<void>;
  /** A wake-up arrived while reading: read once more when done. */
  again: boolean;
  /** After a failed read, the wait before the next attempt (0 while reads succeed). */
  retryMs: number;
}

/** Retries of a failed read back off from the first to the last wait. */
const FIRST_RETRY_MS = 250;
const LAST_RETRY_MS = 5_000;

/**
 * This process's fan-out of committed activity events to its local subscribers, per
 * organisation. A wake-up (NOTIFY from any process, or a local commit in embedded mode) makes it
 * read the organisation's rows after the last one it delivered, under that organisation's
 * row-level security, so the table (not the notification) is the source of truth: a lost
 * wake-up only delays events until the next one, and {@link EventHub.catchUp} recovers them.
 */
export class EventHub implements EventWaker {
  private readonly feeds = new Map<string, OrganisationFeed>();
  /** With Redis wake-ups (REDIS_URL): how the other processes hear of this one's commits. */
  private remote: { published(organisationId: string, seq: string): void } | undefined;
  private readonly deliveryObservers = new Set<EventListener>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly logger: Logger,
  ) {}

  /** The organisation's latest committed seq (0 when it has none). */
  async latestSeq(organisationId: string): Promise<bigint> {
    const db = new RequestDb(this.dataSource, { organisationId });
    try {
      return await latestSeq(db);
    } finally {
      await db.finish(true);
    }
  }

  /**
   * Starts delivering the organisation's events to `listener`. Resolves once registered, with the
   * seq after which deliveries start: anything up to it is for the caller to read from the table.
   */
  async subscribe(organisationId: string, listener: EventListener): Promise<{ position: bigint; unsubscribe: () => void }> {
    let feed = this.feeds.get(organisationId);
    if (!feed) {
      const created: OrganisationFeed = { listeners: new Set(), lastSeq: 0n, reading: Promise.resolve(), again: false, retryMs: 0 };
      created.reading = this.latestSeq(organisationId).then((seq) => {
        created.lastSeq = seq;
      });
      this.feeds.set(organisationId, created);
      feed = created;
    }
    const registered = feed;
    registered.listeners.add(listener);
    const unsubscribe = () => {
      registered.listeners.delete(listener);
      if (registered.listeners.size === 0 && this.feeds.get(organisationId) === registered) this.feeds.delete(organisationId);
    };
    try {
      await registered.reading;
    } catch (error) {
      // The feed never learnt where the log stands: drop it rather than deliver old events as new.
      if (this.feeds.get(organisationId) === registered) this.feeds.delete(organisationId);
      unsubscribe();
      throw error;
    }
    return { position: registered.lastSeq, unsubscribe };
  }

  /** Other processes hear of this one's commits through `remote` from now on, not through NOTIFY. */
  publishThrough(remote: { published(organisationId: string, seq: string): void }): void {
    this.remote = remote;
  }

  /** Appends notify in their transaction (pg_notify) unless wake-ups travel another way. */
  get notifiesInTransaction(): boolean {
    return this.remote === undefined;
  }

  /** An event of this process committed: deliver it here, and tell the others where they do not hear NOTIFY. */
  committed(organisationId: string, seq: string): void {
    this.wake(organisationId);
    this.remote?.published(organisationId, seq);
  }

  /** New events may have committed in this organisation: read and deliver them. */
  wake(organisationId: string): void {
    const feed = this.feeds.get(organisationId);
    if (!feed) return;
    if (feed.again) return;
    feed.again = true;
    feed.reading = feed.reading
      .catch(() => undefined)
      .then(async () => {
        feed.again = false;
        await this.deliverNew(organisationId, feed);
        feed.retryMs = 0;
      })
      .catch((error: unknown) => {
        this.logger.error({ err: error, organisationId }, 'event delivery failed');
        this.retryLater(organisationId, feed);
      });
  }

  /**
   * The events are committed and waiting in the table: a read that failed (the database briefly
   * unreachable, a connection the hold timeout closed) is tried again, backing off, for as long
   * as the feed has subscribers, rather than waiting for the next change to wake it.
   */
  private retryLater(organisationId: string, feed: OrganisationFeed): void {
    feed.retryMs = Math.min(feed.retryMs ? feed.retryMs * 2 : FIRST_RETRY_MS, LAST_RETRY_MS);
    setTimeout(() => {
      if (this.feeds.get(organisationId) === feed) this.wake(organisationId);
    }, feed.retryMs).unref();
  }

  /** Wakes every organisation with local subscribers: after a lost LISTEN connection. */
  catchUp(): void {
    for (const organisationId of this.feeds.keys()) this.wake(organisationId);
  }

  /**
   * Calls `observer` with each event once this process has read it and handed it to the
   * organisation's listeners (the metrics' delivery lag); the returned function stops it.
   */
  onDelivery(observer: EventListener): () => void {
    this.deliveryObservers.add(observer);
    return () => this.deliveryObservers.delete(observer);
  }

  get organisationCount(): number {
    return this.feeds.size;
  }

  /**
   * How many listeners the organisation's feed delivers to, once the feed knows where the log
   * stands (so each of them will receive every event committed from now on). For tests: a
   * subscription is live when its listener counts here.
   */
  async liveListeners(organisationId: string): Promise<number> {
    const feed = this.feeds.get(organisationId);
    if (!feed) return 0;
    await feed.reading.catch(() => undefined);
    return this.feeds.get(organisationId) === feed ? feed.listeners.size : 0;
  }

  private async deliverNew(organisationId: string, feed: OrganisationFeed): Promise<void> {
    const db = new RequestDb(this.dataSource, { organisationId });
    let rows: ActivityEventRow[];
    try {
      rows = await eventsAfter(db, feed.lastSeq, 1000);
    } finally {
      await db.finish(true);
    }
    for (const row of rows) {
      feed.lastSeq = BigInt(row.seq);
      for (const listener of feed.listeners) {
        try {
          listener(row);
        } catch (error) {
          this.logger.error({ err: error }, 'event listener failed');
        }
      }
      for (const observer of this.deliveryObservers) observer(row);
    }
    // A burst larger than one read: keep going.
    if (rows.length === 1000) await this.deliverNew(organisationId, feed);
  }
}
