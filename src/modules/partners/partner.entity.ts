import { Column, Entity, UpdateDateColumn } from 'typeorm';
import { Reads } from '../../db/column-plan';
import { Field, Int, ObjectType } from 'type-graphql';
import { Node } from '../../common/node';
import { VersionedTenantEntity } from '../../db/tenant-entity';
import { PartnerKind } from './partner.enums';

/** A party to the partnership: management, staff, a trade union, service users, carers... */
@ObjectType({ implements: Node })
@Entity('partners')
export class Partner extends VersionedTenantEntity {
  @Field()
  @Column('text')
  name!: string;

  @Field(() => PartnerKind)
  @Column('text')
  kind!: PartnerKind;

  @Field(() => String, { nullable: true })
  @Column('text', { nullable: true })
  description!: string | null;

  @Reads()
  @Field(() => Int, { name: 'version' })
  get versionField(): number {
    return this.version;
  }

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @Field(() => Date, { nullable: true, description: 'When it was archived (it then leaves lists, keeps its history, and is not used in new records); null while current.' })
  @Column('timestamptz', { name: 'archived_at', nullable: true })
  archivedAt!: Date | null;
}
