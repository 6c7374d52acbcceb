import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { ROOT } from './build';
import { startServer, type Probed } from './children';

export interface SoakServer {
  server: Probed;
  graphqlUrl: string;
  /** Warnings and errors it logged (pino level ≥ 40, or anything on stderr), the first few kept. */
  logged: { count: number; first: string[] };
}

/**
 * Starts the server built into `buildDir` on `databaseUrl` (which it migrates) as the bench does:
 * `node` with the probe preloaded, production mode, limits lifted.
 */
export async function startSoakServer(databaseUrl: string, buildDir: string, poolSize: string): Promise<SoakServer> {
  const { probed: server, value: url } = await startServer('server', {
    databaseUrl,
    authSecret: randomBytes(48).toString('base64url'),
    poolSize,
    buildDir,
    // The build lives outside the project (see soak.ts): its requires find the project's packages here.
    env: { NODE_PATH: path.join(ROOT, 'node_modules') },
  });
  // Probed asks for stats over IPC; once the server is gone that is an 'error' event on the child,
  // which unheard would kill the soak before it drops its database. The next sample reports it.
  server.child.on('error', () => undefined);
  const logged = { count: 0, first: [] as string[] };
  const note = (line: string) => {
    logged.count += 1;
    if (logged.first.length < 5) logged.first.push(line.slice(0, 400));
  };
  createInterface({ input: server.child.stdout! }).on('line', (line) => {
    try {
      if ((JSON.parse(line) as { level?: number }).level! >= 40) note(line);
    } catch {
      note(line);
    }
  });
  createInterface({ input: server.child.stderr! }).on('line', note);
  return { server, graphqlUrl: `${url}/graphql`, logged };
}
