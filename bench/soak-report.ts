import { machineLine, type BenchResult } from './report';
import { TREND_WARMUP_SHARE, type Judgement, type SoakWindow, type Trend, type Verdict } from './soak-verdicts';

const f = (value: number, digits = 0) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');
const round = (value: number, digits = 1) => (Number.isFinite(value) ? Math.round(value * 10 ** digits) / 10 ** digits : null);

/** One window as a console line. */
export function windowLine(w: SoakWindow): string {
  return (
    `  ${String(w.index).padStart(3)} ${f(w.endSeconds).padStart(5)} s: ${w.requests} req, ${w.errors} errors, p50/p99 ${f(w.p50Ms)}/${f(w.p99Ms)} ms, ` +
    `${w.deliveries}/${w.deliveriesExpected} deliveries, ${w.behind} behind, server CPU ${f(w.serverCpuPercent)} % (waited ${f(w.serverCpuWaitPercent)} %), ` +
    `load ${f(w.loadAverage, 1)}, RSS ${f(w.rssMb, 1)} MB (mean ${f(w.rssMeanMb, 1)}), heap ${f(w.heapMb, 1)} MB, ` +
    `${w.dbConnections} DB conns (${w.dbPoolConnections} pooled), ${f(w.sockets)} sockets (${f(w.unaccountedSockets)})${w.firstError ? `; first error: ${w.firstError}` : ''}`
  );
}

