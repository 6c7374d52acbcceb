import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

/**
 * The production image and compose file cannot run here (no Docker engine), so this checks what
 * can drift silently: versions, health checks, the database wiring, and that the container starts
 * the server exactly as `npm start` does.
 */
const root = path.resolve(__dirname, '..');
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');

interface Instruction {
  keyword: string;
  args: string;
}

/** Dockerfile instructions with line continuations joined and comments dropped. */
function parseDockerfile(text: string): Instruction[] {
  const instructions: Instruction[] = [];
  let pending = '';
  for (const line of text.split('\n')) {
    if (/^\s*#/.test(line)) continue;
    pending += line.trimEnd();
    if (pending.endsWith('\\')) {
      pending = `${pending.slice(0, -1)} `;
      continue;
    }
    const match = /^\s*(\w+)\s+(.*)$/.exec(pending);
    if (match) instructions.push({ keyword: match[1]!.toUpperCase(), args: match[2]!.trim() });
    pending = '';
  }
  return instructions;
}

/** An exec-form (JSON array) or shell-form command, as one command line. */
function commandLine(command: unknown): string {
  if (Array.isArray(command)) return command.join(' ');
  if (typeof command !== 'string') throw new Error(`not a command: ${JSON.stringify(command)}`);
  const trimmed = command.trim();
  return trimmed.startsWith('[') ? (JSON.parse(trimmed) as string[]).join(' ') : trimmed.split(/\s+/).join(' ');
}

function environmentOf(service: Record<string, unknown>): Record<string, string> {
  const env = service.environment ?? {};
  if (!Array.isArray(env)) return env as Record<string, string>;
  return Object.fromEntries(
    (env as string[]).map((entry) => {
      const at = entry.indexOf('=');
      return at < 0 ? [entry, ''] : [entry.slice(0, at), entry.slice(at + 1)];
    }),
  );
}

const packageJson = JSON.parse(read('package.json')) as { scripts: Record<string, string> };
const dockerfile = parseDockerfile(read('docker/Dockerfile'));
const finalStage = dockerfile.slice(dockerfile.map((i) => i.keyword).lastIndexOf('FROM'));
// Compose honours YAML merge keys (`<<: *api`).
const compose = parse(read('docker/compose.yml'), { merge: true }) as { services: Record<string, Record<string, unknown>> };
const services = compose.services;
const apiNames = Object.keys(services).filter((name) => /^api(-|$)/.test(name));

describe('docker', () => {
  const startScript = packageJson.scripts.start ?? '';
  const runtimeCommand = startScript.split('&&').slice(1).join('&&').trim();

  it('npm start builds, then runs one command', () => {
    expect(startScript).toContain('&&');
    expect(runtimeCommand).not.toBe('');
  });

  it('builds in one stage and runs as a non-root user in another', () => {
    expect(dockerfile.filter((i) => i.keyword === 'FROM').length).toBeGreaterThanOrEqual(2);
    const users = finalStage.filter((i) => i.keyword === 'USER');
    expect(users.length).toBeGreaterThan(0);
    const user = users.at(-1)!.args.split(':')[0];
    expect(user).not.toMatch(/^(root|0)$/);
  });

  it('starts the server as npm start does, in the image and in compose', () => {
    const cmds = finalStage.filter((i) => i.keyword === 'CMD');
    expect(cmds.length).toBeGreaterThan(0);
    expect(commandLine(cmds.at(-1)!.args)).toBe(runtimeCommand);
    expect(finalStage.some((i) => i.keyword === 'ENTRYPOINT')).toBe(false);
    for (const name of apiNames) {
      const service = services[name]!;
      if (service.command !== undefined) expect(commandLine(service.command)).toBe(runtimeCommand);
    }
  });

  it('checks readiness in the image', () => {
    const healthcheck = finalStage.find((i) => i.keyword === 'HEALTHCHECK');
    expect(healthcheck?.args).toContain('/readyz');
  });

  it('runs PostgreSQL 15 with a health check', () => {
    expect(services.postgres?.image).toMatch(/^postgres:15(\.\d+)?(-[\w.-]+)?$/);
    expect(JSON.stringify(services.postgres?.healthcheck)).toContain('pg_isready');
  });

  it('runs at least two API replicas, each checked for readiness and given the database', () => {
    expect(apiNames.length).toBeGreaterThanOrEqual(2);
    for (const name of apiNames) {
      const service = services[name]!;
      expect(JSON.stringify(service.healthcheck)).toContain('/readyz');
      const env = environmentOf(service);
      // Requests through the pooler, LISTEN straight to PostgreSQL (a transaction pooler makes it deaf).
      expect(env.DATABASE_URL).toMatch(/^postgres(ql)?:\/\/.+@pgbouncer:6432\//);
      expect(env.DATABASE_LISTEN_URL).toMatch(/^postgres(ql)?:\/\/.+@postgres:5432\//);
      expect(new URL(env.DATABASE_LISTEN_URL!.replace(/\$\{[^}]+\}/g, 'x')).pathname).toBe(new URL(env.DATABASE_URL!.replace(/\$\{[^}]+\}/g, 'x')).pathname);
      // Compose refuses to start without it rather than starting with an empty secret.
      expect(env.AUTH_SECRET).toMatch(/^\$\{AUTH_SECRET:\?.+\}$/);
      expect(service.depends_on).toHaveProperty('postgres.condition', 'service_healthy');
      expect(service.depends_on).toHaveProperty('pgbouncer.condition', 'service_healthy');
      // Behind nginx, one proxy hop: per-address limits see the client, not nginx.
      expect(env.TRUST_PROXY_HOPS).toBe('1');
      // The replicas share their rate limits.
      expect(env.REDIS_URL).toBe('redis://redis:6379');
      expect(service.depends_on).toHaveProperty('redis.condition', 'service_healthy');
    }
    expect(JSON.stringify(services.redis?.healthcheck)).toContain('ping');
  });

  it('pools through PgBouncer in transaction mode, able to carry named statements, checked for health', () => {
    const pgbouncer = services.pgbouncer!;
    const env = environmentOf(pgbouncer);
    // max_prepared_statements exists from 1.21 on.
    const [major, minor] = (/pgbouncer:v?(\d+)\.(\d+)/.exec(String(pgbouncer.image)) ?? []).slice(1).map(Number);
    expect(major! > 1 || (major === 1 && minor! >= 21)).toBe(true);
    expect(env.POOL_MODE).toBe('transaction');
    expect(Number(env.MAX_PREPARED_STATEMENTS)).toBeGreaterThan(0);
    expect(env.LISTEN_PORT).toBe('6432');
    expect(env.DB_HOST).toBe('postgres');
    expect(JSON.stringify(pgbouncer.healthcheck)).toContain('pg_isready');
    expect(pgbouncer.depends_on).toHaveProperty('postgres.condition', 'service_healthy');
  });

  it("serves each replica's metrics on a port of its own inside the compose network, never through nginx", () => {
    const published = Object.values(services).flatMap((service) => ((service.ports as unknown[] | undefined) ?? []).map(String));
    for (const name of apiNames) {
      const service = services[name]!;
      const env = environmentOf(service);
      const port = env.METRICS_PORT!;
      expect(port).toMatch(/^\d+$/);
      expect(port).not.toBe('4000');
      // Reachable by a scraper on the compose network, so not the default loopback address.
      expect(env.METRICS_HOST).toBe('0.0.0.0');
      // Optional; compose passes an empty one when unset, which the server reads as none.
      expect(env.METRICS_TOKEN).toMatch(/^\$\{METRICS_TOKEN:-\}$/);
      expect((service.expose as unknown[]).map(String)).toContain(port);
      // Published by no service: on the host, only nginx's port.
      expect(published.filter((mapping) => mapping.split(':').includes(port))).toEqual([]);
    }
    const nginx = read('docker/nginx.conf');
    // Upstreams are the main ports only.
    expect([...nginx.matchAll(/^\s*server\s+([\w.-]+):(\d+)/gm)].map((match) => match[2])).toEqual(apiNames.map(() => '4000'));
    // /metrics on the main port (open to METRICS_TOKEN) is refused at nginx, in any case: a regex
    // location wins over the `location /` prefix that proxies everything else.
    expect(nginx).toMatch(/location\s+~\*\s+\^\/metrics\/\?\$\s*\{\s*return\s+404;\s*\}/);
  });

  it('balances HTTP and WebSocket traffic over every replica', () => {
    const nginx = read('docker/nginx.conf');
    for (const name of apiNames) expect(nginx).toContain(`server ${name}:4000`);
    expect(nginx).toMatch(/proxy_set_header\s+Upgrade\s+\$http_upgrade;/);
    // The Host with its port, as the browser sent it: the WebSocket origin check compares them.
    expect(nginx).toMatch(/proxy_set_header\s+Host\s+\$http_host;/);
    expect(nginx).not.toMatch(/proxy_set_header\s+Host\s+\$host;/);
    expect(nginx).toMatch(/location\s+=?\s*\/graphql/);
    expect(services.lb?.ports).toContainEqual(expect.stringMatching(/(^|:)4000:4000$/));
  });
});
