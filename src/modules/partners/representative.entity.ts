import { Column, Entity } from 'typeorm';
import { ObjectType, Field } from 'type-graphql';
import { Node } from '../../common/node';
import { TenantEntity } from '../../db/tenant-entity';

/**
 * A person who speaks for a partner; optionally linked to a member's user account
 * (`linkRepresentative`), which lets that member record the partner's agreements and raise
 * challenges in its name.
 */
@ObjectType({ implements: Node })
@Entity('representatives')
export class Representative extends TenantEntity {
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

  /** The linked user; only ever a member of the organisation when linked (linkRepresentative checks). */
  @Column('uuid', { name: 'user_id', nullable: true })
  userId!: string | null;

  @Field(() => Date, { nullable: true, description: 'When it was archived (it then leaves lists, keeps its history, and is not used in new records); null while current.' })
  @Column('timestamptz', { name: 'archived_at', nullable: true })
  archivedAt!: Date | null;
}
