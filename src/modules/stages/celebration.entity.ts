import { Column, Entity } from 'typeorm';
import { Reads } from '../../db/column-plan';
import { Field, ID, ObjectType } from 'type-graphql';
import { TenantEntity } from '../../db/tenant-entity';

/** The acknowledgement of a completed stage: a message, who acknowledged it and when (createdAt). */
@ObjectType()
@Entity('celebrations')
export class Celebration extends TenantEntity {
  @Field(() => ID, { name: 'id' })
  override get globalId(): string {
    return super.globalId;
  }

  @Column('uuid', { name: 'stage_id' })
  stageId!: string;

  @Field(() => String, { nullable: true })
  @Column('text', { nullable: true })
  message!: string | null;

  /** The acting user; null when an API key acknowledged it. */
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
