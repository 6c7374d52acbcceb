import type { IncomingMessage, Server } from 'node:http';
import { randomUUID } from 'node:crypto';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import { CloseCode, GRAPHQL_TRANSPORT_WS_PROTOCOL, MessageType, handleProtocols, parseMessage, type Message, type SubscribePayload } from 'graphql-ws';
import { GraphQLError, getOperationAST, parse, validate, type DocumentNode, type ExecutionResult, type GraphQLSchema } from 'graphql';
import { authenticate, type Credentials } from './auth/authenticate';
import type { Auth } from './auth/principal';
import { createContext, type AppDeps, type Context } from './context';
import { formatError, isExposed } from './errors';
import type { Logger } from './logger';
import { AccessWatch, type AccessHolder } from './events/access-watch';
import { SharedSubscriptions, type Membership, type Subscriber } from './events/shared-subscriptions';
import type { QueryLimits } from './limits/query-limits';
import type { RateLimits } from './limits/rate-limits';

export interface WebSocketHandle {
  dispose(): Promise<void>;
}

/** Messages above this are refused by ws itself (close 1009) before any parsing. */
export const MAX_PAYLOAD_BYTES = 64 * 1024;
/**
 * Fragments of one message. Clients send whole messages; the cap stops a flood of 1-byte
 * continuation frames, each of which ws would otherwise keep until the message ends (close 1008).
 */
export const MAX_FRAGMENTS = 1024;
/** Subscriptions one socket may hold at once. */
export const MAX_SUBSCRIPTIONS_PER_SOCKET = 100;
/** The close code for a reader too slow for its subscriptions ("try again later"). */
export const TOO_SLOW = 1013;
const FORBIDDEN = 4403;
const INIT_TIMEOUT_MS = 3_000;
/** Every socket is pinged this often and cut off if it has not answered the previous ping. */
const KEEPALIVE_MS = 12_000;
/** Sockets are pinged in this many slices spread over the period, not all at once. */
const KEEPALIVE_SLICES = 12;
/** How long `dispose` waits for clients to answer the close handshake before cutting them off. */
const CLOSE_WAIT_MS = 1_000;
/** setTimeout's longest delay; longer token lifetimes re-arm. */
const MAX_TIMER_MS = 2 ** 31 - 1;

const WAITING = 0;
const INITIALISING = 1;
const READY = 2;

const TEXT = { binary: false };
const ACK = JSON.stringify({ type: MessageType.ConnectionAck });
const PONG = JSON.stringify({ type: MessageType.Pong });

function payloadString(params: Record<string, unknown> | null | undefined, key: string): string | null {
  const value = params?.[key];
  return typeof value === 'string' ? value : null;
}

async function check(deps: AppDeps, credentials: Credentials): Promise<Auth | null> {
  const { auth, db } = await authenticate(deps.dataSource, deps.authKey, credentials);
  await db.finish(true);
  return auth.failure || !auth.organisationId || !auth.role ? null : auth;
}

/** A parse or validation error with the code Apollo gives the same error over HTTP. */
function requestError(error: GraphQLError, code: 'GRAPHQL_PARSE_FAILED' | 'GRAPHQL_VALIDATION_FAILED'): GraphQLError {
  return new GraphQLError(error.message, { nodes: error.nodes, source: error.source, positions: error.positions, extensions: { ...error.extensions, code } });
}

/** The result as a client may see it: internal errors logged in full and masked, as over HTTP. */
function masked(result: ExecutionResult, log: Logger): ExecutionResult | { data?: unknown; errors: unknown[] } {
  if (!result.errors) return result;
  for (const error of result.errors) {
    if (!isExposed(error)) log.error({ err: error.originalError ?? error }, 'internal error');
  }
  return { ...result, errors: result.errors.map((error) => formatError(error.toJSON(), error)) };
}

/**
 * Cross-site WebSocket hijacking guard: a browser always sends Origin, so an upgrade from a page of
 * another site is refused (403) unless that origin is configured. Credentials travel in
 * connection_init, never in cookies, so this is a second wall, not the first.
 */
