import { Column, Entity } from 'typeorm';
import { Field, ID, ObjectType } from 'type-graphql';
import { TenantEntity } from '../../db/tenant-entity';
import { Role } from '../../auth/role';

/** A user's role in one organisation. */
@ObjectType()
@Entity('memberships')
export class Membership extends TenantEntity {
  @Field(() => ID, { name: 'id' })
  override get globalId(): string {
    return super.globalId;
  }

  @Column('uuid', { name: 'user_id' })
  userId!: string;

  @Field(() => Role)
  @Column('text')
  role!: Role;
}
