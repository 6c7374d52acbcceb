import { WebSocket, type RawData } from 'ws';
import { CloseCode, GRAPHQL_TRANSPORT_WS_PROTOCOL, MessageType, parseMessage, type Message } from 'graphql-ws';
import type { Logger } from '../logger';
import { TOO_SLOW } from './limits';
import { TOO_MANY_SOCKETS, capHolderOf, type CapHolder } from './caps';
import type { Shared } from './server';
import { SocketAccess } from './socket-access';
import { attachListeners } from './socket-listeners';
import { SocketSubscriptions } from './socket-subscriptions';

const INIT_TIMEOUT_MS = 3_000;
/** How often a paced source looks again whether its reader has caught up. */
const DRAIN_POLL_MS = 10;

const WAITING = 0;
const INITIALISING = 1;
const READY = 2;

const TEXT = { binary: false };
const ACK = JSON.stringify({ type: MessageType.ConnectionAck });
const PONG = JSON.stringify({ type: MessageType.Pong });

/**
 * One client socket speaking graphql-transport-ws (graphql-ws's protocol, whose message checks
 * and close codes it reuses): authentication in connection_init, subscriptions only, and a
 * bound on what it may leave unread. Its socket listeners are shared functions, not closures, and
 * it keeps no timer once acknowledged (unless its token expires): thousands of idle dashboards
 * cost little.
 */
export class Connection {
  private phase = WAITING;
  private ended = false;
  /** Answered the last keep-alive ping. */
  alive = true;
  private readonly access: SocketAccess;
  private readonly subscriptions: SocketSubscriptions;
  private timer?: NodeJS.Timeout;
  private readonly slice: Set<Connection>;
  /** Whose caps the socket and its subscriptions count toward, once acknowledged. */
  holder?: CapHolder;

  constructor(
    private readonly shared: Shared,
    readonly socket: WebSocket,
    /** The client's address (after trusted proxies): attempts without valid credentials are charged to it. */
    readonly clientIp?: string,
  ) {
    this.access = new SocketAccess(shared, this);
    this.subscriptions = new SocketSubscriptions(shared, this);
    attachListeners(socket, this);
    this.slice = shared.keepAlive.join(this);
    if (socket.protocol !== GRAPHQL_TRANSPORT_WS_PROTOCOL) {
      this.close(CloseCode.SubprotocolNotAcceptable, 'Subprotocol not acceptable');
      return;
    }
    this.timer = setTimeout(() => {
      if (this.phase === WAITING) this.close(CloseCode.ConnectionInitialisationTimeout, 'Connection initialisation timeout');
    }, INIT_TIMEOUT_MS);
    this.timer.unref();
  }

  /** Shut down: nothing more is sent or started. */
  get closed(): boolean {
    return this.ended;
  }

  private get log(): Logger {
    return this.shared.deps.logger;
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
    const limit = this.shared.deps.config.wsMaxBufferedBytes;
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
    const caughtUp = () => this.socket.readyState !== WebSocket.OPEN || this.socket.bufferedAmount <= this.shared.deps.config.wsMaxBufferedBytes / 2;
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

  /** Ends everything the socket holds; runs once, on close or when giving up on it. */
  shutdown(): void {
    if (this.ended) return;
    this.ended = true;
    this.slice.delete(this);
    clearTimeout(this.timer);
    this.access.end();
    this.subscriptions.leaveAll();
    if (this.holder) this.shared.caps.releaseSocket(this.holder);
  }

  onMessage(data: RawData): void {
    // ws still delivers what arrives while a close handshake is under way: nothing may start then.
    if (this.ended) return;
    let message: Message;
    try {
      message = parseMessage(String(data));
    } catch {
      this.close(CloseCode.BadRequest, 'Invalid message received');
      return;
    }
    switch (message.type) {
      case MessageType.ConnectionInit:
        void this.init(message.payload);
        return;
      case MessageType.Ping:
        this.send(message.payload ? JSON.stringify({ type: MessageType.Pong, payload: message.payload }) : PONG);
        return;
      case MessageType.Pong:
        return;
      case MessageType.Subscribe:
        if (this.phase === READY) void this.subscriptions.subscribe(message.id, message.payload, this.access.auth!, this.access.credentials!);
        else this.close(CloseCode.Unauthorized, 'Unauthorized');
        return;
      case MessageType.Complete:
        this.subscriptions.unsubscribe(message.id);
        return;
      default:
        this.close(CloseCode.BadRequest, `Unexpected message of type ${message.type} received`);
    }
  }

  private async init(params: Record<string, unknown> | null | undefined): Promise<void> {
    if (this.phase !== WAITING) {
      this.close(CloseCode.TooManyInitialisationRequests, 'Too many initialisation requests');
      return;
    }
    this.phase = INITIALISING;
    clearTimeout(this.timer);
    this.timer = undefined;
    try {
      if (!(await this.access.grant(params))) return;
      const holder = capHolderOf(this.access.auth!);
      const refused = this.shared.caps.admitSocket(holder);
      if (refused) {
        this.log.info({ organisationId: holder.organisationId, userId: holder.userId, scope: refused }, 'WebSocket over its cap: refused');
        this.close(TOO_MANY_SOCKETS, refused === 'USER' ? 'Too many connections for this user' : 'Too many connections for this organisation');
        return;
      }
      this.holder = holder;
      this.phase = READY;
      this.send(ACK);
    } catch (error) {
      this.log.error({ err: error }, 'WebSocket initialisation failed');
      this.close(CloseCode.InternalServerError, 'Internal server error');
    }
  }

  protocolError(error: Error & { code?: string }): void {
    this.log.info({ err: { message: error.message, code: error.code } }, 'WebSocket protocol error');
  }
}
