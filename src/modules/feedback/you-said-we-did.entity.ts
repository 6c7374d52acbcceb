import { Check, Column, Entity, ForeignKey, Index } from 'typeorm';
import { Field, ObjectType } from 'type-graphql';
import { Node } from '../../common/node';
import { Reads } from '../../db/column-plan';
import { TenantEntity } from '../../db/tenant-entity';
import { User } from '../accounts/user.entity';
import { Decision } from '../decisions/decision.entity';
import { Evaluation } from '../evaluations/evaluation.entity';
import { Organisation } from '../organisations/organisation.entity';
import { Stage } from '../stages/stage.entity';

/** The team's answer to what service users said: shown back on the evaluation's feedback form. */
@ObjectType({ implements: Node, description: '"You said, we did": the team’s answer to what service users said, shown back on the evaluation’s feedback form.' })
@Entity('you_said_we_did')
@ForeignKey(() => Organisation, ['organisationId'], ['id'], { name: 'you_said_we_did_organisation_id_fkey', onDelete: 'CASCADE' })
@ForeignKey(() => Evaluation, ['organisationId', 'evaluationId'], ['organisationId', 'id'], { name: 'you_said_we_did_organisation_id_evaluation_id_fkey', onDelete: 'CASCADE' })
@ForeignKey(() => Decision, ['organisationId', 'decisionId'], ['organisationId', 'id'], { name: 'you_said_we_did_organisation_id_decision_id_fkey', onDelete: 'CASCADE' })
@ForeignKey(() => Stage, ['organisationId', 'stageId'], ['organisationId', 'id'], { name: 'you_said_we_did_organisation_id_stage_id_fkey', onDelete: 'CASCADE' })
@Index('you_said_we_did_evaluation_idx', ['organisationId', 'evaluationId', 'createdAt', 'id'])
@Index('you_said_we_did_decision_idx', ['organisationId', 'decisionId'], { where: '(decision_id IS NOT NULL)' })
@Index('you_said_we_did_stage_idx', ['organisationId', 'stageId'], { where: '(stage_id IS NOT NULL)' })
@Index('you_said_we_did_user_idx', ['organisationId', 'recordedByUserId'], { where: '(recorded_by_user_id IS NOT NULL)' })
export class YouSaidWeDid extends TenantEntity {
  @Column('uuid', { name: 'evaluation_id' })
  evaluationId!: string;

  @Field({ description: 'What service users said, in plain words.' })
  @Check('you_said_we_did_you_said_check', '(char_length(you_said) <= 2000)')
  @Column('text', { name: 'you_said' })
  youSaid!: string;

  @Field({ description: 'What the partnership did about it.' })
  @Check('you_said_we_did_we_did_check', '(char_length(we_did) <= 2000)')
  @Column('text', { name: 'we_did' })
  weDid!: string;

  @Column('uuid', { name: 'decision_id', nullable: true })
  decisionId!: string | null;

  @Column('uuid', { name: 'stage_id', nullable: true })
  stageId!: string | null;

  @ForeignKey(() => User, { name: 'you_said_we_did_recorded_by_user_id_fkey', onDelete: 'SET NULL' })
  @Column('uuid', { name: 'recorded_by_user_id', nullable: true })
  recordedByUserId!: string | null;

  @Reads(() => YouSaidWeDid, 'createdAt')
  @Field(() => Date, { name: 'createdAt', description: 'When it was recorded.' })
  get createdAtField(): Date {
    return this.createdAt;
  }
}
