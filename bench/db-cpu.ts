import { readFileSync } from 'node:fs';
import { Client } from 'pg';

/** Clock ticks per second of /proc/<pid>/stat on Linux. */
const TICKS_PER_SECOND = 100;

function cpuTicks(pid: number): number | null {
  try {
    // Fields after the parenthesised command: state is [0], utime [11], stime [12].
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return null;
  }
}

/**
 * CPU time spent by the PostgreSQL backends serving one application (by application_name), read
 * from /proc while the database runs on this machine: the database's share of each request's cost,
 * which the children's own CPU time leaves out. Samples while a window runs, because pooled
 * connections may close (and take their counters with them) between windows.
 */
export class DbCpu {
  private constructor(
    private readonly client: Client,
    readonly available: boolean,
  ) {}

  static async connect(url: string): Promise<DbCpu> {
    const client = new Client({ connectionString: url, application_name: 'bench-observer' });
    await client.connect();
    const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    return new DbCpu(client, cpuTicks(rows[0]!.pid) !== null);
  }

  private async pids(application: string): Promise<number[]> {
    const { rows } = await this.client.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1', [application]);
    return rows.map((row) => row.pid);
  }

  /** Starts watching; `stop()` returns the backends' CPU milliseconds since. */
  async watch(application: string): Promise<{ stop(): Promise<number> }> {
    const first = new Map<number, number>();
    const last = new Map<number, number>();
    const sample = async (initial: boolean) => {
      for (const pid of await this.pids(application)) {
        const ticks = cpuTicks(pid);
        if (ticks === null) continue;
        if (!first.has(pid)) first.set(pid, initial ? ticks : 0);
        last.set(pid, ticks);
      }
    };
    await sample(true);
    let sampling = Promise.resolve();
    const timer = setInterval(() => {
      sampling = sampling.then(() => sample(false)).catch(() => undefined);
    }, 500);
    return {
      stop: async () => {
        clearInterval(timer);
        await sampling;
        await sample(false);
        let ticks = 0;
        for (const [pid, end] of last) ticks += end - (first.get(pid) ?? 0);
        return (ticks * 1000) / TICKS_PER_SECOND;
      },
    };
  }

  async close(): Promise<void> {
    await this.client.end();
  }
}
