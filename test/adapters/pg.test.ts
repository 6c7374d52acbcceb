import { Socket } from 'node:net';
import { Client } from 'pg';
import { backendPid, destroySocket } from '../../src/adapters/pg';
import { adminUrl, createTestDatabase, type TestDatabase } from '../support/test-database';

// What src/adapters/pg.ts relies on of pg's internals, checked against the installed pg and a real
// database: an upgrade that changes it fails here, not in the event listener's reconnects.

let database: TestDatabase;
/** The current test's connection. */
let opened: Client | undefined;

beforeAll(async () => {
  database = await createTestDatabase();
});

// The embedded database serves one connection at a time: each test's goes before the next.
afterEach(async () => {
  await opened?.end().catch(() => undefined);
  opened = undefined;
});

afterAll(async () => {
  await database?.drop();
});

async function connected(): Promise<Client> {
  // PostgreSQL itself: a pooler in front (the suite's run through PgBouncer) reports a pid of its own.
  opened = new Client({ connectionString: database.listenUrl ?? database.url });
  await opened.connect();
  return opened;
}

/** Resolves with the errors and end `client` emits, in order, once it ends (or `ms` passed). */
function emitted(client: Client, ms: number): Promise<string[]> {
  const events: string[] = [];
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(events), ms);
    client.on('error', () => events.push('error'));
    client.on('end', () => {
      events.push('end');
      clearTimeout(timer);
      // Anything emitted after 'end' would show here too.
      setImmediate(() => resolve(events));
    });
  });
}

describe('destroySocket', () => {
  it('finds the socket where it expects it: connection.stream, a live socket', async () => {
    const client = await connected();
    const stream = (client as unknown as { connection?: { stream?: unknown } }).connection?.stream;
    expect(stream).toBeInstanceOf(Socket);
    expect((stream as Socket).destroyed).toBe(false);
  });

  it('drops the connection: the pending query fails, the client emits error then end', async () => {
    const client = await connected();
    const events = emitted(client, 5_000);
    // Still pending: its answer cannot arrive before the synchronous destroy below.
    const pending = client.query('SELECT 1');
    destroySocket(client);
    await expect(pending).rejects.toThrow(/Connection terminated unexpectedly/);
    expect(await events).toEqual(['error', 'end']);
    await expect(client.query('SELECT 1')).rejects.toThrow();
  });

  it('fails loudly, naming the adapter, on a client without the socket it expects', () => {
    expect(() => destroySocket({ connection: {} } as unknown as Client)).toThrow(/src\/adapters\/pg\.ts/);
  });
});

describe('backendPid', () => {
  it('is undefined until the client connects', () => {
    expect(backendPid(new Client({ connectionString: database.url }))).toBeUndefined();
  });

  it('is the server process the client is connected to', async () => {
    const client = await connected();
    const pid = backendPid(client);
    expect(pid).toEqual(expect.any(Number));
    // The embedded database is one process: only PostgreSQL has a backend per connection to match.
    if (adminUrl) {
      const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      expect(pid).toBe(rows[0]!.pid);
    }
  });
});
