import { Column, Entity } from 'typeorm';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { TenantEntity } from '../../db/tenant-entity';

/**
 * A partner signing up to one of a project's principles (one per project, partner and principle),
 * as worded at `principleVersion`: spoken by one of the partner's representatives, or recorded on
 * its behalf by an ADMIN or OWNER with evidence (see src/modules/partners/representative.service.ts).
 */
@ObjectType()
@Entity('agreements')
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
  @Field(() => String, { nullable: true, description: "The name of the representative who spoke for the partner." })
  @Column('text', { name: 'signed_by' })
  signedBy!: string;

  @Field(() => Int, { description: 'The version of the principle that was agreed; the agreement is current while the principle is still at it.' })
  @Column('int', { name: 'principle_version' })
  principleVersion!: number;

  @Field({ description: "True when an ADMIN or OWNER recorded it for the partner, naming its representative and giving evidence; false when the partner's own linked representative did." })
  @Column('boolean', { name: 'on_behalf', default: false })
  onBehalf!: boolean;

  /** The representative who spoke for the partner; null only for agreements recorded before representatives were checked. */
  @Column('uuid', { name: 'representative_id', nullable: true })
  representativeId!: string | null;

  /** The user who recorded it; null once they are no longer a member, or when not known (before issue 15). */
  @Column('uuid', { name: 'recorded_by_user_id', nullable: true })
  recordedByUserId!: string | null;

  @Field(() => String, { nullable: true, description: 'What shows the partner agreed, when recorded on its behalf (e.g. "signed paper copy, partnership forum 3 Dec").' })
  @Column('text', { nullable: true })
  evidence!: string | null;

  @Field(() => String, { nullable: true })
  @Column('text', { nullable: true })
  note!: string | null;

  @Field(() => Date)
  @Column('timestamptz', { name: 'agreed_at', default: () => 'now()' })
  agreedAt!: Date;
}
