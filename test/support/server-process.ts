import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Caller, GraphQLResponse, TestServer } from './harness';
import { adminUrl, createTestDatabase, directUrlFor, type TestDatabase } from './test-database';

/** The real entry point (src/index.ts) running as a child process. */
export interface ServerProcess {
  child: ChildProcess;
  /** The bound address, e.g. http://127.0.0.1:40123. */
  url: string;
  /** Resolves with the exit code (null after a signal). */
  exited: Promise<number | null>;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
}

/**
 * Starts `src/index.ts` on `databaseUrl` (null: the embedded database, under `env.DATA_DIR`), on a
 * free port, and resolves once it listens (which it logs at level info: keep LOG_LEVEL at info or
 * below). Rejects with the process's output if it exits first or does not listen within 60 s (and
 * then kills it).
 */
export async function startServerProcess(databaseUrl: string | null, env: Record<string, string> = {}): Promise<ServerProcess> {
  const launched = launchServerProcess(databaseUrl, env);
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      launched.child.kill('SIGKILL');
      reject(new Error(`the server did not start: ${launched.output()}`));
    }, 60_000);
  });
  try {
    const url = await Promise.race([launched.listening, timedOut]);
    return { child: launched.child, url, exited: launched.exited, output: launched.output };
  } finally {
    clearTimeout(timer);
  }
}

/** Runs an operation over HTTP against `url` as `caller`, like {@link TestServer.gql}. */
/**
 * A server process in the suite's database mode: on a fresh PostgreSQL database, or on an embedded
 * one in a data directory of its own (the suite's embedded databases live in the test process, one
 * session each: another process cannot share them). `dispose` stops it and removes its database.
 */
export async function startServerInSuiteMode(env: Record<string, string> = {}): Promise<{ server: ServerProcess; dispose(): Promise<void> }> {
  let database: TestDatabase | undefined;
  let dataDir: string | undefined;
  if (adminUrl) database = await createTestDatabase();
  else dataDir = mkdtempSync(path.join(os.tmpdir(), 'ph-process-'));
  try {
    const server = await startServerProcess(database?.url ?? null, { ...env, ...(dataDir && { DATA_DIR: dataDir }) });
    return {
      server,
      async dispose() {
        server.child.kill('SIGTERM');
        await server.exited;
        await database?.drop();
        if (dataDir) rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await database?.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}

export async function gqlAt<T = any>(url: string, query: string, variables: Record<string, unknown> = {}, caller: Caller = {}): Promise<GraphQLResponse<T>> {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...caller.headers };
  if (caller.token) headers.authorization = `Bearer ${caller.token}`;
  if (caller.organisation) headers['x-organisation'] = caller.organisation;
  const response = await fetch(`${url}/graphql`, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  return { status: response.status, body: (await response.json()) as GraphQLResponse<T>['body'], headers: response.headers };
}

/** What the factories need of a server (only `gql`), for a server running as a process. */
export function processClient(url: string): TestServer {
  return { gql: (query: string, variables?: Record<string, unknown>, caller?: Caller) => gqlAt(url, query, variables, caller) } as unknown as TestServer;
}

/** A server process that may not listen yet. */
export type LaunchedServerProcess = Omit<ServerProcess, 'url'> & { listening: Promise<string> };

/**
 * Starts `src/index.ts` like {@link startServerProcess} but returns at once, before it listens:
 * for what happens during a start. `listening` resolves with the URL once it listens and rejects
 * if it exits first (callers that expect no start should handle it).
 */
export function launchServerProcess(databaseUrl: string | null, env: Record<string, string> = {}): LaunchedServerProcess {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', 'src/index.ts'], {
    cwd: path.resolve(__dirname, '../..'),
    env: {
      PATH: process.env.PATH ?? '',
      ...(databaseUrl && { DATABASE_URL: databaseUrl }),
      // Through the suite's pooler, LISTEN must go straight to PostgreSQL (see test-database.ts).
      ...(databaseUrl && directUrlFor(databaseUrl) !== databaseUrl && { DATABASE_LISTEN_URL: directUrlFor(databaseUrl) }),
      PORT: '0',
      HOST: '127.0.0.1',
      AUTH_SECRET: 'process-secret-process-secret-0123456789',
      // Cheap password hashes (see harness.ts): only tests may go below the default, 17.
      PASSWORD_HASH_COST: '12',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let output = '';
  const listening = new Promise<string>((resolve, reject) => {
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/[\d.:]+)\/graphql/.exec(output);
      if (match) resolve(match[1]!);
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    void exited.then((code) => reject(new Error(`the server exited (${code}): ${output}`)));
  });
  listening.catch(() => undefined);
  return { child, exited, listening, output: () => output };
}

// Linux /proc readers, for tests of server processes (SERVER_PROCESSES > 1) that must tell the
// processes apart from outside, without a server feature for it.

/** The fields of /proc/<pid>/stat after the command name (which may itself hold spaces or parentheses). */
function statFields(pid: number): string[] | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

/** Whether process `pid` exists and is not a zombie (dead, waiting for its parent to reap it). */
export function isRunning(pid: number): boolean {
  const fields = statFields(pid);
  return fields !== null && fields[0] !== 'Z' && fields[0] !== 'X';
}

/** The running processes whose parent is `pid`, in ascending pid order. */
export function childPids(pid: number): number[] {
  const children: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const fields = statFields(Number(entry));
    // After the command name: state, then ppid.
    if (fields && Number(fields[1]) === pid && fields[0] !== 'Z' && fields[0] !== 'X') children.push(Number(entry));
  }
  return children.sort((a, b) => a - b);
}

/**
 * Which of `pids` holds the server end of the TCP connection between port `serverPort` and the
 * client port `clientPort` (undefined if none does, or the connection is gone). With node:cluster
 * the primary accepts a connection and hands it to one server process, which then owns the socket.
 */
export function connectionOwner(serverPort: number, clientPort: number, pids: readonly number[]): number | undefined {
  const hex = (port: number) => port.toString(16).toUpperCase().padStart(4, '0');
  const inodes = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const columns = line.trim().split(/\s+/);
      if (columns.length < 10) continue;
      const [local, remote, inode] = [columns[1]!, columns[2]!, columns[9]!];
      if (local.endsWith(`:${hex(serverPort)}`) && remote.endsWith(`:${hex(clientPort)}`) && inode !== '0') inodes.add(`socket:[${inode}]`);
    }
  }
  if (inodes.size === 0) return undefined;
  for (const pid of pids) {
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        if (inodes.has(readlinkSync(`/proc/${pid}/fd/${fd}`))) return pid;
      } catch {
        // The descriptor closed between the listing and the look.
      }
    }
  }
  return undefined;
}

/** What a finished command printed and how it ended. */
export interface CommandResult {
  code: number | null;
  output: string;
}

/**
 * Runs `npm run <script> -- <args>` in the repository, as a person would, with only `env` and
 * PATH set (no DATABASE_URL unless given); resolves when it exits, or kills it after `timeoutMs`.
 */
export function runNpmScript(script: string, env: Record<string, string>, args: string[] = [], timeoutMs = 120_000): Promise<CommandResult> {
  const child = spawn('npm', ['run', '--silent', script, ...(args.length ? ['--', ...args] : [])], {
    cwd: path.resolve(__dirname, '../..'),
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  return new Promise((resolve) =>
    // 'close', not 'exit': by then everything it printed has been read.
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    }),
  );
}
