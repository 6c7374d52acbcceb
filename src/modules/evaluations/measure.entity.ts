import { Column, Entity } from 'typeorm';
import { Field, Float, ID, ObjectType } from 'type-graphql';
import { TenantEntity } from '../../db/tenant-entity';
import { MeasureDirection } from './evaluation.enums';

/** What an evaluation measures: name, unit, baseline, target and which way is better. */
@ObjectType()
@Entity('measures')
export class Measure extends TenantEntity {
  @Field(() => ID, { name: 'id' })
  override get globalId(): string {
    return super.globalId;
  }

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
}
