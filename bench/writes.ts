import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';

/**
 * The write workload of `npm run bench` (issue #17): `writers` concurrent clients each change a
 * stage of their own (updateStage with the version it last saw, a new description each time: one
 * event each), spread over the organisations, while every organisation has an activity subscriber on the
 * server. Reports writes per second, latency percentiles, and whether every event reached its
 * subscriber (counted per organisation against the writes that succeeded).
 */
export interface WriteTarget {
  label: string;
  graphqlUrl: string;
}

export interface WriteOrganisation {
  memberKey: string;
  observerKey: string;
  stageIds: string[];
}

export interface WriteTotals {
  writes: number;
  failures: number;
  seconds: number;
  latenciesMs: number[];
  /** Writes that succeeded whose event never reached the organisation's subscriber. */
  undelivered: number;
  /** What the first failed write answered, to say why. */
  firstFailure?: string;
}

export const emptyWriteTotals = (): WriteTotals => ({ writes: 0, failures: 0, seconds: 0, latenciesMs: [], undelivered: 0 });

const toGlobalId = (type: string, id: string) => Buffer.from(`${type}:${id}`, 'utf8').toString('base64url');
const UPDATE = 'mutation ($input: UpdateStageInput!) { updateStage(input: $input) { version } }';
const VERSION = 'query ($id: ID!) { stage(id: $id) { version } }';

/** A socket subscribed to one organisation's activity, counting the STAGE_UPDATED events it receives. */
interface Counter {
  socket: WebSocket;
  received: number;
}

function subscribe(wsUrl: string, key: string): Promise<Counter> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(wsUrl, 'graphql-transport-ws');
    const counter: Counter = { socket, received: 0 };
    const id = randomUUID();
    const timer = setTimeout(() => reject(new Error('connection_ack timed out')), 30_000);
    socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${key}` } })));
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as { type: string; id?: string; payload?: { data?: { activity?: { type: string } } } };
      if (message.type === 'connection_ack') {
        clearTimeout(timer);
        socket.send(JSON.stringify({ id, type: 'subscribe', payload: { query: 'subscription { activity { type } }' } }));
        resolve(counter);
      } else if (message.type === 'next' && message.id === id && message.payload?.data?.activity?.type === 'STAGE_UPDATED') {
        counter.received += 1;
      } else if (message.type === 'ping') {
        socket.send(JSON.stringify({ type: 'pong' }));
      }
    });
    socket.on('error', reject);
  });
}

/**
 * One measured window: subscribers attached, then `writers` loops writing for `seconds`, then a
 * wait (at most 30 s) for the last events to arrive. Adds to `totals` unless a warm-up.
 */
export async function driveWrites(target: WriteTarget, organisations: WriteOrganisation[], seconds: number, writers: number, totals?: WriteTotals): Promise<void> {
  const wsUrl = target.graphqlUrl.replace(/^http/, 'ws');
  const counters = await Promise.all(organisations.map((organisation) => subscribe(wsUrl, organisation.observerKey)));
  // Subscriptions register asynchronously after `subscribe`: a moment before the first write.
  await new Promise((resolve) => setTimeout(resolve, 500));
  const written = organisations.map(() => 0);
  const latencies: number[] = [];
  let failures = 0;
  let firstFailure: string | undefined;
  let count = 0;
  const post = async (key: string, query: string, variables: Record<string, unknown>) => {
    const response = await fetch(target.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ query, variables }),
    });
    return { response, body: (await response.json()) as { errors?: unknown[]; data?: any } };
  };
  const started = performance.now();
  const deadline = started + seconds * 1000;
  const writer = async (w: number) => {
    // Each writer its own stage, so writers never conflict on a version.
    const index = w % organisations.length;
    const organisation = organisations[index]!;
    const id = toGlobalId('Stage', organisation.stageIds[Math.floor(w / organisations.length) % organisation.stageIds.length]!);
    let version = (await post(organisation.memberKey, VERSION, { id })).body.data?.stage?.version as number;
    while (performance.now() < deadline) {
      const sent = performance.now();
      try {
        const { response, body } = await post(organisation.memberKey, UPDATE, { input: { id, expectedVersion: version, description: `write ${(count += 1)}` } });
        if (response.ok && !body.errors) {
          version = body.data.updateStage.version;
          written[index]! += 1;
          latencies.push(performance.now() - sent);
        } else {
          failures += 1;
          firstFailure ??= `${response.status} ${JSON.stringify(body.errors ?? body).slice(0, 300)}`;
        }
      } catch (error) {
        failures += 1;
        firstFailure ??= String(error);
      }
    }
  };
  await Promise.all(Array.from({ length: writers }, (_, w) => writer(w)));
  const elapsed = (performance.now() - started) / 1000;
  const settleBy = performance.now() + 30_000;
  while (counters.some((counter, i) => counter.received < written[i]!) && performance.now() < settleBy) await new Promise((resolve) => setTimeout(resolve, 100));
  for (const counter of counters) counter.socket.close();
  if (!totals) return;
  totals.writes += latencies.length;
  totals.failures += failures;
  totals.firstFailure ??= firstFailure;
  totals.seconds += elapsed;
  totals.latenciesMs.push(...latencies);
  totals.undelivered += counters.reduce((sum, counter, i) => sum + Math.max(0, written[i]! - counter.received), 0);
}

const percentile = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : 0);

export interface WriteSummary {
  label: string;
  writesPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  failures: number;
  undelivered: number;
  firstFailure?: string | undefined;
}

export function summariseWrites(label: string, totals: WriteTotals): WriteSummary {
  const sorted = [...totals.latenciesMs].sort((a, b) => a - b);
  return {
    label,
    writesPerSecond: totals.seconds ? totals.writes / totals.seconds : 0,
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    failures: totals.failures,
    undelivered: totals.undelivered,
    ...(totals.firstFailure ? { firstFailure: totals.firstFailure } : {}),
  };
}

export function writesTable(rows: WriteSummary[], writers: number): string {
  const lines = [
    `| writes (${writers} writers, subscribers on every organisation) | writes/s | p50 | p99 | failed | events not delivered |`,
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map((r) => `| ${r.label} | ${r.writesPerSecond.toFixed(0)} | ${r.p50Ms.toFixed(1)} ms | ${r.p99Ms.toFixed(1)} ms | ${r.failures} | ${r.undelivered} |`),
  ];
  const failures = rows.filter((r) => r.firstFailure).map((r) => `${r.label}: first failure ${r.firstFailure}`);
  return [...lines, ...failures].join('\n');
}
