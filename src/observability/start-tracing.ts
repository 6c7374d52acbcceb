import { startTracing } from './tracing';

// Imported first by src/index.ts, before anything requires http, express or pg: OpenTelemetry's
// instrumentations patch a module as it loads, so tracing has to start before them. (An ES import
// list is evaluated in order, but all of it before index.ts's own statements: a call there would
// come too late.) Other entry points can preload it: node -r ./dist/src/observability/start-tracing.js
startTracing();
