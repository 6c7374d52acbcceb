import { ConfigError, loadConfig } from '../src/config';
import { buildOrganisation, buildPartner, buildUser } from './support/factories';
import { dataOf, startTestServer, untilSubscribed, useTestServer, type TestServer } from './support/harness';
import { connect } from './support/ws-client';
import { request } from 'node:http';
import { startServerProcess, type ServerProcess } from './support/server-process';
import { adminUrl, createTestDatabase, type TestDatabase } from './support/test-database';

// An operator's view of one server: Prometheus metrics at /metrics behind METRICS_TOKEN on the
// main port, and on a listener of their own (METRICS_PORT), scraped and parsed as Prometheus would.
const TOKEN = 'metrics-token-metrics-token-0123456789';
const server = useTestServer({
  env: { METRICS_TOKEN: TOKEN, METRICS_PORT: '0', LOGIN_FAILURES_PER_EMAIL: '2', METRICS_MAX_OPERATION_NAMES: '5' },
});

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Prometheus's text exposition format, sample lines only. */
function parse(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match) throw new Error(`not a sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const [, key, value] of (match[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g))
      labels[key!] = value!.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
    samples.push({ name: match[1]!, labels, value: Number(match[3]) });
  }
  return samples;
}

async function scrape(target: TestServer = server): Promise<Sample[]> {
  const response = await fetch(`${target.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return parse(await response.text());
}

/** The value of the one sample named `name` whose labels include `labels` (0 when there is none). */
function valueOf(samples: Sample[], name: string, labels: Record<string, string> = {}): number {
  const found = samples.filter((sample) => sample.name === name && Object.entries(labels).every(([key, value]) => sample.labels[key] === value));
  if (found.length > 1) throw new Error(`${found.length} samples of ${name} match ${JSON.stringify(labels)}`);
  return found[0]?.value ?? 0;
}

/**
 * Scrapes until `ready` holds (an access line, and so its observation, comes after the response's
 * commit, which the client may see first); fails with the last scrape after a deadline.
 */
async function scrapeUntil(ready: (samples: Sample[]) => boolean, target: TestServer = server): Promise<Sample[]> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const samples = await scrape(target);
    if (ready(samples)) return samples;
    if (Date.now() > deadline) throw new Error(`metrics never got there:\n${samples.map((s) => `${s.name}${JSON.stringify(s.labels)} ${s.value}`).join('\n')}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const duration = (labels: Record<string, string>) => (samples: Sample[]) => valueOf(samples, 'graphql_operation_duration_seconds_count', labels);

describe('metrics', () => {
  it('time every operation by type, name, status class and transport, over HTTP and the WebSocket', async () => {
    const org = await buildOrganisation(server);
    const overview = { operation_type: 'query', operation_name: 'MetricsOverview', status: '2xx', transport: 'http' };
    const overWs = { operation_type: 'query', operation_name: 'MetricsOverWs', status: '2xx', transport: 'ws' };
    const invalid = { operation_type: 'none', operation_name: 'anonymous', status: '4xx', transport: 'http' };
    const before = await scrape();

    for (let i = 0; i < 3; i += 1) dataOf(await server.gql(`query MetricsOverview { organisation { name } }`, {}, org.as));
    expect((await server.gql(`{ organisation { nonsense } }`, {}, org.as)).status).toBe(400);
    const socket = connect(server.wsUrl, { authorization: `Bearer ${org.owner.token}`, organisation: org.slug });
    try {
      const query = socket.subscribe(`query MetricsOverWs { organisation { name } }`);
      await query.done;
      expect(query.results[0]?.data?.organisation?.name).toBe(org.name);
    } finally {
      await socket.dispose();
    }

    const after = await scrapeUntil((samples) => duration(overWs)(samples) === duration(overWs)(before) + 1 && duration(overview)(samples) === duration(overview)(before) + 3);
    expect(duration(invalid)(after)).toBe(duration(invalid)(before) + 1);
    expect(valueOf(after, 'graphql_operation_errors_total', { code: 'GRAPHQL_VALIDATION_FAILED' })).toBe(
      valueOf(before, 'graphql_operation_errors_total', { code: 'GRAPHQL_VALIDATION_FAILED' }) + 1,
    );
    // A histogram: every observation is in the +Inf bucket, and the sum is the seconds they took.
    expect(valueOf(after, 'graphql_operation_duration_seconds_bucket', { ...overview, le: '+Inf' })).toBe(duration(overview)(after));
    expect(valueOf(after, 'graphql_operation_duration_seconds_sum', overview)).toBeGreaterThan(0);
    // The factories' signUp and createOrganisation carry no operation name.
    expect(
      valueOf(after, 'graphql_operation_duration_seconds_count', { operation_type: 'mutation', operation_name: 'anonymous', status: '2xx', transport: 'http' }),
    ).toBeGreaterThanOrEqual(2);
  });

  it('describe the request pool: its size, open and idle connections, waiting clients, and the waits', async () => {
    const org = await buildOrganisation(server);
    await Promise.all(Array.from({ length: 5 }, () => server.gql(`query PoolLoad { organisation { name } }`, {}, org.as).then(dataOf)));
    const samples = await scrape();
    expect(valueOf(samples, 'db_pool_max_connections')).toBe(server.database.poolSize);
    expect(valueOf(samples, 'db_pool_connections')).toBeGreaterThanOrEqual(1);
    expect(valueOf(samples, 'db_pool_connections')).toBeLessThanOrEqual(server.database.poolSize);
    expect(valueOf(samples, 'db_pool_idle_connections')).toBeLessThanOrEqual(valueOf(samples, 'db_pool_connections'));
    expect(valueOf(samples, 'db_pool_waiting_clients')).toBe(0);
    // Every request above took a connection.
    expect(valueOf(samples, 'db_pool_acquire_seconds_count')).toBeGreaterThanOrEqual(5);
    expect(valueOf(samples, 'db_pool_acquire_seconds_bucket', { le: '+Inf' })).toBe(valueOf(samples, 'db_pool_acquire_seconds_count'));
  });

  it('count open sockets and subscriptions, and time each event from its commit to its delivery', async () => {
    const org = await buildOrganisation(server);
    const before = await scrape();
    const socket = connect(server.wsUrl, { authorization: `Bearer ${org.owner.token}`, organisation: org.slug });
    try {
      const events = socket.subscribe(`subscription MetricsWatch { activity { type } }`);
      await untilSubscribed(server, org);
      const open = await scrape();
      expect(valueOf(open, 'ws_sockets')).toBe(valueOf(before, 'ws_sockets') + 1);
      expect(valueOf(open, 'ws_subscriptions')).toBe(valueOf(before, 'ws_subscriptions') + 1);
      expect(valueOf(open, 'ws_subscription_executions')).toBe(valueOf(before, 'ws_subscription_executions') + 1);

      await buildPartner(server, org.as);
      await events.waitFor(1);
      const delivered = await scrape();
      // The hub counts an event as it hands it to its listeners, before any of them can send it on.
      expect(valueOf(delivered, 'events_delivery_lag_seconds_count')).toBeGreaterThanOrEqual(valueOf(before, 'events_delivery_lag_seconds_count') + 1);
      expect(valueOf(delivered, 'events_delivery_lag_seconds_bucket', { le: '+Inf' })).toBe(valueOf(delivered, 'events_delivery_lag_seconds_count'));
    } finally {
      await socket.dispose();
    }
    const closed = await scrapeUntil((samples) => valueOf(samples, 'ws_sockets') === valueOf(before, 'ws_sockets'));
    expect(valueOf(closed, 'ws_subscriptions')).toBe(valueOf(before, 'ws_subscriptions'));
  });

  it('count rate-limit refusals by limiter, and refused logIns by reason', async () => {
    const user = await buildUser(server);
    const before = await scrape();
    const logIn = (password: string) => server.gql(`mutation MetricsLogIn($input: LogInInput!) { logIn(input: $input) { token } }`, { input: { email: user.email, password } });
    // LOGIN_FAILURES_PER_EMAIL is 2: two wrong passwords, then the third attempt is refused unchecked.
    expect((await logIn('wrong password one')).body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect((await logIn('wrong password two')).body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const refused = await logIn('correct horse battery');
    expect(refused.status).toBe(429);
    expect(refused.body.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');

    const after = await scrapeUntil(
      (samples) => valueOf(samples, 'graphql_operation_errors_total', { code: 'RATE_LIMITED' }) > valueOf(before, 'graphql_operation_errors_total', { code: 'RATE_LIMITED' }),
    );
    const moved = (name: string, labels: Record<string, string>) => valueOf(after, name, labels) - valueOf(before, name, labels);
    expect(moved('rate_limit_refusals_total', { limiter: 'login-failures' })).toBe(1);
    expect(moved('auth_login_refusals_total', { reason: 'wrong-credentials' })).toBe(2);
    expect(moved('auth_login_refusals_total', { reason: 'rate-limited' })).toBe(1);
    expect(moved('graphql_operation_duration_seconds_count', { operation_type: 'mutation', operation_name: 'MetricsLogIn', status: '4xx', transport: 'http' })).toBe(1);
  });

  it('include process metrics and what is running', async () => {
    const samples = await scrape();
    expect(valueOf(samples, 'process_resident_memory_bytes')).toBeGreaterThan(0);
    expect(samples.some((sample) => sample.name === 'nodejs_eventloop_lag_seconds')).toBe(true);
    const info = samples.find((sample) => sample.name === 'partnership_hub_build_info');
    expect(info?.value).toBe(1);
    expect(info?.labels.version).toBe(JSON.parse(await (await fetch(`${server.url}/healthz`)).text()).version);
  });

  it('answer on the main port only to the bearer of METRICS_TOKEN', async () => {
    const none = await fetch(`${server.url}/metrics`);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer realm="metrics"');
    expect(await none.text()).not.toContain('graphql_operation');
    expect((await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}x` } })).status).toBe(401);
    expect((await fetch(`${server.url}/metrics`, { headers: { authorization: TOKEN } })).status).toBe(401);
    expect((await fetch(`${server.url}/metrics`, { headers: { authorization: `bearer ${TOKEN}` } })).status).toBe(200);
  });

  it('are served on METRICS_PORT too, on 127.0.0.1, and ask for the token there when one is set', async () => {
    const url = server.running.metricsUrl!;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    expect(new URL(url).port).not.toBe(new URL(server.url).port);
    expect((await fetch(url)).status).toBe(401);
    const response = await fetch(url, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(response.status).toBe(200);
    expect(parse(await response.text()).some((sample) => sample.name === 'graphql_operation_duration_seconds_count')).toBe(true);
    // Only /metrics: the metrics port serves nothing of the API.
    expect((await fetch(url.replace(/\/metrics$/, '/graphql'), { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(404);
  });

  it('keep at most METRICS_MAX_OPERATION_NAMES names, counting the rest as other', async () => {
    const org = await buildOrganisation(server);
    // Five names at most; the tests above took some of them (last: it fills the rest).
    for (let i = 0; i < 6; i += 1) dataOf(await server.gql(`query Distinct${i} { organisation { name } }`, {}, org.as));
    const samples = await scrapeUntil((current) => current.some((sample) => sample.labels.operation_name === 'other'));
    const names = new Set(samples.filter((sample) => sample.name === 'graphql_operation_duration_seconds_count').map((sample) => sample.labels.operation_name));
    names.delete('anonymous');
    names.delete('other');
    expect(names.size).toBe(5);
    expect(names.has('Distinct5')).toBe(false);
  });
});

describe('metrics of another server in the same process', () => {
  let other: TestServer;
  beforeAll(async () => {
    other = await startTestServer({ env: { METRICS_PORT: '0' } });
  }, 120_000);
  afterAll(async () => {
    await other?.stop();
  }, 60_000);

  it('are its own; without METRICS_TOKEN the main port has no /metrics, and METRICS_PORT answers without one', async () => {
    const main = await fetch(`${other.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(main.status).toBe(404);
    const org = await buildOrganisation(other);
    dataOf(await other.gql(`query OtherServer { organisation { name } }`, {}, org.as));
    let samples: Sample[] = [];
    for (const deadline = Date.now() + 10_000; Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 20))) {
      const response = await fetch(other.running.metricsUrl!);
      expect(response.status).toBe(200);
      samples = parse(await response.text());
      if (valueOf(samples, 'graphql_operation_duration_seconds_count', { operation_name: 'OtherServer' }) === 1) break;
    }
    expect(valueOf(samples, 'graphql_operation_duration_seconds_count', { operation_name: 'OtherServer' })).toBe(1);
    // Nothing of the first server's operations.
    expect(samples.some((sample) => sample.labels.operation_name === 'MetricsOverview')).toBe(false);
    expect(samples.some((sample) => sample.labels.operation_name === 'OtherServer' && sample.name.startsWith('graphql'))).toBe(true);
    expect((await scrape()).some((sample) => sample.labels.operation_name === 'OtherServer')).toBe(false);
  });
});

// A cluster needs PostgreSQL (the embedded database lives inside one process).
if (adminUrl)
  describe('metrics of a cluster (SERVER_PROCESSES=2)', () => {
    let database: TestDatabase;
    let cluster: ServerProcess | undefined;
    beforeAll(async () => {
      database = await createTestDatabase();
      cluster = await startServerProcess(database.url, { SERVER_PROCESSES: '2', METRICS_PORT: '0', LOG_LEVEL: 'info' });
    }, 120_000);
    afterAll(async () => {
      if (cluster) {
        cluster.child.kill('SIGTERM');
        await cluster.exited;
      }
      await database?.drop();
    }, 60_000);

    /** One request on a connection of its own, so node:cluster spreads them over the processes. */
    const healthOnce = (url: string) =>
      new Promise<number>((resolve, reject) => {
        const body = JSON.stringify({ query: 'query ClusterPing { __typename }' });
        const req = request(
          `${url}/graphql`,
          { method: 'POST', agent: false, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
          (res) => {
            res.resume();
            res.on('end', () => resolve(res.statusCode!));
          },
        );
        req.on('error', reject);
        req.end(body);
      });

    it('are served by the primary on METRICS_PORT, summed over every process', async () => {
      const url = /"url":"(http:\/\/127\.0\.0\.1:\d+\/metrics)","msg":"metrics listening"/.exec(cluster!.output())?.[1];
      expect(url).toBeDefined();
      for (let i = 0; i < 8; i += 1) expect(await healthOnce(cluster!.url)).toBe(200);
      // The main port is the processes' own: no /metrics there.
      expect((await fetch(`${cluster!.url}/metrics`)).status).toBe(404);
      let samples: Sample[] = [];
      for (const deadline = Date.now() + 10_000; Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 50))) {
        samples = parse(await (await fetch(url!)).text());
        if (valueOf(samples, 'graphql_operation_duration_seconds_count', { operation_name: 'ClusterPing' }) === 8) break;
      }
      expect(valueOf(samples, 'graphql_operation_duration_seconds_count', { operation_name: 'ClusterPing' })).toBe(8);
      // Two pools of DB_POOL_SIZE (10) each, summed; the version once, not twice.
      expect(valueOf(samples, 'db_pool_max_connections')).toBe(20);
      expect(valueOf(samples, 'partnership_hub_build_info')).toBe(1);
    }, 60_000);
  });

describe('metrics configuration', () => {
  const base = { AUTH_SECRET: 'x'.repeat(40), DATABASE_URL: 'postgres://db.example/hub' };

  it('serves nothing unless asked, and checks what it is given', () => {
    expect(loadConfig(base).metrics).toEqual({ port: undefined, host: '127.0.0.1', token: undefined, maxOperationNames: 100 });
    expect(loadConfig({ ...base, METRICS_PORT: '9464', METRICS_HOST: '0.0.0.0' }).metrics).toMatchObject({ port: 9464, host: '0.0.0.0' });
    expect(() => loadConfig({ ...base, METRICS_PORT: 'ninety' })).toThrow(ConfigError);
    expect(() => loadConfig({ ...base, METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN must be at least 32/);
    expect(() => loadConfig({ ...base, METRICS_TOKEN: `${'x'.repeat(32)} y` })).toThrow(/without spaces/);
  });

  it('refuses a token alone with several server processes, whose shared port would answer for one at random', () => {
    expect(() => loadConfig({ ...base, SERVER_PROCESSES: '2', METRICS_TOKEN: TOKEN })).toThrow(/set METRICS_PORT/);
    expect(loadConfig({ ...base, SERVER_PROCESSES: '2', METRICS_TOKEN: TOKEN, METRICS_PORT: '9464' }).metrics.port).toBe(9464);
  });
});
