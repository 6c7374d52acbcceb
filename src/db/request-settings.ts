import type { DataSource } from 'typeorm';
import type { DatabaseTimeouts } from '../config';

/** The limits a request's transaction sets on itself as it opens. */
export type TransactionTimeouts = Pick<DatabaseTimeouts, 'statementTimeoutMs' | 'lockTimeoutMs' | 'idleInTransactionTimeoutMs'>;

/** How the requests on one data source open their transactions and send their reads (see request-db.ts). */
export interface RequestSettings {
  /** Set transaction-locally by the query that opens each transaction; unset: the server's own. */
  readonly timeouts: TransactionTimeouts | undefined;
  /**
   * Whether the hot reads travel as named statements (parsed once per connection) or unnamed
   * (parsed each time, what a transaction pooler without prepared-statement support can carry).
   */
  named: boolean;
  /**
   * Every connection of the pool speaks to one session (the embedded database): whatever else
   * uses the database must take its turn on this pool rather than open a connection of its own.
   */
  readonly sharedSession?: boolean;
  /** Told of a named read that failed as a transaction pooler makes them fail (see statement-check.ts). */
  onNamedFailure?: (error: unknown) => void;
}

/** Keyed by data source, as organisation-writes.ts is: each server and test server has its own. */
const settings = new WeakMap<DataSource, RequestSettings>();

const DEFAULTS: Readonly<RequestSettings> = Object.freeze({ timeouts: undefined, named: true });

/** Records how requests on `dataSource` run (createDataSource does, from its settings). */
export function configureRequests(dataSource: DataSource, given: RequestSettings): void {
  settings.set(dataSource, given);
}

/** How requests on `dataSource` run: named statements and no timeouts of their own unless configured. */
export function requestSettings(dataSource: DataSource): RequestSettings {
  return settings.get(dataSource) ?? DEFAULTS;
}

/**
 * The SQL that sets `timeouts` for the rest of the transaction (`set_config(..., true)` is SET
 * LOCAL): select-list items, to ride in the query that opens it. Integers from the configuration
 * only, so they are inlined as the simple protocol needs.
 */
export function timeoutSettings(timeouts: TransactionTimeouts | undefined): string {
  if (!timeouts) return '';
  const set = (name: string, ms: number) => {
    if (!Number.isSafeInteger(ms) || ms < 0) throw new Error(`Refusing a non-integer ${name} in inline SQL`);
    return `, set_config('${name}', '${ms}', true)`;
  };
  return (
    set('statement_timeout', timeouts.statementTimeoutMs) +
    set('lock_timeout', timeouts.lockTimeoutMs) +
    set('idle_in_transaction_session_timeout', timeouts.idleInTransactionTimeoutMs)
  );
}
