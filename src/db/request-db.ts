import type { DataSource, EntityManager, EntityMetadata, EntityTarget, ObjectLiteral, QueryRunner } from 'typeorm';
import { createHash } from 'node:crypto';
import { isUuid } from '../common/global-id';
import { ForbiddenError } from '../errors';
import { APP_ROLE } from './rls';
import { TenantRepository } from './tenant-repository';

/**
 * Field resolvers run concurrently and share the request's one connection: queue their statements
 * here rather than stack them on the pg client (which pg deprecates, and will refuse).
 */
function serialised(runner: QueryRunner): QueryRunner {
  const query = runner.query.bind(runner) as (...args: unknown[]) => Promise<unknown>;
  let tail: Promise<unknown> = Promise.resolve();
  runner.query = ((...args: unknown[]) => {
    const result = tail.then(() => query(...args));
    tail = result.catch(() => undefined);
    return result;
  }) as QueryRunner['query'];
  return runner;
}

/**
 * A statement PostgreSQL parses and plans once per connection and then reuses by `name` (pg's
 * named statements): for the hot read paths. One name, one text, always (see {@link statement}).
 */
export interface NamedStatement {
  readonly name: string;
  readonly text: string;
}

/** A {@link NamedStatement} named after its own text, so two texts can never share a name. */
export function statement(text: string): NamedStatement {
  return { name: `s_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`, text };
}

/** A transaction-local setting's value as an SQL literal: only ever empty or a canonical UUID. */
function uuidLiteral(value: string | undefined): string {
  if (!value) return "''";
  if (!isUuid(value)) throw new Error('Refusing a non-UUID request scope');
  return `'${value}'`;
}

/**
 * Opens the transaction and sets the request role, organisation and user transaction-locally in
 * one round trip (START TRANSACTION and the settings sent as one simple-protocol query, which
 * cannot take parameters: the values are inlined, and only ever validated UUIDs), then tells
 * TypeORM what its startTransaction() would have recorded, so savepoints, commit and rollback
 * work as before. One round trip fewer on every request (see bench/results/latest.md).
 */
async function beginWithSettings(runner: QueryRunner, scope: DbScope): Promise<void> {
  await runner.query(
    `START TRANSACTION; SELECT set_config('role', '${APP_ROLE}', true), ` +
      `set_config('app.organisation_id', ${uuidLiteral(scope.organisationId)}, true), set_config('app.user_id', ${uuidLiteral(scope.userId)}, true)`,
  );
  const state = runner as unknown as { isTransactionActive: boolean; transactionDepth: number };
  state.isTransactionActive = true;
  state.transactionDepth = 1;
}

/** Who a transaction acts for; both feed row-level security through transaction-local settings. */
export interface DbScope {
  organisationId?: string;
  userId?: string;
}

/**
 * The database work of one request: one transaction on one pooled connection, opened on first use,
 * running as the restricted request role with the organisation (and user) set transaction-locally,
 * so nothing leaks to the next borrower of the connection. Mutations nest in savepoints
 * ({@link RequestDb.transaction}); the request commits once, at the end, and only then runs the
 * after-commit callbacks (event delivery).
 */
export class RequestDb {
  private runner: Promise<QueryRunner> | undefined;
  private readonly afterCommitCallbacks: (() => void)[] = [];
  private readonly beforeCommitCallbacks: (() => Promise<void>)[] = [];
  private finished = false;

  constructor(
    private readonly dataSource: DataSource,
    private scope: DbScope,
  ) {}

  get organisationId(): string | undefined {
    return this.scope.organisationId;
  }

  private async open(): Promise<QueryRunner> {
    if (this.finished) throw new Error('RequestDb used after the request finished');
    const runner = serialised(this.dataSource.createQueryRunner());
    try {
      await runner.connect();
      await beginWithSettings(runner, this.scope);
      return runner;
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      await runner.release().catch(() => undefined);
      throw error;
    }
  }

  private queryRunner(): Promise<QueryRunner> {
    this.runner ??= this.open();
    return this.runner;
  }

  /** The transaction's entity manager. Prefer {@link RequestDb.repo}: it is tenant-bound. */
  async manager(): Promise<EntityManager> {
    return (await this.queryRunner()).manager;
  }

