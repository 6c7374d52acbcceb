import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { toGlobalId } from '../src/common/global-id';

/** What one kind of request did in one window. */
export interface LoadWindow {
  requests: number;
  errors: number;
  /** From the moment the request was due, not the moment it left: a stall counts in full. */
  latenciesMs: number[];
  firstError?: string;
}

const emptyWindow = (): LoadWindow => ({ requests: 0, errors: 0, latenciesMs: [] });

function record(window: LoadWindow, dueAt: number, error: string | undefined): void {
  window.requests += 1;
  window.latenciesMs.push(performance.now() - dueAt);
  if (error) {
    window.errors += 1;
    window.firstError ??= error;
  }
}

/**
 * A keep-alive agent that drops an idle connection well before the server's 5-second keep-alive
 * timeout. Node 20's agent ignores the server's `Keep-Alive: timeout=5` hint unless it has a
 * timeout of its own, and then sends a request on a connection the server is closing at that very
 * moment: "socket hang up" or ECONNRESET that a browser would have retried, and no fault of the server's.
 */
const keepAliveAgent = (maxSockets: number) => new http.Agent({ keepAlive: true, maxSockets, timeout: 2_000 });

/** POSTs JSON; network errors and timeouts resolve as status 0 with the message as the body. */
function postJson(agent: http.Agent, url: URL, key: string, body: string, timeoutMs: number): Promise<{ status: number; text: string }> {
  return new Promise((resolve) => {
    const request = http.request(
      url,
      {
        method: 'POST',
        agent,
        timeout: timeoutMs,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), authorization: `Bearer ${key}` },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        response.on('error', (error) => resolve({ status: 0, text: error.message }));
      },
    );
    request.on('timeout', () => request.destroy(new Error(`no answer in ${timeoutMs} ms`)));
    request.on('error', (error) => resolve({ status: 0, text: `${error.message}${request.reusedSocket ? ' (on a reused connection)' : ''}` }));
    request.end(body);
  });
}

const agentSockets = (agent: http.Agent) => [...Object.values(agent.sockets), ...Object.values(agent.freeSockets)].reduce((sum, list) => sum + (list?.length ?? 0), 0);

/** Why a response is not a success (a non-200 status or GraphQL errors), or undefined. */
function failure(status: number, text: string, isSuccess: (data: any) => boolean): string | undefined {
  if (status !== 200) return `HTTP ${status || 'error'}: ${text.slice(0, 200)}`;
  try {
    const body = JSON.parse(text) as { data?: unknown; errors?: unknown[] };
    if (body.errors) return `GraphQL errors: ${JSON.stringify(body.errors).slice(0, 200)}`;
    return isSuccess(body.data) ? undefined : `unexpected answer: ${text.slice(0, 200)}`;
  } catch {
    return `not JSON: ${text.slice(0, 200)}`;
  }
}

/**
 * The dashboard query at a fixed rate, open loop: request i is due at start + i / rate and is sent
 * then whether or not earlier ones have answered, each with the next organisation's key.
 *
 * Not autocannon: its `overallRate` gives each connection a quota per second that it spends back
 * to back from the top of each second (every connection's second starts together), so the load
 * arrives in bursts of `connections` requests, and it times a request from when it left, which
 * hides a stall (coordinated omission). A soak wants the steady arrival a dashboard fleet makes.
 */
/** A client of the soak: its own connections, and the figures of the window under way. */
abstract class SoakClient {
  protected window = emptyWindow();

  constructor(protected readonly agent: http.Agent) {}

  /** This window's figures; the next window starts empty. */
  take(): LoadWindow {
    const window = this.window;
    this.window = emptyWindow();
    return window;
  }

  /** Connections it holds open to the server right now. */
  sockets(): number {
    return agentSockets(this.agent);
  }

  close(): void {
    this.agent.destroy();
  }
}

export class PacedLoad extends SoakClient {
  private readonly url: URL;
  private readonly body: string;
  private readonly intervalMs: number;
  private dueAt = 0;
  private turn = 0;
  private timer?: NodeJS.Timeout;
  private inFlight = 0;

