import type { DataSource, EntityManager, EntityTarget, ObjectLiteral, QueryRunner } from 'typeorm';
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
      await runner.startTransaction();
      await runner.query(
        "SELECT set_config('role', $1, true), set_config('app.organisation_id', $2, true), set_config('app.user_id', $3, true)",
        [APP_ROLE, this.scope.organisationId ?? '', this.scope.userId ?? ''],
      );
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

  /** Runs raw SQL in the request transaction. The tenant predicate is yours to write. */
  async query<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    return (await this.queryRunner()).query(sql, params) as Promise<T[]>;
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
        // event); taking it first gives all writers one lock order, so row or advisory locks taken
        // later (stage order, principle positions) can never deadlock against each other.
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

  /** Commits (or rolls back) and returns the connection to the pool. Safe to call twice. */
  async finish(commit: boolean): Promise<void> {
    if (this.finished) return;
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
