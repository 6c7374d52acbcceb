import type { AppDeps, Context } from '../../context';
import { inJobContext } from '../../context';
import { registerJobHandler, type JobPayloads } from '../../jobs/jobs.registry';
import type { Logger } from '../../logger';
import type { OutgoingMail } from '../../mail/mailer';
import { composeDigest, gatherDigest } from './digest.content';
import type { DigestFrequency } from './digest.enums';
import { signUnsubscribeToken } from './digest.tokens';

declare module '../../jobs/jobs.registry' {
  interface JobPayloads {
    'digests.send': {
      membershipId: string;
      /** `DAILY:2026-12-07` or `WEEKLY:2026-12-07`: the period, by the member's local date. */
      periodKey: string;
      frequency: DigestFrequency.DAILY | DigestFrequency.WEEKLY;
      localDate: string;
      /** The tick's moment (ISO): what the digest counts from, so a retry says the same. */
      at: string;
    };
  }
}

/** The link of a member's unsubscribe page (and of the one-click POST). */
export async function unsubscribeUrl(deps: AppDeps, organisationId: string, membershipId: string): Promise<string> {
  return `${deps.config.mail.publicUrl}/unsubscribe?token=${encodeURIComponent(await signUnsubscribeToken(deps.authKey, { organisationId, membershipId }))}`;
}

/**
 * Sends one member's digest for one period, at most once.
 *
 * The claim (a digest_deliveries row, unique per membership and period) is written in the job's
 * transaction, and the mail leaves only after that transaction has committed (afterCommit): a
 * second run of the job (a retry, another replica's copy, a tick that enqueued it again) finds the
 * claim and sends nothing. A run that committed its claim and died before the mail left leaves a
 * CLAIMED row that nothing sends again: it is logged when found, since a digest missed is better
 * than a digest twice. A mail the server refused is marked FAILED and may be claimed again by a
 * later tick. An empty digest is marked EMPTY and not sent.
 */
export async function sendDigest(ctx: Context, payload: JobPayloads['digests.send'], jobId: string): Promise<void> {
  const organisationId = ctx.db.organisationId!;
  const [claim] = await ctx.db.query<{ id: string }>(
    'digest: claim the period',
    `INSERT INTO digest_deliveries (organisation_id, membership_id, period_key, job_id) VALUES ($1, $2, $3, $4)
     ON CONFLICT ON CONSTRAINT digest_deliveries_once DO UPDATE SET status = 'CLAIMED', job_id = EXCLUDED.job_id, attempts = digest_deliveries.attempts + 1, finished_at = NULL
       WHERE digest_deliveries.status = 'FAILED'
     RETURNING id`,
    [organisationId, payload.membershipId, payload.periodKey, jobId],
  );
  if (!claim) {
    const [existing] = await ctx.db.query<{ status: string; job_id: string | null }>(
      'digest: the earlier claim',
      'SELECT status, job_id FROM digest_deliveries WHERE organisation_id = $1 AND membership_id = $2 AND period_key = $3',
      [organisationId, payload.membershipId, payload.periodKey],
    );
    if (existing?.status === 'CLAIMED') {
      ctx.log.warn(
        { digest: { membershipId: payload.membershipId, periodKey: payload.periodKey, claimedBy: existing.job_id } },
        'digest claimed earlier and not marked sent (still sending, or the sender died): not sent again',
      );
    }
    return;
  }
  const digest = await gatherDigest(ctx.db, ctx.deps.config, {
    organisationId,
    membershipId: payload.membershipId,
    frequency: payload.frequency,
    localDate: payload.localDate,
    at: new Date(payload.at),
  });
  if (!digest || digest.sections.length === 0) {
    await ctx.db.query('digest: nothing to say', `UPDATE digest_deliveries SET status = 'EMPTY', finished_at = now() WHERE organisation_id = $1 AND id = $2`, [
      organisationId,
      claim.id,
    ]);
    return;
  }
  const mail = composeDigest(digest, await unsubscribeUrl(ctx.deps, organisationId, payload.membershipId));
  const { deps, log } = ctx;
  ctx.db.afterCommit(() => void deliver(deps, organisationId, claim.id, jobId, mail, log));
}

/** Sends a claimed digest and records how it went, in a transaction of its own. */
async function deliver(deps: AppDeps, organisationId: string, deliveryId: string, jobId: string, mail: OutgoingMail, log: Logger): Promise<void> {
  const sent = await deps.mailer.send(mail, log);
  try {
    await inJobContext(deps, organisationId, jobId, (ctx) =>
      ctx.db.query('digest: record the send', `UPDATE digest_deliveries SET status = $3, finished_at = now() WHERE organisation_id = $1 AND id = $2`, [
        organisationId,
        deliveryId,
        sent ? 'SENT' : 'FAILED',
      ]),
    );
  } catch (error) {
    log.error({ err: error, digest: { deliveryId } }, 'digest sent but not marked so: it stays CLAIMED and is not sent again');
  }
}

registerJobHandler('digests.send', (ctx, payload, run) => sendDigest(ctx, payload, run.id));
