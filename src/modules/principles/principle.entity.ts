import { Column, Entity, UpdateDateColumn } from 'typeorm';
import { Field, Int, ObjectType } from 'type-graphql';
import { Node } from '../../common/node';
import { VersionedTenantEntity } from '../../db/tenant-entity';

/** A statement the partners agree to work by; ordered by position. */
@ObjectType({ implements: Node })
@Entity('principles')
export class Principle extends VersionedTenantEntity {
  @Field()
  @Column('text')
  title!: string;

  @Field(() => String, { nullable: true })
  @Column('text', { nullable: true })
  description!: string | null;

  @Field(() => Int)
  @Column('int')
  position!: number;

  @Field(() => String, { nullable: true })
  @Column('text', { nullable: true })
  source!: string | null;

  /** Which ready-made principle this row was adopted as (e.g. 'TUC_SIX_PRINCIPLES:1'); unique per organisation. */
  @Column('text', { name: 'set_key', nullable: true })
  setKey!: string | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