  /**
   * Runs raw SQL in the request transaction, as text or as a {@link NamedStatement}. The tenant
   * predicate is yours to write.
   */
  async query<T = Record<string, unknown>>(sql: string | NamedStatement, params: unknown[] = []): Promise<T[]> {
    const runner = await this.queryRunner();
    if (typeof sql === 'string') return runner.query(sql, params) as Promise<T[]>;
    // pg takes a { name, text, values } config where the text goes, and TypeORM hands it through.
    return runner.query({ name: sql.name, text: sql.text, values: params } as unknown as string) as Promise<T[]>;
  }

  /** TypeORM's mapping of an entity (table, columns), for SQL written by hand. */
  metadata(target: EntityTarget<ObjectLiteral>): EntityMetadata {
    return this.dataSource.getMetadata(target);
  }

  /** The repository of a tenant entity, bound to this request's organisation. */
  repo<T extends ObjectLiteral & { organisationId: string }>(target: EntityTarget<T>): TenantRepository<T> {
    const organisationId = this.scope.organisationId;
    if (!organisationId) throw new ForbiddenError('This operation needs an organisation (X-Organisation header)');
    return new TenantRepository(() => this.manager(), target, organisationId);
  }

  /**
   * Switches the transaction to another organisation: only for creating one, whose creator has no
   * membership yet. Everything after this runs under the new organisation's row-level security.
   */
  async actFor(organisationId: string): Promise<void> {
    this.scope = { ...this.scope, organisationId };
    if (this.runner) {
      await this.query("SELECT set_config('app.organisation_id', $1, true)", [organisationId]);
    }
  }

  /**
   * Runs `work` all-or-nothing inside the request transaction (a savepoint): a mutation that
   * throws leaves nothing behind, even if the request goes on.
   */
  async transaction<T>(work: () => Promise<T>): Promise<T> {
    const runner = await this.queryRunner();
    const scope = this.scope;
    const callbacks = this.afterCommitCallbacks.length;
    await runner.startTransaction();
    try {
      if (this.scope.organisationId) {
        // Every write of an organisation takes its event counter's row lock anyway (to number its
        // event); taking it first serialises the organisation's writers and gives them one lock
        // order, so the row locks taken later (projects, stages, evaluations) cannot deadlock and
        // "read the last position, append after it" needs no lock of its own.
        await runner.query('SELECT 1 FROM organisation_event_counters WHERE organisation_id = $1 FOR UPDATE', [this.scope.organisationId]);
      }
      const result = await work();
      await runner.commitTransaction();
      return result;
    } catch (error) {
      await runner.rollbackTransaction();
      // The savepoint undid the settings and rows; undo what this object remembered of them too.
      this.scope = scope;
      this.afterCommitCallbacks.length = callbacks;
      throw error;
    }
  }

  /** Runs `callback` once the request's transaction has committed; never after a rollback. */
  afterCommit(callback: () => void): void {
    this.afterCommitCallbacks.push(callback);
  }

  /**
   * Runs `callback` inside the transaction just before the request commits (never before a
   * rollback); if it throws, the request rolls back instead. Register it outside any savepoint.
   */
  beforeCommit(callback: () => Promise<void>): void {
    this.beforeCommitCallbacks.push(callback);
  }

  /** Commits (or rolls back) and returns the connection to the pool. Safe to call twice. */
  async finish(commit: boolean): Promise<void> {
    if (this.finished) return;
    if (commit && this.runner) {
      try {
        for (const callback of this.beforeCommitCallbacks.splice(0)) await callback();
      } catch (error) {
        await this.finish(false).catch(() => undefined);
        throw error;
      }
      // A rollback (the client went away) may have finished the transaction meanwhile.
      if (this.finished) throw new Error('The transaction was rolled back before it could commit');
    }
    this.finished = true;
    const pending = this.runner;
    this.runner = undefined;
    if (!pending) return;
    let runner: QueryRunner;
    try {
      runner = await pending;
    } catch {
      return; // opening failed; nothing to close
    }
    try {
      if (commit) await runner.commitTransaction();
      else await runner.rollbackTransaction();
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      throw error;
    } finally {
      await runner.release();
    }
    if (commit) for (const callback of this.afterCommitCallbacks) callback();
  }
}
