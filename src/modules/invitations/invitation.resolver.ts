import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { USER } from '../../auth/auth-checker';
import { Role } from '../../auth/role';
import { Reads } from '../../db/column-plan';
import { ForbiddenError } from '../../errors';
import { LIST_CAPS } from '../../limits/list-caps';
import { AuthPayload } from '../accounts/account.inputs';
import { mayReadEmails } from '../accounts/user.service';
import { Organisation } from '../organisations/organisation.entity';
import { invitationsWithStatus } from './invitation.batches';
import { Invitation } from './invitation.entity';
import { InvitationStatus, invitationStatus } from './invitation.enums';
import { AcceptInvitationInput, InviteMemberInput } from './invitation.inputs';
import { acceptInvitation, inviteMember, revokeInvitation } from './invitation.service';

@Resolver(() => Invitation)
export class InvitationResolver {
  @Authorized(USER, Role.ADMIN)
  @Mutation(() => Invitation, {
    description:
      'Mails a single-use link to join (7 days) and returns the invitation with `link` set, this once. ADMIN or above (OWNER to invite an OWNER), and a user, never an API key. ' +
      'The same whether or not the email has an account; an existing member is CONFLICT; a pending invitation to the same email is replaced.',
  })
  inviteMember(@Ctx() ctx: Context, @Arg('input', () => InviteMemberInput) input: InviteMemberInput): Promise<Invitation> {
    return inviteMember(ctx, input);
  }

  @Authorized(USER, Role.ADMIN)
  @Mutation(() => Invitation, { description: 'Its link stops working at once. ADMIN or above, and a user; an accepted invitation is CONFLICT.' })
  revokeInvitation(@Ctx() ctx: Context, @Arg('id', () => ID) id: string): Promise<Invitation> {
    return revokeInvitation(ctx, id);
  }

  @Mutation(() => AuthPayload, {
    description:
      "Joins with an invitation's token and signs in. Without an account, `name` and `password` create it; with one, sign in as it or give its password. " +
      'A used, revoked, expired or unknown token is INVALID_TOKEN. Send it without X-Organisation.',
  })
  acceptInvitation(@Ctx() ctx: Context, @Arg('input', () => AcceptInvitationInput) input: AcceptInvitationInput): Promise<AuthPayload> {
    return acceptInvitation(ctx, input);
  }

  /** Non-null in the contract, so an OBSERVER's request for it is refused, as for User.email. */
  @Reads(() => Invitation, 'email')
  @FieldResolver(() => String, { description: "Refused (FORBIDDEN) to an OBSERVER, who sees no one's email." })
  email(@Ctx() ctx: Context, @Root() invitation: Invitation): string {
    if (!mayReadEmails(ctx)) throw new ForbiddenError("An OBSERVER sees no one's email");
    return invitation.email;
  }

  @Reads(() => Invitation, 'expiresAt', 'acceptedAt', 'revokedAt')
  @FieldResolver(() => InvitationStatus, { description: 'EXPIRED once expiresAt has passed without acceptance or revocation.' })
  status(@Root() invitation: Invitation): InvitationStatus {
    return invitationStatus(invitation);
  }
}

@Resolver(() => Organisation)
export class OrganisationInvitationsResolver {
  @Authorized(Role.ADMIN)
  @Reads()
  @FieldResolver(() => [Invitation], {
    description: `Newest first, at most ${LIST_CAPS.invitationsPerOrganisation} (inviteMember refuses more pending ones); only \`status\`, when given. ADMIN or above.`,
  })
  invitations(
    @Ctx() ctx: Context,
    @Root() organisation: Organisation,
    @Arg('status', () => InvitationStatus, { nullable: true }) status?: InvitationStatus | null,
  ): Promise<Invitation[]> | Invitation[] {
    // Only the organisation the request acts for has invitations to show.
    if (organisation.id !== ctx.db.organisationId) return [];
    return ctx.read.batch(invitationsWithStatus).load(status ?? 'ANY');
  }
}
