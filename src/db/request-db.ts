import type { DataSource, EntityMetadata, EntityTarget, ObjectLiteral, QueryRunner } from 'typeorm';
import type { PoolClient, QueryResult } from 'pg';
import { markTransactionOpened, serialiseQueries } from '../adapters/typeorm';
import { ForbiddenError } from '../errors';
import type { ColumnPlan } from './column-plan';
import { GlobalRepository } from './global-repository';
import { organisationWriteStart } from './organisation-writes';
import { labelled, withLabel } from './query-label';
import { combineReads, type Read } from './read-batch';
import { isNamedStatementFailure } from './pg-errors';
import { timedConnect } from './pool-waits';
import { requestSettings, timeoutSettings, type RequestSettings, type TransactionTimeouts } from './request-settings';
import { APP_ROLE, USER_EMAIL_SETTING } from './rls';
import type { NamedStatement } from './statement';
import { uuidLiteral } from './statement';
import { isTenantEntity } from './tenant-entity';
import { TenantRepository } from './tenant-repository';

/** The request's one connection: TypeORM's runner and, for the hot paths, pg's client under it. */
interface Connection {
  runner: QueryRunner;
  client: PoolClient;
  /** Runs `work` after every statement queued before it: the connection runs one at a time. */
  serial<T>(work: () => Promise<T>): Promise<T>;
}

/**
 * Field resolvers run concurrently and share the request's one connection: queue their statements
 * here rather than stack them on the pg client (which pg deprecates, and will refuse).
 */
function serialised(runner: QueryRunner, client: PoolClient): Connection {
  let tail: Promise<unknown> = Promise.resolve();
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const result = tail.then(work);
    tail = result.catch(() => undefined);
    return result;
  };
  serialiseQueries(runner, serial);
  return { runner, client, serial };
}

/**
 * Opens the transaction and sets the request role, organisation and user transaction-locally in
 * one round trip (START TRANSACTION and the settings sent as one simple-protocol query, which
 * cannot take parameters: the values are inlined, and only ever validated UUIDs and configured
 * integers), together with the request's first lookup when it has one (authentication's), then
 * tells TypeORM what its startTransaction() would have recorded, so savepoints, commit and
 * rollback work as before.
 *
 * The database timeouts are set here too, transaction-locally, rather than as startup parameters
 * of the connection: a transaction pooler (PgBouncer in transaction mode) refuses those, and
 * ignoring them (its `ignore_startup_parameters`) would silently turn them off. Set in the
 * transaction, they travel with it to whichever backend serves it, and end with it.
 */
async function beginWithSettings(
  connection: Connection,
  scope: DbScope,
  timeouts: TransactionTimeouts | undefined,
  lookup: string | undefined,
): Promise<Record<string, unknown>[]> {
  const results = (await connection.client.query(
    `START TRANSACTION; SELECT set_config('role', '${APP_ROLE}', true), ` +
      `set_config('app.organisation_id', ${uuidLiteral(scope.organisationId)}, true), set_config('app.user_id', ${uuidLiteral(scope.userId)}, true)` +
      timeoutSettings(timeouts) +
      (lookup ? `; ${lookup}` : ''),
  )) as unknown as QueryResult[];
  markTransactionOpened(connection.runner);
  return lookup ? (results[results.length - 1]?.rows ?? []) : [];
}

