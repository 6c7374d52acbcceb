import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Typed, validated configuration. The only module that reads `process.env`. */
export interface Config {
  readonly port: number;
  readonly host: string;
  /** Unset: the embedded PGlite database under `dataDir`. */
  readonly databaseUrl: string | undefined;
  readonly dataDir: string;
  readonly authSecret: string;
  /** Lifetime of user tokens issued by signUp/logIn, in seconds. */
  readonly tokenTtlSeconds: number;
  readonly production: boolean;
  readonly logLevel: string;
  /** Size of the pg pool in PostgreSQL mode (embedded mode is always 1: one PGlite session). */
  readonly poolSize: number;
  /** Grace period for SIGTERM draining, in milliseconds. */
  readonly shutdownGraceMs: number;
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

/** Just the database settings: what the migration CLI needs, with no side effects. */
export function loadDatabaseConfig(env: NodeJS.ProcessEnv = process.env): { databaseUrl: string | undefined } {
  return { databaseUrl: env.DATABASE_URL || undefined };
}

/** Parses and validates configuration once; throws {@link ConfigError} on bad values. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const production = env.NODE_ENV === 'production';
  const { databaseUrl } = loadDatabaseConfig(env);
  const dataDir = path.resolve(env.DATA_DIR || './.data');
  return {
    port: integer(env, 'PORT', 4000, 0, 65535),
    host: env.HOST || '127.0.0.1',
    databaseUrl,
    dataDir,
    authSecret: resolveAuthSecret(env, databaseUrl, dataDir, production),
    tokenTtlSeconds: integer(env, 'TOKEN_TTL_SECONDS', 12 * 3600, 1, 30 * 24 * 3600),
    production,
    logLevel: env.LOG_LEVEL || 'info',
    poolSize: integer(env, 'DB_POOL_SIZE', 10, 1, 200),
    shutdownGraceMs: integer(env, 'SHUTDOWN_GRACE_MS', 10_000, 0, 600_000),
  };
}
