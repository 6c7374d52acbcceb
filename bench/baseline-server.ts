/**
 * The baseline of issue 6: a bare node:http server answering the dashboard's JSON from one
 * hand-written SQL statement through `pg` (a named, prepared statement: this is the practical
 * limit). Two modes, by path:
 *   /rls    one transaction as the server runs it: BEGIN and the transaction-local settings (role,
 *           organisation, user) in one round trip, the statement, COMMIT; row-level security binds.
 *   /plain  the statement alone, no transaction, as the connecting role (which must bypass
 *           row-level security): what tenant isolation costs is the difference.
 * Started by bench/run.ts as a child process; prints `{"port": n}` once listening. With
 * BASELINE_PROCESSES > 1 it runs that many processes on the port (node:cluster), as the server
 * does with SERVER_PROCESSES, so both sides can use every core alike.
 */
import cluster from 'node:cluster';
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { Pool, type PoolClient } from 'pg';
import { DASHBOARD_SQL } from './dashboard-sql';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const APP_ROLE = 'partnership_app';

const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.DB_POOL_SIZE ?? 10), application_name: 'bench-baseline' });

const expand = (hex: string) => `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;

/** `Bearer phk_<org>_<key>_<secret>` (src/auth/api-key-secret.ts) -> the lookup parameters. */
function parseKey(header: string | undefined): { organisationId: string; keyId: string; hash: string } | null {
  const match = /^Bearer\s+phk_([0-9a-f]{32})_([0-9a-f]{32})_([0-9a-f]+)$/i.exec(header ?? '');
  if (!match) return null;
  const organisationId = expand(match[1]!);
  const keyId = expand(match[2]!);
  if (!UUID.test(organisationId) || !UUID.test(keyId)) return null;
  return { organisationId, keyId, hash: createHash('sha256').update(match[3]!).digest('base64url') };
}

const statement = (values: unknown[]) => ({ name: 'dashboard', text: DASHBOARD_SQL, values });

async function inTenantTransaction(client: PoolClient, organisationId: string, values: unknown[]): Promise<string | undefined> {
  // organisationId matched UUID above: safe as a literal, which lets BEGIN and the settings share one round trip.
  await client.query(`BEGIN; SELECT set_config('role', '${APP_ROLE}', true), set_config('app.organisation_id', '${organisationId}', true), set_config('app.user_id', '', true)`);
  try {
    const result = await client.query<{ data: string }>(statement(values));
    await client.query('COMMIT');
    return result.rows[0]?.data;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

async function answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
  // Read the body like the server must (the same bytes arrive at both).
  for await (const _chunk of req) void _chunk;
  const key = parseKey(req.headers.authorization);
  if (!key) {
    res.writeHead(401, { 'content-type': 'application/json' }).end('{"errors":[{"message":"Invalid or expired credentials"}]}');
    return;
  }
  const values = [key.organisationId, new Date().toISOString().slice(0, 10), key.keyId, key.hash];
  const client = await pool.connect();
  let data: string | undefined;
  try {
    data = req.url === '/plain' ? (await client.query<{ data: string }>(statement(values))).rows[0]?.data : await inTenantTransaction(client, key.organisationId, values);
  } finally {
    client.release();
  }
  if (data === undefined) {
    res.writeHead(401, { 'content-type': 'application/json' }).end('{"errors":[{"message":"Invalid or expired credentials"}]}');
    return;
  }
  const body = `{"data":${data}}`;
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) }).end(body);
}

function serve(): void {
  const server = createServer((req, res) => {
    answer(req, res).catch((error: unknown) => {
      console.error(error);
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end('{"errors":[{"message":"Internal server error"}]}');
    });
  });
  server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    if (cluster.isPrimary) console.log(JSON.stringify({ port: typeof address === 'object' && address ? address.port : 0 }));
  });
  process.on('SIGTERM', () => {
    server.close();
    void pool.end().then(() => process.exit(0));
  });
}

function superviseProcesses(count: number): void {
  let listening = 0;
  let exited = 0;
  cluster.on('listening', (_worker, address) => {
    if (++listening === count) console.log(JSON.stringify({ port: address.port }));
  });
  cluster.on('exit', () => {
    if (++exited === count) process.exit(0);
  });
  process.on('SIGTERM', () => {
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
  });
  for (let i = 0; i < count; i += 1) cluster.fork();
}

const processes = Number(process.env.BASELINE_PROCESSES ?? 1);
if (cluster.isPrimary && processes > 1) superviseProcesses(processes);
else serve();
