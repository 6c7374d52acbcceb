import 'reflect-metadata';
import { loadConfig } from '../src/config';
import { createLogger } from '../src/logger';
import { openDatabase } from '../src/db/open-database';
import { createLiveUpdates } from '../src/events/live-updates';
import { createSchema } from '../src/schema';
import { createServer } from '../src/server';
import { seedDemo } from '../src/demo/demo-seed';

/**
 * `npm run seed`: creates the demo organisation in the configured database (DATABASE_URL, or the
 * embedded one under DATA_DIR: stop the server first, PGlite allows one process). Idempotent.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger('warn');
  const database = await openDatabase(config, logger);
  const live = createLiveUpdates(database.dataSource, logger, null);
  const server = await createServer(
    { config, dataSource: database.dataSource, logger, authKey: new TextEncoder().encode(config.authSecret), events: live.hub },
    await createSchema(),
  );
  const running = await server.listen(0, '127.0.0.1');
  try {
    const result = await seedDemo(async (query, variables, caller = {}) => {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (caller.token) headers.authorization = `Bearer ${caller.token}`;
      if (caller.organisation) headers['x-organisation'] = caller.organisation;
      const response = await fetch(`${running.url}/graphql`, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
      const body = (await response.json()) as { data?: unknown; errors?: { message: string }[] };
      if (body.errors?.length) throw new Error(`${body.errors.map((e) => e.message).join('; ')} (in ${query.slice(0, 60)}...)`);
      return body.data;
    });
    console.log(result.created ? 'Demo organisation created.' : 'Demo organisation already there; nothing changed.');
    console.log(`  Sign in:        ${result.email} / ${result.password}  (X-Organisation: ${result.organisation})`);
    console.log(`  Screen API key: ${result.apiKey}  (OBSERVER; shown once)`);
  } finally {
    await running.stop();
    await database.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
