import { Client } from 'pg';
import type { Probed } from './children';
import { DASHBOARD_QUERY } from './dashboard-sql';
import { DbCpu } from './db-cpu';
import { drive, emptyTotals, summarise, type LoadTotals } from './load';
import { seed, SHAPE } from './seed';

/**
 * The bench's tenants-and-history section (issue 17, "flat cost as tenants and history grow"): a
 * data set of many organisations (1,000 by default; `--stages` adds history), in a database of its
 * own, and three rounds of the dashboard against it:
 *
 *   cold     a fresh server process (no compiled queries, no prepared statements, new
 *            connections) asking each organisation's dashboard once, after the data set was pushed
 *            out of PostgreSQL's shared_buffers (pg_prewarm of a table larger than them);
 *   20       the keys of 20 organisations in turn, warm: the reference;
 *   rotating every organisation's key in turn, warm: as many tenants as the database holds.
 *
 * What "cold" cannot mean here: PostgreSQL serves other work on this machine and cannot be
 * restarted, nor the kernel's page cache dropped, so a block PostgreSQL reads is copied from the
 * operating system's cache, not read from a disk. Blocks read per request say how much a cold
 * dashboard would read from disk on a machine whose page cache is cold too.
 */

/** What one round of the section measured. */
export interface ScaleRound {
  label: string;
  organisations: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  /** Blocks PostgreSQL read from outside shared_buffers, and found in them, per request (pg_stat_database). */
  blocksReadPerRequest: number;
  blocksHitPerRequest: number;
  dbCpuMsPerRequest: number;
  requests: number;
  failures: number;
}

/** One table of the data set: its rows and what it takes on disk with its indexes and TOAST. */
export interface TableSize {
  table: string;
  rows: number;
  bytes: number;
  bytesPerRow: number;
}

export interface ScaleResult {
  organisations: number;
  stages: number;
  historyProjectsPerOrganisation: number;
  seedSeconds: number;
  databaseMb: number;
  sharedBuffersMb: number;
  /** Of the data set's pages, the share still in shared_buffers when the cold round started (null: pg_buffercache missing). */
  residentBeforeCold: number | null;
  /** How the data set was pushed out of shared_buffers, in words. */
  eviction: string;
  sizes: TableSize[];
  /** Where the cold round's blocks read came from: tables and indexes, most first, per request. */
  coldReads: { relation: string; blocksPerRequest: number }[];
  cold: ScaleRound;
  warm20: ScaleRound;
  rotating: ScaleRound;
  /** rotating / warm20 (target ≥ 0.9×; with `--stages` 5 M, ≥ 0.85×). */
  rotatingRatio: number;
  coldRatio: number;
}

export interface ScaleOptions {
  /** An empty database's URL (the server migrates it) and an administrator's URL of the same cluster. */
  url: string;
  organisations: number;
  /** Stages in all; above organisations × SHAPE.projects × SHAPE.stages, the rest is history. */
  stages: number;
  connections: number;
  seconds: number;
  rounds: number;
  warmup: number;
  /** Starts the real server on `url` (each call a fresh process); the section stops it. */
  startServer: (name: string) => Promise<{ probed: Probed; value: string }>;
  log: (line: string) => void;
}

const TABLES = ['organisations', 'api_keys', 'partners', 'projects', 'stages', 'evaluations', 'measures', 'measurements'];

async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url, application_name: 'bench-observer' });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Blocks this database's backends read and found in shared_buffers so far (as far as they have reported them). */
async function blocks(url: string): Promise<{ read: number; hit: number }> {
  return withClient(url, async (client) => {
    const { rows } = await client.query<{ read: string; hit: string }>('SELECT blks_read AS read, blks_hit AS hit FROM pg_stat_database WHERE datname = current_database()');
    return { read: Number(rows[0]!.read), hit: Number(rows[0]!.hit) };
  });
}

