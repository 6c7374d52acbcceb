import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { Client } from 'pg';
import type { Probed } from './children';

export interface ServerSample {
  rssMb: number;
  /** Live heap after a full collection: without one, the figure is wherever the GC sawtooth is. */
  heapMb: number;
  /** The server's backends on its database: its pool and its LISTEN connection. */
  dbConnections: number;
  /**
   * Those of its pool (application_name partnership-hub, src/db/data-source.ts). pg-pool opens
   * connections up to DB_POOL_SIZE while requests queue and closes them after 10 s idle, so this
   * count follows the load and is no leak signal; what is outside the pool must stay flat.
   */
  dbPoolConnections: number;
  /** Sockets the server process holds open (NaN where /proc cannot tell). */
  sockets: number;
  /**
   * Its sockets that neither a connection of the soak's nor a database connection explains: the
   * listening socket and the IPC channel, plus any leak. Unlike the raw count it does not follow
   * the load (a slower server makes the load open more keep-alive connections).
   */
  unaccountedSockets: number;
  /** The server's CPU time so far. */
  cpuMicros: number;
}

/** Open sockets of a local process, from its file descriptors; NaN without /proc. */
export function openSockets(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  try {
    return readdirSync(`/proc/${pid}/fd`).filter((fd) => {
      try {
        return readlinkSync(`/proc/${pid}/fd/${fd}`).startsWith('socket:');
      } catch {
        return false; // closed while we looked
      }
    }).length;
  } catch {
    return Number.NaN;
  }
}

/** A process's resident set (MB) from /proc; NaN without /proc. */
function residentMb(pid: number | undefined): number {
  try {
    const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/**
 * The server's RSS every second, read from /proc (the server does nothing for it). Under the soak
 * its RSS swings by tens of MB within seconds (139 to 263 MB over 200 s in one run, with ~40 MB
 * of live heap), so one sample per window fits lines to that swing, while the mean over a window
 * moved by 2 MB from window to window.
 */
export class RssWatch {
  private samples: number[] = [];
  private readonly timer: NodeJS.Timeout;

  constructor(pid: number | undefined) {
    this.timer = setInterval(() => {
      const mb = residentMb(pid);
      if (Number.isFinite(mb)) this.samples.push(mb);
    }, 1_000).unref();
  }

  /** The mean since the last call (NaN without samples). */
  takeMean(): number {
    const samples = this.samples;
    this.samples = [];
    return samples.reduce((sum, mb) => sum + mb, 0) / samples.length;
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

/**
 * How long the process's main thread has waited, runnable, for a CPU (ms; NaN without /proc):
 * time other processes on the machine took from it, which no change to the server gets back.
 */
export function runQueueWaitMs(pid: number | undefined): number {
  try {
    return Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[1]) / 1e6;
  } catch {
    return Number.NaN;
  }
}

/** The stage event types the `stageUpdated` subscription delivers (the contract's StageEventType). */
const STAGE_EVENT_TYPES = ['STAGE_ADDED', 'STAGE_BLOCKED', 'STAGE_CANCELLED', 'STAGE_COMPLETED', 'STAGE_MOVED', 'STAGE_STARTED', 'STAGE_UPDATED'];

/**
 * The soak's own connection to the soak database, as its owner, scoped to the publishing
 * organisation (session-wide, so row-level security lets it read that organisation's activity log
 * even when the owner is not a superuser). Its own backend is left out of the connection count.
 */
export class Observer {
  private constructor(private readonly client: Client) {}

  static async connect(url: string, organisationId: string): Promise<Observer> {
    const client = new Client({ connectionString: url, application_name: 'soak-observer' });
    await client.connect();
    await client.query("SELECT set_config('app.organisation_id', $1, false)", [organisationId]);
    return new Observer(client);
  }

  /** Stage events committed after `afterSeq`, and the last one's number. */
  async stageEvents(afterSeq = 0): Promise<{ count: number; lastSeq: number }> {
    const { rows } = await this.client.query<{ count: number; last: string | null }>(
      `SELECT count(*)::int AS count, max(seq) AS last FROM activity_events
        WHERE organisation_id = current_setting('app.organisation_id')::uuid AND type = ANY($1) AND seq > $2`,
      [STAGE_EVENT_TYPES, afterSeq],
    );
    return { count: rows[0]!.count, lastSeq: Number(rows[0]!.last ?? afterSeq) };
  }

  /** The stages the publisher can cycle: under way or blocked, in active projects. */
  async cyclableStages(): Promise<{ id: string; status: string }[]> {
    const { rows } = await this.client.query<{ id: string; status: string }>(
      `SELECT s.id, s.status FROM stages s JOIN projects p ON p.organisation_id = s.organisation_id AND p.id = s.project_id
        WHERE s.organisation_id = current_setting('app.organisation_id')::uuid AND s.status IN ('IN_PROGRESS', 'BLOCKED')
          AND p.status = 'ACTIVE' ORDER BY p.created_at, s.position`,
    );
    return rows;
  }

  async stageStatus(stageId: string): Promise<string> {
    const { rows } = await this.client.query<{ status: string }>(`SELECT status FROM stages WHERE organisation_id = current_setting('app.organisation_id')::uuid AND id = $1`, [
      stageId,
    ]);
    return rows[0]?.status ?? 'UNKNOWN';
  }

  /**
   * A full collection in the server (a pause of tens of milliseconds), then its figures.
   * `clientSockets` counts the soak's open connections to the server, read in the same instant as
   * the server's own sockets.
   */
  async sample(server: Probed, clientSockets: () => number): Promise<ServerSample> {
    if (!server.child.connected) throw new Error(`the server exited (${server.child.exitCode ?? server.child.signalCode}):\n${server.output.join('\n')}`);
    const stats = await server.gc();
    const { rows } = await this.client.query<{ total: number; pool: number }>(
      `SELECT count(*)::int AS total, (count(*) FILTER (WHERE application_name = 'partnership-hub'))::int AS pool
         FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`,
    );
    const { total: dbConnections, pool: dbPoolConnections } = rows[0]!;
    const sockets = openSockets(server.child.pid);
    return {
      rssMb: stats.rss / 2 ** 20,
      heapMb: stats.heapUsed / 2 ** 20,
      dbConnections,
      dbPoolConnections,
      sockets,
      unaccountedSockets: sockets - clientSockets() - dbConnections,
      cpuMicros: stats.cpuMicros,
    };
  }

  close(): Promise<void> {
    return this.client.end();
  }
}
