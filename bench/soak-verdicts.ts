import { percentile } from './load';

/**
 * A resource "grows" when the least-squares line through its samples (taken after the warm-up)
 * rises by more than MAX_GROWTH_PER_HOUR of its mean per hour, and by more than three standard
 * errors of the slope, i.e. not noise.
 *
 * Why 10 % an hour: a leak at that pace doubles the footprint in about ten hours, so a replica
 * sized with the usual 2× headroom runs out within a working day; over a 30-minute soak it is a
 * 5 % rise, a few times the window-to-window noise of the heap after GC (±1 MB of 40) and of RSS's
 * window mean (±2 MB of 205). Why also three standard errors: a few minutes of samples fit steep
 * lines to that noise, and the counts near zero (connections outside the pool, sockets no
 * connection explains) move by one or two, where 10 % of the mean is a fraction of one. Requiring
 * the slope to stand out of its own scatter keeps a flat-but-noisy series from failing a short
 * run; over 30 minutes of 30-second samples the standard error of the memory slopes is a small
 * fraction of the limit, so a memory leak faster than 10 %/h fails, and so does a count that gains
 * one every few minutes. Two standard errors would let white noise alone fail one run in forty.
 */
export const MAX_GROWTH_PER_HOUR = 0.1;
/** The first share of the run is not fitted: heaps, JIT code and pools are still filling up. */
export const TREND_WARMUP_SHARE = 0.2;

export interface Trend {
  metric: string;
  unit: string;
  samples: number;
  mean: number;
  /** Fitted change per hour, in `unit`. */
  perHour: number;
  standardErrorPerHour: number;
  /** null: too few samples to fit (fewer than 3). */
  pass: boolean | null;
}

/** Fits `values` (taken at `seconds`) and judges it against the growth limit. */
export function fitTrend(metric: string, unit: string, seconds: number[], values: number[], maxGrowthPerHour = MAX_GROWTH_PER_HOUR): Trend {
  const points = seconds.map((t, i) => ({ t: t / 3600, v: values[i]! })).filter((p) => Number.isFinite(p.v));
  const n = points.length;
  const mean = points.reduce((sum, p) => sum + p.v, 0) / Math.max(1, n);
  if (n < 3) return { metric, unit, samples: n, mean, perHour: Number.NaN, standardErrorPerHour: Number.NaN, pass: null };
  const meanT = points.reduce((sum, p) => sum + p.t, 0) / n;
  const sxx = points.reduce((sum, p) => sum + (p.t - meanT) ** 2, 0);
  const slope = points.reduce((sum, p) => sum + (p.t - meanT) * (p.v - mean), 0) / sxx;
  const residuals = points.reduce((sum, p) => sum + (p.v - (mean + slope * (p.t - meanT))) ** 2, 0);
  const standardError = Math.sqrt(residuals / (n - 2) / sxx);
  const grows = slope > maxGrowthPerHour * Math.abs(mean) && slope > 3 * standardError;
  return { metric, unit, samples: n, mean, perHour: slope, standardErrorPerHour: standardError, pass: !grows };
}

export interface Verdict {
  name: string;
  pass: boolean;
  detail: string;
}

/** One sampling window of the soak. */
export interface SoakWindow {
  index: number;
  /** Seconds since the measured run started, at the window's end. */
  endSeconds: number;
  /** Dashboard requests answered in the window, and stage changes. */
  requests: number;
  mutations: number;
  /** Failed dashboard requests and stage changes (non-200, GraphQL errors, timeouts). */
  errors: number;
  /** Dashboard latency, from when each request was due. */
  p50Ms: number;
  p99Ms: number;
  mutationP99Ms: number;
  /** Stage events committed in the window, deliveries received, and deliveries expected (events × subscribers). */
  events: number;
  deliveries: number;
  deliveriesExpected: number;
  /** Subscribers still missing an event committed before the window began. */
  behind: number;
  /** The server's CPU over the window, in % of one core (it runs on one thread). */
  serverCpuPercent: number;
  /** Share of the window the server's main thread spent runnable but waiting for a CPU. */
  serverCpuWaitPercent: number;
  /** The machine's one-minute load average at the window's end. */
  loadAverage: number;
  /** RSS after the window's full GC, and the mean of once-a-second samples over the window. */
  rssMb: number;
  rssMeanMb: number;
  heapMb: number;
  dbConnections: number;
  dbPoolConnections: number;
  sockets: number;
  unaccountedSockets: number;
  /** The soak process's own CPU and p99 event-loop delay: high means the client, not the server, was slow. */
  clientCpuPercent: number;
  clientLagMs: number;
  firstError?: string;
}

/** How the subscribers stood once the last events had had time to arrive. */
export interface Deliveries {
  subscribers: number;
  /** Stage events committed during the run. */
  expected: number;
  /** Every subscriber had them all within the drain time. */
  drained: boolean;
  mismatched: number;
  closed: number;
  errored: number;
  firstError?: string;
}

