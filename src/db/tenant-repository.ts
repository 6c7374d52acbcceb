import { staleVersionError } from '../common/changes';
import { NotFoundError } from '../errors';
import type { EntityManager, EntityTarget, FindOptionsWhere, ObjectLiteral } from 'typeorm';

type Where<T> = FindOptionsWhere<T> | FindOptionsWhere<T>[];

/** Values a caller may insert: everything but the organisation, which the repository stamps. */
export type TenantInsert<T> = Omit<Partial<T>, 'organisationId' | 'createdAt' | 'globalId'>;

function refuseOrganisation(values: object): void {
  if ('organisationId' in values) {
    throw new Error('Tenant repositories stamp organisationId themselves; do not pass one');
  }
}

/**
 * A repository bound to one organisation (Twenty's workspace-scoped repository): it merges the
 * organisation into every `where`, stamps it on every insert and refuses a caller-supplied one.
 * Row-level security is the second wall behind it. It is the door for writes, and for the one read
 * that is part of a write (the row locked FOR UPDATE); every other read goes through the request's
 * reader (src/read/reader.ts), which hands out one kind of value.
 */
export class TenantRepository<T extends ObjectLiteral & { organisationId: string }> {
  constructor(
    private readonly manager: () => Promise<EntityManager>,
    private readonly target: EntityTarget<T>,
    private readonly organisationId: string,
    /** Told before every write (and lock), so the request's readers forget what they read. */
    private readonly wrote: () => void = () => undefined,
  ) {}

  /** The manager, for a write: the request's reads are forgotten first. */
  private async writer(): Promise<EntityManager> {
    this.wrote();
    return this.manager();
  }

  private scope(where: Where<T> | undefined): Where<T> {
    const org = { organisationId: this.organisationId } as FindOptionsWhere<T>;
    if (where === undefined) return org;
    if (Array.isArray(where)) {
      where.forEach(refuseOrganisation);
      return where.map((w) => ({ ...w, ...org }));
    }
    refuseOrganisation(where);
    return { ...where, ...org };
  }

  /** The row with this id as the transaction now sees it (after a write of its own), or null. */
  private async current(id: string): Promise<T | null> {
    const manager = await this.manager();
    return manager.findOne(this.target, { where: this.scope({ id } as unknown as FindOptionsWhere<T>) });
  }

  /**
   * The row with this id, locked FOR UPDATE until the transaction ends, so what the caller checks
   * is what it writes against; null when it is missing or another organisation's. Only meaningful
   * inside a transaction.
   */
  async findOneForUpdate(id: string): Promise<T | null> {
    const manager = await this.writer();
    return manager
      .createQueryBuilder(this.target, 'locked')
      .where('locked.organisationId = :tenantOrganisationId AND locked.id = :id', { tenantOrganisationId: this.organisationId, id })
      .setLock('pessimistic_write')
      .getOne();
  }

  /** Inserts one row stamped with the organisation and returns it as the database has it. */
  async insert(values: TenantInsert<T>): Promise<T> {
    refuseOrganisation(values);
    const manager = await this.writer();
    const entity = manager.create(this.target, { ...values, organisationId: this.organisationId } as unknown as T);
    return manager.save(this.target, entity);
  }

  /** Inserts many rows in one statement; returns nothing (read them back through a loader). */
  async insertMany(rows: TenantInsert<T>[]): Promise<void> {
    if (rows.length === 0) return;
    rows.forEach(refuseOrganisation);
    const manager = await this.writer();
    const values = rows.map((row) => ({ ...row, organisationId: this.organisationId }));
    await manager
      .createQueryBuilder()
      .insert()
      .into(this.target)
      .values(values as never)
      .execute();
  }

  /** Updates the rows matching `where` in this organisation; returns how many changed. */
  async update(where: FindOptionsWhere<T>, patch: TenantInsert<T>): Promise<number> {
    refuseOrganisation(patch);
    const manager = await this.writer();
    const result = await manager.update(this.target, this.scope(where) as FindOptionsWhere<T>, patch as never);
    return result.affected ?? 0;
  }

  /**
   * Optimistic concurrency: applies `patch` only if the row is still at `expectedVersion`, as one
   * `UPDATE ... WHERE version = $n` (TypeORM's save() never checks versions), bumps the version,
   * and returns the row as it is now. Zero rows: NOT_FOUND when the row is missing, CONFLICT when
   * someone changed it first.
   */
  async updateVersioned(id: string, expectedVersion: number, patch: TenantInsert<T>): Promise<T> {
    refuseOrganisation(patch);
    const manager = await this.writer();
    const result = await manager
      .createQueryBuilder()
      .update(this.target)
      .set({ ...patch, version: () => 'version + 1' } as never)
      .where('organisation_id = :organisationId AND id = :id AND version = :expectedVersion', {
        organisationId: this.organisationId,
        id,
        expectedVersion,
      })
      .execute();
    const current = await this.current(id);
    if (!current) throw new NotFoundError();
    if (!result.affected) throw staleVersionError(current.version, expectedVersion);
    return current;
  }

  async delete(where: FindOptionsWhere<T>): Promise<number> {
    const manager = await this.writer();
    const result = await manager.delete(this.target, this.scope(where) as FindOptionsWhere<T>);
    return result.affected ?? 0;
  }
}
