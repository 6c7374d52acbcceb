import path from 'node:path';
import express, { type Express, type Request, type Response } from 'express';
import type { Config } from '../config';

/**
 * The built GraphiQL (`npm run build:web`, web/graphiql/build.ts): <root>/dist/graphiql, found from
 * src/web/graphiql.ts when run from source and from dist/src/web/graphiql.js when compiled.
 */
function builtDir(): string {
  const up = path.resolve(__dirname, '..', '..');
  return path.basename(up) === 'dist' ? path.join(up, 'graphiql') : path.join(up, 'dist', 'graphiql');
}

/**
 * The page's policy: the dashboard's (src/web/serve.ts), plus what Monaco, GraphiQL's editor,
 * needs. Monaco writes `<style>` elements and `style` attributes at run time (its theme, its
 * decorations, CSS variables) and has no nonce hook: with style-src 'self' alone Chromium refuses
 * over a hundred of them while the browser test runs. So styles may be inline ('unsafe-inline'
 * for styles only: scripts stay 'self', so an injected style can restyle the page but run
 * nothing). Its language services run in workers beside the script (worker-src 'self');
 * GraphiQL's stylesheet embeds its fonts as data: URLs. connect-src 'self' covers the WebSocket
 * to the same host and port.
 */
const GRAPHIQL_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "worker-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self' data:",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * A browser opening the endpoint: a GET of exactly `/graphql` with no `query` parameter that
 * prefers HTML to JSON. Anything else, a GET with `?query=` included, is a GraphQL request.
 */
function wantsGraphiQL(req: Request): boolean {
  return (
    req.method === 'GET' &&
    req.path === '/graphql' &&
    req.query.query === undefined &&
    req.accepts(['application/graphql-response+json', 'application/json', 'text/html']) === 'text/html'
  );
}

function secure(res: Response): void {
  res.setHeader('Content-Security-Policy', GRAPHIQL_CSP);
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Content-Type-Options', 'nosniff');
}

/**
 * Outside production, GraphiQL at `GET /graphql` for browsers ({@link wantsGraphiQL}), with its
 * script, stylesheet and workers at `/graphiql/`: everything from this server (no CDN), so it
 * works on a private network. In production nothing is mounted and `/graphql` answers as
 * without it. Mount before the GraphQL endpoint and the dashboard. When GraphiQL is not built
 * (`npm run dev` skips the build) the page says how to build it (503).
 */
export function serveGraphiQL(app: Express, config: Pick<Config, 'production' | 'graphiqlDir'>): void {
  if (config.production) return;
  const dir = config.graphiqlDir ?? builtDir();
  app.use(
    '/graphiql',
    (_req, res, next) => {
      secure(res);
      next();
    },
    // File names are not content-hashed, so browsers revalidate (ETag, 304).
    express.static(path.join(dir, 'graphiql'), { index: false, redirect: false, cacheControl: true, maxAge: 0 }),
  );
  app.get('/graphql', (req, res, next) => {
    if (!wantsGraphiQL(req)) return next();
    secure(res);
    // The same URL answers JSON to other clients.
    res.vary('Accept');
    res.sendFile(path.join(dir, 'index.html'), { cacheControl: false, headers: { 'Cache-Control': 'no-cache' } }, (error) => {
      if (!error || res.headersSent) return;
      res.status(503).type('text/plain').send('GraphiQL is not built: run `npm run build:web`.\n');
    });
  });
}
