import type { DataSource } from 'typeorm';

/** Keyed by data source, as request-settings.ts is: each server and test server has its own. */
const observers = new WeakMap<DataSource, (seconds: number) => void>();

/**
 * Tells `observer` how long each transaction opened on `dataSource` (requests, event reads,
 * readiness probes) took to get its pooled connection: waiting for a free one when the pool is
 * exhausted, or opening a new one. The metrics' pool-wait histogram (src/observability/metrics.ts).
 */
export function observePoolWaits(dataSource: DataSource, observer: (seconds: number) => void): void {
  observers.set(dataSource, observer);
}

/** Runs `connect` (taking a connection from `dataSource`'s pool), reporting how long it took. */
export async function timedConnect<T>(dataSource: DataSource, connect: () => Promise<T>): Promise<T> {
  const observer = observers.get(dataSource);
  if (!observer) return connect();
  const startedAt = performance.now();
  const connection = await connect();
  observer((performance.now() - startedAt) / 1000);
  return connection;
}
