import { Check, Column, Entity, ForeignKey, Index, Unique, UpdateDateColumn } from 'typeorm';
import { Reads } from '../../db/column-plan';
import { Field, Int, ObjectType } from 'type-graphql';
import { Node } from '../../common/node';
import { DateScalar } from '../../common/scalars';
import { VersionedTenantEntity } from '../../db/tenant-entity';
import { User } from '../accounts/user.entity';
import { Membership } from '../organisations/membership.entity';
import { Organisation } from '../organisations/organisation.entity';
import { Partner } from '../partners/partner.entity';
import { Project } from '../projects/project.entity';
import { StageStatus } from './stage.enums';

/**
 * One step of a project's action plan. `position` is 0-based and unique within the project, checked
 * at commit (re-ordering shifts positions inside one transaction).
 */
@ObjectType({ implements: Node })
@Entity('stages')
@ForeignKey(() => Organisation, ['organisationId'], ['id'], { name: 'stages_organisation_id_fkey', onDelete: 'CASCADE' })
@ForeignKey(() => Project, ['organisationId', 'projectId'], ['organisationId', 'id'], {
  name: 'stages_organisation_id_project_id_fkey',
  onDelete: 'CASCADE',
})
@ForeignKey(() => Partner, ['organisationId', 'ownerPartnerId'], ['organisationId', 'id'], { name: 'stages_organisation_id_owner_partner_id_fkey' })
// ON DELETE SET NULL (assignee_user_id) in the database, which keeps organisation_id: TypeORM's onDelete
// has no column list, so a migration generated from this key would need it added by hand.
@ForeignKey(() => Membership, ['organisationId', 'assigneeUserId'], ['organisationId', 'userId'], {
  name: 'stages_assignee_member_fkey',
  onDelete: 'SET NULL',
})
@Unique('stages_project_position_key', ['organisationId', 'projectId', 'position'], { deferrable: 'INITIALLY DEFERRED' })
// What dependencies, challenges and evaluations reference, to stay within one project.
@Unique('stages_project_id_key', ['organisationId', 'projectId', 'id'])
@Check('stages_blocked_needs_reason', "((status <> 'BLOCKED'::text) OR (blocked_reason IS NOT NULL))")
@Check('stages_done_needs_completed_at', "((status <> 'DONE'::text) OR (completed_at IS NOT NULL))")
@Index('stages_owner_idx', ['organisationId', 'ownerPartnerId'], { where: '(owner_partner_id IS NOT NULL)' })
@Index('stages_completed_by_idx', ['organisationId', 'completedByUserId'], { where: '(completed_by_user_id IS NOT NULL)' })
@Index('stages_assignee_idx', ['organisationId', 'assigneeUserId'], { where: '(assignee_user_id IS NOT NULL)' })
export class Stage extends VersionedTenantEntity {
  @Column('uuid', { name: 'project_id' })
  projectId!: string;

  @Field()
  @Check('stages_title_check', '(char_length(title) <= 200)')
  @Column('text')
  title!: string;

  @Field(() => String, { nullable: true })
  @Check('stages_description_check', '(char_length(description) <= 10000)')
  @Column('text', { nullable: true })
  description!: string | null;

  @Field(() => Int)
  @Check('stages_position_check', '("position" >= 0)')
  @Column('int')
  position!: number;

  @Field(() => StageStatus)
  @Check('stages_status_check', "(status = ANY (ARRAY['NOT_STARTED'::text, 'IN_PROGRESS'::text, 'BLOCKED'::text, 'DONE'::text, 'CANCELLED'::text]))")
  @Column('text', { default: StageStatus.NOT_STARTED })
  status!: StageStatus;

  @Column('uuid', { name: 'owner_partner_id', nullable: true })
  ownerPartnerId!: string | null;

  /** A calendar day, 'YYYY-MM-DD'. */
  @Field(() => DateScalar, { nullable: true })
  @Column('date', { name: 'due_date', nullable: true })
  dueDate!: string | null;

  @Field(() => Date, { nullable: true })
  @Column('timestamptz', { name: 'started_at', nullable: true })
  startedAt!: Date | null;

  /** Set when the stage is DONE (the database requires it then). */
  @Field(() => Date, { nullable: true })
  @Column('timestamptz', { name: 'completed_at', nullable: true })
  completedAt!: Date | null;

  /** The user who completed the stage; null when an API key did. */
  @ForeignKey(() => User, { name: 'stages_completed_by_user_id_fkey', onDelete: 'SET NULL' })
  @Column('uuid', { name: 'completed_by_user_id', nullable: true })
  completedByUserId!: string | null;

  /** The member who owns the stage's work; the database clears it when they leave the organisation. */
  @Column('uuid', { name: 'assignee_user_id', nullable: true })
  assigneeUserId!: string | null;

  /** Required while BLOCKED (the database checks it). */
  @Field(() => String, { nullable: true })
  @Check('stages_blocked_reason_check', '(char_length(blocked_reason) <= 10000)')
  @Column('text', { name: 'blocked_reason', nullable: true })
  blockedReason!: string | null;

  @Reads()
  @Field(() => Int, { name: 'version' })
  get versionField(): number {
    return this.version;
  }

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
