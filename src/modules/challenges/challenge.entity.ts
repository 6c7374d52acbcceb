import { Check, Column, Entity, ForeignKey, Index, UpdateDateColumn } from 'typeorm';
import { Field, ObjectType } from 'type-graphql';
import { Node } from '../../common/node';
import { DateScalar } from '../../common/scalars';
import { TenantEntity } from '../../db/tenant-entity';
import { User } from '../accounts/user.entity';
import { Organisation } from '../organisations/organisation.entity';
import { Partner } from '../partners/partner.entity';
import { Representative } from '../partners/representative.entity';
import { Principle } from '../principles/principle.entity';
import { Project } from '../projects/project.entity';
import { Stage } from '../stages/stage.entity';
import { ChallengeStatus } from './challenge.enums';

/**
 * A concern that someone is not working to a principle: raised by a partner (through its
 * representative, or on its behalf), citing a principle, about a partner, a stage of the same
 * project, or the project itself (neither set); owned by a member, optionally with a due date.
 */
@ObjectType({ implements: Node })
@Entity('challenges')
@ForeignKey(() => Organisation, ['organisationId'], ['id'], { name: 'challenges_organisation_id_fkey', onDelete: 'CASCADE' })
@ForeignKey(() => Project, ['organisationId', 'projectId'], ['organisationId', 'id'], {
  name: 'challenges_organisation_id_project_id_fkey',
  onDelete: 'CASCADE',
})
@ForeignKey(() => Partner, ['organisationId', 'raisedByPartnerId'], ['organisationId', 'id'], {
  name: 'challenges_organisation_id_raised_by_partner_id_fkey',
})
@ForeignKey(() => Principle, ['organisationId', 'principleId'], ['organisationId', 'id'], { name: 'challenges_organisation_id_principle_id_fkey' })
@ForeignKey(() => Partner, ['organisationId', 'concernsPartnerId'], ['organisationId', 'id'], {
  name: 'challenges_organisation_id_concerns_partner_id_fkey',
})
@ForeignKey(() => Stage, ['organisationId', 'projectId', 'concernsStageId'], ['organisationId', 'projectId', 'id'], {
  name: 'challenges_organisation_id_project_id_concerns_stage_id_fkey',
})
@ForeignKey(() => Representative, ['organisationId', 'representativeId'], ['organisationId', 'id'], { name: 'challenges_representative_fkey' })
@Check('challenges_resolved_needs_resolution', "((status <> 'RESOLVED'::text) OR (resolution IS NOT NULL))")
@Check('challenges_on_behalf_needs_evidence', '((NOT on_behalf) OR (evidence IS NOT NULL))')
@Index('challenges_project_idx', ['organisationId', 'projectId'])
@Index('challenges_raised_by_idx', ['organisationId', 'raisedByPartnerId'])
@Index('challenges_principle_idx', ['organisationId', 'principleId'])
@Index('challenges_concerns_partner_idx', ['organisationId', 'concernsPartnerId'], { where: '(concerns_partner_id IS NOT NULL)' })
@Index('challenges_concerns_stage_idx', ['organisationId', 'concernsStageId'], { where: '(concerns_stage_id IS NOT NULL)' })
@Index('challenges_representative_idx', ['organisationId', 'representativeId'], { where: '(representative_id IS NOT NULL)' })
@Index('challenges_raised_by_user_idx', ['organisationId', 'raisedByUserId'], { where: '(raised_by_user_id IS NOT NULL)' })
@Index('challenges_owner_idx', ['organisationId', 'ownerUserId'], { where: '(owner_user_id IS NOT NULL)' })
@Index('challenges_listing_idx', ['organisationId', 'createdAt', 'id'])
@Index('challenges_status_idx', ['organisationId', 'status', 'createdAt', 'id'])
export class Challenge extends TenantEntity {
  @Column('uuid', { name: 'project_id' })
  projectId!: string;

  @Column('uuid', { name: 'raised_by_partner_id' })
  raisedByPartnerId!: string;

  @Column('uuid', { name: 'principle_id' })
  principleId!: string;

  @Field()
  @Check('challenges_description_check', '(char_length(description) <= 10000)')
  @Column('text')
  description!: string;

  @Column('uuid', { name: 'concerns_partner_id', nullable: true })
  concernsPartnerId!: string | null;

  @Column('uuid', { name: 'concerns_stage_id', nullable: true })
  concernsStageId!: string | null;

  @Field(() => ChallengeStatus)
  @Check('challenges_status_check', "(status = ANY (ARRAY['OPEN'::text, 'RESOLVED'::text, 'WITHDRAWN'::text]))")
  @Column('text', { default: ChallengeStatus.OPEN })
  status!: ChallengeStatus;

  /** Required when RESOLVED (the database checks it). */
  @Field(() => String, { nullable: true })
  @Check('challenges_resolution_check', '(char_length(resolution) <= 10000)')
  @Column('text', { nullable: true })
  resolution!: string | null;

  /** When it was resolved or withdrawn. */
  @Column('timestamptz', { name: 'closed_at', nullable: true })
  closedAt!: Date | null;

  /** The user who raised it; null once they are no longer a member, or when not known (before issue 15). */
  @ForeignKey(() => User, { name: 'challenges_raised_by_user_id_fkey', onDelete: 'SET NULL' })
  @Column('uuid', { name: 'raised_by_user_id', nullable: true })
  raisedByUserId!: string | null;

  @Field({
    description: "True when an ADMIN or OWNER raised it for the partner, naming its representative and giving evidence; false when the partner's own linked representative did.",
  })
  @Column('boolean', { name: 'on_behalf', default: false })
  onBehalf!: boolean;

  /** The representative who spoke for the partner; null only for challenges raised before representatives were checked. */
  @Column('uuid', { name: 'representative_id', nullable: true })
  representativeId!: string | null;

  @Field(() => String, { nullable: true, description: 'What shows the partner raised it, when raised on its behalf.' })
  @Check('challenges_evidence_check', '(char_length(evidence) <= 10000)')
  @Column('text', { nullable: true })
  evidence!: string | null;

  /** The member who owns the challenge: sees it through to a resolution. */
  @ForeignKey(() => User, { name: 'challenges_owner_user_id_fkey', onDelete: 'SET NULL' })
  @Column('uuid', { name: 'owner_user_id', nullable: true })
  ownerUserId!: string | null;

  /** A calendar day, 'YYYY-MM-DD'. */
  @Field(() => DateScalar, { nullable: true, description: 'When it should be resolved by.' })
  @Column('date', { name: 'due_date', nullable: true })
  dueDate!: string | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
