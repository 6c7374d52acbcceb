/**
 * `npm run soak`: catalogue item 55. The real server on a fresh database under a steady dashboard
 * load while subscribers receive a steady stream of stage events, for tens of minutes. Every
 * window it records latency, errors, deliveries and the server's CPU, memory, database
 * connections and sockets; at the end it judges them (soak-verdicts.ts), prints a table, writes
 * bench/results/soak.md, prints `SOAK_JSON {...}` last and exits 1 when a verdict fails (2 when
 * the run itself broke). Never part of `npm test`.
 *
 *   npm run soak                       # 30 minutes: 50 req/s, 1,000 subscribers, 2 stage changes/s
 *   npm run soak -- --minutes 2        # a quick check
 *   npm run soak -- --rps 30 --subscribers 2000 --mutations-per-second 5 --p99-slo-ms 300
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { buildForBench, ROOT } from './build';
import type { Probed } from './children';
import { DASHBOARD_QUERY } from './dashboard-sql';
import { STAGE_SUBSCRIPTION } from './fanout';
import { seed, SHAPE } from './seed';
import { PacedLoad, StagePublisher } from './soak-load';
import { soakReport, windowLine } from './soak-report';
import { Observer } from './soak-sampler';
import { startSoakServer } from './soak-server';
import { SoakSubscribers } from './soak-subscribers';
import { judge } from './soak-verdicts';
import { WindowRecorder } from './soak-window';

const { values: args } = parseArgs({
  options: {
    minutes: { type: 'string', default: '30' },
    /** Dashboard requests per second: steady, not saturating (about a third of a core of the server's here). */
    rps: { type: 'string', default: '50' },
    subscribers: { type: 'string', default: '1000' },
    'mutations-per-second': { type: 'string', default: '2' },
    'p99-slo-ms': { type: 'string', default: '500' },
    'window-seconds': { type: 'string', default: '30' },
    /** Load before the first window, so that the first window is not the server's cold start. */
    'warmup-seconds': { type: 'string', default: '15' },
    pool: { type: 'string', default: '10' },
    'keep-db': { type: 'boolean', default: false },
  },
});

function positive(name: keyof typeof args): number {
  const value = Number(args[name]);
  if (value > 0) return value;
  console.error(`--${name} must be a positive number, not ${JSON.stringify(args[name])}`);
  process.exit(2);
}

const MINUTES = positive('minutes');
const RPS = positive('rps');
const SUBSCRIBERS = positive('subscribers');
const MUTATIONS_PER_SECOND = positive('mutations-per-second');
const SLO_MS = positive('p99-slo-ms');
const WINDOW_SECONDS = positive('window-seconds');
const WARMUP_SECONDS = Number(args['warmup-seconds']);
const POOL_SIZE = positive('pool');
const MAX_ERROR_RATE = 0.001;
/** After the load stops, how long the last events may take to reach every subscriber. */
const DRAIN_MS = 30_000;
const ADMIN_URL = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';

const log = (line: string) => console.log(line);

async function admin<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

let interrupted = false;

/** Sleeps until `until` (Date.now() ms); throws if the server died or the run was interrupted. */
async function waitUntil(until: number, server: Probed): Promise<void> {
  while (Date.now() < until) {
    if (interrupted) throw new Error('interrupted');
    const { exitCode, signalCode } = server.child;
    if (exitCode !== null || signalCode !== null) throw new Error(`the server exited (${exitCode ?? signalCode}):\n${server.output.join('\n')}`);
    await sleep(Math.min(250, until - Date.now()));
  }
}

