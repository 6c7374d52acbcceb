import DataLoader from 'dataloader';
import type { GraphQLResolveInfo } from 'graphql';
import type { ObjectLiteral } from 'typeorm';
import { byKey, PeekableLoader } from '../common/loader-utils';
import { toPage, type Page } from '../common/pagination';
import { entityRead, readStatement, tenantOf } from '../db/entity-read';
import type { RequestDb } from '../db/request-db';
import { isTenantEntity, type TenantEntity } from '../db/tenant-entity';
import { keysetPage, type PageOptions } from './pages';
import { NO_PLAN, planBelow, type PlanNode, type ReadPlan } from './read-plan';
import type { Class, Relation, ResultOf, SourceOf } from './relations';
import { countRead, rowsRead, type RowsOptions } from './row-reads';
import { relationRead, rowsWithIds, SOURCE, type RowSet } from './row-sets';
import type { Where } from './where';

/** A per-request batch declared by a feature (see batched.ts). */
export interface Batched<K, V> {
  readonly name: string;
  readonly load: (read: Reader, db: RequestDb, keys: readonly K[]) => Promise<readonly (V | Error)[]>;
}

/** Primes the loaders with what a read ahead found, for the sources it was read for (a page's ids). */
export type Prime = (sourceIds: readonly string[]) => void;

/** The selection paths from a connection to its nodes. */
export const CONNECTION_NODES: readonly (readonly string[])[] = [['nodes'], ['edges', 'node']];

type Row = ObjectLiteral & { id: string };

/** One relation's rows, read for a set of sources, with the levels read below them in the same round trip. */
interface Level {
  readonly relation: Relation;
  readonly rows: readonly Row[];
  /** The source of each row, by index. */
  readonly sources: readonly string[];
  readonly below: readonly Level[];
}

/**
 * A request's reads: the one door for reading rows (by id, by declared relation, by declared
 * batch, by filter, by page), batched per turn of the event loop into one round trip (see
 * src/db/read-batch.ts). Everything read is a plain entity instance (see `entityRead`); loaders
 * are per request, so batches never cross requests or tenants, and every write of the request
 * forgets them. Tenant rows are always the request's organisation's (`organisation_id = $1`, from
 * the request), with row-level security behind.
 */
export class Reader {
  private readonly byIdLoaders = new Map<Function, PeekableLoader<string, Row | null>>();
  private readonly relationLoaders = new Map<Relation, PeekableLoader<string, unknown>>();
  private readonly aheadLoaders = new Map<string, DataLoader<string, unknown>>();
  private readonly batches = new Map<Batched<unknown, unknown>, DataLoader<unknown, unknown>>();

  constructor(private readonly db: RequestDb) {
    db.onWrite(() => this.forget());
  }

  /** The row of `target` with this id (the request's organisation's, for tenant rows), or null; at once when already read. */
  byId<T>(target: Class<T>, id: string): T | null | Promise<T | null> {
    return this.byIdLoader(target).get(id) as T | null | Promise<T | null>;
  }

  byIds<T>(target: Class<T>, ids: readonly string[]): Promise<(T | null)[]> {
    return Promise.all(ids.map((id) => this.byId(target, id)));
  }

  /**
   * What `relation` gives for `source`. Given the resolver's `info`, the relations the selection
   * asks for below are read in the same round trip as this one and primed, so the next levels
   * resolve without reading.
   */
  load<R extends Relation>(relation: R, source: SourceOf<R>, info?: GraphQLResolveInfo): ResultOf<R> | Promise<ResultOf<R>> {
    if (relation.kind === 'belongsTo') {
      const key = (source as Record<string, unknown>)[relation.key] as string | null;
      const found = key === null || key === undefined ? null : this.byId(relation.target as Class<Row>, key);
      return (relation.required ? present(found, relation.name) : found) as ResultOf<R> | Promise<ResultOf<R>>;
    }
    const { id } = source as { id: string };
    const loader = this.relationLoader(relation);
    const plan = info && !loader.has(id) ? planBelow(info) : NO_PLAN;
    if (plan === NO_PLAN) return loader.get(id) as ResultOf<R> | Promise<ResultOf<R>>;
    return this.aheadLoader(relation, plan).load(id) as Promise<ResultOf<R>>;
  }

