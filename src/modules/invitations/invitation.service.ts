import type { Context } from '../../context';
import { ConflictError, ForbiddenError, InvalidTokenError, NotFoundError, UnauthenticatedError, BadInputError } from '../../errors';
import { requireIdOf, toGlobalId } from '../../common/global-id';
import { hashPassword, verifyPassword } from '../../auth/passwords';
import { newInvitationToken, linkSecretMatches, parseInvitationToken } from '../../auth/link-tokens';
import { Role, roleInWords } from '../../auth/role';
import { isUniqueViolation } from '../../db/pg-errors';
import { newRowId } from '../../db/row-id';
import { appendEvent } from '../../events/event-log';
import { assertRoom, LIST_CAPS } from '../../limits/list-caps';
import { dashboardLink, mailAfterCommit } from '../../mail/mail-after-commit';
import { userByEmail } from '../accounts/account.batches';
import type { AuthPayload } from '../accounts/account.inputs';
import { accountWithCredentials, asUser, assertNewPassword, issueToken, normaliseEmail, type AccountCredentials } from '../accounts/account.service';
import { User } from '../accounts/user.entity';
import { afterActivityRecorded, recordActivity } from '../activity/activity.service';
import { Membership } from '../organisations/membership.entity';
import { Organisation } from '../organisations/organisation.entity';
import { Partner } from '../partners/partner.entity';
import { Representative } from '../partners/representative.entity';
import { assertLinkableRecord, whyNotLinkable } from '../partners/representative.service';
import { invitationsWithStatus } from './invitation.batches';
import { Invitation } from './invitation.entity';
import { InvitationStatus, invitationStatus } from './invitation.enums';
import type { AcceptInvitationInput, InviteMemberInput } from './invitation.inputs';
import { invitationMail } from './invitation.mail';

/** How long an invitation's link works. */
export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

/** The route of the dashboard that accepts an invitation (issue #16 builds the page). */
const ACCEPT_ROUTE = 'invitation';

/** Only an owner may invite an owner (or revoke an owner's invitation), as only an owner may make one. */
function assertMayGrant(ctx: Context, role: Role): void {
  if (role === Role.OWNER && ctx.auth.role !== Role.OWNER) throw new ForbiddenError('Only an owner can invite an owner');
}

/** inviteMember: creates and mails an invitation (see {@link createInvitation}) in its own transaction. */
export async function inviteMember(ctx: Context, input: InviteMemberInput): Promise<Invitation> {
  assertMayGrant(ctx, input.role);
  return ctx.db.transaction(() => createInvitation(ctx, { email: input.email, role: input.role, representativeId: input.representativeId ?? null }));
}

/**
 * Creates an invitation of the request's organisation for `email` with `role` (and the
 * representative it names, a global id, linked on acceptance), inside the caller's transaction,
 * and mails its link once that commits. Returns it with `link` set: the token is not stored (only
 * its hash), so this is the one time it can be read. The same whether or not the email has an
 * account; one that is already a member is CONFLICT. A pending invitation to the same email is
 * replaced (revoked): only the newest link works. LIMIT_REACHED past
 * LIST_CAPS.invitationsPerOrganisation pending invitations.
 */
export async function createInvitation(ctx: Context, request: { email: string; role: Role; representativeId: string | null }): Promise<Invitation> {
  const email = normaliseEmail(request.email);
  const representativeId = request.representativeId ? requireIdOf('Representative', request.representativeId) : null;
  const organisationId = ctx.db.organisationId!;
  // Row-level security shows no account outside the organisation but the one named here.
  await ctx.db.nameUser(email);
  const [account, representative, pending, organisation, inviter] = await Promise.all([
    ctx.read.batch(userByEmail).load(email),
    representativeId ? ctx.read.byId(Representative, representativeId) : null,
    ctx.read.batch(invitationsWithStatus).load(InvitationStatus.PENDING),
    ctx.read.byId(Organisation, organisationId),
    ctx.auth.userId ? ctx.read.byId(User, ctx.auth.userId) : null,
  ]);
  if (representativeId && !representative) throw new NotFoundError('Representative');
  const partner = representative ? await ctx.read.byId(Partner, representative.partnerId) : null;
  if (representative) {
    const why = whyNotLinkable(representative, partner, null);
    assertLinkableRecord(why);
    if (why) throw new ConflictError('This representative already speaks through another member: unlink them first (linkRepresentative without userId)');
  }
  if (account && (await ctx.read.count(Membership, { userId: account.id })) > 0) throw new ConflictError('That person is already a member');
  const replaced = pending.filter((invitation) => invitation.email === email);
  assertRoom(pending.length - replaced.length, LIST_CAPS.invitationsPerOrganisation, 'pending invitations');

  const now = new Date();
  for (const old of replaced) await ctx.db.repo(Invitation).update({ id: old.id }, { revokedAt: now });
  const id = newRowId();
  const { token, hash } = newInvitationToken(organisationId, id);
  const invitation = await ctx.db.repo(Invitation).insert({
    id,
    email,
    role: request.role,
    representativeId,
    invitedByUserId: ctx.auth.userId ?? null,
    tokenHash: hash,
    expiresAt: new Date(now.getTime() + INVITATION_TTL_MS),
    acceptedAt: null,
    acceptedByUserId: null,
    revokedAt: null,
  });
  // No email in the log: an OBSERVER reads the activity, and sees no one's email.
  await recordActivity(ctx, {
    type: 'MEMBER_INVITED',
    entityType: 'Invitation',
    entityId: id,
    summary: `Invited someone to join as ${roleInWords(request.role)}${partner && representative ? `, speaking for ${partner.name} as ${representative.name}` : ''}`,
    data: { role: request.role, replaced: replaced.map((old) => toGlobalId('Invitation', old.id)) },
  });
  invitation.link = dashboardLink(ctx, `${ACCEPT_ROUTE}/${token}`);
  mailAfterCommit(
    ctx,
    invitationMail({
      to: email,
      organisationName: organisation!.name,
      inviterName: inviter?.name ?? null,
      role: request.role,
      speaksFor: partner && representative ? { representativeName: representative.name, partnerName: partner.name } : null,
      link: invitation.link,
      expiresAt: invitation.expiresAt,
    }),
  );
  return invitation;
}