async function main(): Promise<number> {
  const cpus = os.cpus();
  const loadAverage = os.loadavg();
  const database = `ph_soak_${randomBytes(6).toString('hex')}`;
  const url = new URL(ADMIN_URL);
  url.pathname = `/${database}`;
  // A build directory of its own: `npm run bench` empties bench/.build when it starts, which must
  // not pull the files out from under a half-hour soak.
  const buildDir = mkdtempSync(path.join(os.tmpdir(), 'ph-soak-build-'));
  let created = false;
  let server: Probed | undefined;
  let observer: Observer | undefined;
  let subscribers: SoakSubscribers | undefined;
  let load: PacedLoad | undefined;
  let publisher: StagePublisher | undefined;
  process.once('SIGINT', () => (interrupted = true));
  try {
    buildForBench(ROOT, buildDir);
    const postgres = await admin(async (client) => {
      await client.query(`CREATE DATABASE ${database}`);
      return `PostgreSQL ${(await client.query<{ server_version: string }>('SHOW server_version')).rows[0]!.server_version}`;
    });
    created = true;
    const started = await startSoakServer(url.toString(), buildDir, String(POOL_SIZE));
    server = started.server;
    const { graphqlUrl } = started;
    log(`server at ${graphqlUrl}, database ${database}`);

    const organisations = await seed(url.toString());
    const publishing = organisations[0]!;
    observer = await Observer.connect(url.toString(), publishing.id);
    const stages = await observer.cyclableStages();
    subscribers = await SoakSubscribers.open(graphqlUrl.replace(/^http/, 'ws'), publishing.observerKey, STAGE_SUBSCRIPTION, SUBSCRIBERS);
    log(`seeded ${SHAPE.organisations} organisations; ${subscribers.size} subscribers of ${publishing.slug}'s stage events connected`);
    load = new PacedLoad(
      graphqlUrl,
      DASHBOARD_QUERY,
      organisations.map((o) => o.observerKey),
      RPS,
    );
    publisher = new StagePublisher(graphqlUrl, publishing.memberKey!, stages, observer.stageStatus.bind(observer));
    load.start();

    // graphql-ws does not acknowledge a subscription: an event every subscriber receives proves
    // they are all registered. Events up to it are not counted.
    let baselineSeq = 0;
    for (let attempt = 1; ; attempt += 1) {
      const error = await publisher.step();
      if (error) throw new Error(`the priming stage change failed: ${error}`);
      baselineSeq = (await observer.stageEvents()).lastSeq;
      if (await subscribers.allSaw(baselineSeq, 15_000)) break;
      if (attempt === 3) throw new Error(`some subscribers never received an event: ${JSON.stringify(subscribers.problems())}`);
    }
    await waitUntil(Date.now() + WARMUP_SECONDS * 1000, server);
    log(
      `soak: ${MINUTES} min at ${RPS} dashboard req/s, ${MUTATIONS_PER_SECOND} stage changes/s over ${stages.length} stages, ` +
        `${subscribers.size} subscribers; a sample every ${WINDOW_SECONDS} s; p99 SLO ${SLO_MS} ms`,
    );

    publisher.take();
    load.take();
    subscribers.startCounting(baselineSeq);
    publisher.start(MUTATIONS_PER_SECOND);
    const recorder = await WindowRecorder.start({ server, observer, subscribers, load, publisher, baselineSeq });
    const startedAt = Date.now();
    const totalMs = MINUTES * 60_000;
    const windowCount = Math.max(1, Math.ceil(totalMs / (WINDOW_SECONDS * 1000)));
    for (let index = 1; index <= windowCount; index += 1) {
      await waitUntil(startedAt + Math.min(totalMs, index * WINDOW_SECONDS * 1000), server);
      // The last window ends with the load stopped and its requests answered.
      if (index === windowCount) await Promise.all([load.stop(), publisher.stop()]);
      log(windowLine(await recorder.record()));
    }
    recorder.stop();
    const { windows, committed } = recorder;

    const drained = await subscribers.allReceived(committed, DRAIN_MS);
    const judgement = judge(
      windows,
      recorder.latenciesMs,
      { subscribers: subscribers.size, expected: committed, drained, mismatched: subscribers.mismatched(committed), ...subscribers.problems() },
      { sloMs: SLO_MS, maxErrorRate: MAX_ERROR_RATE, poolSize: POOL_SIZE },
    );
    const machine = {
      cores: cpus.length,
      cpuModel: cpus[0]?.model.trim() ?? 'unknown',
      node: process.version,
      memoryGb: Math.round(os.totalmem() / 1024 ** 3),
      loadAverage,
      postgres,
    };
    const report = soakReport(
      {
        minutes: MINUTES,
        rps: RPS,
        subscribers: subscribers.size,
        mutationsPerSecond: MUTATIONS_PER_SECOND,
        sloMs: SLO_MS,
        windowSeconds: WINDOW_SECONDS,
        warmupSeconds: WARMUP_SECONDS,
        organisations: organisations.length,
        command: `npm run soak${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
      },
      windows,
      judgement,
      committed,
      started.logged,
      machine,
    );
    log('');
    log(report.tables);
    log('');
    log(`machine: ${report.machineText}`);
    mkdirSync(path.join(ROOT, 'bench', 'results'), { recursive: true });
    writeFileSync(path.join(ROOT, 'bench', 'results', 'soak.md'), report.markdown);
    log(`SOAK_JSON ${JSON.stringify(report.json)}`);
    return report.ok ? 0 : 1;
  } finally {
    subscribers?.close();
    await load?.stop().catch(() => undefined);
    await publisher?.stop().catch(() => undefined);
    load?.close();
    publisher?.close();
    await observer?.close().catch(() => undefined);
    await server?.stop().catch(() => undefined);
    if (created && args['keep-db']) log(`kept database ${url}`);
    else if (created) await admin((client) => client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`)).catch((error) => console.error('could not drop', database, error));
    rmSync(buildDir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(interrupted ? 130 : 2);
  },
);
