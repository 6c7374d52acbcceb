import { WebSocket, type RawData } from 'ws';
import type { Logger } from '../logger';
import { TOO_SLOW } from './limits';
import { TOO_MANY_SOCKETS, capHolderOf, type CapHolder, type ConnectionCaps } from './caps';
import type { KeepAlive, KeptAlive } from './keepalive';
import type { Admission, ProtocolSession, ProtocolSocket } from './protocol-socket';
import { SocketAccess, type AccessServices } from './socket-access';
import { attachListeners, type SocketOwner } from './socket-listeners';

/** How often a paced source looks again whether its reader has caught up. */
const DRAIN_POLL_MS = 10;

const TEXT = { binary: false };

/** What every connection of one server shares. */
export interface SocketServices extends AccessServices {
  /** Sockets per organisation and per user. */
  caps: ConnectionCaps;
  /** Keep-alive slices; a connection sits in one from open to close. */
  keepAlive: KeepAlive<Connection>;
  /** Starts the protocol on a new socket (protocol.ts). */
  openSession(socket: ProtocolSocket): ProtocolSession;
}

/**
 * One client socket, as the protocol sees it ({@link ProtocolSocket}): whom it acts for (checked at
 * connection_init and kept checked, see socket-access.ts), the socket caps, keep-alive, and a bound
 * on what it may leave unread. Its socket listeners are shared functions, not closures, and it
 * keeps no timer of its own (unless its token expires): thousands of idle dashboards cost little.
 */
export class Connection implements ProtocolSocket, SocketOwner, KeptAlive {
  private ended = false;
  /** Answered the last keep-alive ping. */
  alive = true;
  private readonly access: SocketAccess;
  private readonly slice: Set<Connection>;
  private readonly session: ProtocolSession;
  /** Whose caps the socket and its subscriptions count toward, once admitted. */
  private holder?: CapHolder;

  constructor(
    private readonly services: SocketServices,
    readonly socket: WebSocket,
    /** The client's address (after trusted proxies): attempts without valid credentials are charged to it. */
    readonly clientIp?: string,
  ) {
    this.access = new SocketAccess(services, this);
    attachListeners(socket, this);
    this.slice = services.keepAlive.join(this);
    // Last: the protocol may close the socket at once (an unknown subprotocol).
    this.session = services.openSession(this);
  }

  get protocol(): string {
    return this.socket.protocol;
  }

  /** Shut down: nothing more is sent or started. */
  get closed(): boolean {
    return this.ended;
  }

  get admission(): Admission | undefined {
    const { holder, access } = this;
    return holder && { auth: access.auth!, credentials: access.credentials!, holder };
  }

  private get log(): Logger {
    return this.services.deps.logger;
  }

  /**
   * Sends one text message, unless the reader has fallen behind: once the bytes it has not taken
   * would pass WS_MAX_BUFFERED_BYTES, the socket is closed (1013) instead, so a subscriber that
   * never reads costs at most that much. One message larger than the limit still goes to a reader
   * that has nothing pending.
   */
  send(data: Buffer | string): void {
    const { socket } = this;
    if (socket.readyState !== WebSocket.OPEN) return;
    const buffered = socket.bufferedAmount;
    const limit = this.services.deps.config.wsMaxBufferedBytes;
    if (buffered > 0 && buffered + data.length > limit) {
      this.log.warn({ buffered, frame: data.length, limit, organisationId: this.access.auth?.organisationId }, 'WebSocket reader too slow: closing');
      this.close(TOO_SLOW, 'Too slow: unsent data over the limit');
      return;
    }
    socket.send(data, TEXT);
  }

  /**
   * Resolves once the reader has taken enough that at most half of WS_MAX_BUFFERED_BYTES is unsent
   * (or the socket closed); null when that is so now. A source that can wait (a replay, paced by
   * its reader) awaits it before producing more, so a slow reader that keeps reading is served at
   * its pace and never reaches the limit at which {@link send} gives up on it.
   */
  drained(): Promise<void> | null {
    const caughtUp = () => this.socket.readyState !== WebSocket.OPEN || this.socket.bufferedAmount <= this.services.deps.config.wsMaxBufferedBytes / 2;
    if (caughtUp()) return null;
    // ws has no event for its buffer draining: look again shortly (only readers that fell behind wait).
    return new Promise((resolve) => {
      const check = () => (caughtUp() ? resolve() : setTimeout(check, DRAIN_POLL_MS).unref());
      check();
    });
  }

  close(code: number, reason: string): void {
    if (this.socket.readyState === WebSocket.OPEN) this.socket.close(code, reason);
    // Nothing more is sent after a close: leave the shared executions now rather than when the
    // handshake ends (a reader that stopped never answers it; ws cuts it off after 30 s).
    this.shutdown();
  }

  /**
   * Checks connection_init's credentials (socket-access.ts), then counts the socket toward its
   * organisation's and user's caps, closing it (4029) when that passes one.
   */
  async admit(payload: Record<string, unknown> | null | undefined): Promise<boolean> {
    if (!(await this.access.grant(payload))) return false;
    const holder = capHolderOf(this.access.auth!);
    const refused = this.services.caps.admitSocket(holder);
    if (refused) {
      this.log.info({ organisationId: holder.organisationId, userId: holder.userId, scope: refused }, 'WebSocket over its cap: refused');
      this.close(TOO_MANY_SOCKETS, refused === 'USER' ? 'Too many connections for this user' : 'Too many connections for this organisation');
      return false;
    }
    this.holder = holder;
    return true;
  }

  /** Ends everything the socket holds; runs once, on close or when giving up on it. */
  shutdown(): void {
    if (this.ended) return;
    this.ended = true;
    this.slice.delete(this);
    this.access.end();
    // Undefined only while the protocol is still starting (it closed the socket at once).
    this.session?.closed();
    if (this.holder) this.services.caps.releaseSocket(this.holder);
  }

  onMessage(data: RawData): void {
    // ws still delivers what arrives while a close handshake is under way: nothing may start then.
    if (this.ended) return;
    this.session.message(String(data));
  }

  socketError(error: Error & { code?: string }): void {
    this.log.info({ err: { message: error.message, code: error.code } }, 'WebSocket protocol error');
  }
}