export interface Judgement {
  verdicts: Verdict[];
  trends: Trend[];
  requests: number;
  errors: number;
  p50Ms: number;
  p99Ms: number;
  worstWindow: SoakWindow;
}

export interface Limits {
  sloMs: number;
  maxErrorRate: number;
  /** DB_POOL_SIZE of the server. */
  poolSize: number;
}

export function judge(windows: SoakWindow[], allLatenciesMs: number[], deliveries: Deliveries, limits: Limits): Judgement {
  const { sloMs, maxErrorRate, poolSize } = limits;
  const requests = windows.reduce((sum, w) => sum + w.requests + w.mutations, 0);
  const errors = windows.reduce((sum, w) => sum + w.errors, 0);
  const errorRate = errors / Math.max(1, requests);
  const sorted = [...allLatenciesMs].sort((a, b) => a - b);
  const worstWindow = windows.reduce((a, b) => (b.p99Ms > a.p99Ms ? b : a));
  const windowsOverSlo = windows.filter((w) => w.p99Ms > sloMs).length;
  const largestPool = Math.max(...windows.map((w) => w.dbPoolConnections));
  const p99Ms = percentile(sorted, 99);
  const runSeconds = windows.at(-1)!.endSeconds;
  const fitted = windows.filter((w) => w.endSeconds >= TREND_WARMUP_SHARE * runSeconds);
  const trend = (metric: string, unit: string, pick: (w: SoakWindow) => number) =>
    fitTrend(
      metric,
      unit,
      fitted.map((w) => w.endSeconds),
      fitted.map(pick),
    );
  const trends = [
    trend('server RSS (window mean)', 'MB', (w) => w.rssMeanMb),
    trend('server heap (after GC)', 'MB', (w) => w.heapMb),
    trend('database connections outside the pool', '', (w) => w.dbConnections - w.dbPoolConnections),
    trend('server sockets no connection explains', '', (w) => w.unaccountedSockets),
  ];
  const firstError = windows.find((w) => w.firstError)?.firstError;
  const lateWindows = windows.filter((w) => w.behind > 0).length;
  const d = deliveries;
  const verdicts: Verdict[] = [
    {
      // The whole run's p99, not every window's: an SLO is a promise over a period, and a
      // window's p99 is its 15 slowest requests of 1,500, which one second of the server being
      // descheduled on a shared machine decides. A server that gets worse with time still fails:
      // trouble in more than 1 % of the run (18 s of 30 minutes) moves the overall p99, and the
      // table flags every window over the SLO.
      name: `p99 ≤ ${sloMs} ms over the run`,
      pass: p99Ms <= sloMs,
      detail:
        `p50/p99 ${percentile(sorted, 50).toFixed(0)}/${p99Ms.toFixed(0)} ms; ${windowsOverSlo} of ${windows.length} windows over the SLO, ` +
        `worst ${worstWindow.p99Ms.toFixed(0)} ms (window ${worstWindow.index})`,
    },
    {
      name: `errors < ${100 * maxErrorRate} %`,
      pass: errorRate < maxErrorRate,
      detail: `${errors} of ${requests} requests (${(100 * errorRate).toFixed(3)} %)${firstError ? `; first: ${firstError}` : ''}`,
    },
    ...trends.map((t) => ({
      name: `no growth in ${t.metric} (> ${100 * MAX_GROWTH_PER_HOUR} %/h)`,
      pass: t.pass !== false,
      detail:
        t.pass === null
          ? `${t.samples} samples after the warm-up: too few to fit`
          : `${t.perHour >= 0 ? '+' : ''}${t.perHour.toFixed(2)}${t.unit && ` ${t.unit}`}/h ± ${t.standardErrorPerHour.toFixed(2)} over a mean of ${t.mean.toFixed(1)}${t.unit && ` ${t.unit}`}`,
    })),
    {
      name: `database pool ≤ DB_POOL_SIZE (${poolSize})`,
      pass: largestPool <= poolSize,
      detail: `at most ${largestPool} pooled connections at a window's end`,
    },
    {
      name: 'every subscriber received every stage event',
      pass: d.drained && d.mismatched === 0 && d.closed === 0 && d.errored === 0 && lateWindows === 0,
      detail:
        `${d.expected} events × ${d.subscribers} subscribers; ${d.mismatched} with a wrong count or order, ${d.closed} closed, ${d.errored} with errors, ` +
        `${lateWindows} windows with an event a window late${d.firstError ? `; first error: ${d.firstError}` : ''}`,
    },
  ];
  return { verdicts, trends, requests, errors, p50Ms: percentile(sorted, 50), p99Ms, worstWindow };
}
