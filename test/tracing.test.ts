import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadTracingConfig } from '../src/config';
import { tracingEnabled } from '../src/observability/tracing';
import { buildOrganisation } from './support/factories';
import { processClient, startServerInSuiteMode, gqlAt, type ServerProcess } from './support/server-process';

// OpenTelemetry as an operator turns it on: the real server (src/index.ts) in a child process with
// the standard OTEL_* variables, exporting OTLP over HTTP (as JSON, to be readable here) to a
// receiver in this test.

interface OtlpValue {
  stringValue?: string;
  intValue?: string | number;
  boolValue?: boolean;
}
interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes?: { key: string; value: OtlpValue }[];
}
interface ReceivedSpan extends OtlpSpan {
  resource: Record<string, OtlpValue>;
}

/** OTLP's SpanKind: SERVER. */
const SERVER = 2;

const attribute = (span: OtlpSpan, key: string): string | boolean | undefined => {
  const value = span.attributes?.find((entry) => entry.key === key)?.value;
  return value?.stringValue ?? value?.boolValue ?? (value?.intValue !== undefined ? String(value.intValue) : undefined);
};

describe('tracing', () => {
  let receiver: Server;
  let server: ServerProcess | undefined;
  let dispose: (() => Promise<void>) | undefined;
  const spans: ReceivedSpan[] = [];
  const exports: string[] = [];

  beforeAll(async () => {
    // An OTLP/HTTP receiver: POST /v1/traces with an ExportTraceServiceRequest as JSON.
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        exports.push(`${req.method} ${req.url} ${req.headers['content-type']}`);
        if (req.url !== '/v1/traces') return void res.writeHead(404).end();
        const request = JSON.parse(body) as { resourceSpans: { resource: { attributes: { key: string; value: OtlpValue }[] }; scopeSpans: { spans: OtlpSpan[] }[] }[] };
        for (const { resource, scopeSpans } of request.resourceSpans) {
          const attributes = Object.fromEntries(resource.attributes.map((entry) => [entry.key, entry.value]));
          for (const scope of scopeSpans) for (const span of scope.spans) spans.push({ ...span, resource: attributes });
        }
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const endpoint = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
    ({ server, dispose } = await startServerInSuiteMode({
      OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      // Export every 50 ms rather than 5 s: the test waits for what it asserts on, not for a guess.
      OTEL_BSP_SCHEDULE_DELAY: '50',
      LOG_LEVEL: 'info',
    }));
  }, 120_000);

  afterAll(async () => {
    await dispose?.();
    // Its shutdown flushed the SDK: still nothing but traces (no OTLP metrics or logs by default).
    expect(exports.filter((line) => !line.startsWith('POST /v1/traces '))).toEqual([]);
    await new Promise((resolve) => receiver?.close(resolve));
  }, 60_000);

  it('exports one trace per request: the HTTP span, the operation span around the execution, and the pg spans below it', async () => {
    const org = await buildOrganisation(processClient(server!.url));
    const requestId = `trace-${randomBytes(6).toString('hex')}`;
    const response = await gqlAt(server!.url, `query TracedOverview { organisation { name } }`, {}, { ...org.as, headers: { 'x-request-id': requestId } });
    expect(response.body.data?.organisation?.name).toBe(org.name);
    await fetch(`${server!.url}/healthz`);

    const deadline = Date.now() + 20_000;
    const operationSpan = () => spans.find((span) => attribute(span, 'hub.request.id') === requestId);
    while (!operationSpan() || !spans.some((span) => span.traceId === operationSpan()!.traceId && span.kind === SERVER)) {
      if (Date.now() > deadline) throw new Error(`no trace of the request arrived; exports: ${exports.join(', ')}; spans: ${spans.map((s) => s.name).join(', ')}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    // The pg spans end before the operation's: give the batch that carries them a moment to arrive.
    const operation = operationSpan()!;
    const inTrace = () => spans.filter((span) => span.traceId === operation.traceId);
    const byId = () => new Map(inTrace().map((span) => [span.spanId, span]));
    const below = (span: OtlpSpan, ancestor: OtlpSpan): boolean => {
      for (let current: OtlpSpan | undefined = span; current; current = current.parentSpanId ? byId().get(current.parentSpanId) : undefined) {
        if (current.spanId === ancestor.spanId) return true;
      }
      return false;
    };
    const isPg = (span: OtlpSpan) => attribute(span, 'db.system') === 'postgresql' || attribute(span, 'db.system.name') === 'postgresql';
    while (!inTrace().some((span) => isPg(span) && span !== operation && below(span, operation))) {
      if (Date.now() > deadline)
        throw new Error(
          `no pg span under the operation; trace: ${inTrace()
            .map((s) => s.name)
            .join(', ')}`,
        );
      await new Promise((resolve) => setTimeout(resolve, 50));
    }

    // Traces only: the SDK is not asked for metrics or logs (Prometheus and stdout have those).
    expect(exports.length).toBeGreaterThan(0);
    expect(exports.every((line) => /^POST \/v1\/traces application\/json/.test(line))).toBe(true);
    expect(operation.name).toBe('query TracedOverview');
    expect(attribute(operation, 'graphql.operation.type')).toBe('query');
    expect(attribute(operation, 'graphql.operation.name')).toBe('TracedOverview');
    expect(attribute(operation, 'hub.organisation.id')).toBe(org.uuid);
    expect(attribute(operation, 'graphql.execution.compiled')).toBe(false);
    expect(operation.resource['service.name']?.stringValue).toBe('partnership-hub');

    // One trace from the HTTP request down: the server span is the root, the operation below it.
    const http = inTrace().find((span) => span.kind === SERVER)!;
    expect(http.parentSpanId || undefined).toBeUndefined();
    expect(attribute(http, 'http.request.method') ?? attribute(http, 'http.method')).toBe('POST');
    expect(below(operation, http)).toBe(true);
    // Express's spans are there too (its router and middleware).
    expect(inTrace().some((span) => attribute(span, 'express.type') !== undefined)).toBe(true);
    // The request's SQL: opening its transaction (authentication, before the execution) is a pg
    // span of the request; its reads are pg spans inside the operation's. No parameter values.
    const pg = inTrace().filter(isPg);
    expect(pg.length).toBeGreaterThanOrEqual(2);
    expect(pg.every((span) => below(span, http))).toBe(true);
    expect(pg.some((span) => !below(span, operation))).toBe(true);
    expect(pg.every((span) => span.attributes?.every((entry) => !entry.key.includes('values')))).toBe(true);

    // Probes and scrapes leave no traces.
    expect(spans.some((span) => String(attribute(span, 'url.path') ?? attribute(span, 'http.target') ?? '').startsWith('/healthz'))).toBe(false);
  }, 60_000);

  it('keeps the secrets of links out of spans: a feedback form in its path, a kiosk key and signed links in their query', async () => {
    const secret = () => randomBytes(12).toString('hex');
    const form = `phf_${secret()}`;
    const key = `phk_${secret()}`;
    const token = secret();
    await fetch(`${server!.url}/feedback/${form}`);
    await fetch(`${server!.url}/?key=${key}`);
    await fetch(`${server!.url}/unsubscribe?token=${token}`);
    const served = () => spans.filter((span) => span.kind === SERVER && /^\/(feedback|unsubscribe|$)/.test(String(attribute(span, 'url.path') ?? '')));
    const deadline = Date.now() + 20_000;
    while (new Set(served().map((span) => attribute(span, 'url.path'))).size < 3) {
      if (Date.now() > deadline) throw new Error(`the three requests' spans did not arrive: ${spans.map((s) => attribute(s, 'url.path')).join(', ')}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const everything = JSON.stringify(spans);
    for (const value of [form, key, token]) expect(everything).not.toContain(value);
    expect(served().map((span) => attribute(span, 'url.path'))).toEqual(expect.arrayContaining(['/feedback/REDACTED', '/', '/unsubscribe']));
  }, 60_000);

  it('marks a second run of a query as compiled (graphql-jit), in a span of its own', async () => {
    const org = await buildOrganisation(processClient(server!.url));
    const ids = [`trace-${randomBytes(6).toString('hex')}`, `trace-${randomBytes(6).toString('hex')}`];
    for (const id of ids) {
      const response = await gqlAt(server!.url, `query TracedTwice { organisation { name } }`, {}, { ...org.as, headers: { 'x-request-id': id } });
      expect(response.body.data?.organisation?.name).toBe(org.name);
    }
    const deadline = Date.now() + 20_000;
    const spanOf = (id: string) => spans.find((span) => attribute(span, 'hub.request.id') === id);
    while (!ids.every(spanOf)) {
      if (Date.now() > deadline) throw new Error('the operation spans never arrived');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const [first, second] = ids.map((id) => spanOf(id)!);
    expect(first!.traceId).not.toBe(second!.traceId);
    expect(attribute(first!, 'graphql.execution.compiled')).toBe(false);
    expect(attribute(second!, 'graphql.execution.compiled')).toBe(true);
  }, 60_000);
});

describe('tracing configuration', () => {
  it('is off unless an OTLP endpoint or a traces exporter is set', () => {
    expect(loadTracingConfig({})).toEqual({ enabled: false, serviceName: 'partnership-hub', metricsFromEnv: false, logsFromEnv: false });
    expect(loadTracingConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }).enabled).toBe(true);
    expect(loadTracingConfig({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/v1/traces' }).enabled).toBe(true);
    expect(loadTracingConfig({ OTEL_TRACES_EXPORTER: 'otlp' }).enabled).toBe(true);
    expect(loadTracingConfig({ OTEL_TRACES_EXPORTER: 'none', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }).enabled).toBe(false);
    expect(loadTracingConfig({ OTEL_SDK_DISABLED: 'true', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }).enabled).toBe(false);
    // Metrics alone (OTEL_METRICS_EXPORTER) do not start it: Prometheus serves those. With
    // tracing on, the SDK exports metrics and logs only when their variables ask.
    expect(loadTracingConfig({ OTEL_METRICS_EXPORTER: 'otlp' }).enabled).toBe(false);
    expect(loadTracingConfig({ OTEL_TRACES_EXPORTER: 'otlp', OTEL_METRICS_EXPORTER: 'otlp' })).toMatchObject({ enabled: true, metricsFromEnv: true, logsFromEnv: false });
  });

  it('names the service partnership-hub unless the OTEL variables name it', () => {
    expect(loadTracingConfig({ OTEL_SERVICE_NAME: 'hub-eu' }).serviceName).toBeUndefined();
    expect(loadTracingConfig({ OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment=prod,service.name=hub-eu' }).serviceName).toBeUndefined();
    expect(loadTracingConfig({ OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment=prod' }).serviceName).toBe('partnership-hub');
  });

  it('costs nothing when off: the SDK and the instrumentations are not even loaded', () => {
    expect(tracingEnabled()).toBe(false);
    // What src/index.ts loads first and then the whole server, in a Node of its own: which modules came in.
    const loaded = (env: Record<string, string>) =>
      execFileSync(
        process.execPath,
        ['-r', '@swc-node/register', '-e', "require('./src/observability/start-tracing'); require('./src/server'); console.log(JSON.stringify(Object.keys(require.cache)))"],
        { cwd: path.resolve(__dirname, '..'), env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8' },
      );
    const off = JSON.parse(loaded({})) as string[];
    expect(off.some((file) => file.includes('@opentelemetry/sdk-node') || file.includes('@opentelemetry/instrumentation'))).toBe(false);
    const on = JSON.parse(loaded({ OTEL_TRACES_EXPORTER: 'console' })) as string[];
    expect(on.some((file) => file.includes('@opentelemetry/sdk-node'))).toBe(true);
  }, 60_000);
});
