import { Column, Entity } from 'typeorm';
import { Field, ID, ObjectType } from 'type-graphql';
import { TenantEntity } from '../../db/tenant-entity';

/** A person who speaks for a partner; optionally linked to a user account. */
@ObjectType()
@Entity('representatives')
export class Representative extends TenantEntity {
  @Field(() => ID, { name: 'id' })
  override get globalId(): string {
    return super.globalId;
  }

  @Column('uuid', { name: 'partner_id' })
  partnerId!: string;

  @Field()
  @Column('text')
  name!: string;

  @Field(() => String, { nullable: true })
  @Column('text', { name: 'role_title', nullable: true })
  roleTitle!: string | null;

  /** In the schema through RepresentativeResolver.email, which hides it from OBSERVER callers. */
  @Column('text', { nullable: true })
  email!: string | null;

  @Column('uuid', { name: 'user_id', nullable: true })
  userId!: string | null;
}
