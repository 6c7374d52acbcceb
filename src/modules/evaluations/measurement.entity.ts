import { Column, Entity } from 'typeorm';
import { Field, Float, ID, ObjectType } from 'type-graphql';
import { DateScalar } from '../../common/scalars';
import { TenantEntity } from '../../db/tenant-entity';

/** A value of a measure at a date. The latest is the one with the latest date, ties: recorded last. */
@ObjectType()
@Entity('measurements')
export class Measurement extends TenantEntity {
  @Field(() => ID, { name: 'id' })
  override get globalId(): string {
    return super.globalId;
  }

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
}
