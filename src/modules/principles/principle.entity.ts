import { Check, Column, Entity, ForeignKey, Index, Unique, UpdateDateColumn } from 'typeorm';
import { Field, Int, ObjectType } from 'type-graphql';
import { Node } from '../../common/node';
import { Reads } from '../../db/column-plan';
import { VersionedTenantEntity } from '../../db/tenant-entity';
import { Organisation } from '../organisations/organisation.entity';

/**
 * A statement the partners agree to work by; ordered by position. Every change of its wording
 * raises its version, and agreements given to an earlier version no longer count.
 */
@ObjectType({ implements: Node })
@Entity('principles')
@ForeignKey(() => Organisation, ['organisationId'], ['id'], { name: 'principles_organisation_id_fkey', onDelete: 'CASCADE' })
@Unique('principles_set_key_key', ['organisationId', 'setKey'])
@Index('principles_position_idx', ['organisationId', 'position'])
export class Principle extends VersionedTenantEntity {
  @Field()
  @Check('principles_title_check', '(char_length(title) <= 200)')
  @Column('text')
  title!: string;

  @Field(() => String, { nullable: true })
  @Check('principles_description_check', '(char_length(description) <= 10000)')
  @Column('text', { nullable: true })
  description!: string | null;

  @Field(() => Int)
  @Column('int')
  position!: number;

  @Field(() => String, { nullable: true })
  @Check('principles_source_check', '(char_length(source) <= 200)')
  @Column('text', { nullable: true })
  source!: string | null;

  /** Which ready-made principle this row was adopted as (e.g. 'TUC_SIX_PRINCIPLES:1'); unique per organisation. */
  @Check('principles_set_key_check', '(char_length(set_key) <= 200)')
  @Column('text', { name: 'set_key', nullable: true })
  setKey!: string | null;

  @Reads()
  @Field(() => Int, { name: 'version', description: 'Raised by every change of the title or description; agreements to an earlier version are no longer current.' })
  get versionField(): number {
    return this.version;
  }

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @Field(() => Date, { nullable: true, description: 'When it was archived (it then leaves lists, keeps its history, and is not used in new records); null while current.' })
  @Column('timestamptz', { name: 'archived_at', nullable: true })
  archivedAt!: Date | null;
}