export function originAllowed(req: IncomingMessage, allowed: readonly string[]): boolean {
  const origin = req.headers.origin;
  if (!origin) return true;
  if (allowed.includes(origin)) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

/** What every connection of one server shares. */
interface Shared {
  deps: AppDeps;
  schema: GraphQLSchema;
  limits: QueryLimits;
  rateLimits: RateLimits;
  subscriptions: SharedSubscriptions<Buffer>;
  access: AccessWatch;
  /** Keep-alive slices; a connection sits in one from open to close. */
  slices: Set<Connection>[];
  nextSlice: number;
}

/** A subscription's checked request, ready to join or open a shared execution. */
interface Checked {
  document: DocumentNode;
  variableValues?: Record<string, unknown> | null;
  operationName?: string | null;
}

/**
 * The same limits as Apollo applies over HTTP, in the same order (tokens, validation, cost), plus
 * the subscriptions-only rule and the per-socket count; nothing here touches the database.
 */
function checkOperation(shared: Shared, auth: Auth, payload: SubscribePayload, held: number): Checked | GraphQLError[] {
  const { schema, limits } = shared;
  if (held >= MAX_SUBSCRIPTIONS_PER_SOCKET) {
    return [new GraphQLError(`At most ${MAX_SUBSCRIPTIONS_PER_SOCKET} subscriptions per connection`, { extensions: { code: 'BAD_REQUEST' } })];
  }
  let document: DocumentNode;
  try {
    document = parse(payload.query, limits.parseOptions);
  } catch (error) {
    return [requestError(error as GraphQLError, 'GRAPHQL_PARSE_FAILED')];
  }
  const errors = validate(schema, document, limits.allValidationRules);
  if (errors.length > 0) return errors.map((error) => requestError(limits.hideSuggestions(error), 'GRAPHQL_VALIDATION_FAILED'));
  const operation = getOperationAST(document, payload.operationName);
  if (operation?.operation !== 'subscription') {
    return [new GraphQLError('Only subscriptions are served over WebSocket; use HTTP for queries and mutations', { extensions: { code: 'BAD_REQUEST' } })];
  }
  try {
    const cost = limits.checkCost(schema, document, payload.operationName, payload.variables);
    shared.rateLimits.chargeCaller(auth, cost ?? 1);
  } catch (error) {
    if (error instanceof GraphQLError) return [error];
    throw error;
  }
  return { document, variableValues: payload.variables, operationName: payload.operationName };
}

/**
 * One subscription of one socket, as a member of a shared execution: it turns the shared bytes
 * into this socket's frame by putting its own id in front.
 */
class SocketSubscription implements Subscriber<Buffer> {
  membership?: Membership;
  /** `{"id":<id>`, the part of every `next` frame that is this subscription's own. */
  private readonly head: string;
  private readonly headBytes: number;

  constructor(
    readonly connection: Connection,
    readonly id: string,
  ) {
    this.head = `{"id":${JSON.stringify(id)}`;
    this.headBytes = Buffer.byteLength(this.head);
  }

  next(tail: Buffer): void {
    const frame = Buffer.allocUnsafe(this.headBytes + tail.length);
    frame.write(this.head, 0, this.headBytes);
    tail.copy(frame, this.headBytes);
    this.connection.send(frame);
  }

  complete(): void {
    this.connection.completed(this);
  }
}

const CONNECTION = Symbol('connection');
type TaggedSocket = WebSocket & { [CONNECTION]?: Connection };

/**
 * One client socket speaking graphql-transport-ws (graphql-ws's protocol, whose message checks
 * and close codes it reuses): authentication in connection_init, subscriptions only, and a
 * bound on what it may leave unread. Its socket listeners are shared functions, not closures, and
 * it keeps no timer once acknowledged (unless its token expires): thousands of idle dashboards
 * cost little.
 */
class Connection implements AccessHolder {
  private phase = WAITING;
  private closed = false;
  /** Answered the last keep-alive ping. */
  alive = true;
  auth?: Auth;
  private credentials?: Credentials;
  private readonly subscriptions = new Map<string, SocketSubscription>();
  private timer?: NodeJS.Timeout;
  private releaseAccess?: () => void;
  private readonly slice: Set<Connection>;

  constructor(
    private readonly shared: Shared,
    readonly socket: WebSocket,
  ) {
    (socket as TaggedSocket)[CONNECTION] = this;
    socket.on('message', onSocketMessage);
    socket.on('pong', onSocketPong);
    socket.on('error', onSocketError);
    socket.once('close', onSocketClose);
    this.slice = shared.slices[(shared.nextSlice = (shared.nextSlice + 1) % KEEPALIVE_SLICES)]!;
    this.slice.add(this);
    if (socket.protocol !== GRAPHQL_TRANSPORT_WS_PROTOCOL) {
      this.close(CloseCode.SubprotocolNotAcceptable, 'Subprotocol not acceptable');
      return;
    }
    this.timer = setTimeout(() => {
      if (this.phase === WAITING) this.close(CloseCode.ConnectionInitialisationTimeout, 'Connection initialisation timeout');
    }, INIT_TIMEOUT_MS);
    this.timer.unref();
  }

  get organisationId(): string {
    return this.auth!.organisationId!;
  }

  get principalId(): string {
    return (this.auth!.apiKey?.id ?? this.auth!.membershipId)!;
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
      this.log.warn({ buffered, frame: data.length, limit, organisationId: this.auth?.organisationId }, 'WebSocket reader too slow: closing');
      this.close(TOO_SLOW, 'Too slow: unsent data over the limit');
      return;
    }
    socket.send(data, TEXT);
  }

  close(code: number, reason: string): void {
    if (this.socket.readyState === WebSocket.OPEN) this.socket.close(code, reason);
    // Nothing more is sent after a close: leave the shared executions now rather than when the
    // handshake ends (a reader that stopped never answers it; ws cuts it off after 30 s).
    this.shutdown();
  }

  /** Ends everything the socket holds; runs once, on close or when giving up on it. */
  shutdown(): void {
    if (this.closed) return;
    this.closed = true;
    this.slice.delete(this);
    clearTimeout(this.timer);
    this.releaseAccess?.();
    for (const subscription of this.subscriptions.values()) subscription.membership?.leave();
    this.subscriptions.clear();
  }

  onMessage(data: RawData): void {
    // ws still delivers what arrives while a close handshake is under way: nothing may start then.
    if (this.closed) return;
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
        void this.subscribe(message.id, message.payload);
        return;
      case MessageType.Complete:
        this.unsubscribe(message.id);
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
    const credentials: Credentials = { authorization: payloadString(params, 'authorization'), organisation: payloadString(params, 'organisation') };
    try {
      const auth = await check(this.shared.deps, credentials);
      if (!auth) {
        this.close(CloseCode.Forbidden, 'Forbidden');
        return;
      }
      if (this.closed) return;
      this.auth = auth;
      this.credentials = credentials;
      this.expireAt(auth.expiresAt);
      if (auth.apiKey?.id ?? auth.membershipId) {
        const release = await this.shared.access.watch(this);
        if (this.closed) {
          release();
          return;
        }
        this.releaseAccess = release;
        // A revocation that committed between the check above and the watch taking hold was
        // not seen by the watch (it follows events after its registration): check once more.
        if (!(await check(this.shared.deps, credentials))) {
          this.close(FORBIDDEN, 'Access revoked');
          return;
        }
        if (this.closed) return;
      }
      this.phase = READY;
      this.send(ACK);
    } catch (error) {
      this.log.error({ err: error }, 'WebSocket initialisation failed');
      this.close(CloseCode.InternalServerError, 'Internal server error');
    }
  }

  /** Closes the socket when its token expires (timers top out at ~24 days: re-arm until then). */
  private expireAt(expiresAt: number | undefined): void {
    if (!expiresAt || this.closed) return;
    const remaining = expiresAt * 1000 - Date.now();
    this.timer = setTimeout(
      () => (remaining > MAX_TIMER_MS ? this.expireAt(expiresAt) : this.close(FORBIDDEN, 'Token expired')),
      Math.max(0, Math.min(remaining, MAX_TIMER_MS)),
    );
    this.timer.unref();
  }

  /** Its API key was revoked or its membership changed: closes it unless it still has access. */
  accessChanged(): void {
    const { credentials } = this;
    if (!credentials || this.closed) return;
    check(this.shared.deps, credentials).then(
      (still) => {
        if (!still) this.close(FORBIDDEN, 'Access revoked');
        // A changed role applies to the socket's next subscriptions, as a new request would see it.
        else this.auth = still;
      },
      () => this.close(FORBIDDEN, 'Access could not be verified'),
    );
  }

  private async subscribe(id: string, payload: SubscribePayload): Promise<void> {
    if (this.phase !== READY) {
      this.close(CloseCode.Unauthorized, 'Unauthorized');
      return;
    }
    if (this.subscriptions.has(id)) {
      this.close(CloseCode.SubscriberAlreadyExists, `Subscriber for ${id} already exists`);
      return;
    }
    const auth = this.auth!;
    const checked = checkOperation(this.shared, auth, payload, this.subscriptions.size);
    if (Array.isArray(checked)) {
      this.sendErrors(id, checked);
      return;
    }
    const subscription = new SocketSubscription(this, id);
    this.subscriptions.set(id, subscription);
    const { deps } = this.shared;
    const credentials = this.credentials!;
    let joined: Membership | ExecutionResult;
    try {
      joined = await this.shared.subscriptions.subscribe(
        {
          ...checked,
          organisationId: auth.organisationId!,
          role: auth.role!,
          openContext: (): Promise<Context> => createContext(deps, credentials, randomUUID()),
        },
        subscription,
      );
    } catch (error) {
      if (this.subscriptions.get(id) !== subscription) return;
      this.subscriptions.delete(id);
      this.log.error({ err: error }, 'subscription setup failed');
      this.sendErrors(id, [new GraphQLError('Internal server error', { originalError: error as Error })]);
      return;
    }
    const current = this.subscriptions.get(id) === subscription;
    if ('leave' in joined) {
      // Completed by the client (or the socket closed) while it was being set up.
      if (current) subscription.membership = joined;
      else joined.leave();
      return;
    }
    // Setup itself answered (NOT_FOUND, FORBIDDEN...): one result, then complete.
    if (!current) return;
    this.subscriptions.delete(id);
    this.send(JSON.stringify({ id, type: MessageType.Next, payload: masked(joined, this.log) }));
    this.send(JSON.stringify({ id, type: MessageType.Complete }));
  }

  private sendErrors(id: string, errors: readonly GraphQLError[]): void {
    this.send(JSON.stringify({ id, type: MessageType.Error, payload: errors.map((error) => formatError(error.toJSON(), error)) }));
  }

  /** The client completed a subscription. */
  private unsubscribe(id: string): void {
    const subscription = this.subscriptions.get(id);
    if (!subscription) return;
    this.subscriptions.delete(id);
    subscription.membership?.leave();
  }

  protocolError(error: Error & { code?: string }): void {
    this.log.info({ err: { message: error.message, code: error.code } }, 'WebSocket protocol error');
  }

  /** The server ended a subscription (its source ended). */
  completed(subscription: SocketSubscription): void {
    if (this.subscriptions.get(subscription.id) !== subscription) return;
    this.subscriptions.delete(subscription.id);
    this.send(JSON.stringify({ id: subscription.id, type: MessageType.Complete }));
  }
}

