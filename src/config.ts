import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';

/** Typed, validated configuration. The only module that reads `process.env`. */
export interface Config {
  readonly port: number;
  readonly host: string;
  /** Unset: the embedded PGlite database under `dataDir`. */
  readonly databaseUrl: string | undefined;
  /**
   * Where the LISTEN connection goes (`DATABASE_LISTEN_URL`, default `databaseUrl`): PostgreSQL
   * itself or a session pooler, never a transaction pooler, which hands LISTEN to a backend that
   * the next transaction leaves (see src/events/pg-listener.ts).
   */
  readonly databaseListenUrl: string | undefined;
  /**
   * `DATABASE_STATEMENTS`: how the hot reads travel. `named` statements are parsed and planned once
   * per connection; `unnamed` ones every time, which is what a transaction pooler without
   * prepared-statement support (PgBouncer before 1.21, or without `max_prepared_statements`) can
   * carry; `auto` (the default) checks at start which works (src/db/statement-check.ts).
   */
  readonly statements: StatementsSetting;
  readonly dataDir: string;
  readonly authSecret: string;
  /** Lifetime of user tokens issued by signUp/logIn, in seconds. */
  readonly tokenTtlSeconds: number;
  readonly production: boolean;
  readonly logLevel: string;
  /** Size of the pg pool in PostgreSQL mode (embedded mode is always 1: one PGlite session). */
  readonly poolSize: number;
  /**
   * Server processes sharing the port (node:cluster), each a whole server with its own pool and
   * LISTEN connection, as replicas behind a load balancer are. More than one needs PostgreSQL.
   */
  readonly serverProcesses: number;
  /** Grace period for SIGTERM draining, in milliseconds. */
  readonly shutdownGraceMs: number;
  /** Background jobs (src/jobs/): how each server process runs them. */
  readonly jobs: JobsConfig;
  /**
   * After SIGTERM, how long the server keeps serving while /readyz already answers 503, so a load
   * balancer stops sending traffic before the listener closes (then draining starts), in ms.
   */
  readonly shutdownDelayMs: number;
  /** Where the built dashboard is (default: <root>/dist/web, written by `npm run build:web`). */
  readonly webDir: string | undefined;
  /**
   * Where the built GraphiQL is (default: <root>/dist/graphiql, written by `npm run build:web`),
   * served at `GET /graphql` to browsers outside production (src/web/graphiql.ts).
   */
  readonly graphiqlDir: string | undefined;
  /**
   * Browser origins (scheme://host:port) besides the server's own that may open WebSockets; a
   * browser upgrade from any other origin is refused. Clients that send no Origin are not browsers.
   */
  readonly allowedOrigins: readonly string[];
  /**
   * Redis for what the replicas share (REDIS_URL, `redis://` or `rediss://`): the rate-limit and
   * log-in buckets, under keys starting with REDIS_KEY_PREFIX, and the event wake-ups between
   * processes (its pub/sub, instead of a NOTIFY in every write). Unset: each process keeps its own
   * buckets, and wake-ups go through LISTEN/NOTIFY.
   */
  readonly redis: { readonly url: string; readonly keyPrefix: string } | undefined;
  /** Database timeouts, so a slow or unreachable database cannot pin the pool. */
  readonly db: DatabaseTimeouts;
  /** Query-shape limits, the same over HTTP and WebSocket. */
  readonly queryLimits: QueryLimitsConfig;
  /** Cost-based rate limits per organisation, and per-IP and per-email limits on credentials and mailed links. */
  readonly rateLimits: RateLimitsConfig;
  /** How long an Idempotency-Key and its first response are kept, in hours (at least 24). */
  readonly idempotencyTtlHours: number;
  /**
   * The largest first response an Idempotency-Key keeps, in bytes of JSON: a larger one is
   * returned but not kept (only a marker is), so its retry is CONFLICT rather than a replay.
   */
  readonly idempotencyMaxStoredBytes: number;
  /**
   * log2 of scrypt's N for new password hashes (r=8, p=1). 17 is OWASP's minimum and the default;
   * a lower cost is only for tests (the harness signs up hundreds of users, some of them against
   * servers in production mode). Hashes made at a lower cost are rehashed at the next successful
   * logIn after it is raised.
   */
  readonly passwordHashCost: number;
  /**
   * Reverse proxies in front of the server whose X-Forwarded-For is believed (Express's
   * `trust proxy` hop count): 0 means the client address is the socket's peer.
   */
  readonly trustProxyHops: number;
  /**
   * Unsent bytes a WebSocket may hold before the server gives up on its reader and closes it
   * (1013): a subscriber that stops reading costs at most this much memory.
   */
  readonly wsMaxBufferedBytes: number;
  /**
   * Every WebSocket is pinged this often and closed if it left the previous ping unanswered: a
   * client that vanished without a close frame is noticed within twice this.
   */
  readonly wsKeepAliveMs: number;
  /**
   * How often the LISTEN connection must hear a notification sent through the pool (and how long
   * it has to): a connection a network silently dropped, or one that went deaf, is replaced within
   * twice this.
   */
  readonly listenerHeartbeatMs: number;
  /**
   * How often every organisation with subscribers is read from the event table whatever the
   * notifications said: a notification lost on the way (a listener that went deaf unnoticed) makes
   * an event at most this late, never lost.
   */
  readonly listenerCatchUpMs: number;
  /** WebSockets and subscriptions one organisation, and one user, may hold at once (per process). */
  readonly wsCaps: WsCapsConfig;
  /** Outgoing mail (invitations, password resets) and the links it carries. */
  readonly mail: MailConfig;
  /** Where the Prometheus metrics are served, if anywhere (src/observability/metrics.ts). */
  readonly metrics: MetricsConfig;
  /** Outgoing webhooks (src/modules/webhooks/): timeouts, retries, and the hosts allowed past the SSRF guard. */
  readonly webhooks: WebhooksConfig;
  /** Reminders and digests by mail (src/modules/digests). */
  readonly digests: DigestsConfig;
}

