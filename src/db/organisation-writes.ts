import type { DataSource } from 'typeorm';

/** Runs one statement in the transaction being opened. */
export type WriteQuery = (sql: string, params: unknown[]) => Promise<unknown>;

/**
 * What an organisation's write transaction runs before the caller's work: for instance a lock
 * that orders the organisation's writers. It runs inside the savepoint, so a failure rolls back
 * with it.
 */
export type OrganisationWriteStart = (query: WriteQuery, organisationId: string) => Promise<void>;

/**
 * Keyed by data source (one per database): the server, each test server and the seed each wire
 * their own, and nothing leaks from one to another.
 */
const starts = new WeakMap<DataSource, OrganisationWriteStart>();

/**
 * Makes every write transaction of an organisation on `dataSource` (RequestDb.transaction with an
 * organisation in scope) begin with `start`. The layer that owns what it runs wires it (the event
 * log: its counter lock), so this folder need not know it. One per data source: wiring a second
 * replaces the first.
 */
export function onOrganisationWrite(dataSource: DataSource, start: OrganisationWriteStart): void {
  starts.set(dataSource, start);
}

/**
 * The start wired for `dataSource`. Throws when there is none: writes that skip it still work,
 * and what they lose (the order of the organisation's writers) shows only as a rare deadlock under
 * load, so an unwired data source fails at its first organisation write instead.
 */
export function organisationWriteStart(dataSource: DataSource): OrganisationWriteStart {
  const start = starts.get(dataSource);
  if (!start) throw new Error('No organisation write start is wired for this data source (see onOrganisationWrite)');
  return start;
}
