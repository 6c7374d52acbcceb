import 'reflect-metadata';
import type { GraphQLSchema } from 'graphql';
import type { DataSource } from 'typeorm';
import { Client as PgClient } from 'pg';
import pino from 'pino';
import { loadConfig } from '../../src/config';
import { createDataSource } from '../../src/db/data-source';
import { createSchema } from '../../src/schema';
import { createServer, type RunningServer } from '../../src/server';
import { createLiveUpdates, type LiveUpdates } from '../../src/events/live-updates';
import { HEARTBEAT_LABEL, LISTENER_APPLICATION_NAME } from '../../src/events/pg-listener';
import { adminUrl, createTestDatabase, directUrlFor, type TestDatabase } from './test-database';
import { chooseStatementsFor } from '../../src/db/open-database';
import { STATEMENT_CHECK_APPLICATION_NAME } from '../../src/db/statement-check';
import { entities } from '../../src/features';
import type { AppDeps } from '../../src/context';
import { JOBS_APPLICATION_NAME, JOBS_LABEL } from '../../src/jobs/jobs.queue';

export interface GraphQLResponse<T = any> {
  status: number;
  body: { data?: T; errors?: { message: string; path?: string[]; extensions?: Record<string, any> }[]; extensions?: Record<string, any> };
  headers: Headers;
}

export interface Caller {
  /** A user token or an API key secret. */
  token?: string;
  /** X-Organisation: slug or id. */
  organisation?: string;
  headers?: Record<string, string>;
}

export interface TestServer {
  url: string;
  graphqlUrl: string;
  wsUrl: string;
  dataSource: DataSource;
  running: RunningServer;
  /** What the server hands its requests: for calling services as a request would. */
  deps: AppDeps;
  live: LiveUpdates;
  database: TestDatabase;
  /** Log lines the server wrote, parsed (for asserting on logged request ids). */
  logs: Record<string, any>[];
  /** Runs an operation over HTTP as `caller`. */
  gql<T = any>(query: string, variables?: Record<string, unknown>, caller?: Caller): Promise<GraphQLResponse<T>>;
  /** SQL as the database owner, outside row-level security: for white-box assertions. */
  sql<T = any>(text: string, params?: unknown[]): Promise<T[]>;
  stop(): Promise<void>;
}

/**
 * Counts the round trips to PostgreSQL: every statement goes through pg's Client.query, whether
 * TypeORM sends it or the request's own batched reads (BEGIN, settings and COMMIT included). The
 * LISTEN connection's heartbeat (its own, and the nonce it notifies through the pool) and the
 * start-up check of statements and the job queue's polls are not the request's work, and would
 * land in a count at random.
 */
let statementCounter: { statements: RecordedStatement[] } | undefined;
const originalQuery = PgClient.prototype.query;
PgClient.prototype.query = function countingQuery(this: PgClient, ...args: unknown[]) {
  const applicationName = (this as unknown as { connectionParameters?: { application_name?: string } }).connectionParameters?.application_name;
  const [first, second] = args as [string | { text: string; values?: unknown[] }, unknown];
  const text = typeof first === 'string' ? first : first?.text;
  const background =
    applicationName === LISTENER_APPLICATION_NAME ||
    applicationName === STATEMENT_CHECK_APPLICATION_NAME ||
    applicationName === JOBS_APPLICATION_NAME ||
    text?.startsWith(HEARTBEAT_LABEL) ||
    text?.startsWith(JOBS_LABEL);
  if (statementCounter && !background) {
    statementCounter.statements.push(typeof first === 'string' ? { text: first, values: Array.isArray(second) ? second : [] } : { text: first.text, values: first.values ?? [] });
  }
  return (originalQuery as (...a: unknown[]) => unknown).apply(this, args);
} as typeof originalQuery;

/** One statement sent to PostgreSQL: its text and values, as given to pg. */
export interface RecordedStatement {
  text: string;
  values: unknown[];
}

/**
 * Resolves once `count` subscriptions of `organisation` are live on `server`: each will receive
 * every event committed from then on. The server cannot tell a client when that is (graphql-ws
 * acknowledges a connection, not a subscription), so a test that subscribes and then changes
 * something waits for this rather than for a guessed pause.
 */