/** Reminders and digests by mail (src/modules/digests). */
export interface DigestsConfig {
  /**
   * How often each server process looks for members whose digest is due, in seconds
   * (`DIGEST_TICK_SECONDS`, default 300; 0: never, for tests that drive the tick themselves). The
   * first look is one interval after start.
   */
  readonly tickSeconds: number;
  /** The local hour (0-23) from which a member's digest is due (`DIGEST_SEND_HOUR`, default 7). */
  readonly sendHour: number;
  /** The time zone of members who chose none (`DIGEST_DEFAULT_TIME_ZONE`, an IANA name, default Europe/London). */
  readonly defaultTimeZone: string;
  /** An ACTIVE project with no update for this many days is in its admins' digests (`PROJECT_UPDATE_REMINDER_DAYS`, default 14). */
  readonly updateReminderDays: number;
}

/** Background jobs (src/jobs): polling, concurrency, retries and the queue's own connections. */
export interface JobsConfig {
  /** How often an idle worker looks for a job, in ms (`JOBS_POLL_MS`, at least 500: pg-boss's floor). */
  readonly pollMs: number;
  /** Jobs of each name one server process runs at once (`JOBS_CONCURRENCY`); 0 runs none (enqueueing still works). */
  readonly concurrency: number;
  /**
   * Of those, how many may be one organisation's (`JOBS_CONCURRENCY_PER_ORGANISATION`): a tenant
   * whose webhook receiver hangs, or who has a thousand digests due, cannot take every worker.
   */
  readonly concurrencyPerOrganisation: number;
  /** Retries after a job's first failure before it is marked failed (`JOBS_RETRY_LIMIT`). */
  readonly retryLimit: number;
  /** The first retry's delay in seconds, doubling (with jitter) each time after (`JOBS_RETRY_DELAY_SECONDS`). */
  readonly retryDelaySeconds: number;
  /** The longest delay between retries, in seconds (`JOBS_RETRY_DELAY_MAX_SECONDS`). */
  readonly retryDelayMaxSeconds: number;
  /** The job queue's own connections in PostgreSQL mode (`JOBS_POOL_SIZE`); the embedded database shares the app's one. */
  readonly poolSize: number;
}

/**
 * Prometheus metrics: on a listener of their own (`METRICS_PORT`), and/or at `/metrics` on the main
 * port for whoever presents `METRICS_TOKEN` as a bearer token. With neither, nothing serves them
 * (the main port's `/metrics` answers 404) and they cost only the counting.
 */
