import type { WebSocket } from 'ws';

/** Sockets are pinged in this many slices spread over the period, not all at once. */
const KEEPALIVE_SLICES = 12;

/** What keep-alive needs of a connection. */
export interface KeptAlive {
  readonly socket: WebSocket;
  /** Answered the last ping: set again by the socket's pong. */
  alive: boolean;
}

/**
 * A server's open connections, in keep-alive slices: a connection sits in one from open to close,
 * and each tick pings one slice, cutting off the sockets that left the previous ping unanswered.
 * The interval is unref'd: it never keeps the process alive.
 */
export class KeepAlive<T extends KeptAlive> {
  private readonly slices = Array.from({ length: KEEPALIVE_SLICES }, () => new Set<T>());
  private nextSlice = 0;
  private tick = 0;
  private readonly interval: NodeJS.Timeout;

  /** Every socket is pinged every `periodMs` and cut off if it has not answered the previous ping. */
  constructor(periodMs: number) {
    // Checked after the loop's I/O (setImmediate): when the loop was busy past a tick (a long
    // query in the embedded database, say), pongs that arrived meanwhile are read first, instead
    // of the timer, which runs before I/O, cutting off sockets that did answer.
    this.interval = setInterval(() => setImmediate(() => this.pingSlice()), periodMs / KEEPALIVE_SLICES);
    this.interval.unref();
  }

  /** Adds `connection` to a slice and returns it: the connection leaves it on close. */
  join(connection: T): Set<T> {
    const slice = this.slices[(this.nextSlice = (this.nextSlice + 1) % KEEPALIVE_SLICES)]!;
    slice.add(connection);
    return slice;
  }

  /** Every connection still in a slice. */
  open(): T[] {
    return this.slices.flatMap((slice) => [...slice]);
  }

  stop(): void {
    clearInterval(this.interval);
  }

  private pingSlice(): void {
    this.tick = (this.tick + 1) % KEEPALIVE_SLICES;
    for (const connection of this.slices[this.tick]!) {
      if (!connection.alive) {
        connection.socket.terminate();
        continue;
      }
      connection.alive = false;
      connection.socket.ping();
    }
  }
}
