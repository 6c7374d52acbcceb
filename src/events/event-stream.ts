import type { RequestDb } from '../db/request-db';
import type { Logger } from '../logger';
import type { ActivityEventRow } from './activity-event.entity';
import type { EventHub } from './event-hub';
import { eventsAfter } from './event-log';

/** Rows read from the table at a time, and only once the consumer has taken the previous page. */
const PAGE = 500;
/**
 * Live rows a stream keeps while its consumer is busy. A consumer further behind than this gets
 * the rest from the table, page by page, as it asks: nothing is queued for it without bound.
 */
const LIVE_BUFFER = 500;
/** A failed read is retried, backing off from the first wait to the last, until it succeeds. */
const FIRST_RETRY_MS = 250;
const LAST_RETRY_MS = 5_000;

const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined };

export interface EventStreamOptions {
  hub: EventHub;
  organisationId: string;
  /** Replay events after this seq from the table first; null for live events only. */
  after: bigint | null;
  /** A fresh database scope of the subscriber's organisation for reading the table. */
  openDb: () => RequestDb;
  /** Which events this subscription wants. */
  filter: (event: ActivityEventRow) => boolean;
  log: Logger;
}

/**
 * The organisation's committed events as an async iterator paced by its consumer: first those
 * after `after`, then live ones, with no gap, no duplicate and no end (only `return()` ends it).
 *
 * It registers with the hub before reading anything, then delivers from one of two places. While
 * it is behind (a replay, or a consumer that let more than {@link LIVE_BUFFER} live rows pile up)
 * it reads the table a page at a time after the last seq it delivered, the next page only once the
 * consumer has taken the previous one. Meanwhile the hub's rows are held, up to the bound (past
 * it they are dropped, and the table is read once more). A short page read while nothing was
 * dropped reaches every row committed before the read; every later one reaches the held rows,
 * since the hub delivers in seq order and seq order is commit order. So it switches to the held
 * rows there, skipping by seq what the page already delivered.
 *
 * A failed read is retried with backoff: the events are in the table, so the stream waits for the
 * database rather than ending. Not safe for concurrent `next()` calls (graphql-js never makes them).
 */
export function eventStream(options: EventStreamOptions): AsyncIterableIterator<ActivityEventRow> {
  return new EventStream(options);
}

class EventStream implements AsyncIterableIterator<ActivityEventRow> {
  /** The seq of the last row passed to the consumer or filtered out; null until registered. */
  private last: bigint | null;
  /** Rows of the last page read from the table, still to deliver. */
  private page: ActivityEventRow[] = [];
  /** Live rows from the hub, in seq order, at most {@link LIVE_BUFFER}. */
  private held: ActivityEventRow[] = [];
  /** The table has rows after `last` that neither `page` nor `held` has: read it. */
  private behind: boolean;
  /** Live rows were dropped since the current read started. */
  private dropped = false;
  private ended = false;
  /** Registration with the hub: undefined inside when the stream ended before it took hold. */
  private registration?: Promise<{ position: bigint; unsubscribe: () => void } | undefined>;
  /** Wakes a `next()` waiting for a live row. */
  private wake?: () => void;

  constructor(private readonly options: EventStreamOptions) {
    this.last = options.after;
    this.behind = options.after !== null;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  async next(): Promise<IteratorResult<ActivityEventRow>> {
    if (!this.registration && !this.ended) await this.register();
    for (;;) {
      if (this.ended) return DONE;
      const row = this.page.shift() ?? (this.behind ? undefined : this.held.shift());
      if (row) {
        const seq = BigInt(row.seq);
        if (seq <= this.last!) continue;
        this.last = seq;
        if (this.options.filter(row)) return { done: false, value: row };
      } else if (this.behind) {
        await this.readPage();
      } else {
        await new Promise<void>((resolve) => (this.wake = resolve));
      }
    }
  }

  async return(): Promise<IteratorResult<ActivityEventRow>> {
    if (!this.ended) {
      this.ended = true;
      this.held = [];
      this.page = [];
      this.wake?.();
      void this.registration?.then((registration) => registration?.unsubscribe());
    }
    return DONE;
  }

  async throw(error: unknown): Promise<IteratorResult<ActivityEventRow>> {
    await this.return();
    throw error;
  }

  /** A row the hub delivered: held for the consumer, or dropped (and read later) past the bound. */
  private onLive(row: ActivityEventRow): void {
    if (this.ended) return;
    if (this.held.length < LIVE_BUFFER) {
      this.held.push(row);
    } else {
      this.held = [];
      this.behind = true;
      this.dropped = true;
    }
    const { wake } = this;
    this.wake = undefined;
    wake?.();
  }

  private async register(): Promise<void> {
    const { hub, organisationId } = this.options;
    this.registration = this.retrying('event stream registration', () => hub.subscribe(organisationId, (row) => this.onLive(row)));
    const registration = await this.registration;
    // Live only: the hub delivers every row after `position`; rows up to it are skipped by seq.
    if (registration) this.last ??= registration.position;
  }

  private async readPage(): Promise<void> {
    const { openDb } = this.options;
    this.dropped = false;
    const after = this.last!;
    const rows = await this.retrying('event stream read', async () => {
      const db = openDb();
      try {
        return await eventsAfter(db, after, PAGE);
      } finally {
        await db.finish(true);
      }
    });
    if (!rows || this.ended) return;
    this.page = rows;
    if (rows.length < PAGE && !this.dropped) this.behind = false;
  }

  /** Runs `work` until it succeeds; undefined when the stream ended meanwhile. */
  private async retrying<T>(what: string, work: () => Promise<T>): Promise<T | undefined> {
    for (let waitMs = FIRST_RETRY_MS; !this.ended; waitMs = Math.min(waitMs * 2, LAST_RETRY_MS)) {
      try {
        return await work();
      } catch (error) {
        this.options.log.warn({ err: error, organisationId: this.options.organisationId, retryInMs: waitMs }, `${what} failed; retrying`);
        await new Promise((resolve) => setTimeout(resolve, waitMs).unref());
      }
    }
    return undefined;
  }
}