  /** What `relation` holds or is loading for this source id; undefined when nothing asked for it yet. */
  loading<R extends Relation>(relation: R, sourceId: string): Promise<ResultOf<R>> | undefined {
    const loader = this.relationLoaders.get(relation);
    return loader?.has(sourceId) ? (Promise.resolve(loader.get(sourceId)) as Promise<ResultOf<R>>) : undefined;
  }

  /**
   * The rows of `target` matching `where` (equality on properties; an array means any of its
   * values, null IS NULL), in `order`, at most `limit`. Read afresh each call (nothing is kept, so
   * a read after a write sees it), in the round trip of the turn's other reads.
   */
  async rows<T>(target: Class<T>, options: RowsOptions<T> = {}): Promise<T[]> {
    const { read, statement, values } = rowsRead(this.db, target, options);
    return read.toEntities<T>(await this.db.read(statement, values));
  }

  /** How many rows of `target` match `where` (as {@link Reader.rows} filters); read as `rows` is. */
  async count<T>(target: Class<T>, where: Where<T> = {}): Promise<number> {
    const { statement, values } = countRead(this.db, target, where);
    const [row] = await this.db.read<{ n: number }>(statement, values);
    return row?.n ?? 0;
  }

  /**
   * A keyset page of the organisation's rows of `target`, oldest first unless `newestFirst` (see `keysetPage`): given
   * the resolver's `info`, what the selection asks of the page's nodes is read in the page's own
   * round trip and primed. `totalCount` counts the rows matching `where`, only when asked for.
   * A malformed `after` is BAD_USER_INPUT, before anything is read.
   */
  async page<T extends TenantEntity>(target: Class<T>, options: PageOptions<T>, info?: GraphQLResolveInfo): Promise<Page<T>> {
    const page = keysetPage(this.db, target, options);
    const [found, prime] = await Promise.all([page.read(), info ? this.ahead(info, page.rows) : undefined]);
    const nodes = found.rows.slice(0, options.first);
    prime?.(nodes.map((row) => row.id));
    return toPage(found.rows, options, found.cursorOf, () => this.count(target, options.where));
  }

  /** The request's loader of a declared batch. */
  batch<K, V>(batched: Batched<K, V>): DataLoader<K, V> {
    let loader = this.batches.get(batched as Batched<unknown, unknown>) as DataLoader<K, V> | undefined;
    if (!loader) {
      loader = new DataLoader<K, V>((keys) => batched.load(this, this.db, keys));
      this.batches.set(batched as Batched<unknown, unknown>, loader as DataLoader<unknown, unknown>);
    }
    return loader;
  }

  /**
   * Reads, in the current turn (so in the round trip of a read issued beside it), the relations
   * the selection asks for below `rows` (a page not read yet, as SQL), along `paths` (a
   * connection's nodes by default). Resolves to what primes the loaders for the rows' ids, once
   * they are known.
   */
  ahead(info: GraphQLResolveInfo, rows: RowSet, paths: readonly (readonly string[])[] = CONNECTION_NODES): Promise<Prime> {
    const levels = this.issueAll(planBelow(info, paths).nodes, rows);
    return levels.then((found) => (sourceIds) => found.forEach((level) => this.prime(level, sourceIds)));
  }

  /** Hands out `row` for its id from now on (until the next write): for a row the request can no longer read. */
  remember<T extends { id: string }>(target: Class<T>, row: T): void {
    this.byIdLoader(target).clear(row.id).prime(row.id, row);
  }

  /** Drops everything read: after a write, a later read of the request sees the change. */
  forget(): void {
    this.byIdLoaders.clear();
    this.relationLoaders.clear();
    this.aheadLoaders.clear();
    this.batches.clear();
  }

  private byIdLoader(target: Function): PeekableLoader<string, Row | null> {
    let loader = this.byIdLoaders.get(target);
    if (!loader) {
      loader = new PeekableLoader(async (ids) => {
        const read = entityRead(this.db, target);
        const { metadata } = read;
        // Organisations and users are no tenant's rows: row-level security alone decides which the request sees.
        const tenant = isTenantEntity(metadata);
        const sql = readStatement('byId', [read], () =>
          tenant
            ? `SELECT ${read.select()} FROM "${metadata.tableName}" WHERE organisation_id = $1 AND id = ANY($2::uuid[])`
            : `SELECT ${read.select()} FROM "${metadata.tableName}" WHERE id = ANY($1::uuid[])`,
        );
        const rows = await this.db.read(sql, tenant ? [tenantOf(this.db), [...ids]] : [[...ids]]);
        return byKey(ids, read.toEntities<Row>(rows), (row) => row.id);
      });
      this.byIdLoaders.set(target, loader);
    }
    return loader;
  }

