import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { Config } from './config';
import type { Logger } from './logger';
import { authenticate, type Credentials } from './auth/authenticate';
import type { Auth } from './auth/principal';
import { RequestDb } from './db/request-db';
import type { EventHub } from './events/event-hub';
import { createLoaders, type Loaders } from './loaders';

/** What the server hands every request: built once at start. */
export interface AppDeps {
  config: Config;
  dataSource: DataSource;
  logger: Logger;
  /** `AUTH_SECRET` as key bytes for jose. */
  authKey: Uint8Array;
  /** This process's fan-out of committed events to its subscribers. */
  events: EventHub;
}

/**
 * Per-request state, the same for HTTP, WebSocket and tests. Resolvers are singletons: everything
 * that belongs to one request lives here.
 */
export interface Context {
  requestId: string;
  deps: AppDeps;
  log: Logger;
  auth: Auth;
  /** The request's transaction (for a subscription: the current event's). */
  readonly db: RequestDb;
  /** Per-request DataLoaders, created on first use. */
  readonly loaders: Loaders;
  /**
   * Starts a new database scope and fresh loaders for the same caller: a subscription calls it
   * for every event, so nothing is cached across events and no connection is held between them.
   * The previous scope is committed (it only read).
   */
  renew(): void;
}

/** Builds a context from credentials: the one factory behind every transport. */
export async function createContext(deps: AppDeps, credentials: Credentials, requestId: string = randomUUID()): Promise<Context> {
  const authenticated = await authenticate(deps.dataSource, deps.authKey, credentials);
  const { auth } = authenticated;
  let db = authenticated.db;
  let loaders: Loaders | undefined;
  return {
    requestId,
    deps,
    log: deps.logger.child({ requestId }),
    auth,
    get db() {
      return db;
    },
    get loaders() {
      loaders ??= createLoaders(db);
      return loaders;
    },
    renew() {
      void db.finish(true).catch(() => undefined);
      db = new RequestDb(deps.dataSource, { organisationId: auth.organisationId, userId: auth.userId });
      loaders = undefined;
    },
  };
}