export async function untilSubscribed(server: TestServer, organisation: { uuid: string }, count = 1): Promise<void> {
  // Every authenticated socket also registers its organisation's access watch (revocations).
  const ACCESS_WATCH = 1;
  const deadline = Date.now() + 15_000;
  while ((await server.live.hub.liveListeners(organisation.uuid)) < count + ACCESS_WATCH) {
    if (Date.now() > deadline) throw new Error(`${count} subscription(s) never went live`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** How many SQL statements `work` ran (nothing else may run meanwhile in this test file). */
export async function countStatements(work: () => Promise<unknown>): Promise<number> {
  return (await recordStatements(work)).length;
}

/** The SQL statements `work` ran, in order (nothing else may run meanwhile in this test file). */
export async function recordStatements(work: () => Promise<unknown>): Promise<RecordedStatement[]> {
  const counter = { statements: [] as RecordedStatement[] };
  statementCounter = counter;
  try {
    await work();
    return counter.statements;
  } finally {
    statementCounter = undefined;
  }
}

let schemaPromise: Promise<GraphQLSchema> | undefined;
const schema = () => (schemaPromise ??= createSchema());

export interface TestServerOptions {
  env?: Record<string, string>;
  /** Share an existing database (e.g. a second server process on the same data). */
  database?: TestDatabase;
}

/**
 * Starts the real server (HTTP and WebSocket) on port 0 over a fresh database of its own, and
 * disposes of it after the file's tests: `const server = useTestServer();` at file scope.
 */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const database = options.database ?? (await createTestDatabase());
  const config = loadConfig({
    AUTH_SECRET: 'test-secret-test-secret-test-secret-0123456789',
    LOG_LEVEL: 'info',
    SHUTDOWN_GRACE_MS: '2000',
    // Factories sign up many users from one address and files run many operations per second:
    // rate limits are effectively off unless a test sets them.
    RATE_LIMIT_POINTS: '100000000',
    RATE_LIMIT_RESTORE_PER_SECOND: '100000000',
    AUTH_ATTEMPTS_PER_MINUTE: '100000000',
    ANONYMOUS_REQUESTS_PER_MINUTE: '100000000',
    LOGIN_FAILURES_PER_EMAIL: '100000000',
    ORGANISATIONS_PER_USER_PER_DAY: '1000000',
    // scrypt at N=2^12 (~7 ms a hash) instead of the default 2^17 (~260 ms here): the suite signs up
    // hundreds of users. Only tests may go below 17 (production refuses it).
    PASSWORD_HASH_COST: '12',
    // Tests open many sockets as one user (test/ws-caps.test.ts sets the caps it tests).
    WS_MAX_SOCKETS_PER_ORGANISATION: '10000000',
    WS_MAX_SUBSCRIPTIONS_PER_ORGANISATION: '10000000',
    WS_MAX_SOCKETS_PER_USER: '10000000',
    WS_MAX_SUBSCRIPTIONS_PER_USER: '10000000',
    ...options.env,
  });
  const logs: Record<string, any>[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => void logs.push(JSON.parse(line)) });
  const dataSource = createDataSource({ entities, url: database.url, poolSize: database.poolSize, sharedSession: database.sharedSession, timeouts: config.db });
  if (adminUrl) await chooseStatementsFor(dataSource, { statements: config.statements, databaseUrl: database.url }, logger);
  await dataSource.initialize();
  const listenUrl = adminUrl ? (database.listenUrl ?? directUrlFor(database.url)) : null;
  const live = createLiveUpdates(dataSource, logger, listenUrl, { listenerHeartbeatMs: config.listenerHeartbeatMs, catchUpMs: config.listenerCatchUpMs, redis: config.redis });
  let running: RunningServer;
  let deps: AppDeps;
  try {
    await live.start();
    const baseDeps = { config, dataSource, logger, authKey: new TextEncoder().encode(config.authSecret), events: live.hub, listener: live.wakeups ?? live.listener };
    const server = await createServer(baseDeps, await schema());
    deps = server.deps;
    running = await server.listen(0, '127.0.0.1');
  } catch (error) {
    // Leave nothing open: a half-started server would keep Jest from exiting.
    await live.stop();
    await dataSource.destroy();
    if (!options.database) await database.drop();
    throw error;
  }
  const graphqlUrl = `${running.url}/graphql`;
  return {
    url: running.url,
    graphqlUrl,
    wsUrl: graphqlUrl.replace(/^http/, 'ws'),
    dataSource,
    running,
    deps,
    live,
    logs,
    database,
    async gql(query, variables, caller = {}) {
      const headers: Record<string, string> = { 'content-type': 'application/json', ...caller.headers };
      if (caller.token) headers.authorization = `Bearer ${caller.token}`;
      if (caller.organisation) headers['x-organisation'] = caller.organisation;
      const response = await fetch(graphqlUrl, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
      const text = await response.text();
      let body;
      try {
        body = JSON.parse(text);
      } catch {
        throw new Error(`Non-JSON response ${response.status}: ${text.slice(0, 500)}`);
      }
      return { status: response.status, body, headers: response.headers };
    },
    sql: (text, params) => dataSource.query(text, params),
    async stop() {
      await running.stop();
      await live.stop();
      await dataSource.destroy();
      if (!options.database) await database.drop();
    },
  };
}

/** Starts a server before the file's tests and stops it after; returns a live reference. */
export function useTestServer(options: TestServerOptions = {}): TestServer {
  const holder = {} as { server?: TestServer };
  beforeAll(async () => {
    holder.server = await startTestServer(options);
  }, 120_000);
  afterAll(async () => {
    await holder.server?.stop();
  }, 60_000);
  return new Proxy({} as TestServer, {
    get(_target, property) {
      if (!holder.server) throw new Error('The test server is not started yet: use it inside tests');
      return holder.server[property as keyof TestServer];
    },
  });
}

/** Data of a response that must have no errors; fails the test with the errors otherwise. */
export function dataOf<T = any>(response: GraphQLResponse<T>): T {
  if (response.body.errors?.length) {
    throw new Error(`Unexpected GraphQL errors: ${JSON.stringify(response.body.errors, null, 2)}`);
  }
  return response.body.data as T;
}

/** The `extensions.code` of the first error. */
export function errorCode(response: GraphQLResponse): string | undefined {
  return response.body.errors?.[0]?.extensions?.code;
}
