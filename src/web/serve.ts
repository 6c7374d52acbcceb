import path from 'node:path';
import express, { type Express } from 'express';

/**
 * The built dashboard (`npm run build:web`, web/build.ts). Run from source this file is
 * src/web/serve.ts, compiled it is dist/src/web/serve.js: both find <root>/dist/web.
 */
function dashboardDir(): string {
  const up = path.resolve(__dirname, '..', '..');
  return path.basename(up) === 'dist' ? path.join(up, 'web') : path.join(up, 'dist', 'web');
}

/**
 * Serves the live dashboard at `/` from the same app as the API. The page only talks to its own
 * origin, so the content security policy can forbid everything else; `no-referrer` because a
 * kiosk link carries an API key in its query string until the page removes it.
 */
export function serveDashboard(app: Express, dir?: string): void {
  dir ??= dashboardDir();
  app.use((req, res, next) => {
    if (req.path === '/graphql' || req.path === '/healthz' || req.path === '/readyz') return next();
    res.setHeader(
      'Content-Security-Policy',
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    );
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    next();
  });
  // File names are not content-hashed, so browsers revalidate (cheap: ETag, 304).
  app.use(express.static(dir, { index: 'index.html', cacheControl: true, maxAge: 0, redirect: false }));
  // Only reached when the page is not built (`npm run dev` skips the build): say how to get it.
  app.get('/', (_req, res) => {
    res.status(503).type('text/plain').send('The dashboard is not built: run `npm run build:web`.\n');
  });
}
