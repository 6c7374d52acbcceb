import { Check, Column, Entity, ForeignKey, Index, Unique } from 'typeorm';
import { Field, ID, ObjectType } from 'type-graphql';
import { TenantEntity } from '../../db/tenant-entity';
import { User } from '../accounts/user.entity';
import { Organisation } from './organisation.entity';
import { Role } from '../../auth/role';

/** A user's role in one organisation. */
@ObjectType()
@Entity('memberships')
@ForeignKey(() => Organisation, ['organisationId'], ['id'], { name: 'memberships_organisation_id_fkey', onDelete: 'CASCADE' })
@Unique('memberships_organisation_id_user_id_key', ['organisationId', 'userId'])
@Index('memberships_user_idx', ['userId'])
export class Membership extends TenantEntity {
  @Field(() => ID, { name: 'id' })
  override get globalId(): string {
    return super.globalId;
  }

  @ForeignKey(() => User, { name: 'memberships_user_id_fkey', onDelete: 'CASCADE' })
  @Column('uuid', { name: 'user_id' })
  userId!: string;

  @Field(() => Role)
  @Check('memberships_role_check', "(role = ANY (ARRAY['OWNER'::text, 'ADMIN'::text, 'MEMBER'::text, 'OBSERVER'::text]))")
  @Column('text')
  role!: Role;
}
