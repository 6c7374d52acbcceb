import { Check, Column, Entity, ForeignKey, Index } from 'typeorm';
import { Field, ObjectType } from 'type-graphql';
import { Node } from '../../common/node';
import { Reads } from '../../db/column-plan';
import { TenantEntity } from '../../db/tenant-entity';
import { User } from '../accounts/user.entity';
import { Organisation } from '../organisations/organisation.entity';
import { Project } from '../projects/project.entity';
import { ProjectHealth } from './project-update.enums';

/**
 * A project's health at a moment, with the narrative behind it: posted once and never edited (the
 * request role cannot update or delete these rows), so a project's updates are its status history.
 */
@ObjectType({ implements: Node, description: "A project's health with the narrative behind it, as posted by a member; never edited (a correction is a new update)." })
@Entity('project_updates')
@ForeignKey(() => Organisation, ['organisationId'], ['id'], { name: 'project_updates_organisation_id_fkey', onDelete: 'CASCADE' })
@ForeignKey(() => Project, ['organisationId', 'projectId'], ['organisationId', 'id'], {
  name: 'project_updates_organisation_id_project_id_fkey',
  onDelete: 'CASCADE',
})
@Index('project_updates_project_idx', ['organisationId', 'projectId', 'createdAt', 'id'])
@Index('project_updates_user_idx', ['organisationId', 'postedByUserId'], { where: '(posted_by_user_id IS NOT NULL)' })
export class ProjectUpdate extends TenantEntity {
  @Column('uuid', { name: 'project_id' })
  projectId!: string;

  @Field(() => ProjectHealth)
  @Check('project_updates_health_check', "(health = ANY (ARRAY['ON_TRACK'::text, 'AT_RISK'::text, 'OFF_TRACK'::text]))")
  @Column('text')
  health!: ProjectHealth;

  @Field({ description: 'What is going well, what is not, and what happens next.' })
  @Check('project_updates_narrative_check', '(char_length(narrative) <= 10000)')
  @Column('text')
  narrative!: string;

  /** The posting user; null when an API key posted it, or they are no longer a member. */
  @ForeignKey(() => User, { name: 'project_updates_posted_by_user_id_fkey', onDelete: 'SET NULL' })
  @Column('uuid', { name: 'posted_by_user_id', nullable: true })
  postedByUserId!: string | null;

  /** The posting API key, when one posted it. */
  @Column('uuid', { name: 'posted_by_api_key_id', nullable: true })
  postedByApiKeyId!: string | null;

  @Reads(() => ProjectUpdate, 'createdAt')
  @Field(() => Date, { name: 'createdAt', description: 'When it was posted.' })
  get createdAtField(): Date {
    return this.createdAt;
  }
}
