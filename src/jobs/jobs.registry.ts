import type { Context } from '../context';

/**
 * Every job's name and payload. A feature declares its own by declaration merging, next to its
 * handler:
 *
 * ```ts
 * declare module '../../jobs/jobs.registry' {
 *   interface JobPayloads { 'digests.send': { userId: string } }
 * }
 * ```
 *
 * Payloads are stored as JSON: plain values only (ids, not entities), since a job may run after a
 * deploy has changed the code that reads it.
 */
export interface JobPayloads {}

export type JobName = keyof JobPayloads & string;

/** What a handler learns of the run besides its payload. */
export interface JobRun {
  id: string;
  /** 0 on the first attempt; the engine's retries count up to `retryLimit`. */
  retryCount: number;
  retryLimit: number;
}

/**
 * Runs one job for the organisation that enqueued it. `ctx` is scoped to that organisation (its
 * tenant-bound repositories and row-level security apply) with no user behind it; its transaction
 * commits when the handler returns and rolls back when it throws. Throwing fails the attempt: the
 * engine retries it with backoff, so a handler must be safe to run again (check what it already
 * did, in the same transaction as what it does).
 */
export type JobHandler<N extends JobName> = (ctx: Context, payload: JobPayloads[N], run: JobRun) => Promise<void>;

const handlers = new Map<string, JobHandler<never>>();

/**
 * Registers the handler of `name`, once per process, before the server starts: each server process
 * works the queues of the names registered when it starts. A second handler for a name throws.
 */
export function registerJobHandler<N extends JobName>(name: N, handler: JobHandler<N>): void {
  if (handlers.has(name)) throw new Error(`A job handler for ${name} is registered already`);
  handlers.set(name, handler as JobHandler<never>);
}

/** The handler of `name`; undefined for a name nothing registered. */
export function jobHandler<N extends JobName>(name: N): JobHandler<N> | undefined {
  return handlers.get(name) as JobHandler<N> | undefined;
}

/** The names with a handler, in registration order. */
export function registeredJobNames(): JobName[] {
  return [...handlers.keys()] as JobName[];
}
