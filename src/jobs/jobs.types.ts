import type { RequestDb } from '../db/request-db';

/**
 * What a job row carries: the organisation it runs for, and the handler's payload (typed by name
 * in jobs.registry.ts; stored as JSON).
 */
export interface JobData {
  organisationId: string;
  payload: unknown;
}

/** The options of one job; the queue's retry settings (JOBS_RETRY_*) apply to what is left out. */
export interface EnqueueOptions {
  /** Not before this time (or this many seconds from now). */
  startAfter?: Date | number;
  /** At most one waiting job per key and name: a second enqueue with the same key is dropped (null). */
  singletonKey?: string;
  retryLimit?: number;
}

/** Jobs of one name that are ready to run and not yet taken. */
export interface JobDepth {
  name: string;
  waiting: number;
  /** How long the oldest of them has been ready, in seconds (0 with none). */
  oldestSeconds: number;
}

/** How a job's attempt ended: `retried` failed with retries left, `failed` failed for good. */
export type JobOutcome = 'completed' | 'retried' | 'failed';

/** The door requests have to the job queue (AppDeps.jobs): services go through enqueueJob. */
export interface JobSender {
  /**
   * Writes a job through `db`, the caller's transaction: it exists only if that commits. Resolves
   * to the job's id, or null when `singletonKey` dropped it. Throws for a name with no registered
   * handler (a job nothing would run) and before the queue has started.
   */
  send(db: RequestDb, name: string, data: JobData, options?: EnqueueOptions): Promise<string | null>;
}
