import { Check, Column, Entity, ForeignKey, Index } from 'typeorm';
import { Field, Float, ObjectType } from 'type-graphql';
import { Node } from '../../common/node';
import { TenantEntity } from '../../db/tenant-entity';
import { Organisation } from '../organisations/organisation.entity';
import { Evaluation } from './evaluation.entity';
import { MeasureDirection } from './evaluation.enums';

/** What an evaluation measures: name, unit, baseline, target and which way is better. */
@ObjectType({ implements: Node })
@Entity('measures')
@ForeignKey(() => Organisation, ['organisationId'], ['id'], { name: 'measures_organisation_id_fkey', onDelete: 'CASCADE' })
@ForeignKey(() => Evaluation, ['organisationId', 'evaluationId'], ['organisationId', 'id'], {
  name: 'measures_organisation_id_evaluation_id_fkey',
  onDelete: 'CASCADE',
})
@Index('measures_evaluation_idx', ['organisationId', 'evaluationId', 'position'])
export class Measure extends TenantEntity {
  @Column('uuid', { name: 'evaluation_id' })
  evaluationId!: string;

  @Field()
  @Check('measures_name_check', '(char_length(name) <= 200)')
  @Column('text')
  name!: string;

  @Field(() => String, { nullable: true })
  @Check('measures_unit_check', '(char_length(unit) <= 200)')
  @Column('text', { nullable: true })
  unit!: string | null;

  @Field(() => Float, { nullable: true })
  @Column('double precision', { nullable: true })
  baseline!: number | null;

  @Field(() => Float, { nullable: true })
  @Column('double precision', { nullable: true })
  target!: number | null;

  @Field(() => MeasureDirection)
  @Check('measures_direction_check', "(direction = ANY (ARRAY['HIGHER_IS_BETTER'::text, 'LOWER_IS_BETTER'::text]))")
  @Column('text')
  direction!: MeasureDirection;

  /** Order within the evaluation. */
  @Column('int', { default: 0 })
  position!: number;

  /**
   * Its latest measurement (see `measureLatest`), or null without one. Kept by the database
   * (migration 1764203100000's trigger on measurements): the application never writes it.
   */
  @Column('uuid', { name: 'latest_measurement_id', nullable: true })
  latestMeasurementId!: string | null;

  @Field(() => Date, { nullable: true, description: 'When it was archived (it then leaves lists, keeps its history, and is not used in new records); null while current.' })
  @Column('timestamptz', { name: 'archived_at', nullable: true })
  archivedAt!: Date | null;
}
