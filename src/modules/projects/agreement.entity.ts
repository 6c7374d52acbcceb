import { Column, Entity } from 'typeorm';
import { Field, ID, ObjectType } from 'type-graphql';
import { TenantEntity } from '../../db/tenant-entity';

/** A partner signing up to one of a project's principles (one per project, partner and principle). */
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

  /** Who signed for the partner. Required in the database; nullable in the contract. */
  @Field(() => String, { nullable: true })
  @Column('text', { name: 'signed_by' })
  signedBy!: string;

  @Field(() => String, { nullable: true })
  @Column('text', { nullable: true })
  note!: string | null;

  @Field(() => Date)
  @Column('timestamptz', { name: 'agreed_at', default: () => 'now()' })
  agreedAt!: Date;
}