export interface MetricsConfig {
  /**
   * `METRICS_PORT`: a listener serving only `GET /metrics`; unset, none. 0 picks a free port (tests).
   * With `SERVER_PROCESSES` > 1 the primary serves it, summing every server process's metrics.
   */
  readonly port: number | undefined;
  /** `METRICS_HOST`: the metrics listener's address, 127.0.0.1 unless set (a scraper elsewhere needs 0.0.0.0). */
  readonly host: string;
  /**
   * `METRICS_TOKEN` (at least 32 characters): `/metrics` on the main port answers whoever sends
   * `Authorization: Bearer <token>`, 401 anyone else. When set, the metrics listener asks for it too.
   */
  readonly token: string | undefined;
  /**
   * `METRICS_MAX_OPERATION_NAMES`: distinct operation names the latency histogram keeps as labels;
   * names first seen after that many count as `other`. Clients choose operation names: this bounds
   * the series a client can create.
   */
  readonly maxOperationNames: number;
}

/**
 * Whether OpenTelemetry tracing starts (src/observability/tracing.ts). The SDK reads its own
 * settings from the standard `OTEL_*` variables (exporter, endpoint, protocol, service name,
 * sampler); this only decides whether to start it: when an OTLP endpoint
 * (`OTEL_EXPORTER_OTLP_ENDPOINT` or `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`) or a traces exporter
 * other than `none` (`OTEL_TRACES_EXPORTER`) is set, and `OTEL_SDK_DISABLED` is not `true`.
 */
export interface TracingConfig {
  readonly enabled: boolean;
  /** `partnership-hub`, unless `OTEL_SERVICE_NAME` (or `service.name` in `OTEL_RESOURCE_ATTRIBUTES`) names it: then the SDK's. */
  readonly serviceName: string | undefined;
  /**
   * Whether the SDK also sets up its metrics and logs exporters, as `OTEL_METRICS_EXPORTER` and
   * `OTEL_LOGS_EXPORTER` say: only when they are set. The SDK's default for each is OTLP, but
   * Prometheus serves the metrics and stdout carries the logs: traces alone unless asked.
   */
  readonly metricsFromEnv: boolean;
  readonly logsFromEnv: boolean;
}

export type StatementsSetting = 'auto' | 'named' | 'unnamed';

/** Webhooks (src/modules/webhooks): attempts, retries, switching off, retention and allowed targets. */
export interface WebhooksConfig {
  /** `WEBHOOK_TIMEOUT_MS`: the most one delivery attempt may take, connection to last byte read. */
  readonly timeoutMs: number;
  /** `WEBHOOK_RETRY_BASE_MS`: the wait before the first retry; each later one doubles it. */
  readonly retryBaseMs: number;
  /** `WEBHOOK_RETRY_MAX_MS`: the longest wait between two attempts. */
  readonly retryMaxMs: number;
  /** `WEBHOOK_RETRY_WINDOW_SECONDS`: how long after its first attempt a delivery is still retried (24 h). */
  readonly retryWindowSeconds: number;
  /** `WEBHOOK_DISABLE_AFTER_FAILURES`: failed attempts in a row after which an endpoint is switched off. */
  readonly disableAfterFailures: number;
  /** `WEBHOOK_LOG_RETENTION_DAYS`: how long a finished delivery stays in its endpoint's delivery log. */
  readonly logRetentionDays: number;
  /**
   * `WEBHOOK_ALLOWED_HOSTS`: host names and IP addresses (lower case, IPv6 without brackets) that
   * may be targets although they are, or resolve to, private, loopback or link-local addresses,
   * and that may be reached over plain http in production.
   */
  readonly allowedHosts: readonly string[];
}

export interface MailConfig {
  /**
   * `SMTP_URL`: smtp://user:pass@host:port (STARTTLS when the server offers it) or smtps:// (TLS
   * from the start). Unset: mails are written to the server log only, never sent, never returned.
   */
  readonly smtpUrl: string | undefined;
  /** `MAIL_FROM`: the sender, `address` or `Name <address>`. */
  readonly from: string;
  /** `PUBLIC_URL`: where people reach the dashboard (scheme://host[:port][/path], no trailing slash); links in mails start with it. */
  readonly publicUrl: string;
}

/**
 * Caps on live connections, counted per server process (like the rate limits). API keys count
 * toward their organisation only: a kiosk key on every wall screen is one organisation's, not
 * one person's. A user's sockets count in every organisation they act for, and toward the user.
 */
