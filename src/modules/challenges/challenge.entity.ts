import { Column, Entity, UpdateDateColumn } from 'typeorm';
import { Field, ObjectType } from 'type-graphql';
import { Node } from '../../common/node';
import { TenantEntity } from '../../db/tenant-entity';
import { ChallengeStatus } from './challenge.enums';

/**
 * A concern that someone is not working to a principle: raised by a partner, citing a principle,
 * about a partner, a stage of the same project, or the project itself (neither set).
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

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
