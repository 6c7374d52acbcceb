import type { Client } from 'pg';
import { pause } from './ws-client';

/** What a masked error body must never contain: stacks, paths, SQL, driver and network details. */
export const NO_INTERNALS = /stack|\.ts:|\.js:|node_modules|\/work\/|SELECT|INSERT|relation "|column "|QueryFailedError|ECONN|127\.0\.0\.1|timeout|DB_[A-Z_]+_MS/i;

/** Polls `url` until it answers `status`; returns how long that took. */
export async function waitForStatus(url: string, status: number, withinMs: number): Promise<number> {
  const started = performance.now();
  for (;;) {
    const answered = await fetch(url).then(
      (r) => r.status,
      () => 0,
    );
    const ms = performance.now() - started;
    if (answered === status) return ms;
    if (ms > withinMs) throw new Error(`${url} did not answer ${status} within ${withinMs} ms (last ${answered})`);
    await pause(100);
  }
}

/** Runs `work` and says how long it took. */
export async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const started = performance.now();
  const result = await work();
  return { ms: performance.now() - started, result };
}

/**
 * `work`, failing with a clear message if it has not settled within `ms` (rather than leaving the
 * test to Jest's timeout, which says nothing about what hung).
 */
export async function settlesWithin<T>(what: string, ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not end within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** A backend of the database `client` is connected to, as pg_stat_activity shows it. */
export interface Backend {
  pid: number;
  state: string | null;
  applicationName: string;
}

/** The other sessions on `client`'s database (the client's own excluded), optionally of one application. */
export async function backends(client: Client, applicationName?: string): Promise<Backend[]> {
  const { rows } = await client.query<Backend>(
    `SELECT pid, state, application_name AS "applicationName" FROM pg_stat_activity
      WHERE datname = current_database() AND pid <> pg_backend_pid() AND ($1::text IS NULL OR application_name = $1)`,
    [applicationName ?? null],
  );
  return rows;
}

/** Polls `check` until it returns true; fails with `what` after `withinMs`. */
export async function eventually(what: string, withinMs: number, check: () => Promise<boolean>): Promise<void> {
  const started = performance.now();
  while (!(await check())) {
    if (performance.now() - started > withinMs) throw new Error(`${what}: still not true after ${withinMs} ms`);
    await pause(100);
  }
}
