import type { QueryRunner } from 'typeorm';

// Every use of TypeORM's private state (typeorm 1.1): test/adapters/typeorm.test.ts fails when an
// upgrade changes what these rely on.

/** Runs `work` once the statements queued before it have finished. */
export type Serial = <T>(work: () => Promise<T>) => Promise<T>;

/**
 * Sends every statement of `runner` through `serial`. Relies on TypeORM sending all of a query
 * runner's SQL through its own `query` method, looked up on the instance at each call: the
 * manager, repositories, query builders and the savepoints of startTransaction/commit/rollback
 * all do.
 */
export function serialiseQueries(runner: QueryRunner, serial: Serial): void {
  const query = runner.query.bind(runner) as (...args: unknown[]) => Promise<unknown>;
  runner.query = ((...args: unknown[]) => serial(() => query(...args))) as QueryRunner['query'];
}

/** The part of a query runner that records an open transaction; `transactionDepth` is protected. */
interface TransactionState {
  isTransactionActive: boolean;
  transactionDepth: number;
}

/**
 * Records on `runner` what its startTransaction() would have, for a transaction opened without it
 * (START TRANSACTION sent on the runner's connection with other statements, in one round trip):
 * then startTransaction() nests a savepoint, and commitTransaction()/rollbackTransaction() end the
 * transaction, as after TypeORM's own. Relies on PostgresQueryRunner keeping that state in
 * `isTransactionActive` and the protected `transactionDepth` (0 outside a transaction, 1 in it,
 * one more per savepoint). Throws, changing nothing, when the runner lacks either.
 */
export function markTransactionOpened(runner: QueryRunner): void {
  const state = runner as unknown as TransactionState;
  if (typeof state.transactionDepth !== 'number' || typeof state.isTransactionActive !== 'boolean') {
    throw new Error("TypeORM's query runner no longer has isTransactionActive and transactionDepth: update src/adapters/typeorm.ts for this TypeORM version");
  }
  state.isTransactionActive = true;
  state.transactionDepth = 1;
}
