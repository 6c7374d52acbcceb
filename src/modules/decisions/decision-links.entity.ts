import { CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { Challenge } from '../challenges/challenge.entity';
import { Partner } from '../partners/partner.entity';
import { Principle } from '../principles/principle.entity';
import { Stage } from '../stages/stage.entity';
import { Organisation } from '../organisations/organisation.entity';
import { Decision } from './decision.entity';

/** A decision and who agreed it (one row per pair, the pair its key). Not a GraphQL type. */
@Entity('decision_partners')
@ForeignKey(() => Organisation, ['organisationId'], ['id'], { name: 'decision_partners_organisation_id_fkey', onDelete: 'CASCADE' })
@ForeignKey(() => Decision, ['organisationId', 'decisionId'], ['organisationId', 'id'], { name: 'decision_partners_organisation_id_decision_id_fkey', onDelete: 'CASCADE' })
@ForeignKey(() => Partner, ['organisationId', 'partnerId'], ['organisationId', 'id'], { name: 'decision_partners_organisation_id_partner_id_fkey', onDelete: 'CASCADE' })
@Index('decision_partners_partner_idx', ['organisationId', 'partnerId'])
export class DecisionPartner {
  @PrimaryColumn('uuid', { name: 'organisation_id' })
  organisationId!: string;

  @PrimaryColumn('uuid', { name: 'decision_id' })
  decisionId!: string;

  @PrimaryColumn('uuid', { name: 'partner_id' })
  partnerId!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

/** A decision and a stage it concerns (one row per pair, the pair its key). Not a GraphQL type. */
@Entity('decision_stages')
@ForeignKey(() => Organisation, ['organisationId'], ['id'], { name: 'decision_stages_organisation_id_fkey', onDelete: 'CASCADE' })
@ForeignKey(() => Decision, ['organisationId', 'decisionId'], ['organisationId', 'id'], { name: 'decision_stages_organisation_id_decision_id_fkey', onDelete: 'CASCADE' })
@ForeignKey(() => Stage, ['organisationId', 'stageId'], ['organisationId', 'id'], { name: 'decision_stages_organisation_id_stage_id_fkey', onDelete: 'CASCADE' })
@Index('decision_stages_stage_idx', ['organisationId', 'stageId'])
export class DecisionStage {
  @PrimaryColumn('uuid', { name: 'organisation_id' })
  organisationId!: string;

  @PrimaryColumn('uuid', { name: 'decision_id' })
  decisionId!: string;

  @PrimaryColumn('uuid', { name: 'stage_id' })
  stageId!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

/** A decision and a challenge it concerns (one row per pair, the pair its key). Not a GraphQL type. */
@Entity('decision_challenges')
@ForeignKey(() => Organisation, ['organisationId'], ['id'], { name: 'decision_challenges_organisation_id_fkey', onDelete: 'CASCADE' })
@ForeignKey(() => Decision, ['organisationId', 'decisionId'], ['organisationId', 'id'], { name: 'decision_challenges_organisation_id_decision_id_fkey', onDelete: 'CASCADE' })
@ForeignKey(() => Challenge, ['organisationId', 'challengeId'], ['organisationId', 'id'], { name: 'decision_challenges_organisation_id_challenge_id_fkey', onDelete: 'CASCADE' })
@Index('decision_challenges_challenge_idx', ['organisationId', 'challengeId'])
export class DecisionChallenge {
  @PrimaryColumn('uuid', { name: 'organisation_id' })
  organisationId!: string;

  @PrimaryColumn('uuid', { name: 'decision_id' })
  decisionId!: string;

  @PrimaryColumn('uuid', { name: 'challenge_id' })
  challengeId!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

/** A decision and a principle it concerns (one row per pair, the pair its key). Not a GraphQL type. */
@Entity('decision_principles')
@ForeignKey(() => Organisation, ['organisationId'], ['id'], { name: 'decision_principles_organisation_id_fkey', onDelete: 'CASCADE' })
@ForeignKey(() => Decision, ['organisationId', 'decisionId'], ['organisationId', 'id'], { name: 'decision_principles_organisation_id_decision_id_fkey', onDelete: 'CASCADE' })
@ForeignKey(() => Principle, ['organisationId', 'principleId'], ['organisationId', 'id'], { name: 'decision_principles_organisation_id_principle_id_fkey', onDelete: 'CASCADE' })
@Index('decision_principles_principle_idx', ['organisationId', 'principleId'])
export class DecisionPrinciple {
  @PrimaryColumn('uuid', { name: 'organisation_id' })
  organisationId!: string;

  @PrimaryColumn('uuid', { name: 'decision_id' })
  decisionId!: string;

  @PrimaryColumn('uuid', { name: 'principle_id' })
  principleId!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
