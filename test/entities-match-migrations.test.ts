import type { DataSource, EntityMetadata } from 'typeorm';
import { createDataSource } from '../src/db/data-source';
import { entities } from '../src/features';
import { createTestDatabase, type TestDatabase } from './support/test-database';

// The migrations (hand-written SQL) are the schema; the entities must describe it, or
// `migration:generate` proposes to undo it (and `schema:log` misleads). In embedded mode the same
// `pg` driver reads PGlite's catalogue over pglite-socket, so both modes check the same thing.

let database: TestDatabase;
let dataSource: DataSource;

beforeAll(async () => {
  database = await createTestDatabase();
  dataSource = createDataSource({ entities, url: database.url, poolSize: 1, sharedSession: database.sharedSession });
  await dataSource.initialize();
});

afterAll(async () => {
  await dataSource?.destroy();
  await database?.drop();
});

describe('the entities', () => {
  it('leave the schema builder (migration:generate, schema:log) nothing to change in a migrated database', async () => {
    const { upQueries } = await dataSource.driver.createSchemaBuilder().log();
    expect(upQueries.map((query) => query.query)).toEqual([]);
  });

  // The builder matches checks, indexes and keys by name alone: this says the rest is right too, so
  // a migration generated from the entities builds what the migrations built. Expected: the
  // entities; received: the database.
  it('name the keys, checks and indexes the migrations made, with their columns, expressions and predicates', async () => {
    const metadatas = dataSource.entityMetadatas;
    const entitiesSay = Object.fromEntries(metadatas.map((metadata) => [metadata.tableName, described(metadata)]));
    expect(await catalogue(dataSource, metadatas)).toEqual(entitiesSay);
  });
});

const ON_DELETE: Record<string, string> = { a: 'NO ACTION', r: 'RESTRICT', c: 'CASCADE', n: 'SET NULL', d: 'SET DEFAULT' };
const LEFT_ALONE = 'index left to the migrations';

/** Each constraint and index of the entity by name, worded as {@link catalogue} words the database's. */
function described(metadata: EntityMetadata): Record<string, string> {
  const columns = (list: { databaseName: string }[]) => list.map((column) => column.databaseName).join(', ');
  const primary = metadata.primaryColumns.map((column) => column.databaseName);
  return Object.fromEntries([
    [metadata.dataSource.namingStrategy.primaryKeyName(metadata.tableName, primary), `primary key (${primary.join(', ')})`],
    ...metadata.checks.map((check) => [check.name, `check ${check.expression}`]),
    ...metadata.uniques.map((unique) => [unique.name, `unique (${columns(unique.columns)})${unique.deferrable ? ` deferrable ${unique.deferrable}` : ''}`]),
    ...metadata.foreignKeys.map((key) => [
      key.name,
      `foreign key (${key.columnNames.join(', ')}) references ${key.referencedTablePath} (${key.referencedColumnNames.join(', ')}) on delete ${key.onDelete}`,
    ]),
    // What TypeORM cannot say (expressions, DESC) is the migrations' alone: only its name is checked.
    ...metadata.indices.map((index) => [
      index.name,
      index.synchronize ? `${index.isUnique ? 'unique ' : ''}index (${columns(index.columns)})${index.where ? ` where ${index.where}` : ''}` : LEFT_ALONE,
    ]),
  ]);
}

interface ConstraintRow {
  table: string;
  name: string;
  kind: string;
  definition: string;
  columns: string[];
  referenced: string | null;
  referenced_columns: string[];
  on_delete: string;
  deferrable: boolean;
  deferred: boolean;
}

interface IndexRow {
  table: string;
  name: string;
  unique: boolean;
  predicate: string | null;
  columns: string[];
}

/** Each entity table's constraints and indexes by name, from PostgreSQL's catalogue. */
async function catalogue(db: DataSource, metadatas: readonly EntityMetadata[]): Promise<Record<string, Record<string, string>>> {
  const tables = metadatas.map((metadata) => metadata.tableName);
  const ordered = (keys: string, table: string) =>
    `array(SELECT a.attname::text FROM unnest(${keys}) WITH ORDINALITY k(attnum, i) JOIN pg_attribute a ON a.attrelid = ${table} AND a.attnum = k.attnum ORDER BY k.i)`;
  const constraints: ConstraintRow[] = await db.query(
    `SELECT t.relname AS table, c.conname AS name, c.contype AS kind, pg_get_constraintdef(c.oid) AS definition,
            ${ordered('c.conkey', 'c.conrelid')} AS columns, c.confrelid::regclass::text AS referenced,
            ${ordered('c.confkey', 'c.confrelid')} AS referenced_columns,
            c.confdeltype AS on_delete, c.condeferrable AS deferrable, c.condeferred AS deferred
       FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid
      -- PostgreSQL 18 (PGlite) records NOT NULL as constraints too; the builder compares nullability.
      WHERE t.relnamespace = 'public'::regnamespace AND t.relname = ANY($1) AND c.contype <> 'n'`,
    [tables],
  );
  const indexes: IndexRow[] = await db.query(
    `SELECT t.relname AS table, i.relname AS name, x.indisunique AS unique, pg_get_expr(x.indpred, x.indrelid) AS predicate,
            array(SELECT coalesce(a.attname::text, '(expression)') || CASE WHEN k.option & 1 = 1 THEN ' DESC' ELSE '' END
                    FROM unnest(x.indkey::int2[], x.indoption::int2[]) WITH ORDINALITY k(attnum, option, i)
                    LEFT JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.attnum ORDER BY k.i) AS columns
       FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
      WHERE t.relnamespace = 'public'::regnamespace AND t.relname = ANY($1)
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid AND c.conrelid = x.indrelid)`,
    [tables],
  );
  const leftAlone = new Set(metadatas.flatMap((metadata) => metadata.indices.filter((index) => !index.synchronize).map((index) => index.name)));
  const byTable: Record<string, Record<string, string>> = Object.fromEntries(tables.map((table) => [table, {}]));
  for (const row of constraints) byTable[row.table]![row.name] = constraintDescription(row);
  for (const row of indexes) {
    byTable[row.table]![row.name] = leftAlone.has(row.name)
      ? LEFT_ALONE
      : `${row.unique ? 'unique ' : ''}index (${row.columns.join(', ')})${row.predicate ? ` where ${row.predicate}` : ''}`;
  }
  return byTable;
}

function constraintDescription(row: ConstraintRow): string {
  const columns = row.columns.join(', ');
  switch (row.kind) {
    case 'p':
      return `primary key (${columns})`;
    case 'c':
      return `check ${row.definition.replace(/^CHECK \((.*)\)$/, '$1')}`;
    case 'u':
      return `unique (${columns})${row.deferrable ? ` deferrable ${row.deferred ? 'INITIALLY DEFERRED' : 'INITIALLY IMMEDIATE'}` : ''}`;
    case 'f':
      return `foreign key (${columns}) references ${row.referenced} (${row.referenced_columns.join(', ')}) on delete ${ON_DELETE[row.on_delete]}`;
    default:
      return row.definition;
  }
}
