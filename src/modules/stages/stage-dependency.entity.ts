import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * "Stage `stageId` cannot start before `dependsOnStageId` is DONE". A tenant row without an id: the
 * pair is the key. Both stages belong to `projectId` (composite foreign keys enforce it). Not a
 * GraphQL type.
 */
@Entity('stage_dependencies')
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
