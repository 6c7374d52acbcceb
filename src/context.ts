import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { Config } from './config';
import type { Logger } from './logger';
import { authenticate, type Credentials } from './auth/authenticate';
import type { Auth } from './auth/principal';
import { RequestDb } from './db/request-db';
import { Reader } from './read/reader';
import type { ListenerHealth } from './events/pg-listener';
import type { EventHub } from './events/event-hub';
import type { RateLimits } from './limits/rate-limits';
import type { Mailer } from './mail/mailer';
import type { ServerMetrics } from './observability/metrics';
import type { JobSender } from './jobs/jobs.types';

/** What the server hands every request: built once at start. */
export interface AppDeps {
  config: Config;
  dataSource: DataSource;
  logger: Logger;
  /** `AUTH_SECRET` as key bytes for jose. */
  authKey: Uint8Array;
  /** This process's fan-out of committed events to its subscribers. */
  events: EventHub;
  /** The LISTEN connection that hears other processes' commits (PostgreSQL mode): readiness reports whether it hears. */
  listener?: { readonly health: ListenerHealth };
  /** This process's rate-limit buckets, made by createServer: shared by both transports and the services that charge them (logIn). */
  rateLimits: RateLimits;
  /** This process's outgoing mail (SMTP_URL), or the log without it; made by createServer. */
  mailer: Mailer;
  /** This server's Prometheus metrics (src/observability/metrics.ts); made by createServer. */
  metrics: ServerMetrics;
  /** This process's background jobs (src/jobs/): enqueue with enqueueJob; made by createServer. */
  jobs: JobSender;
}

/**
 * Per-request state, the same for HTTP, WebSocket and tests. Resolvers are singletons: everything
 * that belongs to one request lives here.
 */
export interface Context {
  requestId: string;
  deps: AppDeps;
  /** The request's logger: its request id, and once known its organisation and operation. */
  readonly log: Logger;
  /** Adds `fields` to every later line of {@link log} (what is known only as the request runs). */
  annotateLog(fields: Record<string, unknown>): void;
  auth: Auth;
  /** The request's transaction (for a subscription: the current event's). */
  readonly db: RequestDb;
  /** The request's reads (by id, relation and batch, see src/read/), created on first use. */
  readonly read: Reader;
  /**
   * Starts a new database scope and a fresh reader for the same caller: a subscription calls it
   * for every event, so nothing is cached across events and no connection is held between them.
   * The previous scope is committed (it only read).
   */
  renew(): void;
  /** The caller's address as the HTTP server saw it (after trusted proxies); unset elsewhere. */
  readonly clientIp?: string;
  /**
   * Establishes `auth` and `db` from the request's credentials, once; the HTTP pipeline calls it
   * after the query limits and before anything executes (see {@link createDeferredContext}).
   * Contexts from {@link createContext} are authenticated already: it resolves at once.
   */
  authenticate(): Promise<void>;
}

/** Builds a context from credentials: the one factory behind every transport. */
export async function createContext(deps: AppDeps, credentials: Credentials, requestId: string = randomUUID()): Promise<Context> {
  const authenticated = await authenticate(deps.dataSource, deps.authKey, credentials);
  return new RequestContext(requestId, deps, { ...authenticated, pending: Promise.resolve() });
}

/**
 * The HTTP request's context: as {@link createContext}'s, except that the credentials are checked
 * only when `authenticate()` is called, which the request pipeline does once the operation has
 * been parsed and passed the query limits, so an operation they refuse costs no SQL. Until then
 * `auth` is anonymous and `db` an unopened scope; no resolver runs before it.
 */
export function createDeferredContext(deps: AppDeps, credentials: Credentials, requestId: string, clientIp?: string): Context {
  return new RequestContext(requestId, deps, { auth: {}, db: new RequestDb(deps.dataSource, {}), credentials }, clientIp);
}

/**
 * The context a background job runs in: acting for `organisationId` (its tenant-bound
 * repositories and row-level security apply) with no user or API key behind it, and a
 * transaction the job runner commits or rolls back. The job's id stands as the request id in logs.
 */
export function createJobContext(deps: AppDeps, organisationId: string, jobId: string): Context {
  return new RequestContext(jobId, deps, { auth: { organisationId }, db: new RequestDb(deps.dataSource, { organisationId }), pending: Promise.resolve() });
}

/**
 * Runs `work` in a job context (see createJobContext) for what is not a job but acts for an
 * organisation with nobody signed in (a public form, an unsubscribe link, a timer's look):
 * committed when `work` returns, rolled back when it throws.
 */
export async function inJobContext<T>(deps: AppDeps, organisationId: string, jobId: string, work: (ctx: Context) => Promise<T>): Promise<T> {
  const ctx = createJobContext(deps, organisationId, jobId);
  try {
    const result = await work(ctx);
    await ctx.db.finish(true);
    return result;
  } finally {
    await ctx.db.finish(false).catch(() => undefined);
  }
}

/** What a context and Apollo's copies of it share. */
interface ContextState {
  auth: Auth;
  db: RequestDb;
  read?: Reader;
  /** Credentials still to check, until `authenticate()` starts. */
  credentials?: Credentials;
  pending?: Promise<void>;
  log?: Logger;
}

/** What a log line says of the caller: the organisation, and the API key when one acts (user ids stay out of logs). */
function callerFields(auth: Auth): Record<string, unknown> {
  return { ...(auth.organisationId ? { organisationId: auth.organisationId } : {}), ...(auth.apiKey ? { apiKeyId: auth.apiKey.id } : {}) };
}

/**
 * Apollo copies the context object for every operation (own properties only, prototype kept):
 * the changing parts live in one shared state object behind accessors on the prototype, so the
 * copy, the original and the transport's clean-up all see the same transaction.
 */
class RequestContext implements Context {
  constructor(
    readonly requestId: string,
    readonly deps: AppDeps,
    private readonly state: ContextState,
    readonly clientIp?: string,
  ) {
    state.log = deps.logger.child({ requestId, ...callerFields(state.auth) });
  }

  get log(): Logger {
    return this.state.log!;
  }

  annotateLog(fields: Record<string, unknown>): void {
    this.state.log = this.log.child(fields);
  }

  get auth(): Auth {
    return this.state.auth;
  }

  set auth(value: Auth) {
    this.state.auth = value;
  }

  get db(): RequestDb {
    return this.state.db;
  }

  get read(): Reader {
    this.state.read ??= new Reader(this.state.db);
    return this.state.read;
  }

  renew(): void {
    const { db, auth } = this.state;
    void db.finish(true).catch(() => undefined);
    this.state.db = new RequestDb(this.deps.dataSource, { organisationId: auth.organisationId, userId: auth.userId });
    this.state.read = undefined;
  }

  authenticate(): Promise<void> {
    const { state } = this;
    state.pending ??= authenticate(this.deps.dataSource, this.deps.authKey, state.credentials ?? {}).then((authenticated) => {
      // The anonymous scope was never opened (nothing ran before authentication): drop it.
      void state.db.finish(false).catch(() => undefined);
      state.auth = authenticated.auth;
      state.db = authenticated.db;
      this.annotateLog(callerFields(authenticated.auth));
      state.read = undefined;
      state.credentials = undefined;
    });
    return state.pending;
  }
}