export function windowTable(windows: SoakWindow[], sloMs: number): string {
  const lines = [
    '| # | end s | req/s | mut | errors | p50 ms | p99 ms | events | delivered / expected | behind | server CPU % (waited) | load avg | RSS MB after GC (mean) | heap MB | DB conns (pooled) | sockets (unexplained) | client CPU % | client lag ms |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  let previousEnd = 0;
  for (const w of windows) {
    const rps = w.requests / Math.max(1e-9, w.endSeconds - previousEnd);
    previousEnd = w.endSeconds;
    lines.push(
      `| ${w.index} | ${f(w.endSeconds)} | ${f(rps, 1)} | ${w.mutations} | ${w.errors} | ${f(w.p50Ms)} | ${f(w.p99Ms)}${w.p99Ms > sloMs ? ' ✗' : ''} | ` +
        `${w.events} | ${w.deliveries} / ${w.deliveriesExpected} | ${w.behind} | ${f(w.serverCpuPercent)} (${f(w.serverCpuWaitPercent)}) | ${f(w.loadAverage, 1)} | ${f(w.rssMb, 1)} (${f(w.rssMeanMb, 1)}) | ${f(w.heapMb, 1)} | ` +
        `${w.dbConnections} (${w.dbPoolConnections}) | ${f(w.sockets)} (${f(w.unaccountedSockets)}) | ${f(w.clientCpuPercent)} | ${f(w.clientLagMs)} |`,
    );
  }
  return lines.join('\n');
}

export function trendTable(trends: Trend[]): string {
  const lines = ['| resource | samples | mean | fitted change per hour | ± 1 s.e. | % of mean per hour | verdict |', '| --- | ---: | ---: | ---: | ---: | ---: | --- |'];
  for (const t of trends) {
    const digits = t.unit === 'MB' ? 1 : 2;
    const unit = t.unit ? ` ${t.unit}` : '';
    lines.push(
      `| ${t.metric} | ${t.samples} | ${f(t.mean, digits)}${unit} | ${t.perHour >= 0 ? '+' : ''}${f(t.perHour, digits)}${unit} | ${f(t.standardErrorPerHour, digits)} | ` +
        `${f((100 * t.perHour) / Math.abs(t.mean), 1)} % | ${t.pass === null ? 'too few samples' : t.pass ? 'flat' : 'GROWS'} |`,
    );
  }
  return lines.join('\n');
}

export function verdictTable(verdicts: Verdict[]): string {
  return ['| check | verdict | detail |', '| --- | --- | --- |', ...verdicts.map((v) => `| ${v.name} | ${v.pass ? 'pass' : '**FAIL**'} | ${v.detail} |`)].join('\n');
}

export interface SoakSettings {
  minutes: number;
  rps: number;
  subscribers: number;
  mutationsPerSecond: number;
  sloMs: number;
  windowSeconds: number;
  warmupSeconds: number;
  organisations: number;
  command: string;
}

/** Everything the run printed and wrote: tables, bench/results/soak.md, and the SOAK_JSON object. */
export function soakReport(
  settings: SoakSettings,
  windows: SoakWindow[],
  judgement: Judgement,
  events: number,
  serverLog: { count: number; first: string[] },
  machine: BenchResult['machine'],
) {
  const ok = judgement.verdicts.every((v) => v.pass);
  const date = new Date().toISOString();
  const minutes = windows.at(-1)!.endSeconds / 60;
  const machineText = machineLine({ machine } as BenchResult); // it reads only `machine`
  const tables = [
    `Windows of ${settings.windowSeconds} s (latency from when each dashboard request was due; RSS and heap after a full GC at the window's end, and RSS's mean over the window from once-a-second samples; ` +
      `"waited": the share of the window the server's main thread was runnable but had no CPU (other processes had it); ` +
      `"unexplained" sockets: the server's, less the soak's own connections to it and its database connections):`,
    '',
    windowTable(windows, settings.sloMs),
    '',
    `Trends, fitted over the windows after the first ${100 * TREND_WARMUP_SHARE} % of the run:`,
    '',
    trendTable(judgement.trends),
    '',
    verdictTable(judgement.verdicts),
    '',
    `Server warnings and errors logged: ${serverLog.count}${serverLog.first.length ? `, first:\n\n${serverLog.first.map((l) => `    ${l}`).join('\n')}` : ''}`,
  ].join('\n');
  const markdown = [
    '# Soak: latest run',
    '',
    `${date}: **${ok ? 'PASS' : 'FAIL'}**. Machine: ${machineText}. Command: \`${settings.command}\`.`,
    `Load: ${settings.rps} dashboard req/s, open loop (${settings.organisations} organisations' keys in turn), ${settings.mutationsPerSecond} stage changes/s, ` +
      `${settings.subscribers} subscribers of one organisation's stage events; ${minutes.toFixed(1)} minutes measured after ${settings.warmupSeconds} s of warm-up.`,
    '',
    tables,
    '',
  ].join('\n');
  const json = {
    ok,
    date,
    minutes: round(minutes, 2),
    rps: settings.rps,
    subscribers: settings.subscribers,
    mutationsPerSecond: settings.mutationsPerSecond,
    sloP99Ms: settings.sloMs,
    windowSeconds: settings.windowSeconds,
    requests: judgement.requests,
    errors: judgement.errors,
    errorRate: round(judgement.errors / Math.max(1, judgement.requests), 5),
    p50Ms: round(judgement.p50Ms),
    p99Ms: round(judgement.p99Ms),
    worstWindowP99Ms: round(judgement.worstWindow.p99Ms),
    events,
    serverLogWarnings: serverLog.count,
    verdicts: judgement.verdicts.map(({ name, pass }) => ({ name, pass })),
    trends: judgement.trends.map((t) => ({ ...t, mean: round(t.mean, 2), perHour: round(t.perHour, 2), standardErrorPerHour: round(t.standardErrorPerHour, 2) })),
    windows: windows.map((w) => ({
      ...w,
      endSeconds: round(w.endSeconds),
      p50Ms: round(w.p50Ms),
      p99Ms: round(w.p99Ms),
      mutationP99Ms: round(w.mutationP99Ms),
      serverCpuPercent: round(w.serverCpuPercent),
      serverCpuWaitPercent: round(w.serverCpuWaitPercent),
      loadAverage: round(w.loadAverage, 2),
      rssMb: round(w.rssMb),
      rssMeanMb: round(w.rssMeanMb),
      heapMb: round(w.heapMb),
      clientCpuPercent: round(w.clientCpuPercent),
      clientLagMs: round(w.clientLagMs),
    })),
    machine,
  };
  return { ok, tables, machineText, markdown, json };
}
