import { randomBytes } from 'node:crypto';
import net from 'node:net';
import WebSocket from 'ws';
import { createClient, type Client } from 'graphql-ws';

export interface Subscriber<T = any> {
  /** Results received so far (data or errors), in order. */
  results: { data?: T; errors?: any[] }[];
  /** Resolves when at least `count` results arrived; rejects after `timeoutMs`. */
  waitFor(count: number, timeoutMs?: number): Promise<{ data?: T; errors?: any[] }[]>;
  /** Resolves when the server completed or failed the subscription. */
  done: Promise<void>;
  unsubscribe(): void;
}

export interface WsConnection {
  client: Client;
  subscribe<T = any>(query: string, variables?: Record<string, unknown>): Subscriber<T>;
  /** Resolves with the close code when the socket closes. */
  closed: Promise<number>;
  dispose(): Promise<void>;
}

/** A graphql-ws client that connects with `connection_init` credentials and never retries. */
export function connect(url: string, params: { authorization?: string; organisation?: string } = {}): WsConnection {
  let resolveClosed!: (code: number) => void;
  const closed = new Promise<number>((resolve) => (resolveClosed = resolve));
  const client = createClient({
    url,
    webSocketImpl: WebSocket,
    connectionParams: params,
    lazy: false,
    retryAttempts: 0,
    on: { closed: (event) => resolveClosed((event as { code: number }).code) },
    onNonLazyError: () => undefined,
  });
  return {
    client,
    closed,
    subscribe<T>(query: string, variables?: Record<string, unknown>): Subscriber<T> {
      const results: { data?: T; errors?: any[] }[] = [];
      const waiters: (() => void)[] = [];
      let finish!: () => void;
      const done = new Promise<void>((resolve) => (finish = resolve));
      const notify = () => waiters.splice(0).forEach((w) => w());
      const unsubscribe = client.subscribe<T>(
        { query, variables },
        {
          next: (value) => {
            results.push(value as { data?: T; errors?: any[] });
            notify();
          },
          error: (error) => {
            // A closed socket arrives as its CloseEvent, which would print as {}: keep its code and reason.
            const closed =
              error && typeof error === 'object' && 'code' in error && 'reason' in error ? { message: `socket closed: ${String(error.code)} ${String(error.reason)}` } : undefined;
            results.push({ errors: closed ? [closed] : Array.isArray(error) ? error : [error] });
            notify();
            finish();
          },
          complete: () => finish(),
        },
      );
      return {
        results,
        done,
        unsubscribe,
        waitFor(count, timeoutMs = 10_000) {
          return new Promise((resolve, reject) => {
            const timer = setTimeout(() => reject(new Error(`Timed out waiting for ${count} results; got ${JSON.stringify(results)}`)), timeoutMs);
            const check = () => {
              if (results.length >= count) {
                clearTimeout(timer);
                resolve(results);
              } else waiters.push(check);
            };
            check();
          });
        },
      };
    },
    async dispose() {
      await client.dispose();
    },
  };
}

/** Waits `ms` milliseconds: for asserting that nothing arrives. */
export const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A close as the client saw it. */
export interface Closed {
  code: number;
  reason: string;
}

/**
 * graphql-transport-ws spoken directly over `ws`, for what graphql-ws's client hides: a reader
 * that stops reading (`socket.pause()`), and counts of raw messages per subscription id.
 */
export interface BareConnection {
  socket: WebSocket;
  /** `next` messages received so far, by subscription id. */
  received: Map<string, number>;
  /** Bytes of every message received so far. */
  bytes: number;
  /** `error` messages received (a refused subscription). */
  errors: string[];
  closed: Promise<Closed>;
  subscribe(id: string, query: string, variables?: Record<string, unknown>): void;
  /** Resolves once `count` `next` messages arrived in all (polling, so it tolerates a slow machine). */
  waitForNext(count: number, timeoutMs?: number): Promise<void>;
}

/** Opens a socket, sends connection_init with `params` and resolves once it is acknowledged. */
export function bareConnect(url: string, params: Record<string, unknown>): Promise<BareConnection> {
  const socket = new WebSocket(url, 'graphql-transport-ws');
  const received = new Map<string, number>();
  let total = 0;
  const connection: BareConnection = {
    socket,
    received,
    bytes: 0,
    errors: [],
    closed: new Promise((resolve) => socket.once('close', (code, reason) => resolve({ code, reason: String(reason) }))),
    subscribe(id, query, variables) {
      socket.send(JSON.stringify({ id, type: 'subscribe', payload: { query, variables } }));
    },
    async waitForNext(count, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      while (total < count) {
        if (Date.now() > deadline) throw new Error(`Timed out waiting for ${count} next messages; got ${total}`);
        await pause(20);
      }
    },
  };
  return new Promise((resolve, reject) => {
    socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: params })));
    socket.on('error', reject);
    void connection.closed.then((closed) => reject(new Error(`closed before connection_ack: ${closed.code} ${closed.reason}`)));
    socket.on('message', (data: Buffer) => {
      connection.bytes += data.length;
      const message = JSON.parse(String(data)) as { type: string; id?: string };
      if (message.type === 'connection_ack') resolve(connection);
      else if (message.type === 'next' && message.id) {
        received.set(message.id, (received.get(message.id) ?? 0) + 1);
        total += 1;
      } else if (message.type === 'error') connection.errors.push(String(data));
    });
  });
}

