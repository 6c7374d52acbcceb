import type { LoadSummary } from './load';
import type { FanoutResult } from './fanout';
import { scaleVerdicts, type ScaleResult } from './scale';

export interface BenchResult {
  serverRps: number;
  baselineRps: number;
  ratio: number;
  statementsPerRequest: number;
  namedStatementsPerRequest: number;
  /** Server CPU per request with one request at a time: the figure least disturbed by a busy machine. */
  sequentialCpuMsPerRequest: number;
  baselineSequentialCpuMsPerRequest: number;
  p50Ms: number;
  p99Ms: number;
  cpuMsPerRequest: number;
  dbCpuMsPerRequest: number;
  rssMb: number;
  baselineP50Ms: number;
  baselineP99Ms: number;
  baselineCpuMsPerRequest: number;
  baselineDbCpuMsPerRequest: number;
  baselineRssMb: number;
  plainBaselineRps: number | null;
  tenantIsolationCost: number | null;
  sameJson: boolean;
  /** The tenants-and-history section (bench/scale.ts); null with `--no-scale`. */
  scale: ScaleResult | null;
  /** Processes of the server and of the baseline alike (`--processes`, one per core by default). */
  processes: number;
  /** With more than one process: the same pair run as one process each, in the same rounds. */
  singleProcess: { serverRps: number; baselineRps: number; ratio: number; cpuMsPerRequest: number } | null;
  /** `--variant-src`: the other build's figures from the same windows. */
  variant?: { label: string; rps: number; ratio: number; cpuMsPerRequest: number; dbCpuMsPerRequest: number; p50Ms: number; p99Ms: number };
  fanout1000Ms: number | null;
  fanout1000FrameOnlyMs: number | null;
  fanout10000Ms: number | null;
  cpuMicrosPerDelivery: number | null;
  bytesPerIdleSubscription: number | null;
  rssBytesPerIdleSubscription: number | null;
  secondsPerSide: number;
  connections: number;
  rounds: number;
  label: string | null;
  date: string;
  machine: { cores: number; cpuModel: string; node: string; memoryGb: number; loadAverage: number[]; postgres: string };
}

const f = (value: number | null | undefined, digits = 1) =>
  value === null || value === undefined || Number.isNaN(value) ? 'n/a' : Number.isFinite(value) ? value.toFixed(digits) : 'not all';

export function loadTable(rows: LoadSummary[]): string {
  const lines = [
    '| target | req/s | p50 ms | p99 ms | CPU ms/req | GC ms/req | DB CPU ms/req | peak RSS MB | KB/resp | requests | failed |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const r of rows) {
    lines.push(
      `| ${r.label} | ${f(r.rps, 0)} | ${f(r.p50Ms)} | ${f(r.p99Ms)} | ${f(r.cpuMsPerRequest, 2)} | ${f(r.gcMsPerRequest, 2)} | ${f(r.dbCpuMsPerRequest, 2)} | ${f(r.rssMb, 0)} | ${f(r.kbPerResponse, 1)} | ${r.requests} | ${r.failures} |`,
    );
  }
  return lines.join('\n');
}

export function fanoutTable(results: FanoutResult[]): string {
  const lines = [
    '| subscribers | shape | all received ms | p50 ms | mutation ms | server CPU µs/delivery | received | errors |',
    '| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const result of results) {
    for (const round of result.rounds) {
      const shape = round.shape.includes('stage {') ? 'event + stage' : 'event only';
      lines.push(
        `| ${round.subscribers} | ${shape} | ${f(round.allMs, 0)} | ${f(round.p50Ms, 0)} | ${f(round.mutationMs, 0)} | ${f(round.cpuMicrosPerDelivery, 0)} | ${round.received} | ${round.errors} |`,
      );
    }
  }
  return lines.join('\n');
}

export function summaryTable(result: BenchResult): string {
  const rows: [string, string, string][] = [
    [`dashboard throughput, server / baseline (${result.processes} process${result.processes === 1 ? '' : 'es'} each)`, `${f(result.ratio, 2)}×`, '≥ 1.0× (at least 0.7×)'],
    ...(result.singleProcess ? ([['dashboard throughput, server / baseline (1 process each)', `${f(result.singleProcess.ratio, 2)}×`, '']] as [string, string, string][]) : []),
    ['server CPU per request, one at a time (baseline)', `${f(result.sequentialCpuMsPerRequest, 2)} ms (${f(result.baselineSequentialCpuMsPerRequest, 2)} ms)`, ''],
    ['SQL statements per dashboard request', `${f(result.statementsPerRequest, 1)} (${f(result.namedStatementsPerRequest, 1)} named)`, '≤ 5, named'],
    ['tenant isolation cost (baseline with vs without RLS transaction)', result.tenantIsolationCost === null ? 'n/a' : `${f(100 * result.tenantIsolationCost, 1)} %`, '≤ 5 %'],
    ['fan-out to 1,000 subscribers (event + stage)', `${f(result.fanout1000Ms, 0)} ms`, ''],
    ['fan-out to 1,000 subscribers (event only)', `${f(result.fanout1000FrameOnlyMs, 0)} ms`, ''],
    ['fan-out to 10,000 subscribers (--full)', `${f(result.fanout10000Ms, 0)} ms`, '≤ 250 ms'],
    [`server CPU per delivered message (${result.fanout10000Ms !== null ? '10,000' : '1,000'} subscribers, event + stage)`, `${f(result.cpuMicrosPerDelivery, 0)} µs`, '≤ 25 µs'],
    ['memory per idle subscription (heap + external)', `${f((result.bytesPerIdleSubscription ?? NaN) / 1024, 1)} KB`, '≤ 16 KB (stretch 10 KB)'],
    ...(result.variant
      ? ([[`variant "${result.variant.label}" / baseline`, `${f(result.variant.ratio, 2)}×`, `server: ${f(result.ratio, 2)}×`]] as [string, string, string][])
      : []),
    ...(result.scale ? scaleVerdicts(result.scale) : []),
    ['server JSON equals the baseline JSON', result.sameJson ? 'yes' : 'NO', 'yes'],
  ];
  return ['| measure | value | target |', '| --- | ---: | --- |', ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

export function machineLine(result: BenchResult): string {
  const m = result.machine;
  return `${m.cores} cores (${m.cpuModel}), ${m.memoryGb} GB, Node ${m.node}, ${m.postgres}; load average before the run ${m.loadAverage.map((l) => l.toFixed(2)).join(' ')}`;
}
