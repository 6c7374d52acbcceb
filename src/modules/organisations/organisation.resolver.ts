import { Arg, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Reads } from '../../db/column-plan';
import { membersOfOrganisation } from './organisation.batches';
import type { Context } from '../../context';
import { LIST_CAPS } from '../../limits/list-caps';
import { USER } from '../../auth/auth-checker';
import { Membership } from './membership.entity';
import { Organisation } from './organisation.entity';
import { AddMemberInput, ChangeMemberRoleInput, CreateOrganisationInput, RemoveMemberInput } from './organisation.inputs';
import { Role } from '../../auth/role';
import { addMember, changeMemberRole, createOrganisation, getCurrentOrganisation, removeMember } from './organisation.service';

@Resolver(() => Organisation)
export class OrganisationResolver {
  @Authorized(Role.OBSERVER)
  @Query(() => Organisation, { description: 'The organisation this request acts for.' })
  organisation(@Ctx() ctx: Context): Promise<Organisation> {
    return getCurrentOrganisation(ctx);
  }

  @Authorized(USER)
  @Mutation(() => Organisation, { description: 'Creates an organisation; the caller becomes its OWNER. Only without X-Organisation, once per request.' })
  createOrganisation(@Ctx() ctx: Context, @Arg('input', () => CreateOrganisationInput) input: CreateOrganisationInput): Promise<Organisation> {
    return createOrganisation(ctx, input);
  }

  @Authorized(USER, Role.ADMIN)
  @Mutation(() => Membership, {
    description:
      "Invites the email (nobody joins without accepting) and answers INVITATION_SENT with extensions.invitationId, whether or not it has an account; a member's email is CONFLICT. ADMIN or above (OWNER for an OWNER), and a user, never an API key.",
    deprecationReason: 'Use inviteMember: a person joins by accepting an invitation, so addMember never returns a Membership.',
  })
  addMember(@Ctx() ctx: Context, @Arg('input', () => AddMemberInput) input: AddMemberInput): Promise<Membership> {
    return addMember(ctx, input);
  }

  @Authorized(USER, Role.ADMIN)
  @Mutation(() => Membership, { description: 'ADMIN or above (OWNER for anything touching ownership), and a user, never an API key.' })
  changeMemberRole(@Ctx() ctx: Context, @Arg('input', () => ChangeMemberRoleInput) input: ChangeMemberRoleInput): Promise<Membership> {
    return changeMemberRole(ctx, input);
  }

  @Authorized(USER, Role.OBSERVER)
  @Mutation(() => Membership, { description: 'Removes a member; ADMIN or above, or the member themselves; never an API key.' })
  removeMember(@Ctx() ctx: Context, @Arg('input', () => RemoveMemberInput) input: RemoveMemberInput): Promise<Membership> {
    return removeMember(ctx, input);
  }

  @Reads()
  @FieldResolver(() => [Membership], { description: `Oldest first; at most ${LIST_CAPS.membersPerOrganisation} (addMember refuses more: LIMIT_REACHED).` })
  members(@Ctx() ctx: Context, @Root() organisation: Organisation): Promise<Membership[]> {
    return ctx.read.batch(membersOfOrganisation).load(organisation.id);
  }
}
