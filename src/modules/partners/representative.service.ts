import type { Context } from '../../context';
import { AppError, BadInputError, NotFoundError } from '../../errors';
import { Role, roleAtLeast } from '../../auth/role';
import { changedFields } from '../../common/changes';
import { requireIdOf, toGlobalId } from '../../common/global-id';
import { assertRoom, LIST_CAPS } from '../../limits/list-caps';
import { recordActivity } from '../activity/activity.service';
import { requireMember } from '../organisations/organisation.members';
import { Partner } from './partner.entity';
import type { LinkRepresentativeInput } from './partner.inputs';
import { Representative } from './representative.entity';

/**
 * Links a representative to a member's user account (or, with `userId: null`, unlinks it): that
 * member then speaks for the representative's partner. Linking to the user it is linked to already
 * changes and records nothing. NOT_FOUND for an unknown or foreign representative, and for a user
 * who is not a member of the organisation; LIMIT_REACHED past LIST_CAPS.representedPerMember.
 */
export async function linkRepresentative(ctx: Context, input: LinkRepresentativeInput): Promise<Representative> {
  const id = requireIdOf('Representative', input.representativeId);
  return ctx.db.transaction(async () => {
    const repo = ctx.db.repo(Representative);
    const before = await repo.findOneForUpdate(id);
    if (!before) throw new NotFoundError('Representative');
    const user = input.userId == null ? null : await requireMember(ctx, input.userId);
    const userId = user?.id ?? null;
    if (before.userId === userId) return before;
    // Linking (not unlinking) puts the representative to use; moving a link to another member is this ADMIN's explicit choice.
    if (user) assertLinkableRecord(whyNotLinkable(before, await ctx.read.byId(Partner, before.partnerId), user.id));
    if (user) assertRoom(await ctx.read.count(Representative, { userId: user.id }), LIST_CAPS.representedPerMember, 'representatives linked to one member');
    await repo.update({ id }, { userId });
    const partner = await ctx.read.byId(Partner, before.partnerId);
    const who = `${before.name} (${partner?.name ?? 'a partner'})`;
    await recordActivity(ctx, {
      type: user ? 'REPRESENTATIVE_LINKED' : 'REPRESENTATIVE_UNLINKED',
      entityType: 'Representative',
      entityId: id,
      summary: user ? `${who} is now linked to ${user.name}, who speaks for ${partner?.name ?? 'the partner'}` : `${who} is no longer linked to a member`,
      data: {
        partnerId: toGlobalId('Partner', before.partnerId),
        userId: user?.globalId ?? null,
        previousUserId: before.userId ? toGlobalId('User', before.userId) : null,
        changes: changedFields(before, { userId }, { userId: 'User' }),
      },
    });
    return (await ctx.read.byId(Representative, id))!;
  });
}

/**
 * Why `representative` cannot be linked to the member with `userId` now (null: an invitation that
 * names nobody yet), or null when it can: it, or its partner, is archived, or it already speaks
 * through another member. Each caller says it in its own terms.
 */
export function whyNotLinkable(
  representative: Representative,
  partner: Partner | null,
  userId: string | null,
): 'archived' | 'partner archived' | 'linked to another member' | null {
  if (representative.archivedAt) return 'archived';
  if (partner?.archivedAt) return 'partner archived';
  if (representative.userId !== null && representative.userId !== userId) return 'linked to another member';
  return null;
}

/** BAD_USER_INPUT on `input.representativeId` when the representative, or its partner, is archived. */
export function assertLinkableRecord(why: ReturnType<typeof whyNotLinkable>): void {
  if (why === 'archived') throw new BadInputError('This representative is archived: restore it before linking it to a member', 'input.representativeId');
  if (why === 'partner archived')
    throw new BadInputError("This representative's partner is archived: restore it before linking the representative to a member", 'input.representativeId');
}

/** Who speaks for a partner in a record made in its name (an agreement, a challenge). */
export interface Speaker {
  readonly representative: Representative;
  /** True when an ADMIN or OWNER records it for the partner (naming its representative, giving evidence). */
  readonly onBehalf: boolean;
  /** Trimmed; null when none was given (only ever so when not on behalf). */
  readonly evidence: string | null;
}

/**
 * The representative a record names (`representativeId`, a global id), or null when it names
 * none. NOT_FOUND for an unknown or foreign one, like any id of another organisation: callers
 * resolve every id first, so another organisation's ids are NOT_FOUND before any other refusal.
 */
export async function namedRepresentative(ctx: Context, globalId: string | null | undefined): Promise<Representative | null> {
  if (globalId == null) return null;
  const representative = await ctx.read.byId(Representative, requireIdOf('Representative', globalId));
  if (!representative) throw new NotFoundError('Representative');
  return representative;
}

function notARepresentative(partner: Partner, why: string): AppError {
  return new AppError(
    'NOT_A_REPRESENTATIVE',
    `${why}: only ${partner.name}'s own representatives speak for it, or an ADMIN or OWNER on its behalf, naming one of them and giving evidence`,
    { partnerId: partner.globalId },
  );
}

/**
 * Decides who speaks for `partner` in a record the caller makes in its name (api.md, "Who may
 * speak for a partner"):
 * - a member linked to one of the partner's representatives speaks as that representative
 *   (`named`, when it is theirs; otherwise their first, oldest link first): not on behalf;
 * - an ADMIN or OWNER naming another of the partner's representatives, with `evidence`, records
 *   on its behalf (no evidence: BAD_USER_INPUT on input.evidence);
 * - anyone else, and every API key, is NOT_A_REPRESENTATIVE.
 * A named representative of another partner is BAD_USER_INPUT on input.representativeId. Reads
 * only; call it inside the record's transaction, after resolving every id.
 */
export async function speakerFor(ctx: Context, partner: Partner, named: Representative | null, evidence: string | null): Promise<Speaker> {
  const userId = ctx.auth.userId;
  if (!userId) throw notARepresentative(partner, 'An API key cannot speak for a partner');
  if (named) {
    if (named.partnerId !== partner.id) throw new BadInputError(`${named.name} does not represent ${partner.name}`, 'input.representativeId');
    if (named.userId === userId) return { representative: named, onBehalf: false, evidence };
    if (!ctx.auth.role || !roleAtLeast(ctx.auth.role, Role.ADMIN)) throw notARepresentative(partner, `You are not ${named.name}`);
    if (!evidence) throw new BadInputError(`Recording on behalf of ${partner.name} needs evidence that ${named.name} spoke for it`, 'input.evidence');
    return { representative: named, onBehalf: true, evidence };
  }
  const [own] = await ctx.read.rows(Representative, { where: { partnerId: partner.id, userId }, order: { createdAt: 'ASC', id: 'ASC' }, limit: 1 });
  if (own) return { representative: own, onBehalf: false, evidence };
  throw notARepresentative(partner, `You do not represent ${partner.name}`);
}

/**
 * How an activity summary says who spoke, e.g. "signed by Priya Shah", or "recorded on its behalf
 * for Priya Shah, with evidence" (the evidence itself is in the event's data; the recorder is the
 * event's actor).
 */
export function speakerSummary(speaker: Speaker, verb: string): string {
  return speaker.onBehalf ? `recorded on its behalf for ${speaker.representative.name}, with evidence` : `${verb} ${speaker.representative.name}`;
}

/** What an activity event's data says about who spoke. */
export function speakerData(speaker: Speaker): { representativeId: string; onBehalf: boolean; evidence: string | null } {
  return { representativeId: speaker.representative.globalId, onBehalf: speaker.onBehalf, evidence: speaker.evidence };
}