/** Blocks read from outside shared_buffers so far, by table or index of the data set. */
async function blocksByRelation(url: string): Promise<Map<string, number>> {
  return withClient(url, async (client) => {
    const { rows } = await client.query<{ name: string; read: string }>(
      `SELECT relname AS name, coalesce(heap_blks_read, 0) + coalesce(toast_blks_read, 0) AS read FROM pg_statio_user_tables
       UNION ALL SELECT indexrelname, idx_blks_read FROM pg_statio_user_indexes`,
    );
    return new Map(rows.map((row) => [row.name, Number(row.read)]));
  });
}

/** Busy backends report their statistics at most once a second, idle ones a second after: what a window did is known this long after it. */
const STATS_SETTLE_MS = 1_500;
const settle = () => new Promise((resolve) => setTimeout(resolve, STATS_SETTLE_MS));

async function tableSizes(url: string): Promise<TableSize[]> {
  return withClient(url, async (client) => {
    const sizes: TableSize[] = [];
    for (const table of TABLES) {
      const { rows } = await client.query<{ rows: string; bytes: string }>(`SELECT (SELECT count(*) FROM ${table}) AS rows, pg_total_relation_size('${table}') AS bytes`);
      const count = Number(rows[0]!.rows);
      const bytes = Number(rows[0]!.bytes);
      sizes.push({ table, rows: count, bytes, bytesPerRow: count ? bytes / count : 0 });
    }
    return sizes;
  });
}

/**
 * Pushes the data set out of shared_buffers: a table half as large again as them, read into them by
 * pg_prewarm (which, unlike a sequential scan, takes no small ring of buffers but the whole pool),
 * again until pg_buffercache finds less than 1 % of the data set left (a page used often survives
 * a few sweeps of the pool; 6 reads without pg_buffercache), then dropped. Without pg_prewarm,
 * nothing is pushed out (said so). Returns how, in words, and the share of the data set's pages
 * left in shared_buffers (null without pg_buffercache).
 */
async function evict(url: string, sharedBuffersBytes: number): Promise<{ eviction: string; resident: number | null }> {
  return withClient(url, async (client) => {
    const available = async (name: string) => {
      try {
        await client.query(`CREATE EXTENSION IF NOT EXISTS ${name}`);
        return true;
      } catch {
        return false;
      }
    };
    const [prewarm, buffercache] = [await available('pg_prewarm'), await available('pg_buffercache')];
    const resident = async () => {
      if (!buffercache) return null;
      const { rows } = await client.query<{ cached: string; pages: string }>(
        `SELECT (SELECT count(*) FROM pg_buffercache b JOIN pg_class c ON b.relfilenode = pg_relation_filenode(c.oid)
                  WHERE b.reldatabase = (SELECT oid FROM pg_database WHERE datname = current_database())
                    AND c.relnamespace = 'public'::regnamespace AND c.relname <> 'bench_evict') AS cached,
                (SELECT sum(pg_relation_size(c.oid) / 8192) FROM pg_class c
                  WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'i') AND c.relname <> 'bench_evict') AS pages`,
      );
      return Number(rows[0]!.cached) / Math.max(1, Number(rows[0]!.pages));
    };
    if (!prewarm) return { eviction: 'nothing: pg_prewarm is not installed, so the data set is only as cold as the seed left it', resident: await resident() };
    // Dirty pages of the seed are written out first, so the reads that push them out do not write.
    await client.query('CHECKPOINT');
    const pages = Math.ceil((1.5 * sharedBuffersBytes) / 8192);
    // About 8 rows of 900 bytes to a page; UNLOGGED, so filling it writes no WAL.
    await client.query(`CREATE UNLOGGED TABLE bench_evict AS SELECT g, repeat('x', 900) AS pad FROM generate_series(1, $1::int) g`, [pages * 8]);
    let reads = 0;
    let left: number | null;
    let megabytes: number;
    do {
      const { rows } = await client.query<{ read: number }>(`SELECT pg_prewarm('bench_evict', 'buffer') AS read`);
      megabytes = Math.round((rows[0]!.read * 8192) / 1024 / 1024);
      reads += 1;
      left = await resident();
    } while (reads < (left === null ? 6 : 10) && (left === null || left >= 0.01));
    await client.query('DROP TABLE bench_evict');
    const times = reads === 1 ? 'once' : `${reads} times`;
    return { eviction: `pg_prewarm read a ${megabytes} MB table ${times} through the ${Math.round(sharedBuffersBytes / 1024 / 1024)} MB of shared_buffers`, resident: left };
  });
}

