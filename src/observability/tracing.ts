import { SpanKind, SpanStatusCode, trace, type Attributes } from '@opentelemetry/api';
import type { IncomingMessage } from 'node:http';
import { loadTracingConfig } from '../config';
import { buildInfo } from './build-info';

/** Requests that would only be noise in traces: probes and scrapes. */
const UNTRACED_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

/**
 * Links that carry a secret, which a tracing backend (kept longer, read by more people) must not
 * get: a feedback form's in its path, a kiosk link's API key (`?key=`), and the signed links of
 * reports and unsubscribing (`?token=`), with OpenTelemetry's own list of signed-URL parameters.
 */
const SECRET_PATH = /^\/feedback\/[^/]+/;
const SECRET_QUERY_PARAMETERS = ['key', 'token', 'sig', 'Signature', 'AWSAccessKeyId', 'X-Goog-Signature'];

/** A request's path for its span, with a secret in it replaced. */
function tracedPath(request: IncomingMessage): Attributes {
  const path = (request.url ?? '').split('?')[0]!;
  return SECRET_PATH.test(path) ? { 'url.path': path.replace(SECRET_PATH, '/feedback/REDACTED') } : {};
}

/** An outgoing request (a webhook delivery) named by its origin only: a receiver's path or query may carry its own token. */
function tracedTarget(options: { protocol?: string | null; hostname?: string | null; host?: string | null; port?: string | number | null }): Attributes {
  const host = options.hostname ?? options.host ?? '';
  return { 'url.full': `${options.protocol ?? 'http:'}//${host}${options.port ? `:${options.port}` : ''}/REDACTED` };
}

let sdk: { shutdown(): Promise<void> } | undefined;

/**
 * Starts OpenTelemetry tracing when the `OTEL_*` variables ask for it (see `TracingConfig` in
 * src/config.ts): the Node SDK with the HTTP, Express and pg instrumentations, exporting as those
 * variables say (OTLP over `http/protobuf` by default, `OTEL_EXPORTER_OTLP_PROTOCOL=http/json` or
 * `grpc` too). Off, it loads nothing at all: the SDK and the instrumentations are required here,
 * only when on.
 *
 * It must run before `http`, `express` and `pg` are first required: the instrumentations patch a
 * module as it loads (src/observability/start-tracing.ts, src/index.ts's first import, sees to it).
 * What they cannot see, the execution of each operation (graphql-jit's compiled function or
 * graphql-js), gets a span of its own from {@link traceExecution}.
 */
export function startTracing(): void {
  const config = loadTracingConfig();
  if (!config.enabled || sdk) return;
  const { NodeSDK } = require('@opentelemetry/sdk-node') as typeof import('@opentelemetry/sdk-node');
  const { HttpInstrumentation } = require('@opentelemetry/instrumentation-http') as typeof import('@opentelemetry/instrumentation-http');
  const { ExpressInstrumentation } = require('@opentelemetry/instrumentation-express') as typeof import('@opentelemetry/instrumentation-express');
  const { PgInstrumentation } = require('@opentelemetry/instrumentation-pg') as typeof import('@opentelemetry/instrumentation-pg');
  const started = new NodeSDK({
    serviceName: config.serviceName,
    // Traces only, unless OTEL_METRICS_EXPORTER or OTEL_LOGS_EXPORTER ask for more (an empty list
    // sets up nothing; left out, the SDK would export both over OTLP by default).
    ...(!config.metricsFromEnv && { metricReaders: [] }),
    ...(!config.logsFromEnv && { logRecordProcessors: [] }),
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (req: IncomingMessage) => UNTRACED_PATHS.has((req.url ?? '').split('?')[0]!),
        redactedQueryParamsServer: SECRET_QUERY_PARAMETERS,
        startIncomingSpanHook: tracedPath,
        startOutgoingSpanHook: tracedTarget,
      }),
      new ExpressInstrumentation(),
      // Only statements inside a traced request: the LISTEN connection's heartbeat and the
      // periodic catch-up would otherwise each start a trace of their own. No parameter values.
      new PgInstrumentation({ requireParentSpan: true }),
    ],
  });
  started.start();
  sdk = started;
}

/** Whether tracing runs in this process. */
export function tracingEnabled(): boolean {
  return sdk !== undefined;
}

/** Sends the spans still batched (on shutdown: a process.exit would drop them). */
export async function stopTracing(): Promise<void> {
  await sdk?.shutdown().catch(() => undefined);
}

/** What an operation's execution span says of it. */
export interface ExecutionSpan {
  operationType: string | undefined;
  operationName: string | null | undefined;
  organisationId: string | undefined;
  requestId: string;
  /** Executed by graphql-jit's compiled function (false: graphql-js). */
  compiled: boolean;
}

/**
 * Runs `execute` (one operation's execution) inside a span `<type> <name>` carrying
 * `graphql.operation.type`, `graphql.operation.name` (OpenTelemetry's GraphQL conventions), the
 * organisation (`hub.organisation.id`), the request id (`hub.request.id`, the `x-request-id` the
 * logs carry) and `graphql.execution.compiled`; the span fails when the result has errors. Its
 * parent is the HTTP request's span, and the pg spans of the operation's reads are its children.
 * Without tracing it only calls `execute`.
 */
export function traceExecution<T extends { errors?: readonly unknown[] | undefined }>(span: ExecutionSpan, execute: () => Promise<T>): Promise<T> {
  if (!sdk) return execute();
  const type = span.operationType ?? 'operation';
  const attributes: Attributes = {
    'graphql.operation.type': type,
    ...(span.operationName ? { 'graphql.operation.name': span.operationName } : {}),
    ...(span.organisationId ? { 'hub.organisation.id': span.organisationId } : {}),
    'hub.request.id': span.requestId,
    'graphql.execution.compiled': span.compiled,
  };
  const tracer = trace.getTracer('partnership-hub', buildInfo().version);
  return tracer.startActiveSpan(span.operationName ? `${type} ${span.operationName}` : type, { kind: SpanKind.INTERNAL, attributes }, async (active) => {
    try {
      const result = await execute();
      if (result.errors?.length) active.setStatus({ code: SpanStatusCode.ERROR, message: `${result.errors.length} error(s)` });
      return result;
    } catch (error) {
      active.recordException(error instanceof Error ? error : String(error));
      active.setStatus({ code: SpanStatusCode.ERROR });
      throw error;
    } finally {
      active.end();
    }
  });
}
