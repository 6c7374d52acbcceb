import type { DataSource } from 'typeorm';
import { RequestDb } from './request-db';
import { statement } from './statement';

/** Read through the request path, so readiness fails exactly when requests' reads would. */
export const READINESS_PROBE = statement('SELECT 1 AS ready');

/**
 * Whether the database serves requests: a request's transaction (the restricted role and its
 * settings) with a named-statement read in it, on a pooled connection, committed. A bare
 * `SELECT 1` answered while every named read failed (issue 12: the embedded session's stale
 * statement names), so readiness said ready to a server that could not serve.
 */
export async function probeDatabase(dataSource: DataSource, timeoutMs: number): Promise<void> {
  const db = new RequestDb(dataSource, {});
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      db.read(READINESS_PROBE, []),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error('database probe timed out')), timeoutMs);
      }),
    ]);
    await db.finish(true);
  } finally {
    clearTimeout(timer);
    // After a failure or a timeout: roll back once the connection answers, without waiting for it.
    void db.finish(false).catch(() => undefined);
  }
}
