import { Column, Entity } from 'typeorm';
import { Field, Float, ObjectType } from 'type-graphql';
import { Node } from '../../common/node';
import { DateScalar } from '../../common/scalars';
import { TenantEntity } from '../../db/tenant-entity';

/** A value of a measure at a date. The latest is the one with the latest date, ties: recorded last. */
@ObjectType({ implements: Node })
@Entity('measurements')
export class Measurement extends TenantEntity {
  @Column('uuid', { name: 'measure_id' })
  measureId!: string;

  @Field(() => Float)
  @Column('double precision')
  value!: number;

  /** A calendar day, 'YYYY-MM-DD'. */
  @Field(() => DateScalar)
  @Column('date')
  date!: string;

  @Field(() => String, { nullable: true })
  @Column('text', { nullable: true })
  source!: string | null;

  @Field(() => String, { nullable: true })
  @Column('text', { nullable: true })
  note!: string | null;

  /** The user who recorded it; null when an API key did. */
  @Column('uuid', { name: 'recorded_by_user_id', nullable: true })
  recordedByUserId!: string | null;

  @Field(() => Date, { nullable: true, description: 'When it was archived (it then leaves lists, keeps its history, and is not used in new records); null while current.' })
  @Column('timestamptz', { name: 'archived_at', nullable: true })
  archivedAt!: Date | null;
}