/** A frame as a server sends it (unmasked). */
export interface Frame {
  fin: boolean;
  opcode: number;
  payload: Buffer;
}

export const OPCODE = { continuation: 0x0, text: 0x1, close: 0x8, ping: 0x9, pong: 0xa } as const;

/** One client frame, masked as RFC 6455 requires of clients (the key is fixed: it only has to be there). */
export function maskedFrame(opcode: number, payload: Buffer | string, fin = true): Buffer {
  const data = typeof payload === 'string' ? Buffer.from(payload) : payload;
  const lengthBytes = data.length < 126 ? 0 : data.length < 65_536 ? 2 : 8;
  const header = Buffer.alloc(2 + lengthBytes + 4);
  header[0] = (fin ? 0x80 : 0) | opcode;
  if (lengthBytes === 0) header[1] = 0x80 | data.length;
  else if (lengthBytes === 2) {
    header[1] = 0x80 | 126;
    header.writeUInt16BE(data.length, 2);
  } else {
    header[1] = 0x80 | 127;
    header.writeBigUInt64BE(BigInt(data.length), 2);
  }
  const mask = Buffer.from([0x37, 0xfa, 0x21, 0x3d]);
  mask.copy(header, 2 + lengthBytes);
  const masked = Buffer.from(data.map((byte, i) => byte ^ mask[i % 4]!));
  return Buffer.concat([header, masked]);
}

/** A WebSocket spoken by hand over TCP: for frames no well-behaved client would send. */
export interface RawConnection {
  socket: net.Socket;
  /** Frames the server sent so far, in order. */
  frames: Frame[];
  /** The server's close frame (code and reason), or null when the connection ended without one. */
  closed: Promise<Closed | null>;
  /** Resolves with the first frame, sent so far or later, that `match` accepts. */
  waitForFrame(match: (frame: Frame) => boolean, timeoutMs?: number): Promise<Frame>;
}

/** Upgrades a raw TCP connection to `url` with the graphql-transport-ws subprotocol. */
export function rawConnect(url: string): Promise<RawConnection> {
  const { hostname, port, pathname } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname);
    const frames: Frame[] = [];
    let pending = Buffer.alloc(0);
    let upgraded = false;
    let closeFrame: Closed | null = null;
    const closed = new Promise<Closed | null>((done) => socket.once('close', () => done(closeFrame)));
    const connection: RawConnection = {
      socket,
      frames,
      closed,
      async waitForFrame(match, timeoutMs = 10_000) {
        const deadline = Date.now() + timeoutMs;
        for (;;) {
          const found = frames.find(match);
          if (found) return found;
          if (Date.now() > deadline) throw new Error(`Timed out waiting for a frame; got ${frames.length}`);
          await pause(20);
        }
      },
    };
    socket.on('error', (error) => (upgraded ? undefined : reject(error)));
    socket.on('connect', () =>
      socket.write(
        `GET ${pathname} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          `Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Protocol: graphql-transport-ws\r\n\r\n`,
      ),
    );
    socket.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      if (!upgraded) {
        const end = pending.indexOf('\r\n\r\n');
        if (end < 0) return;
        const head = pending.subarray(0, end).toString();
        if (!head.startsWith('HTTP/1.1 101')) {
          reject(new Error(`upgrade refused: ${head.split('\r\n')[0]}`));
          socket.destroy();
          return;
        }
        upgraded = true;
        pending = pending.subarray(end + 4);
        resolve(connection);
      }
      // Server frames: FIN/opcode, a 7-bit length (or 126/127 and 2 or 8 bytes), no mask.
      for (;;) {
        if (pending.length < 2) return;
        const short = pending[1]! & 0x7f;
        const lengthBytes = short === 126 ? 2 : short === 127 ? 8 : 0;
        if (pending.length < 2 + lengthBytes) return;
        const length = lengthBytes === 0 ? short : lengthBytes === 2 ? pending.readUInt16BE(2) : Number(pending.readBigUInt64BE(2));
        if (pending.length < 2 + lengthBytes + length) return;
        const frame = { fin: (pending[0]! & 0x80) !== 0, opcode: pending[0]! & 0x0f, payload: pending.subarray(2 + lengthBytes, 2 + lengthBytes + length) };
        frames.push(frame);
        if (frame.opcode === OPCODE.close) {
          closeFrame = { code: frame.payload.length >= 2 ? frame.payload.readUInt16BE(0) : 1005, reason: frame.payload.subarray(2).toString() };
        }
        pending = pending.subarray(2 + lengthBytes + length);
      }
    });
  });
}
