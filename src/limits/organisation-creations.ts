import type { Context } from '../context';
import { RateLimitedError } from './rate-limits';

/**
 * Counts one organisation created by the calling user against ORGANISATIONS_PER_USER_PER_DAY, in
 * the creating transaction (call it inside createOrganisation's savepoint, before the insert):
 * each organisation brings a rate-limit budget of its own, so creating them must not be free.
 *
 * Counted in the database (`organisation_creations`, the user's own rows under row-level
 * security), so the limit holds across restarts and replicas, and leaving an organisation or
 * handing it to another owner gives no creation back. The user's row is locked first, so two
 * creations at once cannot both see room for one more. Over the limit: RATE_LIMITED (429) with
 * Retry-After, the wait until the oldest creation of the last 24 hours ages out.
 */
export async function chargeOrganisationCreation(ctx: Context): Promise<void> {
  const userId = ctx.auth.userId!;
  const limit = ctx.deps.config.rateLimits.organisationsPerUserPerDay;
  // The lock first, in a statement of its own: a statement that waited for a row lock still reads
  // with the snapshot it started with, which would miss the creation it waited for.
  const [user] = await ctx.db.query('lock the creating user', 'SELECT 1 FROM users WHERE id = $1 FOR UPDATE', [userId]);
  if (!user) throw new Error('chargeOrganisationCreation: the transaction cannot see the user');
  const [counted] = await ctx.db.query<{ created: number; retry_after: number | null }>(
    'count the organisations created today',
    `SELECT count(*)::int AS created, ceil(extract(epoch FROM min(created_at) + interval '24 hours' - now()))::int AS retry_after
       FROM organisation_creations WHERE user_id = $1 AND created_at > now() - interval '24 hours'`,
    [userId],
  );
  const { created, retry_after: wait } = counted!;
  if (created >= limit) {
    const retryAfter = Math.max(1, wait ?? 1);
    const hours = Math.floor(retryAfter / 3600);
    const minutes = Math.ceil((retryAfter % 3600) / 60);
    ctx.deps.metrics.rateLimitRefused('organisation-creations');
    throw new RateLimitedError(
      `You have created ${created} organisations in the last 24 hours, the most allowed; you can create another in ${hours > 0 ? `${hours} h ` : ''}${minutes} min`,
      retryAfter,
    );
  }
  // Rows older than the window count for nothing: each creation clears the user's old ones.
  await ctx.db.query(
    'record an organisation creation',
    `WITH expired AS (DELETE FROM organisation_creations WHERE user_id = $1 AND created_at <= now() - interval '24 hours')
     INSERT INTO organisation_creations (user_id) VALUES ($1)`,
    [userId],
  );
}
