import { Check, Column, Entity, ForeignKey, Index, UpdateDateColumn } from 'typeorm';
import { Reads } from '../../db/column-plan';
import { Field, Int, ObjectType } from 'type-graphql';
import { Node } from '../../common/node';
import { VersionedTenantEntity } from '../../db/tenant-entity';
import { Organisation } from '../organisations/organisation.entity';
import { PartnerKind } from './partner.enums';

/** A party to the partnership: management, staff, a trade union, service users, carers... */
@ObjectType({ implements: Node })
@Entity('partners')
@ForeignKey(() => Organisation, ['organisationId'], ['id'], { name: 'partners_organisation_id_fkey', onDelete: 'CASCADE' })
@Index('partners_listing_idx', ['organisationId', 'createdAt', 'id'])
@Index('partners_kind_idx', ['organisationId', 'kind', 'createdAt', 'id'])
// One name per organisation, trimmed and case-insensitive: on (organisation_id, lower(btrim(name))),
// an expression, which TypeORM cannot index, so it leaves this one alone.
@Index('partners_name_key', { synchronize: false })
export class Partner extends VersionedTenantEntity {
  @Field()
  @Check('partners_name_check', '(char_length(name) <= 200)')
  @Column('text')
  name!: string;

  @Field(() => PartnerKind)
  @Check(
    'partners_kind_check',
    "(kind = ANY (ARRAY['MANAGEMENT'::text, 'STAFF'::text, 'TRADE_UNION'::text, 'SERVICE_USERS'::text, 'CARERS'::text, 'COMMISSIONER'::text, 'OTHER'::text]))",
  )
  @Column('text')
  kind!: PartnerKind;

  @Field(() => String, { nullable: true })
  @Check('partners_description_check', '(char_length(description) <= 10000)')
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
