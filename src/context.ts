import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { Config } from './config';
import type { Logger } from './logger';
import { authenticate, type Credentials } from './auth/authenticate';
import type { Auth } from './auth/principal';
import type { RequestDb } from './db/request-db';
import { createLoaders, type Loaders } from './loaders';

/** What the server hands every request: built once at start. */
export interface AppDeps {
  config: Config;
  dataSource: DataSource;
  logger: Logger;
  /** `AUTH_SECRET` as key bytes for jose. */
  authKey: Uint8Array;
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
  db: RequestDb;
  /** Per-request DataLoaders, created on first use. */
  readonly loaders: Loaders;
}

/** Builds a context from credentials: the one factory behind every transport. */
export async function createContext(deps: AppDeps, credentials: Credentials, requestId: string = randomUUID()): Promise<Context> {
  const { auth, db } = await authenticate(deps.dataSource, deps.authKey, credentials);
  let loaders: Loaders | undefined;
  return {
    requestId,
    deps,
    log: deps.logger.child({ requestId }),
    auth,
    db,
    get loaders() {
      loaders ??= createLoaders(db);
      return loaders;
    },
  };
}
