import { Column, Entity } from 'typeorm';
import { Field, Float, ObjectType } from 'type-graphql';
import { Node } from '../../common/node';
import { TenantEntity } from '../../db/tenant-entity';
import { MeasureDirection } from './evaluation.enums';

/** What an evaluation measures: name, unit, baseline, target and which way is better. */
@ObjectType({ implements: Node })
@Entity('measures')
export class Measure extends TenantEntity {
  @Column('uuid', { name: 'evaluation_id' })
  evaluationId!: string;

  @Field()
  @Column('text')
  name!: string;

  @Field(() => String, { nullable: true })
  @Column('text', { nullable: true })
  unit!: string | null;

  @Field(() => Float, { nullable: true })
  @Column('double precision', { nullable: true })
  baseline!: number | null;

  @Field(() => Float, { nullable: true })
  @Column('double precision', { nullable: true })
  target!: number | null;

  @Field(() => MeasureDirection)
  @Column('text')
  direction!: MeasureDirection;

  /** Order within the evaluation. */
  @Column('int', { default: 0 })
  position!: number;

  @Field(() => Date, { nullable: true, description: 'When it was archived (it then leaves lists, keeps its history, and is not used in new records); null while current.' })
  @Column('timestamptz', { name: 'archived_at', nullable: true })
  archivedAt!: Date | null;
}
