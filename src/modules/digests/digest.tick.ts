import type { AppDeps } from '../../context';
import { inJobContext } from '../../context';
import { RequestDb } from '../../db/request-db';
import { DIGEST_TICK_SETTING } from '../../db/migrations/1764203600000-digests';
import { enqueueJob } from '../../jobs/jobs.enqueue';
import type { DigestFrequency } from './digest.enums';
import { digestChoices } from './digest.settings';
import { duePeriod } from './digest.time';

/**
 * One look for digests that are due at `at` (the clock is a parameter: the timer passes the time,
 * tests pass the time they mean). For every organisation, in a transaction acting for it, each
 * member whose period has started in their own time zone (see duePeriod) and has no delivery yet
 * gets one `digests.send` job, with a singletonKey of (membership, period) so ticks of several
 * processes enqueue it once while it waits; the delivery's claim does the rest (digest.jobs.ts).
 * Resolves to the number of jobs enqueued. A failure in one organisation is logged and the others
 * go on.
 */
export async function runDigestTick(deps: AppDeps, at: Date): Promise<number> {
  // Which organisations there are, and nothing else of them: the digest_tick policy opens their ids to this transaction only.
  const lister = new RequestDb(deps.dataSource, {});
  let organisations: { id: string }[];
  try {
    await lister.query('digest tick: open the organisation list', `SELECT set_config('${DIGEST_TICK_SETTING}', 'on', true)`);
    organisations = await lister.query<{ id: string }>('digest tick: the organisations', 'SELECT id FROM organisations ORDER BY id');
    await lister.finish(true);
  } finally {
    await lister.finish(false).catch(() => undefined);
  }
  let enqueued = 0;
  for (const { id } of organisations) {
    try {
      enqueued += await planOrganisation(deps, id, at);
    } catch (error) {
      deps.logger.error({ err: error, organisationId: id }, 'digest tick failed for an organisation');
    }
  }
  return enqueued;
}

function planOrganisation(deps: AppDeps, organisationId: string, at: Date): Promise<number> {
  return inJobContext(deps, organisationId, `digest-tick-${at.toISOString()}`, async (ctx) => {
    const members = await ctx.db.query<{ id: string }>('digest tick: members', 'SELECT id FROM memberships WHERE organisation_id = $1', [organisationId]);
    const choices = await digestChoices(
      ctx.db,
      organisationId,
      members.map((m) => m.id),
      deps.config.digests.defaultTimeZone,
    );
    const due = [...choices].flatMap(([membershipId, choice]) => {
      const period = duePeriod(choice, at, deps.config.digests.sendHour);
      return period ? [{ membershipId, frequency: choice.frequency as DigestFrequency.DAILY | DigestFrequency.WEEKLY, ...period }] : [];
    });
    if (due.length === 0) return 0;
    const delivered = await ctx.db.query<{ membership_id: string; period_key: string }>(
      'digest tick: periods already claimed',
      `SELECT membership_id, period_key FROM digest_deliveries WHERE organisation_id = $1 AND membership_id = ANY($2::uuid[]) AND period_key = ANY($3::text[]) AND status <> 'FAILED'`,
      [organisationId, due.map((d) => d.membershipId), [...new Set(due.map((d) => d.key))]],
    );
    const done = new Set(delivered.map((row) => `${row.membership_id} ${row.period_key}`));
    let enqueued = 0;
    for (const d of due) {
      if (done.has(`${d.membershipId} ${d.key}`)) continue;
      const payload = { membershipId: d.membershipId, periodKey: d.key, frequency: d.frequency, localDate: d.localDate, at: at.toISOString() };
      if (await enqueueJob(ctx, 'digests.send', payload, { singletonKey: `${d.membershipId}:${d.key}` })) enqueued += 1;
    }
    return enqueued;
  });
}

/**
 * Looks for due digests every DIGEST_TICK_SECONDS (the first look one interval after start; never
 * with 0) until the returned function is called. Looks never overlap within a process; across
 * processes the singletonKey and the claim keep them harmless.
 */
export function startDigestTicks(deps: AppDeps): () => void {
  const seconds = deps.config.digests.tickSeconds;
  if (seconds === 0) return () => {};
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    runDigestTick(deps, new Date())
      .catch((error: unknown) => deps.logger.error({ err: error }, 'digest tick failed'))
      .finally(() => (running = false));
  }, seconds * 1000);
  timer.unref();
  return () => clearInterval(timer);
}