// Socket listeners shared by every connection: ws calls them with the socket as `this`.

function onSocketMessage(this: TaggedSocket, data: RawData): void {
  this[CONNECTION]?.onMessage(data);
}

function onSocketPong(this: TaggedSocket): void {
  const connection = this[CONNECTION];
  if (connection) connection.alive = true;
}

function onSocketClose(this: TaggedSocket): void {
  this[CONNECTION]?.shutdown();
}

function onSocketError(this: TaggedSocket, error: Error & { code?: string }): void {
  // ws has closed the socket already (1008 too many fragments, 1009 too large, a malformed frame).
  this[CONNECTION]?.protocolError(error);
}

/**
 * graphql-transport-ws on the HTTP server's `/graphql`, subscriptions only. It bypasses Apollo's
 * pipeline, so authentication, the subscriptions-only rule, limits and error masking are applied
 * here, the same as over HTTP. Alike subscriptions share one execution and one serialisation per
 * event (src/events/shared-subscriptions.ts); each socket only adds its id and writes the frame.
 */
export function createWebSocketServer(deps: AppDeps, schema: GraphQLSchema, httpServer: Server, limits: QueryLimits, rateLimits: RateLimits): WebSocketHandle {
  const logger = deps.logger;
  const wss = new WebSocketServer({
    server: httpServer,
    path: '/graphql',
    maxPayload: MAX_PAYLOAD_BYTES,
    maxFragments: MAX_FRAGMENTS,
    perMessageDeflate: false,
    // Connections are tracked here, in the keep-alive slices.
    clientTracking: false,
    handleProtocols: (protocols) => handleProtocols(protocols),
    verifyClient: ({ req }: { req: IncomingMessage }, done: (ok: boolean, status?: number, message?: string) => void) =>
      originAllowed(req, deps.config.allowedOrigins) ? done(true) : done(false, 403, 'Origin not allowed'),
  });
  const shared: Shared = {
    deps,
    schema,
    limits,
    rateLimits,
    // Serialised once per event for every member: the `next` frame after the subscriber's id.
    subscriptions: new SharedSubscriptions<Buffer>(schema, (result, context) =>
      Buffer.from(`,"type":"${MessageType.Next}","payload":${JSON.stringify(masked(result, context.log))}}`),
    ),
    access: new AccessWatch(deps.events),
    slices: Array.from({ length: KEEPALIVE_SLICES }, () => new Set<Connection>()),
    nextSlice: 0,
  };
  wss.on('connection', (socket) => new Connection(shared, socket));
  wss.on('error', (error) => logger.error({ err: error }, 'WebSocket server error'));

  let tick = 0;
  const keepAlive = setInterval(() => {
    tick = (tick + 1) % KEEPALIVE_SLICES;
    for (const connection of shared.slices[tick]!) {
      if (!connection.alive) {
        connection.socket.terminate();
        continue;
      }
      connection.alive = false;
      connection.socket.ping();
    }
  }, KEEPALIVE_MS / KEEPALIVE_SLICES);
  keepAlive.unref();

  return {
    async dispose() {
      clearInterval(keepAlive);
      const open = shared.slices.flatMap((slice) => [...slice]);
      for (const connection of open) connection.close(1001, 'Server shutting down');
      const deadline = Date.now() + CLOSE_WAIT_MS;
      while (Date.now() < deadline && open.some((connection) => connection.socket.readyState !== WebSocket.CLOSED)) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      for (const connection of open) connection.socket.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