/** Each key's dashboard once, `connections` at a time: latencies in milliseconds and the failures. */
async function eachOnce(graphqlUrl: string, keys: readonly string[], connections: number): Promise<{ latencies: number[]; failures: number; seconds: number }> {
  const body = JSON.stringify({ query: DASHBOARD_QUERY });
  const latencies: number[] = [];
  let failures = 0;
  let next = 0;
  const started = process.hrtime.bigint();
  const worker = async () => {
    for (let i = next++; i < keys.length; i = next++) {
      const sent = process.hrtime.bigint();
      const response = await fetch(graphqlUrl, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${keys[i]}` }, body });
      const json = (await response.json().catch(() => undefined)) as { data?: unknown; errors?: unknown } | undefined;
      latencies.push(Number(process.hrtime.bigint() - sent) / 1e6);
      if (response.status !== 200 || !json?.data || json.errors) failures += 1;
    }
  };
  await Promise.all(Array.from({ length: connections }, worker));
  return { latencies, failures, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

function roundOf(label: string, organisations: number, totals: LoadTotals, read: number, hit: number): ScaleRound {
  const summary = summarise(label, totals);
  const requests = Math.max(1, totals.requests);
  return {
    label,
    organisations,
    rps: summary.rps,
    p50Ms: summary.p50Ms,
    p99Ms: summary.p99Ms,
    blocksReadPerRequest: read / requests,
    blocksHitPerRequest: hit / requests,
    dbCpuMsPerRequest: summary.dbCpuMsPerRequest,
    requests: totals.requests,
    failures: totals.failures,
  };
}

/** Runs the section (see the top of this file) on an empty database at `options.url`. */
export async function runScale(options: ScaleOptions): Promise<ScaleResult> {
  const { url, organisations, log } = options;
  const baseStages = organisations * SHAPE.projects * SHAPE.stages;
  const historyProjects = Math.max(0, Math.ceil((options.stages - baseStages) / (organisations * SHAPE.stages)));
  const stages = baseStages + organisations * historyProjects * SHAPE.stages;

  // The server migrates the database; the rounds each start their own.
  await (await options.startServer('scale server (migrating)')).probed.stop();
  const seedStarted = Date.now();
  const seeded = await seed(url, {
    organisations,
    historyProjects,
    parallel: 2,
    progress: (done) => log(`  scale data set: ${done} of ${organisations} organisations written`),
  });
  const seedSeconds = (Date.now() - seedStarted) / 1000;
  const keys = seeded.map((organisation) => organisation.observerKey);
  const [sizes, { databaseBytes, sharedBuffersBytes }] = await Promise.all([
    tableSizes(url),
    withClient(url, async (client) => {
      const { rows } = await client.query<{ database: string; shared: string }>(
        `SELECT pg_database_size(current_database()) AS database, (SELECT setting::bigint * 8192 FROM pg_settings WHERE name = 'shared_buffers') AS shared`,
      );
      return { databaseBytes: Number(rows[0]!.database), sharedBuffersBytes: Number(rows[0]!.shared) };
    }),
  ]);
  log(
    `scale data set: ${organisations} organisations, ${stages} stages (${historyProjects} past projects each beyond the dashboard's ${SHAPE.projects}), ` +
      `${Math.round(databaseBytes / 1024 / 1024)} MB, written in ${seedSeconds.toFixed(0)} s; shared_buffers ${Math.round(sharedBuffersBytes / 1024 / 1024)} MB`,
  );

  // Cold: the data set out of shared_buffers, a server process that has answered nothing yet.
  const { eviction, resident } = await evict(url, sharedBuffersBytes);
  log(
    `cold round: ${eviction}; ${resident === null ? 'residency unknown (no pg_buffercache)' : `${(100 * resident).toFixed(1)} % of the data set's pages left in shared_buffers`}`,
  );
  const coldServer = await options.startServer('scale server (cold)');
  const [coldBefore, coldBeforeByRelation] = await Promise.all([blocks(url), blocksByRelation(url)]);
  const dbCpu = await DbCpu.connect(url);
  const coldCpu = await dbCpu.watch('partnership-hub');
  const once = await eachOnce(`${coldServer.value}/graphql`, keys, options.connections);
  const coldDbCpuMs = await coldCpu.stop();
  // A backend reports all it did when it ends: stopping the server makes the count exact.
  await coldServer.probed.stop();
  await settle();
  const [coldAfter, coldAfterByRelation] = await Promise.all([blocks(url), blocksByRelation(url)]);
  const coldReads = [...coldAfterByRelation]
    .map(([relation, read]) => ({ relation, blocksPerRequest: (read - (coldBeforeByRelation.get(relation) ?? 0)) / organisations }))
    // The rest is a block or two in all (catalogue lookups of a new server), not the dashboard's.
    .filter((entry) => entry.blocksPerRequest >= 0.05)
    .sort((a, b) => b.blocksPerRequest - a.blocksPerRequest);
  const coldTotals: LoadTotals = {
    ...emptyTotals(),
    requests: once.latencies.length,
    failures: once.failures,
    seconds: once.seconds,
    latenciesMs: once.latencies,
    dbCpuMs: coldDbCpuMs,
  };
  const cold = roundOf(
    'cold: each organisation once, fresh server, data set out of shared_buffers',
    organisations,
    coldTotals,
    coldAfter.read - coldBefore.read,
    coldAfter.hit - coldBefore.hit,
  );
  log(`  cold: ${cold.rps.toFixed(0)} req/s, p99 ${cold.p99Ms.toFixed(0)} ms, ${cold.blocksReadPerRequest.toFixed(0)} blocks read per request`);

  // Warm: 20 organisations against all of them, in alternating windows (outside load hits both alike).
  const server = await options.startServer('scale server');
  try {
    const targets = [
      { label: '20 organisations, warm', keys: keys.slice(0, SHAPE.organisations) },
      { label: `${organisations} organisations, every key in turn`, keys },
    ].map((side) => ({
      ...side,
      totals: emptyTotals(),
      read: 0,
      hit: 0,
      target: { label: side.label, short: side.label, url: `${server.value}/graphql`, process: server.probed, application: 'partnership-hub' },
    }));
    log(`scale rounds: warming up ${options.warmup} s each, then ${options.rounds} alternating rounds of ${(options.seconds / options.rounds).toFixed(1)} s per side`);
    for (const side of targets) await drive(side.target, side.keys, options.warmup, options.connections, dbCpu);
    for (let round = 0; round < options.rounds; round += 1) {
      for (const side of targets) {
        await settle();
        const before = await blocks(url);
        await drive(side.target, side.keys, options.seconds / options.rounds, options.connections, dbCpu, side.totals);
        await settle();
        const after = await blocks(url);
        side.read += after.read - before.read;
        side.hit += after.hit - before.hit;
      }
      log(
        `  round ${round + 1}: cumulative req/s ${targets.map((side) => `${side.keys.length} organisations ${(side.totals.requests / side.totals.seconds).toFixed(0)}`).join(', ')}`,
      );
    }
    const [warm20, rotating] = targets.map((side) => roundOf(side.label, side.keys.length, side.totals, side.read, side.hit)) as [ScaleRound, ScaleRound];
    return {
      organisations,
      stages,
      historyProjectsPerOrganisation: historyProjects,
      seedSeconds,
      databaseMb: databaseBytes / 1024 / 1024,
      sharedBuffersMb: sharedBuffersBytes / 1024 / 1024,
      residentBeforeCold: resident,
      eviction,
      sizes,
      coldReads,
      cold,
      warm20,
      rotating,
      rotatingRatio: rotating.rps / warm20.rps,
      coldRatio: cold.rps / warm20.rps,
    };
  } finally {
    await dbCpu.close();
    await server.probed.stop();
  }
}

const f = (value: number, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');

/** The section's tables: the rounds side by side, then what the data set takes per row and per organisation. */
export function scaleTables(result: ScaleResult): string {
  const rounds = [result.warm20, result.rotating, result.cold];
  const perOrganisation = result.sizes.reduce((sum, size) => sum + size.bytes, 0) / result.organisations;
  return [
    `Tenants and history: ${result.organisations} organisations, ${result.stages.toLocaleString('en-GB')} stages (${result.historyProjectsPerOrganisation} past projects each beyond the dashboard's ${SHAPE.projects}), ` +
      `${f(result.databaseMb, 0)} MB against ${f(result.sharedBuffersMb, 0)} MB of shared_buffers. Cold: ${result.eviction}` +
      `${result.residentBeforeCold === null ? '' : ` (${f(100 * result.residentBeforeCold, 1)} % of the data set's pages left)`}, and a fresh server process; ` +
      'the kernel still caches the files (no restart of PostgreSQL nor drop of the page cache on a shared machine), so a block read is a copy from memory here, a disk read on a cold machine.',
    '',
    '| round | organisations | req/s | vs 20 warm | p50 ms | p99 ms | blocks read/req | KB read/req | blocks hit/req | DB CPU ms/req | requests | failed |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rounds.map(
      (r) =>
        `| ${r.label} | ${r.organisations} | ${f(r.rps, 0)} | ${f(r.rps / result.warm20.rps, 2)}× | ${f(r.p50Ms)} | ${f(r.p99Ms)} | ${f(r.blocksReadPerRequest, 1)} | ${f((r.blocksReadPerRequest * 8192) / 1024, 0)} | ${f(r.blocksHitPerRequest, 0)} | ${f(r.dbCpuMsPerRequest, 2)} | ${r.requests} | ${r.failures} |`,
    ),
    '',
    `Where the cold round's blocks read came from, per request: ${result.coldReads.map((entry) => `${entry.relation} ${f(entry.blocksPerRequest, 1)}`).join(', ') || 'nowhere'}.`,
    '',
    `What the data set takes (pg_total_relation_size: table, indexes, TOAST), ${f(perOrganisation / 1024, 0)} KB per organisation in all:`,
    '',
    '| table | rows | MB | bytes per row | rows per organisation |',
    '| --- | ---: | ---: | ---: | ---: |',
    ...result.sizes.map((s) => `| ${s.table} | ${s.rows} | ${f(s.bytes / 1024 / 1024, 1)} | ${f(s.bytesPerRow, 0)} | ${f(s.rows / result.organisations, 0)} |`),
  ].join('\n');
}

/** The section's verdicts for the summary table: [measure, value, target]. */
export function scaleVerdicts(result: ScaleResult): [string, string, string][] {
  const history = result.historyProjectsPerOrganisation > 0;
  return [
    [
      `dashboard, ${result.organisations} organisations every key in turn / 20 organisations warm (${result.stages.toLocaleString('en-GB')} stages)`,
      `${f(result.rotatingRatio, 2)}×`,
      history ? '≥ 0.85× (issue 17: at 5 M stages)' : '≥ 0.9×',
    ],
    ['dashboard, cold first round / 20 organisations warm', `${f(result.coldRatio, 2)}× (p99 ${f(result.cold.p99Ms, 0)} ms)`, ''],
  ];
}
