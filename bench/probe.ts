/**
 * Preloaded (`node -r`) into the benchmarked processes (the server and the baseline). It counts
 * the SQL statements sent through `pg` (every query TypeORM or the app sends goes through
 * Client.prototype.query, BEGIN and COMMIT included) and answers the bench over the IPC channel
 * with the process's own CPU time, memory and statement counts. It changes nothing else.
 *
 * A cluster's processes inherit the preload; the primary then answers for all of them: its own
 * figures plus each worker's, asked over the cluster's channel (one server, however many processes).
 */
import cluster, { type Worker } from 'node:cluster';
import { PerformanceObserver } from 'node:perf_hooks';
import { Client } from 'pg';

const counts = { statements: 0, named: 0 };
const originalQuery = Client.prototype.query;
Client.prototype.query = function countedQuery(this: Client, ...args: unknown[]) {
  counts.statements += 1;
  const first = args[0];
  if (first && typeof first === 'object' && typeof (first as { name?: unknown }).name === 'string') counts.named += 1;
  return (originalQuery as (...a: unknown[]) => unknown).apply(this, args);
} as typeof Client.prototype.query;

export interface ProbeStats {
  cpuMicros: number;
  /** Time the process spent in garbage-collection pauses (main thread). */
  gcMicros: number;
  rss: number;
  heapUsed: number;
  external: number;
  statements: number;
  named: number;
}

export type ProbeRequest = { id: number; type: 'stats' | 'gc' };

let gcMicros = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) gcMicros += entry.duration * 1000;
}).observe({ entryTypes: ['gc'] });

function stats(): ProbeStats {
  const cpu = process.cpuUsage();
  const memory = process.memoryUsage();
  return { cpuMicros: cpu.user + cpu.system, gcMicros, rss: memory.rss, heapUsed: memory.heapUsed, external: memory.external, ...counts };
}

let nextWorkerRequest = 1;

function askWorker(worker: Worker, type: ProbeRequest['type']): Promise<ProbeStats | undefined> {
  const id = -nextWorkerRequest++;
  return new Promise((resolve) => {
    const timer = setTimeout(() => done(undefined), 10_000);
    function done(found: ProbeStats | undefined) {
      clearTimeout(timer);
      worker.off('message', onMessage);
      resolve(found);
    }
    function onMessage(message: { id?: number; stats?: ProbeStats }) {
      if (message?.id === id) done(message.stats);
    }
    worker.on('message', onMessage);
    worker.send({ id, type } satisfies ProbeRequest);
  });
}

/** This process's figures, plus its cluster workers' when it is a primary. */
async function clusterStats(type: ProbeRequest['type']): Promise<ProbeStats> {
  const own = stats();
  const workers = cluster.isPrimary ? Object.values(cluster.workers ?? {}).filter((worker): worker is Worker => !!worker) : [];
  for (const found of await Promise.all(workers.map((worker) => askWorker(worker, type)))) {
    if (!found) continue;
    for (const key of Object.keys(own) as (keyof ProbeStats)[]) own[key] += found[key];
  }
  return own;
}

if (process.send) {
  process.on('message', (message: ProbeRequest) => {
    if (message?.type !== 'stats' && message?.type !== 'gc') return;
    if (message.type === 'gc') {
      const gc = (globalThis as { gc?: () => void }).gc;
      // Twice: the first pass may only queue finalisers.
      gc?.();
      gc?.();
    }
    void clusterStats(message.type).then((found) => process.send!({ id: message.id, stats: found }));
  });
  // The IPC channel must not keep a finished process alive (a cluster worker's is its lifeline).
  if (!cluster.isWorker) process.channel?.unref();
}