  constructor(
    url: string,
    query: string,
    private readonly keys: string[],
    rate: number,
    private readonly timeoutMs = 30_000,
    /** Enough for a stall of a few seconds at the target rate before requests queue in the client. */
    maxSockets = 64,
  ) {
    super(keepAliveAgent(maxSockets));
    this.url = new URL(url);
    this.body = JSON.stringify({ query });
    this.intervalMs = 1000 / rate;
  }

  start(): void {
    this.dueAt = performance.now();
    this.tick();
  }

  private tick = (): void => {
    // A late timer (a busy client) sends what fell due meanwhile, timed from when it was due.
    while (this.dueAt <= performance.now()) {
      this.send(this.dueAt);
      this.dueAt += this.intervalMs;
    }
    this.timer = setTimeout(this.tick, Math.max(0, this.dueAt - performance.now()));
  };

  private send(dueAt: number): void {
    const key = this.keys[this.turn++ % this.keys.length]!;
    this.inFlight += 1;
    void postJson(this.agent, this.url, key, this.body, this.timeoutMs).then(({ status, text }) => {
      this.inFlight -= 1;
      record(
        this.window,
        dueAt,
        failure(status, text, (data) => Array.isArray(data?.projects?.nodes)),
      );
    });
  }

  /**
   * Stops sending and waits for the requests in flight (they count in the current window). Its
   * idle connections stay open until `close`, so that a last sample still finds them on both ends.
   */
  async stop(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    while (this.inFlight > 0) await sleep(20);
  }
}

export interface PublishedStage {
  id: string;
  status: string;
}

const BLOCK = 'mutation Block($input: BlockStageInput!) { blockStage(input: $input) { status } }';
const START = 'mutation Start($id: ID!) { startStage(id: $id) { status } }';

/**
 * Stage changes at a fixed rate through the API, one at a time (two changes of one stage must not
 * race), so that the subscribers have events to receive: each stage in turn goes IN_PROGRESS ->
 * BLOCKED -> IN_PROGRESS, a cycle that never runs out, and each change is one stage event.
 */
export class StagePublisher extends SoakClient {
  private readonly url: URL;
  private turn = 0;
  private running?: Promise<void>;
  private stopped = false;

  constructor(
    url: string,
    private readonly key: string,
    private readonly stages: PublishedStage[],
    /** Reads a stage's status after a failed change, which may or may not have committed. */
    private readonly statusOf: (stageId: string) => Promise<string>,
    private readonly timeoutMs = 30_000,
  ) {
    super(keepAliveAgent(1));
    if (stages.length === 0) throw new Error('no stage to publish changes of');
    this.url = new URL(url);
  }

  /** Changes the next stage once; the change's error, if any. */
  async step(dueAt = performance.now()): Promise<string | undefined> {
    const stage = this.stages[this.turn++ % this.stages.length]!;
    const id = toGlobalId('Stage', stage.id);
    const block = stage.status === 'IN_PROGRESS';
    const body = block
      ? JSON.stringify({ query: BLOCK, variables: { input: { id, reason: 'Soak: waiting for the staff side' } } })
      : JSON.stringify({ query: START, variables: { id } });
    const { status, text } = await postJson(this.agent, this.url, this.key, body, this.timeoutMs);
    const expected = block ? 'BLOCKED' : 'IN_PROGRESS';
    const error = failure(status, text, (data) => (block ? data?.blockStage?.status : data?.startStage?.status) === expected);
    record(this.window, dueAt, error);
    stage.status = error ? await this.statusOf(stage.id).catch(() => stage.status) : expected;
    return error;
  }

  start(rate: number): void {
    const intervalMs = 1000 / rate;
    this.running = (async () => {
      let dueAt = performance.now();
      while (!this.stopped) {
        const wait = dueAt - performance.now();
        if (wait > 0) await sleep(wait);
        if (this.stopped) break;
        await this.step(dueAt);
        dueAt += intervalMs;
      }
    })();
  }

  /** Stops after the change under way; like PacedLoad's, its connection stays open until `close`. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.running;
  }
}
