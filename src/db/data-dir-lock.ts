import { mkdirSync, readFileSync, renameSync, rmdirSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * The embedded database's data directory belongs to one process. PGlite itself takes no lock: two
 * processes on one directory both wrote, and after a restart acknowledged writes were gone and a
 * table disagreed with its own index (issue 12). This is PostgreSQL's postmaster.pid, for PGlite.
 */

/** Who holds a data directory, as its lock file says. */
export interface DataDirHolder {
  pid: number;
  hostname: string;
  /** The holder's start time in clock ticks since boot (Linux), to tell a reused PID from it. */
  startTicks: number | null;
  /** What the holder is ("server", "seed", "migrations"). */
  role: string;
  /** Where the holder serves HTTP, once it listens (a server only). */
  url?: string;
}

export class DataDirLockedError extends Error {
  override name = 'DataDirLockedError';

  constructor(
    readonly dataDir: string,
    readonly holder: DataDirHolder,
  ) {
    super(
      `DATA_DIR ${dataDir} is in use by process ${holder.pid} (${holder.role}${holder.hostname === os.hostname() ? '' : ` on ${holder.hostname}`}${holder.url ? `, serving ${holder.url}` : ''}). ` +
        'The embedded database belongs to one process at a time: stop that process, or set DATA_DIR to another directory.',
    );
  }
}

export interface DataDirLock {
  /** Records where this process serves, so that `npm run seed` can use the running server. */
  advertise(url: string): void;
  /** Gives the directory up (also done when the process exits). */
  release(): void;
}

const LOCK_FILE = 'owner.lock';
/** A takeover that has not finished in this long was abandoned by a process that died in it. */
const TAKEOVER_STALE_MS = 10_000;

/** What /proc/<pid>/stat says of a process (Linux); null where there is no /proc or no such process. */
function procStat(pid: number): { state: string; startTicks: number } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // After the command name (which may hold spaces): field 3, the state, and field 22, the start time.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { state: fields[0]!, startTicks: Number(fields[19]) };
  } catch {
    return null;
  }
}

function startTicksOf(pid: number): number | null {
  return procStat(pid)?.startTicks ?? null;
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function isAlive(holder: DataDirHolder): boolean {
  // Another machine's process (a directory on shared storage) cannot be checked: assume it lives.
  if (holder.hostname !== os.hostname()) return true;
  if (holder.pid === process.pid) return false;
  try {
    process.kill(holder.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
  }
  const stat = procStat(holder.pid);
  if (!stat) return true;
  // A killed process stays a zombie until its parent reaps it, and holds nothing meanwhile.
  if (stat.state === 'Z' || stat.state === 'X') return false;
  // The PID is taken, but perhaps by a newer process that reused it (containers restart at PID 1).
  return holder.startTicks === null || stat.startTicks === holder.startTicks;
}

function readHolder(file: string): DataDirHolder | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    const holder = JSON.parse(text) as DataDirHolder;
    if (Number.isInteger(holder.pid) && holder.pid > 0 && typeof holder.hostname === 'string') return holder;
  } catch {
    // A lock file cut short by a crash while it was written: nobody can be holding it.
  }
  return { pid: 0, hostname: os.hostname(), startTicks: null, role: 'unreadable lock file' };
}

/** The live process holding `dataDir`, if any (a lock left by a dead one does not count). */
export function dataDirHolder(dataDir: string): DataDirHolder | undefined {
  const holder = readHolder(path.join(dataDir, LOCK_FILE));
  return holder && holder.pid > 0 && isAlive(holder) ? holder : undefined;
}

/** Writes `holder` to `file` whole or not at all (rename is atomic); `exclusive`: only if absent. */
function writeHolder(file: string, holder: DataDirHolder, exclusive: boolean): void {
  if (exclusive) {
    writeFileSync(file, JSON.stringify(holder), { flag: 'wx', mode: 0o600 });
    return;
  }
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify(holder), { mode: 0o600 });
  renameSync(temporary, file);
}

/**
 * Runs `work` while holding the takeover guard of `file`, so that two processes finding the same
 * stale lock cannot both remove it and then each believe they created the new one.
 */
function withTakeoverGuard(file: string, work: () => void): void {
  const guard = `${file}.takeover`;
  try {
    mkdirSync(guard);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    if (Date.now() - statSync(guard).mtimeMs < TAKEOVER_STALE_MS) return; // another process is taking over
    rmdirSync(guard);
    mkdirSync(guard);
  }
  try {
    work();
  } finally {
    rmdirSync(guard);
  }
}

/**
 * Makes this process the only one using `dataDir`, or throws {@link DataDirLockedError} naming
 * the process that holds it. A lock whose process is gone (a crash, a SIGKILL) is taken over.
 */
export function lockDataDir(dataDir: string, role: string): DataDirLock {
  mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, LOCK_FILE);
  let mine: DataDirHolder = { pid: process.pid, hostname: os.hostname(), startTicks: startTicksOf(process.pid), role };
  for (let attempt = 0; ; attempt++) {
    try {
      writeHolder(file, mine, true);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = readHolder(file);
    if (holder && holder.pid > 0 && isAlive(holder)) throw new DataDirLockedError(dataDir, holder);
    if (attempt === 20) throw new Error(`Could not take over the stale lock ${file}: remove it if no process uses ${dataDir}`);
    if (attempt > 0) sleepSync(50);
    withTakeoverGuard(file, () => {
      const now = readHolder(file);
      if (now && (now.pid === 0 || !isAlive(now))) unlinkSync(file);
    });
  }

  const ours = () => readHolder(file)?.pid === process.pid;
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    process.removeListener('exit', release);
    if (ours()) unlinkSync(file);
  };
  process.on('exit', release);
  return {
    advertise(url) {
      if (released || !ours()) return;
      mine = { ...mine, url };
      writeHolder(file, mine, false);
    },
    release,
  };
}
