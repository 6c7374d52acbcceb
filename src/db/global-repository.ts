import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

/** Values a caller may write: the columns, never the GraphQL id. */
export type GlobalValues<T> = Omit<Partial<T>, 'globalId'>;

/**
 * The narrow door for writing the rows no organisation owns (users, organisations): one insert,
 * one update by id, nothing else. No organisation is stamped or merged here; row-level security
 * alone decides which of these rows a request may write (see the users and organisations
 * policies), so a caller first sets the transaction up for the row it writes (`nameUser`,
 * `actFor`). Reads go through the reader, like every read.
 */
export class GlobalRepository<T extends ObjectLiteral & { id: string }> {
  constructor(
    private readonly manager: () => Promise<EntityManager>,
    private readonly target: EntityTarget<T>,
    /** Told before every write, so the request's readers forget what they read. */
    private readonly wrote: () => void,
  ) {}

  private async writer(): Promise<EntityManager> {
    this.wrote();
    return this.manager();
  }

  /**
   * Inserts one row (one INSERT, never save()'s read first) and returns it as an entity instance
   * with what the database filled in (id, created_at); columns no read hands out (`select: false`,
   * a password hash) are left off it.
   */
  async insert(values: GlobalValues<T>): Promise<T> {
    const manager = await this.writer();
    const result = await manager.insert(this.target, values as never);
    const row: Record<string, unknown> = { ...values, ...result.generatedMaps[0] };
    const { columns } = manager.connection.getMetadata(this.target);
    for (const column of columns) if (!column.isSelect) delete row[column.propertyName];
    return manager.create(this.target, row as never) as unknown as T;
  }

  /** Updates the row with this id (if the request may); returns how many rows changed (0 or 1). */
  async update(id: string, patch: GlobalValues<T>): Promise<number> {
    const manager = await this.writer();
    const result = await manager.update(this.target, { id } as never, patch as never);
    return result.affected ?? 0;
  }
}
