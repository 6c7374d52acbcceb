import { Column, Entity } from 'typeorm';
import { Field, ObjectType } from 'type-graphql';
import { Node } from '../../common/node';
import { Reads } from '../../db/column-plan';
import { TenantEntity } from '../../db/tenant-entity';
import { Role } from '../../auth/role';

/**
 * An invitation to join the organisation, mailed as a single-use link (see src/auth/link-tokens.ts):
 * only the hash of its token is kept. Accepted, revoked or expired, it stays as a record of who was
 * asked, by whom, and what came of it.
 */
@ObjectType({ implements: Node, description: 'An invitation to join the organisation; ADMIN or above see them (Organisation.invitations).' })
@Entity('invitations')
export class Invitation extends TenantEntity {
  /** In the schema through InvitationResolver.email, which refuses it to OBSERVER callers. */
  @Column('text')
  email!: string;

  @Field(() => Role, { description: 'The role the membership gets on acceptance.' })
  @Column('text')
  role!: Role;

  @Column('uuid', { name: 'representative_id', nullable: true })
  representativeId!: string | null;

  @Column('uuid', { name: 'invited_by_user_id', nullable: true })
  invitedByUserId!: string | null;

  @Column('text', { name: 'token_hash', select: false })
  tokenHash!: string;

  @Field(() => Date)
  @Column('timestamptz', { name: 'expires_at' })
  expiresAt!: Date;

  @Column('timestamptz', { name: 'accepted_at', nullable: true })
  acceptedAt!: Date | null;

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
  @Field(() => String, { nullable: true, description: 'The acceptance link, returned once by inviteMember (as an API key\'s secret is) and never stored.' })
  link?: string | null;
}
