import type { Context } from '../../context';
import { ForbiddenError } from '../../errors';
import { recordActivity } from '../activity/activity.service';

/** The activity event that tells every server process to re-check a member's open sockets. */
export const MEMBER_SIGNED_OUT = 'MEMBER_SIGNED_OUT';

/**
 * Ends every session of `userId`, inside the caller's transaction (savepoint), so it takes effect
 * exactly when that commits:
 * - moves the user's token generation on (users.token_generation): every token issued before
 *   carries the old one and is refused from its next request on, HTTP and WebSocket alike, on
 *   every replica (authentication reads the generation in the round trip that opens each
 *   request's transaction); tokens issued after carry the new one. A counter, not a timestamp,
 *   so a token issued in the same second as the sign-out cannot survive it, and clocks of
 *   different replicas do not matter;
 * - appends MEMBER_SIGNED_OUT to the activity log of each organisation the user belongs to (in
 *   organisation order, so two sign-outs lock the organisations' counters in one order): the
 *   access watch of every process re-checks the user's sockets there, which now fail, and closes
 *   them with 4403, as for a revoked API key.
 *
 * The transaction must see the user's own rows (app.user_id is the user: a user token) and act for
 * no organisation. For signOutEverywhere and resetPassword (`summary` says which, in the log).
 * API keys are the organisation's, not the user's session: they are not ended.
 */
export async function endSessions(ctx: Context, userId: string, summary = 'A member signed out everywhere'): Promise<void> {
  const [user] = await ctx.db.query<{ id: string }>(
    'move the user to a new token generation',
    // In a WITH: an UPDATE's own result reaches TypeORM's query() as [rows, count], so `user` was never undefined.
    'WITH moved AS (UPDATE users SET token_generation = token_generation + 1 WHERE id = $1 RETURNING id) SELECT id FROM moved',
    [userId],
  );
  if (!user) throw new Error('endSessions: the transaction cannot see the user');
  const memberships = await ctx.db.query<{ organisation_id: string; id: string }>(
    'memberships of the user signing out',
    'SELECT organisation_id, id FROM memberships WHERE user_id = $1 ORDER BY organisation_id',
    [userId],
  );
  for (const membership of memberships) {
    // Writes the organisation's event under its own row-level security; nothing else runs here.
    await ctx.db.query('act for an organisation of the user signing out', "SELECT set_config('app.organisation_id', $1, true)", [membership.organisation_id]);
    await recordActivity(ctx, { type: MEMBER_SIGNED_OUT, entityType: 'Membership', entityId: membership.id, summary }, membership.organisation_id);
  }
  if (memberships.length > 0) await ctx.db.query('act for no organisation again', "SELECT set_config('app.organisation_id', '', true)");
}

/**
 * signOutEverywhere: ends every session of the calling user (see {@link endSessions}), this
 * request's token included. It concerns the account, not an organisation: like
 * createOrganisation, it is refused in a request that acts for one.
 */
export async function signOutEverywhere(ctx: Context): Promise<boolean> {
  if (ctx.auth.organisationId || ctx.db.organisationId) {
    throw new ForbiddenError('signOutEverywhere acts for your account, not an organisation: send it without X-Organisation');
  }
  await ctx.db.transaction(() => endSessions(ctx, ctx.auth.userId!));
  return true;
}
