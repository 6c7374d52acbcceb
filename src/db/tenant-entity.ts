import { Column, CreateDateColumn, PrimaryColumn, type EntityMetadata } from 'typeorm';
import { toGlobalId } from '../common/global-id';
import { Reads } from './column-plan';

/**
 * Every tenant row: a time-ordered (UUIDv7) id inside a composite primary key led by the organisation.
 * Foreign keys between tenant tables are composite `(organisation_id, x_id)` in the migrations, so a
 * row can never point into another organisation. Relations are plain id columns resolved through
 * per-request DataLoaders, never TypeORM relations.
 */
export abstract class TenantEntity {
  @PrimaryColumn('uuid', { name: 'organisation_id' })
  organisationId!: string;

  @PrimaryColumn('uuid', { name: 'id', default: () => 'uuid_v7()' })
  id!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  /** The GraphQL `id` of classes that implement Node: the class name is the node type. Overrides read only the id too. */
  @Reads()
  get globalId(): string {
    return toGlobalId(this.constructor.name, this.id);
  }
}

/** A tenant row that clients edit with optimistic concurrency (`expectedVersion`). */
export abstract class VersionedTenantEntity extends TenantEntity {
  @Column('int', { name: 'version', default: 1 })
  version!: number;
}

/** Whether rows of this entity belong to an organisation (carry organisation_id). */
export function isTenantEntity(metadata: EntityMetadata): boolean {
  return metadata.findColumnWithPropertyName('organisationId') !== undefined;
}
