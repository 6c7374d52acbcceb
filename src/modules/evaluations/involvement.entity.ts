import { Check, Column, Entity, ForeignKey, Index } from 'typeorm';
import { Field, ID, ObjectType } from 'type-graphql';
import { DateScalar } from '../../common/scalars';
import { Reads } from '../../db/column-plan';
import { TenantEntity } from '../../db/tenant-entity';
import { Organisation } from '../organisations/organisation.entity';
import { Partner } from '../partners/partner.entity';
import { FeedbackLink } from '../feedback/feedback-link.entity';
import { Evaluation } from './evaluation.entity';

/** Service-user involvement in an evaluation: which partner, when, what they said. */
@ObjectType()
@Entity('involvements')
@ForeignKey(() => Organisation, ['organisationId'], ['id'], { name: 'involvements_organisation_id_fkey', onDelete: 'CASCADE' })
@ForeignKey(() => Evaluation, ['organisationId', 'evaluationId'], ['organisationId', 'id'], {
  name: 'involvements_organisation_id_evaluation_id_fkey',
  onDelete: 'CASCADE',
})
@ForeignKey(() => Partner, ['organisationId', 'partnerId'], ['organisationId', 'id'], { name: 'involvements_organisation_id_partner_id_fkey' })
@Index('involvements_evaluation_idx', ['organisationId', 'evaluationId', 'date'])
@ForeignKey(() => FeedbackLink, ['organisationId', 'feedbackLinkId'], ['organisationId', 'id'], { name: 'involvements_organisation_id_feedback_link_id_fkey' })
@Index('involvements_partner_idx', ['organisationId', 'partnerId'])
@Index('involvements_feedback_link_idx', ['organisationId', 'feedbackLinkId'], { where: '(feedback_link_id IS NOT NULL)' })
export class Involvement extends TenantEntity {
  @Field(() => ID, { name: 'id' })
  override get globalId(): string {
    return super.globalId;
  }

  @Column('uuid', { name: 'evaluation_id' })
  evaluationId!: string;

  @Column('uuid', { name: 'partner_id' })
  partnerId!: string;

  @Field()
  @Check('involvements_summary_check', '(char_length(summary) <= 10000)')
  @Column('text')
  summary!: string;

  /** A calendar day, 'YYYY-MM-DD'. */
  @Field(() => DateScalar)
  @Column('date')
  date!: string;

  /** The feedback link it came through; null when the team recorded it. */
  @Column('uuid', { name: 'feedback_link_id', nullable: true })
  feedbackLinkId!: string | null;

  @Reads(() => Involvement, 'feedbackLinkId')
  @Field({ description: 'Whether a service user gave it through the evaluation’s public feedback form (a feedback link), not the team.' })
  get viaFeedbackLink(): boolean {
    return this.feedbackLinkId !== null;
  }
}
