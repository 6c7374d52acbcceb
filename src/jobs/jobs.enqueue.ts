import type { Context } from '../context';
import type { EnqueueOptions } from './jobs.types';
import type { JobName, JobPayloads } from './jobs.registry';

/**
 * Enqueues job `name` for the caller's organisation in the caller's transaction (`ctx.db`), as
 * recordActivity writes its event: call it inside the mutation's `withTransaction`/`ctx.db.transaction`,
 * and the job exists if and only if the change that caused it commits. It runs after the commit,
 * in a context scoped to the same organisation (see JobHandler).
 *
 * Resolves to the job's id, or null when `options.singletonKey` matched a waiting job. Throws for
 * a context that acts for no organisation and for a name with no registered handler: programming
 * errors, which fail the mutation (and so roll it back).
 */
export async function enqueueJob<N extends JobName>(ctx: Context, name: N, payload: JobPayloads[N], options?: EnqueueOptions): Promise<string | null> {
  const organisationId = ctx.db.organisationId;
  if (!organisationId) throw new Error(`Job ${name} enqueued by a request that acts for no organisation`);
  return ctx.deps.jobs.send(ctx.db, name, { organisationId, payload }, options);
}