export interface WsCapsConfig {
  /** Open WebSockets of one organisation (users' and API keys'); one more is closed with 4029. */
  readonly socketsPerOrganisation: number;
  /** Subscriptions one organisation holds over all its sockets; one more is TOO_MANY_SUBSCRIPTIONS. */
  readonly subscriptionsPerOrganisation: number;
  /** Open WebSockets of one user, over all their organisations; one more is closed with 4029. */
  readonly socketsPerUser: number;
  /** Subscriptions of one user over all their sockets; one more is TOO_MANY_SUBSCRIPTIONS. */
  readonly subscriptionsPerUser: number;
}

/** Per-connection PostgreSQL settings and the pool's wait for a connection, in milliseconds. */
export interface DatabaseTimeouts {
  /** A statement running longer is cancelled by PostgreSQL (`statement_timeout`). */
  readonly statementTimeoutMs: number;
  /** A statement waiting longer for a row or table lock fails (`lock_timeout`). */
  readonly lockTimeoutMs: number;
  /** A session idle inside a transaction longer is ended by PostgreSQL. */
  readonly idleInTransactionTimeoutMs: number;
  /** Waiting longer to connect, or for a free pooled connection, fails the request. */
  readonly connectionTimeoutMs: number;
  /** A pooled connection left idle this long is closed (and opened again when next needed). */
  readonly idleTimeoutMs: number;
  /**
   * Holding one pooled connection longer (a request's whole transaction, a readiness probe, an
   * event read) closes that connection from this side: PostgreSQL rolls its transaction back and
   * the work fails. It bounds what the server-side timeouts cannot: a network that stops
   * answering. Greater than `statementTimeoutMs`, so on a healthy network PostgreSQL acts first.
   */
  readonly holdTimeoutMs: number;
}

/** Limits checked on every operation before it runs (see src/limits/query-limits.ts). */
export interface QueryLimitsConfig {
  readonly maxDepth: number;
  readonly maxAliases: number;
  readonly maxDirectives: number;
  /** Lexical tokens in the query text; more fails parsing. */
  readonly maxTokens: number;
  /** Field selections once fragments are expanded: stops fragment bombs. */
  readonly maxSelections: number;
  /**
   * Fields that fill one place of the response (one response key under one parent, fragments
   * included), checked before validation: graphql-js compares every two of them, so a document
   * repeating one field hundreds of times costs quadratic time to validate (src/limits/field-repeats.ts).
   */
  readonly maxRepeatedFields: number;
  /** Points per operation (see src/limits/query-cost.ts). */
  readonly maxCost: number;
}

export interface RateLimitsConfig {
  /** Size of each organisation's bucket of query-cost points. */
  readonly points: number;
  /** Points per second the bucket regains. */
  readonly restorePerSecond: number;
  /** logIn, signUp, acceptInvitation, requestPasswordReset and resetPassword attempts per client IP per minute (also the burst). */
  readonly authAttemptsPerMinute: number;
  /**
   * Requests per client IP per minute (also the burst) from callers without valid credentials: no
   * Authorization header, or one that failed. Counted before parsing, so a flood of anonymous
   * documents is refused before validation.
   */
  readonly anonymousRequestsPerMinute: number;
  /** Failed logIns per email address within `loginFailureWindowSeconds`, whether or not it has an account. */
  readonly loginFailuresPerEmail: number;
  readonly loginFailureWindowSeconds: number;
  /** Organisations one user may create in 24 hours (counted in the database, across processes). */
  readonly organisationsPerUserPerDay: number;
  /**
   * requestPasswordReset calls per email address within `passwordResetWindowSeconds`, whether or
   * not it has an account: each may send a mail.
   */
  readonly passwordResetsPerEmail: number;
  readonly passwordResetWindowSeconds: number;
  /**
   * Answers to public feedback forms per client IP per hour (also the burst), and per form per
   * hour: nobody signs in to answer, so these are what stop a flood of invented involvement.
   */
  readonly feedbackAnswersPerAddressPerHour: number;
  readonly feedbackAnswersPerLinkPerHour: number;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be an integer between ${min} and ${max}, got "${raw}"`);
  }
  return value;
}

/**
 * The embedded mode keeps a generated secret in the data directory so tokens survive a restart;
 * a PostgreSQL deployment in production must be given one.
 */
function resolveAuthSecret(env: NodeJS.ProcessEnv, databaseUrl: string | undefined, dataDir: string, production: boolean): string {
  const given = env.AUTH_SECRET;
  if (given) {
    if (given.length < 32) throw new ConfigError('AUTH_SECRET must be at least 32 characters');
    return given;
  }
  if (databaseUrl && production) {
    throw new ConfigError('AUTH_SECRET is required when NODE_ENV=production and DATABASE_URL is set');
  }
  const file = path.join(dataDir, 'auth-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

/** `SERVER_PROCESSES`: a count, or `auto` for one per CPU core. */
function serverProcesses(env: NodeJS.ProcessEnv, databaseUrl: string | undefined): number {
  const count = env.SERVER_PROCESSES === 'auto' ? availableParallelism() : integer(env, 'SERVER_PROCESSES', 1, 1, 64);
  // The embedded database is one PGlite session inside one process: another process cannot share it.
  if (count > 1 && !databaseUrl) throw new ConfigError('SERVER_PROCESSES above 1 needs DATABASE_URL: the embedded database lives inside one process');
  return count;
}

/** `SMTP_URL`: smtp:// or smtps://, with a host; credentials, if any, in the URL. */
function smtpUrl(env: NodeJS.ProcessEnv): string | undefined {
  const raw = env.SMTP_URL?.trim();
  if (!raw) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError('SMTP_URL must be a URL: smtp://user:pass@host:port or smtps://user:pass@host:port');
  }
  if ((url.protocol !== 'smtp:' && url.protocol !== 'smtps:') || !url.hostname) {
    throw new ConfigError(`SMTP_URL must start with smtp:// or smtps:// and name a host, got "${url.protocol}//${url.hostname}"`);
  }
  return raw;
}

