import { Column, Entity, UpdateDateColumn } from 'typeorm';
import { Field, ObjectType } from 'type-graphql';
import { Node } from '../../common/node';
import { DateScalar } from '../../common/scalars';
import { TenantEntity } from '../../db/tenant-entity';
import { ChallengeStatus } from './challenge.enums';

/**
 * A concern that someone is not working to a principle: raised by a partner (through its
 * representative, or on its behalf), citing a principle, about a partner, a stage of the same
 * project, or the project itself (neither set); owned by a member, optionally with a due date.
 */
@ObjectType({ implements: Node })
@Entity('challenges')
export class Challenge extends TenantEntity {
  @Column('uuid', { name: 'project_id' })
  projectId!: string;

  @Column('uuid', { name: 'raised_by_partner_id' })
  raisedByPartnerId!: string;

  @Column('uuid', { name: 'principle_id' })
  principleId!: string;

  @Field()
  @Column('text')
  description!: string;

  @Column('uuid', { name: 'concerns_partner_id', nullable: true })
  concernsPartnerId!: string | null;

  @Column('uuid', { name: 'concerns_stage_id', nullable: true })
  concernsStageId!: string | null;

  @Field(() => ChallengeStatus)
  @Column('text', { default: ChallengeStatus.OPEN })
  status!: ChallengeStatus;

  /** Required when RESOLVED (the database checks it). */
  @Field(() => String, { nullable: true })
  @Column('text', { nullable: true })
  resolution!: string | null;

  /** When it was resolved or withdrawn. */
  @Column('timestamptz', { name: 'closed_at', nullable: true })
  closedAt!: Date | null;

  /** The user who raised it; null once they are no longer a member, or when not known (before issue 15). */
  @Column('uuid', { name: 'raised_by_user_id', nullable: true })
  raisedByUserId!: string | null;

  @Field({ description: "True when an ADMIN or OWNER raised it for the partner, naming its representative and giving evidence; false when the partner's own linked representative did." })
  @Column('boolean', { name: 'on_behalf', default: false })
  onBehalf!: boolean;

  /** The representative who spoke for the partner; null only for challenges raised before representatives were checked. */
  @Column('uuid', { name: 'representative_id', nullable: true })
  representativeId!: string | null;

  @Field(() => String, { nullable: true, description: 'What shows the partner raised it, when raised on its behalf.' })
  @Column('text', { nullable: true })
  evidence!: string | null;

  /** The member who owns the challenge: sees it through to a resolution. */
  @Column('uuid', { name: 'owner_user_id', nullable: true })
  ownerUserId!: string | null;

  /** A calendar day, 'YYYY-MM-DD'. */
  @Field(() => DateScalar, { nullable: true, description: 'When it should be resolved by.' })
  @Column('date', { name: 'due_date', nullable: true })
  dueDate!: string | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
