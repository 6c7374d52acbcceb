import { Check, Column, Entity, ForeignKey, Index, UpdateDateColumn } from 'typeorm';
import { Field, ObjectType } from 'type-graphql';
import { Node } from '../../common/node';
import { TenantEntity } from '../../db/tenant-entity';
import { Organisation } from '../organisations/organisation.entity';
import { Project } from '../projects/project.entity';
import { Stage } from '../stages/stage.entity';
import { EvaluationStatus } from './evaluation.enums';

/** How a project measures its impact on the service; optionally tied to a stage of the same project. */
@ObjectType({ implements: Node })
@Entity('evaluations')
@ForeignKey(() => Organisation, ['organisationId'], ['id'], { name: 'evaluations_organisation_id_fkey', onDelete: 'CASCADE' })
@ForeignKey(() => Project, ['organisationId', 'projectId'], ['organisationId', 'id'], {
  name: 'evaluations_organisation_id_project_id_fkey',
  onDelete: 'CASCADE',
})
@ForeignKey(() => Stage, ['organisationId', 'projectId', 'stageId'], ['organisationId', 'projectId', 'id'], {
  name: 'evaluations_organisation_id_project_id_stage_id_fkey',
})
@Check('evaluations_published_needs_published_at', "((status <> 'PUBLISHED'::text) OR (published_at IS NOT NULL))")
@Index('evaluations_project_idx', ['organisationId', 'projectId'])
@Index('evaluations_stage_idx', ['organisationId', 'stageId'], { where: '(stage_id IS NOT NULL)' })
export class Evaluation extends TenantEntity {
  @Column('uuid', { name: 'project_id' })
  projectId!: string;

  @Column('uuid', { name: 'stage_id', nullable: true })
  stageId!: string | null;

  @Field()
  @Check('evaluations_title_check', '(char_length(title) <= 200)')
  @Column('text')
  title!: string;

  @Field(() => EvaluationStatus)
  @Check('evaluations_status_check', "(status = ANY (ARRAY['DRAFT'::text, 'IN_PROGRESS'::text, 'PUBLISHED'::text]))")
  @Column('text', { default: EvaluationStatus.DRAFT })
  status!: EvaluationStatus;

  /** Set when PUBLISHED (the database requires it then). */
  @Column('timestamptz', { name: 'published_at', nullable: true })
  publishedAt!: Date | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
