import { Column, Entity, UpdateDateColumn } from 'typeorm';
import { Field, ObjectType } from 'type-graphql';
import { Node } from '../../common/node';
import { TenantEntity } from '../../db/tenant-entity';
import { EvaluationStatus } from './evaluation.enums';

/** How a project measures its impact on the service; optionally tied to a stage of the same project. */
@ObjectType({ implements: Node })
@Entity('evaluations')
export class Evaluation extends TenantEntity {
  @Column('uuid', { name: 'project_id' })
  projectId!: string;

  @Column('uuid', { name: 'stage_id', nullable: true })
  stageId!: string | null;

  @Field()
  @Column('text')
  title!: string;

  @Field(() => EvaluationStatus)
  @Column('text', { default: EvaluationStatus.DRAFT })
  status!: EvaluationStatus;

  /** Set when PUBLISHED (the database requires it then). */
  @Column('timestamptz', { name: 'published_at', nullable: true })
  publishedAt!: Date | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
