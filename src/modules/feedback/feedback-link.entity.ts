import { Column, Entity, ForeignKey, Index } from 'typeorm';
import { Field, ObjectType } from 'type-graphql';
import { Node } from '../../common/node';
import { Reads } from '../../db/column-plan';
import { TenantEntity } from '../../db/tenant-entity';
import { User } from '../accounts/user.entity';
import { Evaluation } from '../evaluations/evaluation.entity';
import { Organisation } from '../organisations/organisation.entity';
import { Partner } from '../partners/partner.entity';

/**
 * A public feedback form of an evaluation, for one of its service-user or carer partners: anyone
 * with the link may answer, without an account, and each answer is an involvement record of the
 * evaluation in that partner's name. Only the hash of the link's secret is kept; it is shown once.
 */
@ObjectType({
  implements: Node,
  description: 'A public feedback form of an evaluation: people answer without an account, and each answer is an involvement record in the partner’s name.',
})
@Entity('feedback_links')
@ForeignKey(() => Organisation, ['organisationId'], ['id'], { name: 'feedback_links_organisation_id_fkey', onDelete: 'CASCADE' })
@ForeignKey(() => Evaluation, ['organisationId', 'evaluationId'], ['organisationId', 'id'], { name: 'feedback_links_organisation_id_evaluation_id_fkey', onDelete: 'CASCADE' })
@ForeignKey(() => Partner, ['organisationId', 'partnerId'], ['organisationId', 'id'], { name: 'feedback_links_organisation_id_partner_id_fkey' })
@Index('feedback_links_evaluation_idx', ['organisationId', 'evaluationId', 'createdAt', 'id'])
@Index('feedback_links_partner_idx', ['organisationId', 'partnerId'])
@Index('feedback_links_user_idx', ['organisationId', 'openedByUserId'], { where: '(opened_by_user_id IS NOT NULL)' })
export class FeedbackLink extends TenantEntity {
  @Column('uuid', { name: 'evaluation_id' })
  evaluationId!: string;

  @Column('uuid', { name: 'partner_id' })
  partnerId!: string;

  /** SHA-256 of the link's secret (never read into GraphQL). */
  @Column('text', { name: 'token_hash', select: false })
  tokenHash!: string;

  @ForeignKey(() => User, { name: 'feedback_links_opened_by_user_id_fkey', onDelete: 'SET NULL' })
  @Column('uuid', { name: 'opened_by_user_id', nullable: true })
  openedByUserId!: string | null;

  @Field(() => Date, { nullable: true, description: 'When it was closed; null while it takes answers.' })
  @Column('timestamptz', { name: 'closed_at', nullable: true })
  closedAt!: Date | null;

  @Reads(() => FeedbackLink, 'createdAt')
  @Field(() => Date, { name: 'createdAt', description: 'When it was opened.' })
  get createdAtField(): Date {
    return this.createdAt;
  }

  @Reads(() => FeedbackLink, 'closedAt')
  @Field({ description: 'Whether it takes answers (not closed).' })
  get open(): boolean {
    return this.closedAt === null;
  }
}
