import { Check, Column, Entity, ForeignKey, Index } from 'typeorm';
import { Field, ObjectType } from 'type-graphql';
import { Node } from '../../common/node';
import { Reads } from '../../db/column-plan';
import { TenantEntity } from '../../db/tenant-entity';
import { Role } from '../../auth/role';
import { User } from '../accounts/user.entity';
import { Organisation } from '../organisations/organisation.entity';
import { Representative } from '../partners/representative.entity';

/**
 * An invitation to join the organisation, mailed as a single-use link (see src/auth/link-tokens.ts):
 * only the hash of its token is kept. Accepted, revoked or expired, it stays as a record of who was
 * asked, by whom, and what came of it.
 */
@ObjectType({ implements: Node, description: 'An invitation to join the organisation; ADMIN or above see them (Organisation.invitations).' })
@Entity('invitations')
@ForeignKey(() => Organisation, ['organisationId'], ['id'], { name: 'invitations_organisation_id_fkey', onDelete: 'CASCADE' })
// ON DELETE SET NULL (representative_id) in the database, which keeps organisation_id: TypeORM's onDelete
// has no column list, so a migration generated from this key would need it added by hand.
@ForeignKey(() => Representative, ['organisationId', 'representativeId'], ['organisationId', 'id'], {
  name: 'invitations_organisation_id_representative_id_fkey',
  onDelete: 'SET NULL',
})
@Check('invitations_one_outcome', '((accepted_at IS NULL) OR (revoked_at IS NULL))')
// (organisation_id, created_at DESC, id DESC): TypeORM cannot say DESC, so it leaves this one alone.
@Index('invitations_listing_idx', { synchronize: false })
// (organisation_id, lower(email)) of pending invitations: TypeORM indexes columns, not expressions,
// so it leaves this one alone.
@Index('invitations_pending_idx', { synchronize: false })
@Index('invitations_representative_idx', ['organisationId', 'representativeId'], { where: '(representative_id IS NOT NULL)' })
export class Invitation extends TenantEntity {
  /** In the schema through InvitationResolver.email, which refuses it to OBSERVER callers. */
  @Check('invitations_email_check', '(char_length(email) <= 320)')
  @Column('text')
  email!: string;

  @Field(() => Role, { description: 'The role the membership gets on acceptance.' })
  @Check('invitations_role_check', "(role = ANY (ARRAY['OWNER'::text, 'ADMIN'::text, 'MEMBER'::text, 'OBSERVER'::text]))")
  @Column('text')
  role!: Role;

  @Column('uuid', { name: 'representative_id', nullable: true })
  representativeId!: string | null;

  @ForeignKey(() => User, { name: 'invitations_invited_by_user_id_fkey', onDelete: 'SET NULL' })
  @Column('uuid', { name: 'invited_by_user_id', nullable: true })
  invitedByUserId!: string | null;

  @Column('text', { name: 'token_hash', select: false })
  tokenHash!: string;

  @Field(() => Date)
  @Column('timestamptz', { name: 'expires_at' })
  expiresAt!: Date;

  @Column('timestamptz', { name: 'accepted_at', nullable: true })
  acceptedAt!: Date | null;

  @ForeignKey(() => User, { name: 'invitations_accepted_by_user_id_fkey', onDelete: 'SET NULL' })
  @Column('uuid', { name: 'accepted_by_user_id', nullable: true })
  acceptedByUserId!: string | null;

  @Column('timestamptz', { name: 'revoked_at', nullable: true })
  revokedAt!: Date | null;

  @Reads(() => Invitation, 'createdAt')
  @Field(() => Date, { name: 'createdAt' })
  get createdAtField(): Date {
    return this.createdAt;
  }

  /** Set on the object inviteMember returns, and nowhere else: the token is not stored. */
  @Reads()
  @Field(() => String, { nullable: true, description: "The acceptance link, returned once by inviteMember (as an API key's secret is) and never stored." })
  link?: string | null;
}
