import { setTimeout as sleep } from 'node:timers/promises';
import WebSocket from 'ws';
import { open } from './fanout';

interface Tracked {
  subscriber: Awaited<ReturnType<typeof open>>;
  /** Stage events received after the counting started. */
  received: number;
  lastSeq: number;
  /** Events whose sequence number was not above the previous one: duplicates or reordering. */
  outOfOrder: number;
}

/** The activity sequence number inside a cursor (base64url "seq:<n>", src/modules/activity). */
function seqOf(cursor: unknown): number {
  if (typeof cursor !== 'string') return Number.NaN;
  const match = /^seq:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  return match ? Number(match[1]) : Number.NaN;
}

/**
 * Many sockets of one organisation, each with one stage subscription (opened by the fan-out
 * bench's `open`), counting every stage event each of them receives. Events are numbered per
 * organisation in commit order, so a subscriber that has every event has exactly as many as were
 * committed, in increasing order.
 */
export class SoakSubscribers {
  private afterSeq = 0;
  private deliveries = 0;

  private constructor(private readonly tracked: Tracked[]) {
    for (const entry of tracked) this.count(entry);
  }

  static async open(wsUrl: string, key: string, query: string, count: number): Promise<SoakSubscribers> {
    const subscribers: Awaited<ReturnType<typeof open>>[] = [];
    const BATCH = 100;
    for (let i = 0; i < count; i += BATCH) {
      subscribers.push(...(await Promise.all(Array.from({ length: Math.min(BATCH, count - i) }, () => open(wsUrl, key, query)))));
    }
    return new SoakSubscribers(subscribers.map((subscriber) => ({ subscriber, received: 0, lastSeq: 0, outOfOrder: 0 })));
  }

  get size(): number {
    return this.tracked.length;
  }

  // A second listener next to open()'s own (which records errors and closes in `error`).
  private count(entry: Tracked): void {
    entry.subscriber.socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as { type: string; id?: string; payload?: { data?: { stageUpdated?: { cursor?: unknown } } } };
      if (message.type !== 'next' || message.id !== entry.subscriber.id) return;
      const seq = seqOf(message.payload?.data?.stageUpdated?.cursor);
      if (Number.isNaN(seq) || seq <= this.afterSeq) return;
      if (seq <= entry.lastSeq) entry.outOfOrder += 1;
      entry.lastSeq = Math.max(entry.lastSeq, seq);
      entry.received += 1;
      this.deliveries += 1;
    });
  }

  /** Resolves true once every subscriber has seen event `seq` (or a later one). */
  async allSaw(seq: number, timeoutMs: number): Promise<boolean> {
    const until = Date.now() + timeoutMs;
    while (Date.now() < until) {
      if (this.tracked.every((entry) => entry.lastSeq >= seq)) return true;
      await sleep(50);
    }
    return false;
  }

  /** From now on, count only the events after `seq`. */
  startCounting(seq: number): void {
    this.afterSeq = seq;
    this.deliveries = 0;
    for (const entry of this.tracked) Object.assign(entry, { received: 0, lastSeq: seq, outOfOrder: 0 });
  }

  /** Events delivered (summed over subscribers) since the last call. */
  takeDeliveries(): number {
    const deliveries = this.deliveries;
    this.deliveries = 0;
    return deliveries;
  }

  /** Subscribers that have fewer than `expected` events. */
  behind(expected: number): number {
    return this.tracked.filter((entry) => entry.received < expected).length;
  }

  /** Subscribers whose count is not exactly `expected`, or that saw an event out of order. */
  mismatched(expected: number): number {
    return this.tracked.filter((entry) => entry.received !== expected || entry.outOfOrder > 0).length;
  }

  async allReceived(expected: number, timeoutMs: number): Promise<boolean> {
    const until = Date.now() + timeoutMs;
    while (Date.now() < until) {
      if (this.behind(expected) === 0) return true;
      await sleep(50);
    }
    return false;
  }

  openSockets(): number {
    return this.tracked.filter((entry) => entry.subscriber.socket.readyState === WebSocket.OPEN).length;
  }

  /** Sockets closed, subscriptions that got an error, and events out of order, so far. */
  problems(): { closed: number; errored: number; outOfOrder: number; firstError?: string } {
    const closed = this.tracked.filter((entry) => entry.subscriber.socket.readyState !== WebSocket.OPEN).length;
    const errored = this.tracked.filter((entry) => entry.subscriber.error !== undefined);
    const outOfOrder = this.tracked.reduce((sum, entry) => sum + entry.outOfOrder, 0);
    return { closed, errored: errored.length, outOfOrder, firstError: errored[0]?.subscriber.error };
  }

  close(): void {
    for (const entry of this.tracked) entry.subscriber.socket.terminate();
  }
}
