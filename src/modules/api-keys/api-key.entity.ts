import { Column, Entity } from 'typeorm';
import { Reads } from '../../db/column-plan';
import { Field, ObjectType } from 'type-graphql';
import { Node } from '../../common/node';
import { TenantEntity } from '../../db/tenant-entity';
import { Role } from '../../auth/role';

/** A revocable machine credential bound to one organisation; only a hash of its secret is kept. */
@ObjectType({ implements: Node })
@Entity('api_keys')
export class ApiKey extends TenantEntity {
  @Field()
  @Column('text')
  name!: string;

  @Field(() => Role)
  @Column('text')
  role!: Role;

  @Column('text', { name: 'secret_hash', select: false })
  secretHash!: string;

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
