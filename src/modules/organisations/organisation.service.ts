import type { Context } from '../../context';
import { AppError, ConflictError, ForbiddenError, NotFoundError } from '../../errors';
import { requireIdOf, toGlobalId } from '../../common/global-id';
import { isUniqueViolation } from '../../db/pg-errors';
import { newRowId } from '../../db/row-id';
import { recordActivity } from '../activity/activity.service';
import { createEventCounter } from '../../events/event-log';
import { chargeOrganisationCreation } from '../../limits/organisation-creations';
import { User } from '../accounts/user.entity';
import { createInvitation } from '../invitations/invitation.service';
import { Representative } from '../partners/representative.entity';
import { Membership } from './membership.entity';
import { Organisation } from './organisation.entity';
import { Role, roleInWords } from '../../auth/role';
import type { AddMemberInput, ChangeMemberRoleInput, CreateOrganisationInput, RemoveMemberInput } from './organisation.inputs';

/** The organisation the request acts for. */
export async function getCurrentOrganisation(ctx: Context): Promise<Organisation> {
  const organisation = await ctx.read.byId(Organisation, ctx.db.organisationId!);
  if (!organisation) throw new NotFoundError('Organisation');
  return organisation;
}

/**
 * Creates an organisation whose first owner is the calling user. A taken slug is CONFLICT. One
 * request acts for one organisation: in a request that already acts for one (X-Organisation, or an
 * organisation it created), this is FORBIDDEN, or the mutations after it would run in the new
 * organisation on the strength of the role held in the other.
 */
export async function createOrganisation(ctx: Context, input: CreateOrganisationInput): Promise<Organisation> {
  if (ctx.auth.organisationId || ctx.db.organisationId) {
    throw new ForbiddenError('A request acts for one organisation: send createOrganisation without X-Organisation, once per request');
  }
  const id = newRowId();
  const name = input.name.trim();
  return ctx.db.transaction(async () => {
    // Each organisation is a rate-limit budget of its own: creating them is limited per user.
    await chargeOrganisationCreation(ctx);
    // The creator has no membership yet: the rest of the transaction acts for the new organisation.
    await ctx.db.actFor(id);
    let organisation: Organisation;
    try {
      organisation = await ctx.db.globalRepo(Organisation).insert({ id, slug: input.slug, name });
    } catch (error) {
      if (isUniqueViolation(error)) throw new ConflictError('That slug is taken');
      throw error;
    }
    await createEventCounter(ctx.db, id);
    await ctx.db.repo(Membership).insert({ userId: ctx.auth.userId!, role: Role.OWNER });
    await recordActivity(ctx, { type: 'ORGANISATION_CREATED', entityType: 'Organisation', entityId: id, summary: `Created ${name}` });
    return organisation;
  });
}

/** Only an owner may make an owner, or change or remove one. */
function assertMayManage(ctx: Context, targetRole: Role, newRole?: Role): void {
  if ((targetRole === Role.OWNER || newRole === Role.OWNER) && ctx.auth.role !== Role.OWNER) {
    throw new ForbiddenError('Only an owner can grant, change or remove ownership');
  }
}

/** Locks the organisation's owners and refuses a change that would leave none. */
async function assertOwnerRemains(ctx: Context, membership: Membership, newRole: Role | null): Promise<void> {
  if (membership.role !== Role.OWNER || newRole === Role.OWNER) return;
  const owners = await ctx.db.query<{ id: string }>('lock the owners', "SELECT id FROM memberships WHERE organisation_id = $1 AND role = 'OWNER' FOR UPDATE", [
    ctx.db.organisationId,
  ]);
  if (owners.length <= 1) throw new ConflictError('An organisation must keep at least one owner');
}

async function findMembership(ctx: Context, membershipId: string): Promise<Membership> {
  const membership = await ctx.read.byId(Membership, requireIdOf('Membership', membershipId));
  if (!membership) throw new NotFoundError('Membership');
  return membership;
}

/**
 * addMember, kept for the contract's clients, asks rather than adds: joining an organisation shows
 * its admins the person's name, so nobody joins without accepting. Any email that is not a
 * member's (with an account or without, answered alike so the answer tells nobody which) is
 * invited as inviteMember would (kept, mailed with the request's commit), and the answer (the
 * contract's Membership! cannot be an invitation) is INVITATION_SENT with
 * `extensions.invitationId`. A member's email is CONFLICT, as inviteMember's is; LIMIT_REACHED
 * past the cap of pending invitations.
 */
export async function addMember(ctx: Context, input: AddMemberInput): Promise<Membership> {
  assertMayManage(ctx, input.role);
  const invitation = await ctx.db.transaction(() => createInvitation(ctx, { email: input.email, role: input.role, representativeId: null }));
  // Outside the savepoint, which committed: the invitation stays, and is mailed with the request's commit.
  throw new AppError('INVITATION_SENT', 'Nobody joins without accepting: an invitation to join was mailed to that email (see Organisation.invitations)', {
    invitationId: toGlobalId('Invitation', invitation.id),
  });
}

/** Changes a member's role; the last owner cannot be demoted. */
export async function changeMemberRole(ctx: Context, input: ChangeMemberRoleInput): Promise<Membership> {
  return ctx.db.transaction(async () => {
    const membership = await findMembership(ctx, input.membershipId);
    assertMayManage(ctx, membership.role, input.role);
    await assertOwnerRemains(ctx, membership, input.role);
    await ctx.db.repo(Membership).update({ id: membership.id }, { role: input.role });
    await recordActivity(ctx, {
      type: 'MEMBER_ROLE_CHANGED',
      entityType: 'Membership',
      entityId: membership.id,
      summary: `Role changed from ${roleInWords(membership.role, false)} to ${roleInWords(input.role, false)}`,
      data: { changes: { role: { from: membership.role, to: input.role } } },
    });
    membership.role = input.role;
    return membership;
  });
}

/** Removes a member (members may remove themselves); the last owner cannot be removed. */
export async function removeMember(ctx: Context, input: RemoveMemberInput): Promise<Membership> {
  return ctx.db.transaction(async () => {
    const membership = await findMembership(ctx, input.membershipId);
    const leaving = membership.userId === ctx.auth.userId;
    if (!leaving) {
      const role = ctx.auth.role;
      if (role !== Role.OWNER && role !== Role.ADMIN) throw new ForbiddenError('This operation needs the ADMIN role');
      assertMayManage(ctx, membership.role);
    }
    await assertOwnerRemains(ctx, membership, null);
    // Once removed, the user is no longer visible to the organisation (row-level security on
    // users): read them first, so the answer's non-null Membership.user can still say who left.
    const user = await ctx.read.byId(User, membership.userId);
    // Whoever leaves no longer speaks for a partner here (nor would again on rejoining): their
    // links go, and the log says which; what they signed stays signed.
    const represented = await ctx.read.rows(Representative, { where: { userId: membership.userId } });
    await ctx.db.repo(Representative).update({ userId: membership.userId }, { userId: null });
    await ctx.db.repo(Membership).delete({ id: membership.id });
    await recordActivity(ctx, {
      type: 'MEMBER_REMOVED',
      entityType: 'Membership',
      entityId: membership.id,
      summary: `${leaving ? 'A member left' : 'A member was removed'}${represented.length ? `, no longer speaking for ${represented.map((r) => r.name).join(', ')}` : ''}`,
      data: { unlinkedRepresentativeIds: represented.map((r) => toGlobalId('Representative', r.id)) },
    });
    if (user) ctx.read.remember(User, user);
    return membership;
  });
}
