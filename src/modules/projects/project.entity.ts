import { Check, Column, Entity, ForeignKey, Index, UpdateDateColumn } from 'typeorm';
import { Reads } from '../../db/column-plan';
import { Field, Int, ObjectType } from 'type-graphql';
import { Node } from '../../common/node';
import { DateScalar } from '../../common/scalars';
import { VersionedTenantEntity } from '../../db/tenant-entity';
import { Organisation } from '../organisations/organisation.entity';
import { ProjectStatus } from './project.enums';

/** A change the organisation runs in partnership. */
@ObjectType({ implements: Node })
@Entity('projects')
@ForeignKey(() => Organisation, ['organisationId'], ['id'], { name: 'projects_organisation_id_fkey', onDelete: 'CASCADE' })
@Check('projects_target_after_start', '(target_date >= start_date)')
@Index('projects_listing_idx', ['organisationId', 'createdAt', 'id'])
@Index('projects_status_idx', ['organisationId', 'status', 'createdAt', 'id'])
export class Project extends VersionedTenantEntity {
  @Field()
  @Check('projects_name_check', '(char_length(name) <= 200)')
  @Column('text')
  name!: string;

  @Field(() => String, { nullable: true })
  @Check('projects_summary_check', '(char_length(summary) <= 10000)')
  @Column('text', { nullable: true })
  summary!: string | null;

  @Field(() => String, { nullable: true })
  @Check('projects_goals_check', '(char_length(goals) <= 10000)')
  @Column('text', { nullable: true })
  goals!: string | null;

  @Field(() => ProjectStatus)
  @Check('projects_status_check', "(status = ANY (ARRAY['PROPOSED'::text, 'ACTIVE'::text, 'ON_HOLD'::text, 'COMPLETED'::text, 'CANCELLED'::text]))")
  @Column('text', { default: ProjectStatus.PROPOSED })
  status!: ProjectStatus;

  /** A calendar day, 'YYYY-MM-DD'. */
  @Field(() => DateScalar, { nullable: true })
  @Column('date', { name: 'start_date', nullable: true })
  startDate!: string | null;

  /** A calendar day, 'YYYY-MM-DD'; never before startDate. */
  @Field(() => DateScalar, { nullable: true })
  @Column('date', { name: 'target_date', nullable: true })
  targetDate!: string | null;

  @Reads()
  @Field(() => Int, { name: 'version' })
  get versionField(): number {
    return this.version;
  }

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @Field(() => Date, { nullable: true, description: 'When it was archived (it then leaves lists, keeps its history, and is not used in new records); null while current.' })
  @Column('timestamptz', { name: 'archived_at', nullable: true })
  archivedAt!: Date | null;
}
