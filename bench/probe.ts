/**
 * Preloaded (`node -r`) into the benchmarked processes (the server and the baseline). It counts
 * the SQL statements sent through `pg` (every query TypeORM or the app sends goes through
 * Client.prototype.query, BEGIN and COMMIT included) and answers the bench over the IPC channel
 * with the process's own CPU time, memory and statement counts. It changes nothing else.
 */
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

if (process.send) {
  process.on('message', (message: ProbeRequest) => {
    if (message?.type === 'gc') {
      const gc = (globalThis as { gc?: () => void }).gc;
      // Twice: the first pass may only queue finalisers.
      gc?.();
      gc?.();
    }
    if (message?.type === 'stats' || message?.type === 'gc') process.send!({ id: message.id, stats: stats() });
  });
  // The IPC channel must not keep a finished process alive.
  process.channel?.unref();
}