/** `MAIL_FROM`: `address` or `Display Name <address>`, one line. */
function mailFrom(env: NodeJS.ProcessEnv): string {
  const raw = env.MAIL_FROM?.trim();
  if (!raw) return 'Partnership Hub <no-reply@localhost>';
  const address = /<([^<>\s]+)>$/.exec(raw)?.[1] ?? raw;
  if (/[\r\n]/.test(raw) || !/^[^@\s<>]+@[^@\s<>]+$/.test(address)) {
    throw new ConfigError(`MAIL_FROM must be an email address, or "Name <address>", got "${raw}"`);
  }
  return raw;
}

/** `PUBLIC_URL`: http(s), no query or fragment; kept without a trailing slash. */
function publicUrl(env: NodeJS.ProcessEnv, port: number, host: string): string {
  const raw = env.PUBLIC_URL?.trim();
  if (!raw) return `http://${host === '0.0.0.0' || host === '::' ? 'localhost' : host}:${port}`;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`PUBLIC_URL must be a URL such as https://hub.example.org, got "${raw}"`);
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.search || url.hash || url.username || url.password) {
    throw new ConfigError(`PUBLIC_URL must be an http(s) URL without credentials, query or fragment, got "${raw}"`);
  }
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}

function statementsSetting(env: NodeJS.ProcessEnv): StatementsSetting {
  const raw = env.DATABASE_STATEMENTS?.trim() || 'auto';
  if (raw !== 'auto' && raw !== 'named' && raw !== 'unnamed') throw new ConfigError(`DATABASE_STATEMENTS must be auto, named or unnamed, got "${raw}"`);
  return raw;
}

/** Just the database settings: what the migration CLI needs, with no side effects. */
export function loadDatabaseConfig(env: NodeJS.ProcessEnv = process.env): { databaseUrl: string | undefined } {
  return { databaseUrl: env.DATABASE_URL || undefined };
}

