import { Arg, Authorized, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { Reads } from '../../db/column-plan';
import type { Context } from '../../context';
import { USER } from '../../auth/auth-checker';
import { Role } from '../../auth/role';
import { LIST_CAPS } from '../../limits/list-caps';
import { mayReadEmails } from '../accounts/user.service';
import { Membership } from '../organisations/membership.entity';
import { LinkRepresentativeInput } from './partner.inputs';
import { representativesOfUser } from './representative.batches';
import { Representative } from './representative.entity';
import { linkRepresentative } from './representative.service';

@Resolver(() => Representative)
export class RepresentativeResolver {
  @Authorized(USER, Role.ADMIN)
  @Mutation(() => Representative, {
    description: `Links a representative to a member, who then speaks for its partner (null unlinks); ADMIN or above, and a user, never an API key. NOT_FOUND for a user who is not a member; LIMIT_REACHED past ${LIST_CAPS.representedPerMember} representatives for one member.`,
  })
  linkRepresentative(@Ctx() ctx: Context, @Arg('input', () => LinkRepresentativeInput) input: LinkRepresentativeInput): Promise<Representative> {
    return linkRepresentative(ctx, input);
  }

  /** Nullable in the contract, so an OBSERVER gets null rather than an error (catalogue 57). */
  @Reads(() => Representative, 'email')
  @FieldResolver(() => String, { nullable: true, description: 'Null for an OBSERVER, who sees names, not emails.' })
  email(@Ctx() ctx: Context, @Root() representative: Representative): string | null {
    return mayReadEmails(ctx) ? representative.email : null;
  }
}

/** Membership.representing: declared here, beside the representatives it lists. */
@Resolver(() => Membership)
export class MembershipRepresentingResolver {
  /** Only a membership of the request's organisation has any to show: another's representatives are not its to read. */
  @Reads(() => Membership, 'organisationId')
  @FieldResolver(() => [Representative], {
    description: `The representatives linked to this member, whose partners they speak for, oldest first; at most ${LIST_CAPS.representedPerMember}. Empty for memberships of other organisations than the one the request acts for.`,
  })
  async representing(@Ctx() ctx: Context, @Root() membership: Membership): Promise<Representative[]> {
    if (membership.organisationId !== ctx.db.organisationId) return [];
    return ctx.read.batch(representativesOfUser).load(membership.userId);
  }
}
