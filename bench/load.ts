import autocannon from 'autocannon';
import type { Probed } from './children';
import type { DbCpu } from './db-cpu';
import { DASHBOARD_QUERY } from './dashboard-sql';

export interface Target {
  label: string;
  short: string;
  url: string;
  process: Probed;
  /** The application_name of its database connections. */
  application: string;
}

/** What one target did over all its measured windows. */
export interface LoadTotals {
  requests: number;
  /** Responses that were not a full dashboard (non-2xx, or a body too small to be one). */
  failures: number;
  seconds: number;
  latenciesMs: number[];
  cpuMicros: number;
  gcMicros: number;
  dbCpuMs: number;
  peakRss: number;
  bytes: number;
}

export const emptyTotals = (): LoadTotals => ({ requests: 0, failures: 0, seconds: 0, latenciesMs: [], cpuMicros: 0, gcMicros: 0, dbCpuMs: 0, peakRss: 0, bytes: 0 });

const BODY = JSON.stringify({ query: DASHBOARD_QUERY });
/** A real dashboard answer is tens of kilobytes; an error answer is far below this. */
const MIN_DASHBOARD_BYTES = 2_000;

/**
 * Drives `target` with autocannon for `seconds` at `connections` concurrent connections, each
 * request authenticated with the next organisation's key in turn, and adds what happened (and the
 * target's own CPU time and peak RSS, sampled every 500 ms) to `totals` unless it is a warm-up.
 */
export async function drive(target: Target, keys: string[], seconds: number, connections: number, dbCpu: DbCpu, totals?: LoadTotals): Promise<void> {
  let turn = 0;
  const before = await target.process.stats();
  const db = await dbCpu.watch(target.application);
  let peakRss = before.rss;
  const sampler = setInterval(() => {
    void target.process.stats().then(
      (stats) => {
        peakRss = Math.max(peakRss, stats.rss);
      },
      () => undefined,
    );
  }, 500);
  const latencies: number[] = [];
  let small = 0;
  const started = process.hrtime.bigint();
  let finish!: (result: autocannon.Result) => void;
  let fail!: (error: unknown) => void;
  const done = new Promise<autocannon.Result>((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });
  const instance = autocannon(
    {
      url: target.url,
      connections,
      duration: seconds,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: BODY,
      requests: [
        {
          setupRequest: (request) => {
            const key = keys[turn++ % keys.length]!;
            return { ...request, headers: { ...request.headers, authorization: `Bearer ${key}` } };
          },
        },
      ],
    },
    (error: unknown, result: autocannon.Result) => (error ? fail(error) : finish(result)),
  );
  instance.on('response', (_client: unknown, statusCode: number, resBytes: number, responseTime: number) => {
    latencies.push(responseTime);
    if (statusCode >= 200 && statusCode < 300 && resBytes < MIN_DASHBOARD_BYTES) small += 1;
  });
  const result = await done;
  const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  clearInterval(sampler);
  const after = await target.process.stats();
  const dbCpuMs = await db.stop();
  if (!totals) return;
  totals.requests += result.requests.total;
  totals.failures += result.non2xx + result.errors + result.timeouts + small;
  totals.seconds += Math.min(elapsed, seconds);
  totals.latenciesMs.push(...latencies);
  totals.cpuMicros += after.cpuMicros - before.cpuMicros;
  totals.gcMicros += after.gcMicros - before.gcMicros;
  totals.dbCpuMs += dbCpuMs;
  totals.peakRss = Math.max(totals.peakRss, peakRss, after.rss);
  totals.bytes += result.throughput.total;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

export interface LoadSummary {
  label: string;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  cpuMsPerRequest: number;
  /** Garbage-collection pauses per request (part of the CPU). */
  gcMsPerRequest: number;
  /** CPU of the database backends serving it, per request (NaN when the database is not local). */
  dbCpuMsPerRequest: number;
  rssMb: number;
  requests: number;
  failures: number;
  kbPerResponse: number;
}

export function summarise(label: string, totals: LoadTotals): LoadSummary {
  const sorted = [...totals.latenciesMs].sort((a, b) => a - b);
  const ok = Math.max(0, totals.requests - totals.failures);
  return {
    label,
    rps: ok / totals.seconds,
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    cpuMsPerRequest: totals.cpuMicros / 1000 / Math.max(1, totals.requests),
    gcMsPerRequest: totals.gcMicros / 1000 / Math.max(1, totals.requests),
    dbCpuMsPerRequest: totals.dbCpuMs / Math.max(1, totals.requests),
    rssMb: totals.peakRss / 1024 / 1024,
    requests: totals.requests,
    failures: totals.failures,
    kbPerResponse: totals.bytes / Math.max(1, totals.requests) / 1024,
  };
}
