import { Check, Column, Entity, ForeignKey, Index } from 'typeorm';
import { Reads } from '../../db/column-plan';
import { Field, ID, ObjectType } from 'type-graphql';
import { TenantEntity } from '../../db/tenant-entity';
import { User } from '../accounts/user.entity';
import { Organisation } from '../organisations/organisation.entity';
import { Stage } from './stage.entity';

/** The acknowledgement of a completed stage: a message, who acknowledged it and when (createdAt). */
@ObjectType()
@Entity('celebrations')
@ForeignKey(() => Organisation, ['organisationId'], ['id'], { name: 'celebrations_organisation_id_fkey', onDelete: 'CASCADE' })
@ForeignKey(() => Stage, ['organisationId', 'stageId'], ['organisationId', 'id'], {
  name: 'celebrations_organisation_id_stage_id_fkey',
  onDelete: 'CASCADE',
})
@Index('celebrations_stage_idx', ['organisationId', 'stageId', 'createdAt'])
@Index('celebrations_user_idx', ['organisationId', 'acknowledgedByUserId'], { where: '(acknowledged_by_user_id IS NOT NULL)' })
export class Celebration extends TenantEntity {
  @Field(() => ID, { name: 'id' })
  override get globalId(): string {
    return super.globalId;
  }

  @Column('uuid', { name: 'stage_id' })
  stageId!: string;

  @Field(() => String, { nullable: true })
  @Check('celebrations_message_check', '(char_length(message) <= 10000)')
  @Column('text', { nullable: true })
  message!: string | null;

  /** The acting user; null when an API key acknowledged it. */
  @ForeignKey(() => User, { name: 'celebrations_acknowledged_by_user_id_fkey', onDelete: 'SET NULL' })
  @Column('uuid', { name: 'acknowledged_by_user_id', nullable: true })
  acknowledgedByUserId!: string | null;

  /** The acting API key, when one acknowledged it. */
  @Column('uuid', { name: 'acknowledged_by_api_key_id', nullable: true })
  acknowledgedByApiKeyId!: string | null;

  @Reads(() => Celebration, 'createdAt')
  @Field(() => Date, { name: 'createdAt' })
  get createdAtField(): Date {
    return this.createdAt;
  }
}
