import type { PoolClient } from 'pg';
import type { DataSource, QueryRunner } from 'typeorm';
import { markTransactionOpened, serialiseQueries } from '../../src/adapters/typeorm';
import { createDataSource } from '../../src/db/data-source';
import { Organisation } from '../../src/modules/organisations/organisation.entity';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { entities } from '../../src/features';

// What src/adapters/typeorm.ts relies on of TypeORM's private state, checked against the installed
// TypeORM and a real database: an upgrade that changes it fails here, not in production.

let database: TestDatabase;
let dataSource: DataSource;

beforeAll(async () => {
  database = await createTestDatabase();
  dataSource = createDataSource({ entities, url: database.url, poolSize: database.poolSize, sharedSession: database.sharedSession });
  await dataSource.initialize();
  await dataSource.query('CREATE TABLE adapter_probe (n int NOT NULL)');
});

afterAll(async () => {
  await dataSource?.destroy();
  await database?.drop();
});

/** `work` on a connected runner, released (and its transaction rolled back if left open) after. */
async function withRunner(work: (runner: QueryRunner, client: PoolClient) => Promise<void>): Promise<void> {
  const runner = dataSource.createQueryRunner();
  const client = (await runner.connect()) as PoolClient;
  try {
    await work(runner, client);
  } finally {
    if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
    await runner.release();
  }
}

/** The transaction state as TypeORM itself reads it (transactionDepth is protected). */
function transactionState(runner: QueryRunner): { isTransactionActive: unknown; transactionDepth: unknown } {
  const { isTransactionActive, transactionDepth } = runner as unknown as Record<string, unknown>;
  return { isTransactionActive, transactionDepth };
}

async function probe(from: { query(sql: string, params: unknown[]): Promise<{ n: number }[]> }, low: number, high: number): Promise<number[]> {
  const rows = await from.query('SELECT n FROM adapter_probe WHERE n BETWEEN $1 AND $2 ORDER BY n', [low, high]);
  return rows.map((row) => row.n);
}

describe('markTransactionOpened', () => {
  it('writes the state TypeORM keeps for its own transactions, where it keeps it', async () => {
    await withRunner(async (runner) => {
      expect(transactionState(runner)).toEqual({ isTransactionActive: false, transactionDepth: 0 });
      await runner.startTransaction();
      const afterStart = transactionState(runner);
      expect(afterStart).toEqual({ isTransactionActive: true, transactionDepth: 1 });
      await runner.startTransaction();
      expect(transactionState(runner)).toEqual({ isTransactionActive: true, transactionDepth: 2 });
      await runner.rollbackTransaction();
      await runner.commitTransaction();
      expect(transactionState(runner)).toEqual({ isTransactionActive: false, transactionDepth: 0 });

      await runner.query('START TRANSACTION');
      markTransactionOpened(runner);
      expect(transactionState(runner)).toEqual(afterStart);
    });
  });

  it('lets savepoints, commit and rollback work on a transaction opened on the connection', async () => {
    await withRunner(async (runner, client) => {
      await client.query('START TRANSACTION');
      markTransactionOpened(runner);
      await runner.query('INSERT INTO adapter_probe VALUES (1)');

      // Nested: a savepoint, rolled back alone.
      await runner.startTransaction();
      expect(transactionState(runner)).toEqual({ isTransactionActive: true, transactionDepth: 2 });
      await runner.query('INSERT INTO adapter_probe VALUES (2)');
      await runner.rollbackTransaction();
      expect(transactionState(runner)).toEqual({ isTransactionActive: true, transactionDepth: 1 });

      // Nested again: a savepoint, released.
      await runner.startTransaction();
      await runner.query('INSERT INTO adapter_probe VALUES (3)');
      await runner.commitTransaction();
      expect(await probe(runner, 1, 9)).toEqual([1, 3]);

      await runner.commitTransaction();
      expect(transactionState(runner)).toEqual({ isTransactionActive: false, transactionDepth: 0 });
    });
    // Committed: another connection sees it.
    expect(await probe(dataSource, 1, 9)).toEqual([1, 3]);
  });

  it('lets rollback end a transaction opened on the connection', async () => {
    await withRunner(async (runner, client) => {
      await client.query('START TRANSACTION');
      markTransactionOpened(runner);
      await runner.query('INSERT INTO adapter_probe VALUES (10)');
      await runner.rollbackTransaction();
      expect(transactionState(runner)).toEqual({ isTransactionActive: false, transactionDepth: 0 });
      const [{ status }] = (await client.query<{ status: string }>("SELECT CASE WHEN txid_current_if_assigned() IS NULL THEN 'idle' ELSE 'in transaction' END AS status")).rows as [
        { status: string },
      ];
      expect(status).toBe('idle');
    });
    expect(await probe(dataSource, 10, 19)).toEqual([]);
  });
});

describe('serialiseQueries', () => {
  it("sends the statements of the runner's manager, repositories, query builders and transactions through the queue", async () => {
    await withRunner(async (runner) => {
      let queued = 0;
      serialiseQueries(runner, (work) => {
        queued += 1;
        return work();
      });
      const through = async <T>(work: () => Promise<T>): Promise<{ result: T; queued: number }> => {
        const before = queued;
        const result = await work();
        return { result, queued: queued - before };
      };

      expect(await through(() => runner.query('SELECT 1 AS one'))).toEqual({ result: [{ one: 1 }], queued: 1 });
      expect(await through(() => runner.manager.query('SELECT 2 AS two'))).toEqual({ result: [{ two: 2 }], queued: 1 });
      expect(await through(() => runner.manager.getRepository(Organisation).count())).toEqual({ result: 0, queued: 1 });
      expect(await through(() => runner.manager.find(Organisation, { take: 1 }))).toEqual({ result: [], queued: 1 });
      expect(await through(() => runner.manager.createQueryBuilder(Organisation, 'o').select('count(*)::int', 'n').getRawOne())).toEqual({ result: { n: 0 }, queued: 1 });

      // START TRANSACTION, SAVEPOINT, the insert, RELEASE SAVEPOINT, ROLLBACK: all through the queue.
      const transaction = await through(async () => {
        await runner.startTransaction();
        await runner.startTransaction();
        await runner.manager.insert(Organisation, { id: '00000000-0000-4000-8000-000000000001', slug: 'probe', name: 'Probe' });
        await runner.commitTransaction();
        await runner.rollbackTransaction();
      });
      expect(transaction.queued).toBe(5);
    });
    expect(await dataSource.getRepository(Organisation).count()).toBe(0);
  });

  it('runs concurrent statements one at a time, in the order they were sent', async () => {
    await withRunner(async (runner) => {
      let tail: Promise<unknown> = Promise.resolve();
      let running = 0;
      let most = 0;
      serialiseQueries(runner, (work) => {
        const result = tail.then(async () => {
          most = Math.max(most, (running += 1));
          try {
            return await work();
          } finally {
            running -= 1;
          }
        });
        tail = result.catch(() => undefined);
        return result;
      });
      const answers = await Promise.all([1, 2, 3].map((n) => runner.manager.query('SELECT $1::int AS n, pg_sleep(0.02)', [n])));
      expect(answers.map(([row]) => (row as { n: number }).n)).toEqual([1, 2, 3]);
      expect(most).toBe(1);
    });
  });
});