/** Just the tracing switch: read before anything else loads (src/observability/tracing.ts), with no side effects. */
export function loadTracingConfig(env: NodeJS.ProcessEnv = process.env): TracingConfig {
  const set = (name: string) => Boolean(env[name]?.trim());
  const named = set('OTEL_SERVICE_NAME') || /(^|,)\s*service\.name\s*=/.test(env.OTEL_RESOURCE_ATTRIBUTES ?? '');
  const settled = { serviceName: named ? undefined : 'partnership-hub', metricsFromEnv: set('OTEL_METRICS_EXPORTER'), logsFromEnv: set('OTEL_LOGS_EXPORTER') };
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') return { enabled: false, ...settled };
  const exporters = (env.OTEL_TRACES_EXPORTER ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  if (exporters.length > 0) return { enabled: exporters.some((name) => name !== 'none'), ...settled };
  return { enabled: set('OTEL_EXPORTER_OTLP_ENDPOINT') || set('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'), ...settled };
}

function metricsConfig(env: NodeJS.ProcessEnv, serverProcesses: number): MetricsConfig {
  const port = env.METRICS_PORT?.trim() ? integer(env, 'METRICS_PORT', 0, 0, 65535) : undefined;
  const token = env.METRICS_TOKEN?.trim() || undefined;
  if (token !== undefined && (token.length < 32 || !/^[\x21-\x7e]+$/.test(token))) {
    throw new ConfigError('METRICS_TOKEN must be at least 32 printable characters without spaces (e.g. openssl rand -hex 32)');
  }
  // The main port is shared by the processes: a scrape would reach one of them at random.
  if (serverProcesses > 1 && token !== undefined && port === undefined) {
    throw new ConfigError(
      'METRICS_TOKEN alone cannot serve metrics with SERVER_PROCESSES above 1 (a scrape of the shared port reaches one process at random): set METRICS_PORT, which the primary serves for all of them',
    );
  }
  return { port, host: env.METRICS_HOST?.trim() || '127.0.0.1', token, maxOperationNames: integer(env, 'METRICS_MAX_OPERATION_NAMES', 100, 1, 10_000) };
}

/** Parses and validates configuration once; throws {@link ConfigError} on bad values. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const production = env.NODE_ENV === 'production';
  const { databaseUrl } = loadDatabaseConfig(env);
  const dataDir = path.resolve(env.DATA_DIR || './.data');
  const port = integer(env, 'PORT', 4000, 0, 65535);
  const host = env.HOST || '127.0.0.1';
  const processes = serverProcesses(env, databaseUrl);
  const config: Config = {
    port,
    host,
    databaseUrl,
    databaseListenUrl: env.DATABASE_LISTEN_URL || databaseUrl,
    statements: statementsSetting(env),
    dataDir,
    authSecret: resolveAuthSecret(env, databaseUrl, dataDir, production),
    tokenTtlSeconds: integer(env, 'TOKEN_TTL_SECONDS', 12 * 3600, 1, 30 * 24 * 3600),
    production,
    logLevel: env.LOG_LEVEL || 'info',
    poolSize: integer(env, 'DB_POOL_SIZE', 10, 1, 200),
    serverProcesses: processes,
    shutdownGraceMs: integer(env, 'SHUTDOWN_GRACE_MS', 10_000, 0, 600_000),
    jobs: {
      pollMs: integer(env, 'JOBS_POLL_MS', 2_000, 500, 600_000),
      concurrency: integer(env, 'JOBS_CONCURRENCY', 4, 0, 100),
      concurrencyPerOrganisation: integer(env, 'JOBS_CONCURRENCY_PER_ORGANISATION', 1, 1, 100),
      retryLimit: integer(env, 'JOBS_RETRY_LIMIT', 5, 0, 100),
      retryDelaySeconds: integer(env, 'JOBS_RETRY_DELAY_SECONDS', 10, 1, 86_400),
      retryDelayMaxSeconds: integer(env, 'JOBS_RETRY_DELAY_MAX_SECONDS', 3_600, 1, 7 * 86_400),
      poolSize: integer(env, 'JOBS_POOL_SIZE', 2, 1, 20),
    },
    shutdownDelayMs: integer(env, 'SHUTDOWN_DELAY_MS', 0, 0, 600_000),
    webDir: env.WEB_DIR ? path.resolve(env.WEB_DIR) : undefined,
    graphiqlDir: env.GRAPHIQL_DIR ? path.resolve(env.GRAPHIQL_DIR) : undefined,
    allowedOrigins: (env.ALLOWED_ORIGINS ?? '')
      .split(',')
      .map((o) => o.trim())
      .filter(Boolean),
    redis: redisConfig(env),
    db: {
      statementTimeoutMs: integer(env, 'DB_STATEMENT_TIMEOUT_MS', 15_000, 100, 3_600_000),
      lockTimeoutMs: integer(env, 'DB_LOCK_TIMEOUT_MS', 5_000, 100, 3_600_000),
      idleInTransactionTimeoutMs: integer(env, 'DB_IDLE_IN_TRANSACTION_TIMEOUT_MS', 60_000, 1_000, 3_600_000),
      connectionTimeoutMs: integer(env, 'DB_CONNECTION_TIMEOUT_MS', 5_000, 100, 600_000),
      idleTimeoutMs: integer(env, 'DB_IDLE_TIMEOUT_MS', 10_000, 100, 3_600_000),
      holdTimeoutMs: integer(env, 'DB_HOLD_TIMEOUT_MS', 30_000, 200, 3_600_000),
    },
    queryLimits: {
      maxDepth: integer(env, 'QUERY_MAX_DEPTH', 10, 2, 100),
      maxAliases: integer(env, 'QUERY_MAX_ALIASES', 15, 0, 1_000),
      maxDirectives: integer(env, 'QUERY_MAX_DIRECTIVES', 50, 0, 1_000),
      maxTokens: integer(env, 'QUERY_MAX_TOKENS', 1_000, 50, 100_000),
      maxSelections: integer(env, 'QUERY_MAX_SELECTIONS', 1_000, 10, 100_000),
      maxRepeatedFields: integer(env, 'QUERY_MAX_REPEATED_FIELDS', 50, 1, 100_000),
      // The dashboard's 50 projects with their plans and evaluations, priced at every list's cap: 10,352.
      maxCost: integer(env, 'QUERY_MAX_COST', 12_000, 10, 100_000_000),
    },
    rateLimits: {
      // Four operations at the cost limit, as before the lists were priced at their caps.
      points: integer(env, 'RATE_LIMIT_POINTS', 48_000, 10, 100_000_000),
      restorePerSecond: integer(env, 'RATE_LIMIT_RESTORE_PER_SECOND', 1_000, 1, 100_000_000),
      authAttemptsPerMinute: integer(env, 'AUTH_ATTEMPTS_PER_MINUTE', 10, 1, 100_000_000),
      anonymousRequestsPerMinute: integer(env, 'ANONYMOUS_REQUESTS_PER_MINUTE', 60, 1, 100_000_000),
      loginFailuresPerEmail: integer(env, 'LOGIN_FAILURES_PER_EMAIL', 10, 1, 100_000_000),
      loginFailureWindowSeconds: integer(env, 'LOGIN_FAILURE_WINDOW_SECONDS', 15 * 60, 1, 24 * 3600),
      organisationsPerUserPerDay: integer(env, 'ORGANISATIONS_PER_USER_PER_DAY', 10, 1, 1_000_000),
      passwordResetsPerEmail: integer(env, 'PASSWORD_RESETS_PER_EMAIL', 3, 1, 100_000_000),
      passwordResetWindowSeconds: integer(env, 'PASSWORD_RESET_WINDOW_SECONDS', 3600, 1, 7 * 24 * 3600),
      feedbackAnswersPerAddressPerHour: integer(env, 'FEEDBACK_ANSWERS_PER_ADDRESS_PER_HOUR', 10, 1, 100_000_000),
      feedbackAnswersPerLinkPerHour: integer(env, 'FEEDBACK_ANSWERS_PER_LINK_PER_HOUR', 300, 1, 100_000_000),
    },
    idempotencyTtlHours: integer(env, 'IDEMPOTENCY_TTL_HOURS', 24, 24, 24 * 365),
    idempotencyMaxStoredBytes: integer(env, 'IDEMPOTENCY_MAX_STORED_BYTES', 64 * 1024, 256, 16 * 1024 * 1024),
    passwordHashCost: integer(env, 'PASSWORD_HASH_COST', 17, 10, 20),
    trustProxyHops: integer(env, 'TRUST_PROXY_HOPS', 0, 0, 10),
    wsMaxBufferedBytes: integer(env, 'WS_MAX_BUFFERED_BYTES', 1024 * 1024, 16 * 1024, 1024 * 1024 * 1024),
    wsKeepAliveMs: integer(env, 'WS_KEEPALIVE_MS', 12_000, 120, 600_000),
    listenerHeartbeatMs: integer(env, 'LISTENER_HEARTBEAT_MS', 10_000, 200, 600_000),
    listenerCatchUpMs: integer(env, 'LISTENER_CATCH_UP_MS', 30_000, 200, 3_600_000),
    wsCaps: {
      // A large Trust: a hundred wall screens and hundreds of staff following along, two each.
      socketsPerOrganisation: integer(env, 'WS_MAX_SOCKETS_PER_ORGANISATION', 1_000, 1, 10_000_000),
      subscriptionsPerOrganisation: integer(env, 'WS_MAX_SUBSCRIPTIONS_PER_ORGANISATION', 3_000, 1, 10_000_000),
      // One person: a few tabs on a few devices, each dashboard holding two subscriptions.
      socketsPerUser: integer(env, 'WS_MAX_SOCKETS_PER_USER', 20, 1, 10_000_000),
      subscriptionsPerUser: integer(env, 'WS_MAX_SUBSCRIPTIONS_PER_USER', 100, 1, 10_000_000),
    },
    mail: { smtpUrl: smtpUrl(env), from: mailFrom(env), publicUrl: publicUrl(env, port, host) },
    metrics: metricsConfig(env, processes),
    webhooks: {
      timeoutMs: integer(env, 'WEBHOOK_TIMEOUT_MS', 10_000, 100, 120_000),
      retryBaseMs: integer(env, 'WEBHOOK_RETRY_BASE_MS', 60_000, 50, 3_600_000),
      retryMaxMs: integer(env, 'WEBHOOK_RETRY_MAX_MS', 4 * 3_600_000, 50, 24 * 3_600_000),
      retryWindowSeconds: integer(env, 'WEBHOOK_RETRY_WINDOW_SECONDS', 24 * 3600, 1, 7 * 24 * 3600),
      disableAfterFailures: integer(env, 'WEBHOOK_DISABLE_AFTER_FAILURES', 20, 1, 100_000),
      logRetentionDays: integer(env, 'WEBHOOK_LOG_RETENTION_DAYS', 30, 1, 3_650),
      allowedHosts: (env.WEBHOOK_ALLOWED_HOSTS ?? '')
        .split(',')
        .map((host) =>
          host
            .trim()
            .toLowerCase()
            .replace(/^\[(.*)\]$/, '$1'),
        )
        .filter(Boolean),
    },
    digests: {
      tickSeconds: integer(env, 'DIGEST_TICK_SECONDS', 300, 0, 86_400),
      sendHour: integer(env, 'DIGEST_SEND_HOUR', 7, 0, 23),
      defaultTimeZone: timeZone(env, 'DIGEST_DEFAULT_TIME_ZONE', 'Europe/London'),
      updateReminderDays: integer(env, 'PROJECT_UPDATE_REMINDER_DAYS', 14, 1, 365),
    },
  };
  // A bucket smaller than the largest allowed operation would refuse that operation forever.
  if (config.rateLimits.points < config.queryLimits.maxCost) {
    throw new ConfigError(`RATE_LIMIT_POINTS (${config.rateLimits.points}) must be at least QUERY_MAX_COST (${config.queryLimits.maxCost})`);
  }
  // Mails would carry links to this machine's loopback address.
  if (production && config.mail.smtpUrl && !env.PUBLIC_URL?.trim()) {
    throw new ConfigError('PUBLIC_URL is required when NODE_ENV=production and SMTP_URL is set: links in mails start with it');
  }
  if (config.databaseListenUrl && !config.databaseUrl) {
    throw new ConfigError('DATABASE_LISTEN_URL needs DATABASE_URL: the embedded database has no LISTEN connection');
  }
  if (config.db.holdTimeoutMs <= config.db.statementTimeoutMs) {
    throw new ConfigError(`DB_HOLD_TIMEOUT_MS (${config.db.holdTimeoutMs}) must be greater than DB_STATEMENT_TIMEOUT_MS (${config.db.statementTimeoutMs})`);
  }
  return config;
}

/** An IANA time zone name that this Node's Intl knows. */
function timeZone(env: NodeJS.ProcessEnv, name: string, fallback: string): string {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  try {
    return new Intl.DateTimeFormat('en-GB', { timeZone: raw }).resolvedOptions().timeZone;
  } catch {
    throw new ConfigError(`${name} must be an IANA time zone such as Europe/London, got "${raw}"`);
  }
}

function redisConfig(env: NodeJS.ProcessEnv): Config['redis'] {
  const url = env.REDIS_URL?.trim();
  if (!url) return undefined;
  if (!/^rediss?:\/\//.test(url)) throw new ConfigError('REDIS_URL must be a redis:// or rediss:// URL');
  return { url, keyPrefix: env.REDIS_KEY_PREFIX?.trim() || 'partnership-hub:' };
}
