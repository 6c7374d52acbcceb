import { Check, Column, Entity, ForeignKey, Index, Unique } from 'typeorm';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { TenantEntity } from '../../db/tenant-entity';
import { User } from '../accounts/user.entity';
import { Organisation } from '../organisations/organisation.entity';
import { Partner } from '../partners/partner.entity';
import { Representative } from '../partners/representative.entity';
import { Principle } from '../principles/principle.entity';
import { Project } from './project.entity';

/**
 * A partner signing up to one of a project's principles (one per project, partner and principle),
 * as worded at `principleVersion`: spoken by one of the partner's representatives, or recorded on
 * its behalf by an ADMIN or OWNER with evidence (see src/modules/partners/representative.service.ts).
 */
@ObjectType()
@Entity('agreements')
@ForeignKey(() => Organisation, ['organisationId'], ['id'], { name: 'agreements_organisation_id_fkey', onDelete: 'CASCADE' })
@ForeignKey(() => Project, ['organisationId', 'projectId'], ['organisationId', 'id'], {
  name: 'agreements_organisation_id_project_id_fkey',
  onDelete: 'CASCADE',
})
@ForeignKey(() => Partner, ['organisationId', 'partnerId'], ['organisationId', 'id'], { name: 'agreements_organisation_id_partner_id_fkey' })
@ForeignKey(() => Principle, ['organisationId', 'principleId'], ['organisationId', 'id'], { name: 'agreements_organisation_id_principle_id_fkey' })
@ForeignKey(() => Representative, ['organisationId', 'representativeId'], ['organisationId', 'id'], { name: 'agreements_representative_fkey' })
@Unique('agreements_project_partner_principle_key', ['organisationId', 'projectId', 'partnerId', 'principleId'])
@Check('agreements_on_behalf_needs_evidence', '((NOT on_behalf) OR (evidence IS NOT NULL))')
@Index('agreements_partner_idx', ['organisationId', 'partnerId'])
@Index('agreements_principle_idx', ['organisationId', 'principleId'])
@Index('agreements_representative_idx', ['organisationId', 'representativeId'], { where: '(representative_id IS NOT NULL)' })
@Index('agreements_recorded_by_idx', ['organisationId', 'recordedByUserId'], { where: '(recorded_by_user_id IS NOT NULL)' })
export class Agreement extends TenantEntity {
  @Field(() => ID, { name: 'id' })
  override get globalId(): string {
    return super.globalId;
  }

  @Column('uuid', { name: 'project_id' })
  projectId!: string;

  @Column('uuid', { name: 'partner_id' })
  partnerId!: string;

  @Column('uuid', { name: 'principle_id' })
  principleId!: string;

  /** Who signed for the partner: the representative's name. Required in the database; nullable in the contract. */
  @Field(() => String, { nullable: true, description: 'The name of the representative who spoke for the partner.' })
  @Check('agreements_signed_by_check', '(char_length(signed_by) <= 200)')
  @Column('text', { name: 'signed_by' })
  signedBy!: string;

  @Field(() => Int, { description: 'The version of the principle that was agreed; the agreement is current while the principle is still at it.' })
  @Check('agreements_principle_version_positive', '(principle_version >= 1)')
  @Column('int', { name: 'principle_version' })
  principleVersion!: number;

  @Field({
    description: "True when an ADMIN or OWNER recorded it for the partner, naming its representative and giving evidence; false when the partner's own linked representative did.",
  })
  @Column('boolean', { name: 'on_behalf', default: false })
  onBehalf!: boolean;

  /** The representative who spoke for the partner; null only for agreements recorded before representatives were checked. */
  @Column('uuid', { name: 'representative_id', nullable: true })
  representativeId!: string | null;

  /** The user who recorded it; null once they are no longer a member, or when not known (before issue 15). */
  @ForeignKey(() => User, { name: 'agreements_recorded_by_user_id_fkey', onDelete: 'SET NULL' })
  @Column('uuid', { name: 'recorded_by_user_id', nullable: true })
  recordedByUserId!: string | null;

  @Field(() => String, { nullable: true, description: 'What shows the partner agreed, when recorded on its behalf (e.g. "signed paper copy, partnership forum 3 Dec").' })
  @Check('agreements_evidence_check', '(char_length(evidence) <= 10000)')
  @Column('text', { nullable: true })
  evidence!: string | null;

  @Field(() => String, { nullable: true })
  @Check('agreements_note_check', '(char_length(note) <= 10000)')
  @Column('text', { nullable: true })
  note!: string | null;

  @Field(() => Date)
  @Column('timestamptz', { name: 'agreed_at', default: () => 'now()' })
  agreedAt!: Date;
}
