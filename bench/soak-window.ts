import os from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { Probed } from './children';
import { percentile } from './load';
import type { PacedLoad, StagePublisher } from './soak-load';
import { RssWatch, runQueueWaitMs, type Observer } from './soak-sampler';
import type { SoakSubscribers } from './soak-subscribers';
import type { SoakWindow } from './soak-verdicts';

export interface Soaked {
  server: Probed;
  observer: Observer;
  subscribers: SoakSubscribers;
  load: PacedLoad;
  publisher: StagePublisher;
  /** The last stage event before the counting started. */
  baselineSeq: number;
}

const sorted = (values: number[]) => [...values].sort((a, b) => a - b);

/** Turns what happened since its last call into a window: the soak's figures and the server's. */
export class WindowRecorder {
  readonly windows: SoakWindow[] = [];
  /** Every dashboard latency of the run, for the overall percentiles. */
  readonly latenciesMs: number[] = [];
  /** Stage events committed since the counting started, as of the last window. */
  committed = 0;
  private readonly loopDelay = monitorEventLoopDelay({ resolution: 10 });
  private readonly rss: RssWatch;
  private readonly startedAt = Date.now();
  private previous: { at: number; serverCpu: number; serverWait: number; clientCpu: NodeJS.CpuUsage };

  private constructor(
    private readonly soaked: Soaked,
    serverCpu: number,
  ) {
    const pid = soaked.server.child.pid;
    this.rss = new RssWatch(pid);
    this.loopDelay.enable();
    this.previous = { at: this.startedAt, serverCpu, serverWait: runQueueWaitMs(pid), clientCpu: process.cpuUsage() };
  }

  static async start(soaked: Soaked): Promise<WindowRecorder> {
    return new WindowRecorder(soaked, (await soaked.server.stats()).cpuMicros);
  }

  async record(): Promise<SoakWindow> {
    const { server, observer, subscribers, load, publisher, baselineSeq } = this.soaked;
    const now = Date.now();
    const seconds = (now - this.previous.at) / 1000;
    const dashboard = load.take();
    const mutations = publisher.take();
    const deliveries = subscribers.takeDeliveries();
    const clientCpu = process.cpuUsage(this.previous.clientCpu);
    const serverWait = runQueueWaitMs(server.child.pid);
    const clientLagMs = this.loopDelay.percentile(99) / 1e6;
    this.loopDelay.reset();
    const committed = (await observer.stageEvents(baselineSeq)).count;
    // Events committed before this window began have had a whole window to arrive.
    const behind = subscribers.behind(this.committed);
    const { cpuMicros, ...sample } = await observer.sample(server, () => subscribers.openSockets() + load.sockets() + publisher.sockets());
    const latencies = sorted(dashboard.latenciesMs);
    const window: SoakWindow = {
      index: this.windows.length + 1,
      endSeconds: (now - this.startedAt) / 1000,
      requests: dashboard.requests,
      mutations: mutations.requests,
      errors: dashboard.errors + mutations.errors,
      p50Ms: percentile(latencies, 50),
      p99Ms: percentile(latencies, 99),
      mutationP99Ms: percentile(sorted(mutations.latenciesMs), 99),
      events: committed - this.committed,
      deliveries,
      deliveriesExpected: (committed - this.committed) * subscribers.size,
      behind,
      serverCpuPercent: (cpuMicros - this.previous.serverCpu) / 1e4 / seconds,
      serverCpuWaitPercent: (serverWait - this.previous.serverWait) / 10 / seconds,
      loadAverage: os.loadavg()[0]!,
      ...sample,
      rssMeanMb: this.rss.takeMean(),
      clientCpuPercent: (clientCpu.user + clientCpu.system) / 1e4 / seconds,
      clientLagMs,
      firstError: dashboard.firstError ?? mutations.firstError,
    };
    this.windows.push(window);
    this.latenciesMs.push(...dashboard.latenciesMs);
    this.committed = committed;
    this.previous = { at: now, serverCpu: cpuMicros, serverWait, clientCpu: process.cpuUsage() };
    return window;
  }

  stop(): void {
    this.loopDelay.disable();
    this.rss.stop();
  }
}
