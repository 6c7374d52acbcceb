import type { Context } from '../../context';

/** The job that makes one attempt of one delivery (webhook-delivery.ts). */
export const DELIVER_JOB = 'webhooks.deliver';

declare module '../../jobs/jobs.registry' {
  interface JobPayloads {
    /**
     * `retry`: how many attempts of this delivery's current 24-hour window came before (the
     * backoff's exponent); `manual`: the first attempt after a redelivery by hand.
     */
    'webhooks.deliver': { deliveryId: string; retry: number; manual: boolean };
  }
}

/**
 * Enqueues an attempt of delivery `deliveryId` of `organisationId` in the caller's transaction,
 * not before `at` (now when left out); resolves to the job's id, which the delivery row records
 * (an attempt whose job is no longer the delivery's is stale). Goes to the sender directly, not
 * through enqueueJob, since endSessions records events in a transaction that names its
 * organisation only in the database session (ctx.db.organisationId is unset there).
 */
export async function queueAttempt(ctx: Context, organisationId: string, deliveryId: string, options: { retry: number; manual: boolean; at?: Date }): Promise<string> {
  const payload = { deliveryId, retry: options.retry, manual: options.manual };
  const jobId = await ctx.deps.jobs.send(ctx.db, DELIVER_JOB, { organisationId, payload }, options.at ? { startAfter: options.at } : {});
  if (!jobId) throw new Error('A webhook delivery job was not enqueued');
  return jobId;
}