interface PendingRead extends Read {
  resolve(rows: unknown[]): void;
  reject(error: unknown): void;
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
 *
 * Three doors into it: {@link RequestDb.read}, the batched read (services read through the
 * request's `Reader`, which reads through it); {@link RequestDb.repo} and
 * {@link RequestDb.globalRepo}, for writes; {@link RequestDb.query}, labelled raw SQL for locks
 * and the few statements written by hand.
 */
export class RequestDb {
  private connection: Promise<Connection> | undefined;
  private pendingReads: PendingRead[] = [];
  private readonly afterCommitCallbacks: (() => void)[] = [];
  private readonly beforeCommitCallbacks: (() => Promise<void>)[] = [];
  private finished = false;
  private readonly writeListeners: (() => void)[] = [];
  /**
   * Set for a query operation: the on-demand columns it reads of each entity (src/db/column-plan.ts).
   * Unset, every read reads every column.
   */
  columnPlan: ColumnPlan | undefined;
  private readonly settings: RequestSettings;

  constructor(
    private readonly dataSource: DataSource,
    private scope: DbScope,
  ) {
    this.settings = requestSettings(dataSource);
  }

  get organisationId(): string | undefined {
    return this.scope.organisationId;
  }

  /** Opens the transaction (with `lookup`, when given); the connection and the lookup's rows. */
  private async open(lookup?: string): Promise<{ connection: Connection; rows: Record<string, unknown>[] }> {
    if (this.finished) throw new Error('RequestDb used after the request finished');
    const runner = this.dataSource.createQueryRunner();
    try {
      const connection = serialised(runner, (await timedConnect(this.dataSource, () => runner.connect())) as PoolClient);
      return { connection, rows: await beginWithSettings(connection, this.scope, this.settings.timeouts, lookup) };
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      await runner.release().catch(() => undefined);
      throw error;
    }
  }

  private opened(): Promise<Connection> {
    this.connection ??= this.open().then(({ connection }) => connection);
    return this.connection;
  }

  private async queryRunner(): Promise<QueryRunner> {
    return (await this.opened()).runner;
  }

  /**
   * Opens the transaction with `lookup` (SQL whose values are inlined literals, built only with
   * {@link uuidLiteral}) in the same round trip, and returns its rows with pg's own types. For
   * authentication, which every request runs first: one round trip fewer.
   */
  async openWith<T = Record<string, unknown>>(lookup: string): Promise<T[]> {
    if (this.connection) throw new Error('openWith must open the transaction');
    const opening = this.open(lookup);
    this.connection = opening.then(({ connection }) => connection);
    // A failed opening reaches the caller through `opening`; this copy of it only waits for finish().
    this.connection.catch(() => undefined);
    return (await opening).rows as T[];
  }

  /**
   * Runs raw SQL in the request transaction: for locks and the few statements written by hand
   * (reads go through the reader, writes through {@link RequestDb.repo}). `label` says what the
   * statement is for ('lock the project plan'): it travels as a leading comment, so it shows in
   * pg_stat_activity and PostgreSQL's logs, and leads the message of the error when the statement
   * fails. The tenant predicate is yours to write, with the request's organisation.
   */
  async query<T = Record<string, unknown>>(label: string, sql: string, params: unknown[] = []): Promise<T[]> {
    const text = labelled(label, sql);
    this.wrote();
    const runner = await this.queryRunner();
    try {
      return (await runner.query(text, params)) as T[];
    } catch (error) {
      throw withLabel(error, label);
    }
  }

  /** Calls `listener` whenever the request may have changed rows (a write, a raw statement): readers forget what they read. */
  onWrite(listener: () => void): void {
    this.writeListeners.push(listener);
  }

  private wrote(): void {
    for (const listener of this.writeListeners) listener();
  }

  /**
   * Runs a read-only statement in the request transaction, batched with the other reads of the
   * same turn of the event loop into one round trip (see read-batch.ts). Rows arrive as JSON
   * values (timestamps as ISO strings): read entities through `entityRead`. The tenant predicate
   * is yours to write.
   */
  read<T = Record<string, unknown>>(sql: NamedStatement, params: readonly unknown[]): Promise<T[]> {
    return new Promise<unknown[]>((resolve, reject) => {
      if (this.pendingReads.push({ statement: sql, params, resolve, reject }) === 1) setImmediate(() => void this.flushReads());
    }) as Promise<T[]>;
  }

  private async flushReads(): Promise<void> {
    const reads = this.pendingReads;
    this.pendingReads = [];
    try {
      const connection = await this.opened();
      const { sql, values, split } = combineReads(reads);
      const named = typeof sql !== 'string' && this.settings.named;
      let result: QueryResult;
      try {
        result = await connection.serial(() => connection.client.query(named ? { ...sql, values } : { text: typeof sql === 'string' ? sql : sql.text, values }));
      } catch (error) {
        if (named && isNamedStatementFailure(error)) this.settings.onNamedFailure?.(error);
        throw error;
      }
      split(result.rows[0] as Record<string, unknown>).forEach((rows, index) => reads[index]!.resolve(rows));
    } catch (error) {
      for (const read of reads) read.reject(error);
    }
  }

  /** TypeORM's mapping of an entity (table, columns), for SQL written by hand. */
  metadata(target: EntityTarget<ObjectLiteral>): EntityMetadata {
    return this.dataSource.getMetadata(target);
  }

  /** The repository of a tenant entity, bound to this request's organisation: the door for writing tenant rows. */
  repo<T extends ObjectLiteral & { organisationId: string }>(target: EntityTarget<T>): TenantRepository<T> {
    const organisationId = this.scope.organisationId;
    if (!organisationId) throw new ForbiddenError('This operation needs an organisation (X-Organisation header)');
    return new TenantRepository(
      () => this.queryRunner().then((runner) => runner.manager),
      target,
      organisationId,
      () => this.wrote(),
    );
  }

  /**
   * The door for writing rows no organisation owns (users, organisations): insert and update by
   * id, under row-level security alone. A tenant entity is refused: its writes take {@link RequestDb.repo}.
   */
  globalRepo<T extends ObjectLiteral & { id: string }>(target: EntityTarget<T>): GlobalRepository<T> {
    const metadata = this.metadata(target);
    if (isTenantEntity(metadata)) throw new Error(`${metadata.name} belongs to an organisation: write it through repo()`);
    return new GlobalRepository(
      () => this.queryRunner().then((runner) => runner.manager),
      target,
      () => this.wrote(),
    );
  }

  /**
   * Records that the lookup given to {@link openWith} has set the transaction's organisation
   * (with set_config, in the same statement) to `organisationId`.
   */
  scopedTo(organisationId: string): void {
    this.scope = { ...this.scope, organisationId };
  }

  /**
   * Lets the transaction see, create and update the one account whose email is `email` (see the
   * users policies), until it ends or the savepoint around this call rolls back: for signing up,
   * signing in and adding a member by the email the caller typed. Call it inside
   * {@link RequestDb.transaction}, so that a failure forgets the name again.
   */
  async nameUser(email: string): Promise<void> {
    await this.query('name the user', `SELECT set_config('${USER_EMAIL_SETTING}', $1, true)`, [email.trim().toLowerCase()]);
  }

  /**
   * Switches the transaction to another organisation: only for creating one, whose creator has no
   * membership yet, in a request that acts for no organisation (one request acts for one
   * organisation: a request that already does could otherwise write into the new one with the
   * role it holds in the other). Everything after this runs under the new organisation's
   * row-level security.
   */
  async actFor(organisationId: string): Promise<void> {
    if (this.scope.organisationId) throw new Error('A request that acts for an organisation cannot switch to another');
    this.scope = { ...this.scope, organisationId };
    if (this.connection) {
      await this.query('act for the new organisation', "SELECT set_config('app.organisation_id', $1, true)", [organisationId]);
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
        // First, before any row lock of the caller's: what it runs (the event log's counter lock)
        // orders the organisation's writers, which only holds if nothing is locked before it.
        await organisationWriteStart(this.dataSource)((sql, params) => runner.query(sql, params), this.scope.organisationId);
      }
      const result = await work();
      await runner.commitTransaction();
      return result;
    } catch (error) {
      await runner.rollbackTransaction();
      // The savepoint undid the settings and rows; undo what this object (and its readers) remembered of them too.
      this.wrote();
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
    if (commit && this.connection) {
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
    const pending = this.connection;
    this.connection = undefined;
    if (!pending) return;
    let runner: QueryRunner;
    try {
      ({ runner } = await pending);
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
