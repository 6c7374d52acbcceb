import { Check, Column, Entity, ForeignKey } from 'typeorm';
import { Reads } from '../../db/column-plan';
import { Field, ObjectType } from 'type-graphql';
import { Node } from '../../common/node';
import { TenantEntity } from '../../db/tenant-entity';
import { Role } from '../../auth/role';
import { User } from '../accounts/user.entity';
import { Organisation } from '../organisations/organisation.entity';

/** A revocable machine credential bound to one organisation; only a hash of its secret is kept. */
@ObjectType({ implements: Node })
@Entity('api_keys')
@ForeignKey(() => Organisation, ['organisationId'], ['id'], { name: 'api_keys_organisation_id_fkey', onDelete: 'CASCADE' })
export class ApiKey extends TenantEntity {
  @Field()
  @Column('text')
  name!: string;

  @Field(() => Role)
  @Check('api_keys_role_check', "(role = ANY (ARRAY['OWNER'::text, 'ADMIN'::text, 'MEMBER'::text, 'OBSERVER'::text]))")
  @Column('text')
  role!: Role;

  @Column('text', { name: 'secret_hash', select: false })
  secretHash!: string;

  @ForeignKey(() => User, { name: 'api_keys_created_by_fkey', onDelete: 'SET NULL' })
  @Column('uuid', { name: 'created_by', nullable: true })
  createdBy!: string | null;

  @Reads(() => ApiKey, 'createdAt')
  @Field(() => Date, { name: 'createdAt' })
  get createdAtField(): Date {
    return this.createdAt;
  }

  @Field(() => Date, { nullable: true })
  @Column('timestamptz', { name: 'revoked_at', nullable: true })
  revokedAt!: Date | null;
}