/**
 * revokeInvitation: the link stops working at once. Revoking twice keeps the first revocation; an
 * accepted invitation is CONFLICT (remove the member instead); an expired one may be revoked.
 * Another organisation's id is NOT_FOUND, as a random one is.
 */
export async function revokeInvitation(ctx: Context, globalId: string): Promise<Invitation> {
  const id = requireIdOf('Invitation', globalId);
  return ctx.db.transaction(async () => {
    const invitation = await ctx.read.byId(Invitation, id);
    if (!invitation) throw new NotFoundError('Invitation');
    assertMayGrant(ctx, invitation.role);
    const status = invitationStatus(invitation);
    if (status === InvitationStatus.ACCEPTED) throw new ConflictError('That invitation was accepted: remove the member instead');
    if (status === InvitationStatus.REVOKED) return invitation;
    invitation.revokedAt = new Date();
    await ctx.db.repo(Invitation).update({ id }, { revokedAt: invitation.revokedAt });
    await recordActivity(ctx, {
      type: 'INVITATION_REVOKED',
      entityType: 'Invitation',
      entityId: id,
      summary: `Revoked an invitation to join as ${roleInWords(invitation.role)}`,
      data: { changes: { status: { from: status, to: InvitationStatus.REVOKED } } },
    });
    return invitation;
  });
}

/** The pending invitation a token names, read under its organisation's row-level security; INVALID_TOKEN otherwise. */
async function invitationOfToken(ctx: Context, token: { organisationId: string; invitationId: string; secret: string }): Promise<Invitation> {
  // By hand: the hash is a column no read hands out.
  const [row] = await ctx.db.query<{ token_hash: string }>('find the invitation its token names', 'SELECT token_hash FROM invitations WHERE organisation_id = $1 AND id = $2', [
    token.organisationId,
    token.invitationId,
  ]);
  const invitation = row && linkSecretMatches(token.secret, row.token_hash) ? await ctx.read.byId(Invitation, token.invitationId) : null;
  if (!invitation || invitationStatus(invitation) !== InvitationStatus.PENDING) throw new InvalidTokenError();
  return invitation;
}

const PASSWORD_REQUIRED = 'Invalid input.password: is required, unless you are signed in as the invited account (its password if the email has an account, a new one if not)';

/** An existing account joins: the caller is signed in as it, or gives its password (UNAUTHENTICATED otherwise). */
async function checkAccount(ctx: Context, account: AccountCredentials, password: string | null | undefined): Promise<void> {
  if (ctx.auth.userId === account.id) return;
  if (!password) throw new BadInputError(PASSWORD_REQUIRED, 'input.password');
  if (!(await verifyPassword(password, account.password_hash))) throw new UnauthenticatedError("Wrong password for the invited email's account");
}

/** A new account's name and password hash, checked as signUp checks them. */
async function newAccount(ctx: Context, email: string, input: AcceptInvitationInput): Promise<{ name: string; passwordHash: string }> {
  if (!input.password) throw new BadInputError(PASSWORD_REQUIRED, 'input.password');
  const name = input.name?.trim();
  if (!name) throw new BadInputError('Invalid input.name: is required: the invited email has no account yet, and this creates it', 'input.name');
  assertNewPassword(input.password, [email, name]);
  return { name, passwordHash: await hashPassword(input.password, ctx.deps.config.passwordHashCost) };
}

/**
 * acceptInvitation: the token's invitation, if PENDING (anything else, or a malformed or unknown
 * token, is INVALID_TOKEN, and nothing changes), makes the invited email's account a member with
 * the invitation's role (an account that is one already keeps its role), links the representative
 * it names, and signs that account in. Without an account, `name` and `password` create one (as
 * signUp would); with one, the caller is signed in as it or gives its password. Counts as a
 * log-in attempt of the invited email (LOGIN_FAILURES_PER_EMAIL; a success gives it back), and
 * per client address with logIn. The request acts for no organisation (no X-Organisation): the
 * token says which.
 */
