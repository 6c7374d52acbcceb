import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { Organisation } from '../organisations/organisation.entity';
import { Stage } from './stage.entity';

/**
 * "Stage `stageId` cannot start before `dependsOnStageId` is DONE". A tenant row without an id: the
 * pair is the key. Both stages belong to `projectId` (composite foreign keys enforce it). Not a
 * GraphQL type.
 */
@Entity('stage_dependencies')
@ForeignKey(() => Organisation, ['organisationId'], ['id'], { name: 'stage_dependencies_organisation_id_fkey', onDelete: 'CASCADE' })
@ForeignKey(() => Stage, ['organisationId', 'projectId', 'stageId'], ['organisationId', 'projectId', 'id'], {
  name: 'stage_dependencies_organisation_id_project_id_stage_id_fkey',
  onDelete: 'CASCADE',
})
@ForeignKey(() => Stage, ['organisationId', 'projectId', 'dependsOnStageId'], ['organisationId', 'projectId', 'id'], {
  name: 'stage_dependencies_organisation_id_project_id_depends_on_s_fkey',
  onDelete: 'CASCADE',
})
@Check('stage_dependencies_not_self', '(stage_id <> depends_on_stage_id)')
@Index('stage_dependencies_project_idx', ['organisationId', 'projectId'])
@Index('stage_dependencies_depends_on_idx', ['organisationId', 'dependsOnStageId'])
export class StageDependency {
  @PrimaryColumn('uuid', { name: 'organisation_id' })
  organisationId!: string;

  @PrimaryColumn('uuid', { name: 'stage_id' })
  stageId!: string;

  @PrimaryColumn('uuid', { name: 'depends_on_stage_id' })
  dependsOnStageId!: string;

  @Column('uuid', { name: 'project_id' })
  projectId!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
