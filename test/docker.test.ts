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
    for (const service of Object.values(services)) {
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
      expect(env.DATABASE_URL).toMatch(/^postgres(ql)?:\/\/.+@postgres:5432\//);
      // Compose refuses to start without it rather than starting with an empty secret.
      expect(env.AUTH_SECRET).toMatch(/^\$\{AUTH_SECRET:\?.+\}$/);
      expect(service.depends_on).toHaveProperty('postgres.condition', 'service_healthy');
    }
  });

  it('balances HTTP and WebSocket traffic over every replica', () => {
    const nginx = read('docker/nginx.conf');
    for (const name of apiNames) expect(nginx).toContain(`server ${name}:4000`);
    expect(nginx).toMatch(/proxy_set_header\s+Upgrade\s+\$http_upgrade;/);
    expect(nginx).toMatch(/location\s+=?\s*\/graphql/);
    expect(services.lb?.ports).toContainEqual(expect.stringMatching(/(^|:)4000:4000$/));
  });
});
