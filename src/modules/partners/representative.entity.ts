import { Check, Column, Entity, ForeignKey, Index } from 'typeorm';
import { ObjectType, Field } from 'type-graphql';
import { Node } from '../../common/node';
import { TenantEntity } from '../../db/tenant-entity';
import { User } from '../accounts/user.entity';
import { Membership } from '../organisations/membership.entity';
import { Organisation } from '../organisations/organisation.entity';
import { Partner } from './partner.entity';

/**
 * A person who speaks for a partner; optionally linked to a member's user account
 * (`linkRepresentative`), which lets that member record the partner's agreements and raise
 * challenges in its name.
 */
@ObjectType({ implements: Node })
@Entity('representatives')
@ForeignKey(() => Organisation, ['organisationId'], ['id'], { name: 'representatives_organisation_id_fkey', onDelete: 'CASCADE' })
@ForeignKey(() => Partner, ['organisationId', 'partnerId'], ['organisationId', 'id'], {
  name: 'representatives_organisation_id_partner_id_fkey',
  onDelete: 'CASCADE',
})
// ON DELETE SET NULL (user_id) in the database, which keeps organisation_id: TypeORM's onDelete
// has no column list, so a migration generated from this key would need it added by hand.
@ForeignKey(() => Membership, ['organisationId', 'userId'], ['organisationId', 'userId'], {
  name: 'representatives_member_fkey',
  onDelete: 'SET NULL',
})
@Index('representatives_partner_idx', ['organisationId', 'partnerId'])
@Index('representatives_user_idx', ['organisationId', 'userId'], { where: '(user_id IS NOT NULL)' })
export class Representative extends TenantEntity {
  @Column('uuid', { name: 'partner_id' })
  partnerId!: string;

  @Field()
  @Check('representatives_name_check', '(char_length(name) <= 200)')
  @Column('text')
  name!: string;

  @Field(() => String, { nullable: true })
  @Check('representatives_role_title_check', '(char_length(role_title) <= 200)')
  @Column('text', { name: 'role_title', nullable: true })
  roleTitle!: string | null;

  /** In the schema through RepresentativeResolver.email, which hides it from OBSERVER callers. */
  @Check('representatives_email_check', '(char_length(email) <= 320)')
  @Column('text', { nullable: true })
  email!: string | null;

  /** The linked user; only ever a member of the organisation when linked (linkRepresentative checks). */
  @ForeignKey(() => User, { name: 'representatives_user_id_fkey', onDelete: 'SET NULL' })
  @Column('uuid', { name: 'user_id', nullable: true })
  userId!: string | null;

  @Field(() => Date, { nullable: true, description: 'When it was archived (it then leaves lists, keeps its history, and is not used in new records); null while current.' })
  @Column('timestamptz', { name: 'archived_at', nullable: true })
  archivedAt!: Date | null;
}
