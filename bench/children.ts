import { fork, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { ProbeStats } from './probe';
import { builtPath } from './build';

/** A benchmarked process (server or baseline) with the probe preloaded. */
export class Probed {
  private nextId = 1;
  private readonly waiting = new Map<number, (stats: ProbeStats) => void>();
  /** The last lines it wrote, for error messages. */
  readonly output: string[] = [];
  private exited: Promise<void>;

  private constructor(
    readonly name: string,
    readonly child: ChildProcess,
  ) {
    child.on('message', (message: { id: number; stats: ProbeStats }) => {
      this.waiting.get(message.id)?.(message.stats);
      this.waiting.delete(message.id);
    });
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
  }

  /**
   * Forks `entry` (a path under bench/.build) with the probe preloaded and resolves once `ready`
   * recognises a line it printed (its value is returned).
   */
  static async start<T>(
    name: string,
    entry: string,
    env: NodeJS.ProcessEnv,
    ready: (line: string) => T | undefined,
    nodeOptions: string[] = [],
    buildDir?: string,
    timeoutMs = 60_000,
  ) {
    const child = fork(builtPath(entry, buildDir), [], {
      execArgv: ['--expose-gc', ...nodeOptions, '-r', builtPath('bench/probe.ts', buildDir)],
      env,
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    const probed = new Probed(name, child);
    const value = await new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${name} did not start in ${timeoutMs} ms:\n${probed.output.join('\n')}`)), timeoutMs);
      const onLine = (line: string) => {
        probed.output.push(line);
        if (probed.output.length > 50) probed.output.shift();
        const found = ready(line);
        if (found !== undefined) {
          clearTimeout(timer);
          resolve(found);
        }
      };
      createInterface({ input: child.stdout! }).on('line', onLine);
      createInterface({ input: child.stderr! }).on('line', onLine);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`${name} exited with ${code}:\n${probed.output.join('\n')}`));
      });
    });
    return { probed, value };
  }

  private ask(type: 'stats' | 'gc'): Promise<ProbeStats> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${this.name} did not answer ${type}`)), 30_000);
      this.waiting.set(id, (stats) => {
        clearTimeout(timer);
        resolve(stats);
      });
      this.child.send({ id, type });
    });
  }

  stats(): Promise<ProbeStats> {
    return this.ask('stats');
  }

  /** Full garbage collection, then stats. */
  gc(): Promise<ProbeStats> {
    return this.ask('gc');
  }

  /** Resolves once the process has used less than `share` of a core over two 250 ms windows. */
  async settle(share = 0.05, maxMs = 30_000): Promise<void> {
    const until = Date.now() + maxMs;
    let quiet = 0;
    let last = await this.stats();
    while (Date.now() < until && quiet < 2) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      const now = await this.stats();
      quiet = now.cpuMicros - last.cpuMicros < share * 250_000 ? quiet + 1 : 0;
      last = now;
    }
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    this.child.kill('SIGTERM');
    const killer = setTimeout(() => this.child.kill('SIGKILL'), 15_000);
    await this.exited;
    clearTimeout(killer);
  }
}

/** The URL a server's "listening" log line gives, or undefined for any other line. */
function listeningUrl(line: string): string | undefined {
  try {
    const entry = JSON.parse(line) as { url?: string; msg?: string };
    return entry.url && entry.msg?.includes('listening') ? entry.url : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The real server as the bench and the soak run it: production mode, on `databaseUrl` (which it
 * migrates), with the probe preloaded. The dashboard query prices at ~4,600 points (20
 * projects × lists of stages and measures), above the default QUERY_MAX_COST, and the rate limits
 * would refuse the load itself, as would the caps on one organisation's sockets and
 * subscriptions: all are lifted, since these runs measure speed and endurance, not the limits.
 * Resolves with its URL.
 */
export function startServer(
  name: string,
  options: { databaseUrl: string; authSecret: string; poolSize: string; nodeOptions?: string[]; buildDir?: string; env?: NodeJS.ProcessEnv },
) {
  return Probed.start(
    name,
    'src/index.ts',
    {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      DATABASE_URL: options.databaseUrl,
      PORT: '0',
      HOST: '127.0.0.1',
      AUTH_SECRET: options.authSecret,
      LOG_LEVEL: 'info',
      DB_POOL_SIZE: options.poolSize,
      QUERY_MAX_COST: '100000',
      RATE_LIMIT_POINTS: '100000000',
      RATE_LIMIT_RESTORE_PER_SECOND: '100000000',
      // The fan-out holds 10,000 sockets and subscriptions of one organisation (and the soak 1,000).
      WS_MAX_SOCKETS_PER_ORGANISATION: '100000',
      WS_MAX_SUBSCRIPTIONS_PER_ORGANISATION: '100000',
      ...options.env,
    },
    listeningUrl,
    options.nodeOptions,
    options.buildDir,
  );
}