export async function acceptInvitation(ctx: Context, input: AcceptInvitationInput): Promise<AuthPayload> {
  if (ctx.auth.organisationId || ctx.db.organisationId) {
    throw new ForbiddenError('acceptInvitation acts for your account, not an organisation: send it without X-Organisation');
  }
  const token = parseInvitationToken(input.token);
  if (!token) throw new InvalidTokenError();
  const { rateLimits } = ctx.deps;
  const attempt: { email?: string } = {};
  const payload = await ctx.db.transaction(async () => {
    // The token names the organisation: the rest runs under its row-level security (undone with
    // this savepoint if anything fails).
    await ctx.db.actFor(token.organisationId);
    const invitation = await invitationOfToken(ctx, token);
    await rateLimits.chargeLoginAttempt(invitation.email);
    attempt.email = invitation.email;
    await ctx.db.nameUser(invitation.email);
    const account = await accountWithCredentials(ctx, invitation.email);
    // Passwords are checked (and hashed) before the organisation's writers are held up.
    let created: { name: string; passwordHash: string } | null = null;
    if (account) await checkAccount(ctx, account, input.password);
    else created = await newAccount(ctx, invitation.email, input);
    // A savepoint inside, acting for the organisation: it takes the organisation's writer lock
    // first, as every write of an organisation does.
    return ctx.db.transaction(async () => {
      const [locked] = await ctx.db.query<{ pending: boolean }>(
        'lock the invitation being accepted',
        'SELECT accepted_at IS NULL AND revoked_at IS NULL AND expires_at > statement_timestamp() AS pending FROM invitations WHERE organisation_id = $1 AND id = $2 FOR UPDATE',
        [token.organisationId, token.invitationId],
      );
      if (!locked?.pending) throw new InvalidTokenError();
      const user = account ? asUser(account) : await insertAccount(ctx, invitation.email, created!);
      await join(ctx, user, invitation);
      return issueToken(ctx, user, account?.token_generation ?? 0);
    });
  });
  await rateLimits.loginSucceeded(attempt.email!);
  return payload;
}

async function insertAccount(ctx: Context, email: string, account: { name: string; passwordHash: string }): Promise<User> {
  try {
    return await ctx.db.globalRepo(User).insert({ email, name: account.name, passwordHash: account.passwordHash });
  } catch (error) {
    // Signed up since this acceptance looked: accepting again signs in to that account.
    if (isUniqueViolation(error)) throw new ConflictError('An account with that email was just created: accept the invitation again with its password');
    throw error;
  }
}

/**
 * Links the representative an invitation names to the member accepting it, if it may still be
 * linked to them (checked again: it may have been archived, or linked to someone else, since the
 * invitation was sent); otherwise the acceptance is refused and nothing changes, the link still
 * pending, so the organisation can put it right and the same link work.
 */
async function linkOnAcceptance(ctx: Context, representativeId: string, user: User): Promise<void> {
  const representative = await ctx.db.repo(Representative).findOneForUpdate(representativeId);
  if (!representative || representative.userId === user.id) return;
  const why = whyNotLinkable(representative, await ctx.read.byId(Partner, representative.partnerId), user.id);
  if (why) {
    const since = { archived: 'was archived', 'partner archived': 'belongs to a partner that was archived', 'linked to another member': 'was linked to another member' }[why];
    throw new ConflictError(`Since this invitation was sent, the representative it names ${since}: ask the organisation that invited you to put it right, then use the same link`);
  }
  assertRoom(await ctx.read.count(Representative, { userId: user.id }), LIST_CAPS.representedPerMember, 'representatives linked to one member');
  await ctx.db.repo(Representative).update({ id: representativeId }, { userId: user.id });
}

/** Makes `user` a member (unless they are one), links the representative, and marks the invitation accepted, with its event. */
async function join(ctx: Context, user: User, invitation: Invitation): Promise<void> {
  const [existing] = await ctx.read.rows(Membership, { where: { userId: user.id }, limit: 1 });
  let membership = existing;
  if (!membership) {
    assertRoom(await ctx.read.count(Membership), LIST_CAPS.membersPerOrganisation, 'members of an organisation');
    membership = await ctx.db.repo(Membership).insert({ userId: user.id, role: invitation.role });
  }
  if (invitation.representativeId) await linkOnAcceptance(ctx, invitation.representativeId, user);
  await ctx.db.repo(Invitation).update({ id: invitation.id }, { acceptedAt: new Date(), acceptedByUserId: user.id });
  // The new member is the actor: the request itself is anonymous.
  const event = await appendEvent(
    ctx.db,
    ctx.deps.events,
    ctx.db.organisationId!,
    {
      type: 'INVITATION_ACCEPTED',
      entityType: 'Membership',
      entityId: membership.id,
      summary: existing
        ? `${user.name} accepted an invitation (already a member, as ${roleInWords(existing.role)})`
        : `${user.name} accepted an invitation and joined as ${roleInWords(invitation.role)}`,
      data: { invitationId: toGlobalId('Invitation', invitation.id), role: membership.role },
    },
    { userId: user.id, apiKeyId: null },
  );
  await afterActivityRecorded(ctx, event);
}
