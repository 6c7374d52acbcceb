import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import type { Probed } from './children';

/** The shape a live dashboard subscribes with: the event and the stage as it is now. */
export const STAGE_SUBSCRIPTION = 'subscription { stageUpdated { type cursor stage { id title status } } }';
/** The event alone: no database read per subscriber. */
export const FRAME_ONLY_SUBSCRIPTION = 'subscription { stageUpdated { type cursor } }';

interface Subscriber {
  socket: WebSocket;
  /** Its subscription's id: a UUID, as graphql-ws's client makes them, so no two frames are alike. */
  id: string;
  /** When the current round's event arrived (performance.now()). */
  receivedAt?: number;
  error?: string;
}

export interface FanoutRound {
  shape: string;
  subscribers: number;
  received: number;
  errors: number;
  /** From sending the mutation until the last subscriber had the event. */
  allMs: number;
  p50Ms: number;
  /** The mutation's own response time (the event is published after its commit). */
  mutationMs: number;
  /** Server CPU for the whole round divided by the deliveries. */
  cpuMicrosPerDelivery: number;
}

export interface FanoutResult {
  subscribers: number;
  connectMs: number;
  bytesPerIdleSubscription: number;
  rssBytesPerIdleSubscription: number;
  rounds: FanoutRound[];
}

export function open(wsUrl: string, key: string, query: string): Promise<Subscriber> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(wsUrl, 'graphql-transport-ws');
    const subscriber: Subscriber = { socket, id: randomUUID() };
    const timer = setTimeout(() => reject(new Error('connection_ack timed out')), 60_000);
    socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${key}` } })));
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as { type: string; payload?: unknown };
      if (message.type === 'connection_ack') {
        clearTimeout(timer);
        socket.send(JSON.stringify({ id: subscriber.id, type: 'subscribe', payload: { query } }));
        resolve(subscriber);
      } else if (message.type === 'next' && (message as { id?: string }).id === subscriber.id) {
        const payload = message.payload as { errors?: unknown[] };
        if (payload.errors) subscriber.error = JSON.stringify(payload.errors).slice(0, 300);
        subscriber.receivedAt ??= performance.now();
      } else if (message.type === 'error') {
        subscriber.error = JSON.stringify(message.payload).slice(0, 300);
        subscriber.receivedAt ??= performance.now();
      } else if (message.type === 'ping') {
        socket.send(JSON.stringify({ type: 'pong' }));
      }
    });
    socket.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    socket.on('close', (code, reason) => {
      clearTimeout(timer);
      subscriber.error ??= `closed ${code} ${String(reason)}`;
      reject(new Error(`closed ${code} ${String(reason)}`));
    });
  });
}

async function graphql(url: string, key: string, query: string): Promise<unknown> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ query }),
  });
  const body = (await response.json()) as { errors?: unknown[]; data?: unknown };
  if (body.errors) throw new Error(`mutation failed: ${JSON.stringify(body.errors)}`);
  return body.data;
}

const toGlobalId = (type: string, id: string) => Buffer.from(`${type}:${id}`, 'utf8').toString('base64url');

/**
 * Opens `count` sockets of one organisation, each subscribed to its stage events; publishes a
 * priming event (which proves every subscription is registered), measures the server's memory per
 * idle subscription; then, per shape, starts one stage (a real mutation over HTTP) and times until
 * every subscriber has the event.
 */
export async function measureFanout(options: {
  server: Probed;
  graphqlUrl: string;
  observerKey: string;
  memberKey: string;
  stageIds: string[];
  count: number;
  shapes: string[];
  log: (line: string) => void;
}): Promise<FanoutResult> {
  const { server, count } = options;
  const wsUrl = options.graphqlUrl.replace(/^http/, 'ws');
  await server.settle();
  const before = await server.gc();
  const subscribers: Subscriber[] = [];
  const connectStarted = performance.now();
  const BATCH = 100;
  for (let i = 0; i < count; i += BATCH) {
    const batch = Array.from({ length: Math.min(BATCH, count - i) }, () => open(wsUrl, options.observerKey, options.shapes[0]!));
    subscribers.push(...(await Promise.all(batch)));
  }
  const connectMs = performance.now() - connectStarted;
  options.log(`  ${count} sockets connected and subscribed in ${(connectMs / 1000).toFixed(1)} s`);

  const publish = async (): Promise<FanoutRound> => {
    for (const subscriber of subscribers) {
      subscriber.receivedAt = undefined;
      subscriber.error = undefined;
    }
    const stageId = options.stageIds.shift();
    if (!stageId) throw new Error('no startable stage left for the fan-out');
    await server.settle();
    const cpuBefore = await server.stats();
    const sent = performance.now();
    const mutation = graphql(options.graphqlUrl, options.memberKey, `mutation { startStage(id: "${toGlobalId('Stage', stageId)}") { status } }`).then(
      () => performance.now() - sent,
    );
    const deadline = sent + 60_000;
    while (performance.now() < deadline && subscribers.some((s) => s.receivedAt === undefined)) {
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    const mutationMs = await mutation;
    const cpuAfter = await server.stats();
    const times = subscribers.flatMap((s) => (s.receivedAt === undefined ? [] : [s.receivedAt - sent])).sort((a, b) => a - b);
    const firstError = subscribers.find((s) => s.error)?.error;
    if (firstError) options.log(`  first delivery error: ${firstError}`);
    return {
      shape: '',
      subscribers: count,
      received: times.length,
      errors: subscribers.filter((s) => s.error).length,
      allMs: times.length === count ? times.at(-1)! : Number.POSITIVE_INFINITY,
      p50Ms: times[Math.floor(times.length / 2)] ?? NaN,
      mutationMs,
      cpuMicrosPerDelivery: (cpuAfter.cpuMicros - cpuBefore.cpuMicros) / Math.max(1, times.length),
    };
  };

  // graphql-ws does not acknowledge a subscription: a first event that every subscriber receives
  // proves they are all registered. The measured event is the next one.
  const primed = await publish();
  if (primed.received < count) options.log(`  only ${primed.received} of ${count} subscribers received the priming event`);
  const idle = await server.gc();
  const bytesPerIdleSubscription = (idle.heapUsed + idle.external - (before.heapUsed + before.external)) / count;
  const rssBytesPerIdleSubscription = (idle.rss - before.rss) / count;

  const rounds: FanoutRound[] = [];
  for (const [index, shape] of options.shapes.entries()) {
    if (index > 0) {
      // Same sockets, new shape: complete the old subscription, start the new one, prime it.
      for (const subscriber of subscribers) {
        subscriber.socket.send(JSON.stringify({ id: subscriber.id, type: 'complete' }));
        subscriber.id = randomUUID();
        subscriber.socket.send(JSON.stringify({ id: subscriber.id, type: 'subscribe', payload: { query: shape } }));
      }
      await publish();
    }
    rounds.push({ ...(await publish()), shape });
  }
  for (const subscriber of subscribers) subscriber.socket.terminate();
  await server.settle();
  return { subscribers: count, connectMs, bytesPerIdleSubscription, rssBytesPerIdleSubscription, rounds };
}
