import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { Caller, GraphQLResponse, TestServer } from './harness';

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
  const child = spawn(process.execPath, ['-r', '@swc-node/register', 'src/index.ts'], {
    cwd: path.resolve(__dirname, '../..'),
    env: {
      PATH: process.env.PATH ?? '',
      ...(databaseUrl && { DATABASE_URL: databaseUrl }),
      PORT: '0',
      HOST: '127.0.0.1',
      AUTH_SECRET: 'process-secret-process-secret-0123456789',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the server did not start: ${output}`));
    }, 60_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/[\d.:]+)\/graphql/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited (${code}): ${output}`));
    });
  });
  return { child, url, exited, output: () => output };
}

/** Runs an operation over HTTP against `url` as `caller`, like {@link TestServer.gql}. */
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
