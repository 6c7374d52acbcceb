import { Check, Column, Entity, ForeignKey, Index } from 'typeorm';
import { Field, Float, ObjectType } from 'type-graphql';
import { Node } from '../../common/node';
import { DateScalar } from '../../common/scalars';
import { TenantEntity } from '../../db/tenant-entity';
import { User } from '../accounts/user.entity';
import { Organisation } from '../organisations/organisation.entity';
import { Measure } from './measure.entity';

/** A value of a measure at a date. The latest is the one with the latest date, ties: recorded last. */
@ObjectType({ implements: Node })
@Entity('measurements')
@ForeignKey(() => Organisation, ['organisationId'], ['id'], { name: 'measurements_organisation_id_fkey', onDelete: 'CASCADE' })
@ForeignKey(() => Measure, ['organisationId', 'measureId'], ['organisationId', 'id'], {
  name: 'measurements_organisation_id_measure_id_fkey',
  onDelete: 'CASCADE',
})
// (organisation_id, measure_id, date DESC, created_at DESC, id DESC): TypeORM cannot say DESC, so it
// leaves this one alone.
@Index('measurements_latest_idx', { synchronize: false })
@Index('measurements_recorded_by_idx', ['organisationId', 'recordedByUserId'], { where: '(recorded_by_user_id IS NOT NULL)' })
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
  @Check('measurements_source_check', '(char_length(source) <= 10000)')
  @Column('text', { nullable: true })
  source!: string | null;

  @Field(() => String, { nullable: true })
  @Check('measurements_note_check', '(char_length(note) <= 10000)')
  @Column('text', { nullable: true })
  note!: string | null;

  /** The user who recorded it; null when an API key did. */
  @ForeignKey(() => User, { name: 'measurements_recorded_by_user_id_fkey', onDelete: 'SET NULL' })
  @Column('uuid', { name: 'recorded_by_user_id', nullable: true })
  recordedByUserId!: string | null;

  @Field(() => Date, { nullable: true, description: 'When it was archived (it then leaves lists, keeps its history, and is not used in new records); null while current.' })
  @Column('timestamptz', { name: 'archived_at', nullable: true })
  archivedAt!: Date | null;
}