  private relationLoader(relation: Relation): PeekableLoader<string, unknown> {
    let loader = this.relationLoaders.get(relation);
    if (!loader) {
      loader = new PeekableLoader((ids) => this.readFor(relation, NO_PLAN, ids));
      this.relationLoaders.set(relation, loader);
    }
    return loader;
  }

  /** Loads a relation with `plan` read below it; what it reads lands in the relation's own loader. */
  private aheadLoader(relation: Relation, plan: ReadPlan): DataLoader<string, unknown> {
    const key = `${relation.name}:${plan.key}`;
    let loader = this.aheadLoaders.get(key);
    if (!loader) {
      loader = new DataLoader(
        async (ids) => {
          const values = await this.readFor(relation, plan, ids);
          const loaded = this.relationLoader(relation);
          ids.forEach((id, index) => loaded.prime(id, values[index]));
          return values;
        },
        { cache: false },
      );
      this.aheadLoaders.set(key, loader);
    }
    return loader;
  }

  /** `relation` for these source ids, one value per id, priming what `plan` read below. */
  private async readFor(relation: Relation, plan: ReadPlan, ids: readonly string[]): Promise<unknown[]> {
    const level = await this.issue({ relation, below: plan.nodes }, rowsWithIds(this.db, this.db.metadata(relation.source), ids));
    const ofRows = uniqueIds(level.rows);
    for (const below of level.below) this.prime(below, ofRows);
    return valuesFor(level, ids);
  }

  private issueAll(nodes: readonly PlanNode[], sources: RowSet): Promise<Level[]> {
    return Promise.all(nodes.filter((node) => this.canReadAhead(node.relation, sources)).map((node) => this.issue(node, sources)));
  }

  /** Only tenant rows are read ahead (keyed by the organisation), and a key must be a column of the rows it starts from. */
  private canReadAhead(relation: Relation, sources: RowSet): boolean {
    if (!isTenantEntity(this.db.metadata(relation.target))) return false;
    return relation.kind !== 'belongsTo' || sources.metadata.findColumnWithPropertyName(relation.key) !== undefined;
  }

  /** Sends `node`'s read and, in the same turn, the reads of every level below it. */
  private issue(node: PlanNode, sources: RowSet): Promise<Level> {
    const read = relationRead(this.db, node.relation, sources);
    const rows = this.db.read<Record<string, unknown>>(read.statement, read.values);
    const below = this.issueAll(node.below, read.rows);
    return Promise.all([rows, below]).then(([found, levels]) => {
      const sourceIds = found.map((row) => read.sourceOf(row));
      if (node.relation.kind === 'through') for (const row of found) delete row[SOURCE];
      return { relation: node.relation, rows: read.read.toEntities<Row>(found), sources: sourceIds, below: levels };
    });
  }

  /** Primes the loaders with a level read for `sourceIds` (never over what they already hold), then the levels below. */
  private prime(level: Level, sourceIds: readonly string[]): void {
    if (level.relation.kind === 'belongsTo') {
      const loader = this.byIdLoader(level.relation.target);
      for (const row of level.rows) loader.prime(row.id, row);
    } else {
      const loader = this.relationLoader(level.relation);
      valuesFor(level, sourceIds).forEach((value, index) => loader.prime(sourceIds[index]!, value));
    }
    const ids = uniqueIds(level.rows);
    for (const below of level.below) this.prime(below, ids);
  }
}

/** A list relation's value for each source id, from a level's rows (which keep their order). */
function valuesFor(level: Level, sourceIds: readonly string[]): unknown[] {
  const groups = new Map<string, Row[]>();
  level.rows.forEach((row, index) => {
    const source = level.sources[index]!;
    const group = groups.get(source);
    if (group) group.push(row);
    else groups.set(source, [row]);
  });
  return sourceIds.map((id) => groups.get(id) ?? []);
}

function uniqueIds(rows: readonly Row[]): string[] {
  return [...new Set(rows.map((row) => row.id))];
}

/** A required row: a missing one is a server error (masked as such), never a null handed to the client. */
function present<T>(found: T | null | Promise<T | null>, what: string): T | Promise<T> {
  const check = (value: T | null): T => {
    if (value === null) throw new Error(`${what} is missing`);
    return value;
  };
  return found instanceof Promise ? found.then(check) : check(found);
}
