import type { Client, PoolClient } from 'pg';

// Every use of pg's undocumented internals (pg 8.23): test/adapters/pg.test.ts fails when an
// upgrade moves or reshapes what these rely on.

/** What this module reads of a Client beyond pg's documented API (pg's lib/client.js, lib/connection.js). */
interface ClientInternals {
  connection?: { stream?: { destroy?: unknown } };
  processID?: unknown;
}

/**
 * Drops `client`'s socket at once. For a connection that stopped answering: `end()` says goodbye
 * over the protocol and waits for the server to close, which a silent network never does. pg
 * then fails the client's pending queries, and emits 'error' ("Connection terminated
 * unexpectedly") and 'end', as for any connection lost.
 *
 * Throws if the installed pg no longer keeps its socket where this expects.
 */
export function destroySocket(client: Client | PoolClient, reason?: Error): void {
  const stream = (client as unknown as ClientInternals).connection?.stream as { destroy?: (error?: Error) => void } | undefined;
  if (typeof stream?.destroy !== 'function') {
    throw new Error("pg's Client no longer has connection.stream.destroy(): update src/adapters/pg.ts for this pg version");
  }
  stream.destroy(reason);
}

/**
 * The server process id that `client` is connected to (pg_stat_activity.pid), as the server
 * reported it at connection start; undefined before then.
 */
export function backendPid(client: Client): number | undefined {
  const pid = (client as unknown as ClientInternals).processID;
  return typeof pid === 'number' ? pid : undefined;
}
