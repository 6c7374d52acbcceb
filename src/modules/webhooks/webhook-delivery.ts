import type { Context } from '../../context';
import { toGlobalId } from '../../common/global-id';
import { RequestDb } from '../../db/request-db';
import { newRowId } from '../../db/row-id';
import type { ActivityEventRow } from '../../events/activity-event.entity';
import { registerJobHandler, type JobPayloads, type JobRun } from '../../jobs/jobs.registry';
import { activityCursor, onActivityRecorded } from '../activity/activity.service';
import { webhookEventId, WebhookEndpoint } from './webhook.entity';
import { postWebhook, type AttemptOutcome } from './webhook-http';
import { DELIVER_JOB, queueAttempt } from './webhook-jobs';
import { openWebhookSecret } from './webhook-secret';
import { SIGNATURE_HEADER, signWebhook } from './webhook-signature';
import { ATTEMPTS_PER_DELIVERY, switchOff } from './webhook.service';

/*
 * Deliveries come from the activity log, so nothing is sent that was not recorded, and nothing
 * recorded is missed: in the transaction that appends an event, one delivery row and one job per
 * enabled endpoint that wants the event's type (the endpoints are read in that transaction; an
 * organisation without endpoints pays one indexed SELECT per event). A job per delivery, rather
 * than one that fans out, gives each endpoint its own attempts and backoff: a dead receiver delays
 * no other, and the log shows every delivery PENDING from the moment its event commits.
 *
 * Each job is one attempt. It reads what to send in a short transaction of its own, sends with no
 * transaction open (a receiver that takes WEBHOOK_TIMEOUT_MS holds no connection, which in the
 * embedded database would hold up every request), then records the outcome and, on failure,
 * enqueues the next attempt for later in the same transaction: retries are scheduled here
 * (WEBHOOK_RETRY_*), not by pg-boss's retry, whose settings are the queue's and whose failures
 * would not be in the log. pg-boss's retries still cover a failure of this code or the database.
 */

/** The receiver's view of an event: what the body says. Never a secret (the event log holds none). */
interface EventFacts {
  organisationName: string;
  organisationSlug: string;
  projectName: string | null;
  userName: string | null;
  apiKeyName: string | null;
}

interface DeliveryFacts extends EventFacts {
  status: string;
  jobId: string | null;
  attemptCount: number;
  windowStartedAt: Date;
  endpointId: string;
  url: string;
  enabled: boolean;
  secretCiphertext: string;
  type: string;
  entityType: string;
  entityId: string | null;
  projectId: string | null;
  summary: string | null;
  data: Record<string, unknown>;
  seq: string;
  occurredAt: Date;
  actorName: string | null;
  actorUserId: string | null;
}

/** In the event's transaction: a delivery and its first attempt's job for each enabled endpoint that wants it. */
async function queueDeliveries(ctx: Context, event: ActivityEventRow): Promise<void> {
  const endpoints = await ctx.db.query<{ id: string }>(
    'the webhook endpoints that want an event',
    `SELECT id FROM webhook_endpoints WHERE organisation_id = $1 AND enabled AND $2 = ANY (event_types) ORDER BY id`,
    [event.organisationId, event.type],
  );
  for (const endpoint of endpoints) {
    const deliveryId = newRowId();
    const jobId = await queueAttempt(ctx, event.organisationId, deliveryId, { retry: 0, manual: false });
    await ctx.db.query(
      'queue a webhook delivery',
      `INSERT INTO webhook_deliveries (organisation_id, id, endpoint_id, event_seq, event_type, status, next_attempt_at, window_started_at, job_id)
       VALUES ($1, $2, $3, $4, $5, 'PENDING', now(), now(), $6)`,
      [event.organisationId, deliveryId, endpoint.id, event.seq, event.type, jobId],
    );
  }
}

/** What attempt `jobId` of delivery `deliveryId` is to send, read in a transaction of its own that ends before anything is sent. */
async function readDelivery(ctx: Context, organisationId: string, deliveryId: string): Promise<DeliveryFacts | undefined> {
  const db = new RequestDb(ctx.deps.dataSource, { organisationId });
  try {
    const [facts] = await db.query<DeliveryFacts>(
      'read a webhook delivery to send',
      `SELECT d.status, d.job_id AS "jobId", d.attempt_count AS "attemptCount", d.window_started_at AS "windowStartedAt",
              w.id AS "endpointId", w.url, w.enabled, w.secret_ciphertext AS "secretCiphertext",
              e.type, e.entity_type AS "entityType", e.entity_id AS "entityId", e.project_id AS "projectId", e.summary, e.data,
              e.seq::text AS seq, e.occurred_at AS "occurredAt", e.actor_name AS "actorName", e.actor_user_id AS "actorUserId",
              o.name AS "organisationName", o.slug AS "organisationSlug", p.name AS "projectName", u.name AS "userName", k.name AS "apiKeyName"
         FROM webhook_deliveries d
         JOIN webhook_endpoints w ON w.organisation_id = d.organisation_id AND w.id = d.endpoint_id
         JOIN activity_events e ON e.organisation_id = d.organisation_id AND e.seq = d.event_seq
         JOIN organisations o ON o.id = d.organisation_id
         LEFT JOIN projects p ON p.organisation_id = d.organisation_id AND p.id = e.project_id
         LEFT JOIN users u ON u.id = e.actor_user_id
         LEFT JOIN api_keys k ON k.organisation_id = d.organisation_id AND k.id = e.actor_api_key_id
        WHERE d.organisation_id = $1 AND d.id = $2`,
      [organisationId, deliveryId],
    );
    await db.finish(true);
    return facts;
  } finally {
    await db.finish(false);
  }
}

/**
 * The body of a delivery: the event as the activity log has it, with the names a receiver needs
 * (organisation, project, actor). Global ids, as the GraphQL API gives them.
 */
export function deliveryBody(organisationId: string, facts: DeliveryFacts): string {
  const actor = facts.actorUserId ? (facts.actorName ?? facts.userName) : facts.apiKeyName ? `API key: ${facts.apiKeyName}` : null;
  return JSON.stringify({
    id: webhookEventId(organisationId, facts.seq),
    type: facts.type,
    occurredAt: new Date(facts.occurredAt).toISOString(),
    cursor: activityCursor(facts.seq),
    organisation: { id: toGlobalId('Organisation', organisationId), slug: facts.organisationSlug, name: facts.organisationName },
    project: facts.projectId ? { id: toGlobalId('Project', facts.projectId), name: facts.projectName } : null,
    entity: facts.entityId ? { type: facts.entityType, id: toGlobalId(facts.entityType, facts.entityId) } : { type: facts.entityType, id: null },
    summary: facts.summary,
    data: facts.data,
    actor: actor === null ? null : { name: actor },
  });
}

/** The wait before retry number `retry + 1` of a window: WEBHOOK_RETRY_BASE_MS doubled per retry, at most WEBHOOK_RETRY_MAX_MS. */
export function retryDelayMs(retry: number, config: { retryBaseMs: number; retryMaxMs: number }): number {
  return Math.min(config.retryBaseMs * 2 ** Math.min(retry, 40), config.retryMaxMs);
}

/** One attempt of one delivery (see the top of this file). */
async function deliver(ctx: Context, payload: JobPayloads[typeof DELIVER_JOB], run: JobRun): Promise<void> {
  const organisationId = ctx.db.organisationId!;
  const config = ctx.deps.config.webhooks;
  const facts = await readDelivery(ctx, organisationId, payload.deliveryId);
  // Stale: deleted with its endpoint, redelivered since (another job's now), delivered, or switched off.
  if (!facts || facts.jobId !== run.id || facts.status !== 'PENDING' || !facts.enabled) return;

  const started = new Date();
  let outcome: AttemptOutcome;
  let secret: string | undefined;
  try {
    secret = openWebhookSecret(ctx.deps.config.authSecret, organisationId, facts.endpointId, facts.secretCiphertext);
  } catch {
    outcome = { ok: false, status: null, durationMs: 0, error: 'Not sent: the signing secret cannot be read (was AUTH_SECRET changed?); rotate the secret' };
  }
  if (secret !== undefined) {
    const body = deliveryBody(organisationId, facts);
    const deliveryGlobalId = toGlobalId('WebhookDelivery', payload.deliveryId);
    outcome = await postWebhook(
      facts.url,
      body,
      {
        'content-type': 'application/json',
        'user-agent': 'PartnershipHub-Webhooks/1',
        [SIGNATURE_HEADER.toLowerCase()]: signWebhook(secret, body),
        'partnership-hub-event-id': webhookEventId(organisationId, facts.seq),
        'partnership-hub-event-type': facts.type,
        'partnership-hub-delivery-id': deliveryGlobalId,
      },
      { timeoutMs: config.timeoutMs, allowedHosts: config.allowedHosts },
    );
  }
  await ctx.db.transaction(() => recordAttempt(ctx, organisationId, payload, run, started, outcome));
}

/** Records an attempt's outcome and what follows: success, a retry later, giving up, or switching the endpoint off. */
async function recordAttempt(ctx: Context, organisationId: string, payload: JobPayloads[typeof DELIVER_JOB], run: JobRun, started: Date, outcome: AttemptOutcome): Promise<void> {
  const config = ctx.deps.config.webhooks;
  const [current] = await ctx.db.query<{ status: string; jobId: string | null; attemptCount: number; windowStartedAt: Date; endpointId: string }>(
    'lock a webhook delivery to record an attempt',
    `SELECT status, job_id AS "jobId", attempt_count AS "attemptCount", window_started_at AS "windowStartedAt", endpoint_id AS "endpointId"
       FROM webhook_deliveries WHERE organisation_id = $1 AND id = $2 FOR UPDATE`,
    [organisationId, payload.deliveryId],
  );
  // Overtaken while sending: a redelivery, a switch-off or the endpoint's deletion decides now.
  if (!current || current.jobId !== run.id || current.status !== 'PENDING') return;
  const number = current.attemptCount + 1;
  await ctx.db.query(
    'record a webhook attempt',
    `INSERT INTO webhook_delivery_attempts (organisation_id, delivery_id, number, manual, response_status, duration_ms, error, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [organisationId, payload.deliveryId, number, payload.manual, outcome.status, outcome.durationMs, outcome.error, started],
  );
  const [endpointRow] = await ctx.db.query<{ consecutiveFailures: number; enabled: boolean }>(
    'count the webhook endpoint’s failures in a row',
    // In a WITH: an UPDATE's own RETURNING reaches TypeORM's query() as [rows, count].
    `WITH counted AS (
       UPDATE webhook_endpoints SET consecutive_failures = CASE WHEN $3 THEN 0 ELSE consecutive_failures + 1 END
        WHERE organisation_id = $1 AND id = $2 RETURNING consecutive_failures, enabled
     ) SELECT consecutive_failures AS "consecutiveFailures", enabled FROM counted`,
    [organisationId, current.endpointId, outcome.ok],
  );

  let status = outcome.ok ? 'SUCCEEDED' : 'FAILED';
  let nextAttemptAt: Date | null = null;
  let jobId: string | null = null;
  let error = outcome.error;
  if (!outcome.ok && endpointRow) {
    if (endpointRow.enabled && endpointRow.consecutiveFailures >= config.disableAfterFailures) {
      const endpoint = await ctx.db.repo(WebhookEndpoint).findOneForUpdate(current.endpointId);
      if (endpoint?.enabled) await switchOff(ctx, endpoint, `${endpointRow.consecutiveFailures} delivery attempts in a row failed`, true);
      error = `${error} / Not retried: the endpoint was switched off`;
    } else {
      const next = new Date(Date.now() + retryDelayMs(payload.retry, config));
      const windowEnds = new Date(current.windowStartedAt).getTime() + config.retryWindowSeconds * 1000;
      if (next.getTime() <= windowEnds && number < ATTEMPTS_PER_DELIVERY) {
        status = 'PENDING';
        nextAttemptAt = next;
        jobId = await queueAttempt(ctx, organisationId, payload.deliveryId, { retry: payload.retry + 1, manual: false, at: next });
      }
    }
  }
  await pruneLog(ctx, organisationId, current.endpointId);
  await ctx.db.query(
    'record a webhook delivery’s state',
    `UPDATE webhook_deliveries SET status = $3, attempt_count = $4, last_attempt_at = $5, response_status = $6, duration_ms = $7, last_error = $8,
            next_attempt_at = $9, job_id = $10
      WHERE organisation_id = $1 AND id = $2`,
    [organisationId, payload.deliveryId, status, number, started, outcome.status, outcome.durationMs, error, nextAttemptAt, jobId],
  );
}

/** Finished deliveries past WEBHOOK_LOG_RETENTION_DAYS removed per attempt, a batch at a time. */
const PRUNED_PER_ATTEMPT = 100;

/**
 * Keeps an endpoint's delivery log to WEBHOOK_LOG_RETENTION_DAYS: each attempt removes up to a
 * batch of the endpoint's finished deliveries older than that (their attempts go with them). An
 * endpoint's log grows only with its deliveries, so pruning where they are recorded keeps every log
 * bounded with no timer and no look across organisations; with nothing to remove it costs one
 * index probe. Pending deliveries stay whatever their age.
 */
async function pruneLog(ctx: Context, organisationId: string, endpointId: string): Promise<void> {
  const before = new Date(Date.now() - ctx.deps.config.webhooks.logRetentionDays * 86_400_000);
  await ctx.db.query(
    'prune a webhook delivery log',
    `DELETE FROM webhook_deliveries WHERE organisation_id = $1 AND id IN (
       SELECT id FROM webhook_deliveries
        WHERE organisation_id = $1 AND endpoint_id = $2 AND created_at < $3 AND status <> 'PENDING'
        ORDER BY created_at LIMIT ${PRUNED_PER_ATTEMPT})`,
    [organisationId, endpointId, before],
  );
}

onActivityRecorded(queueDeliveries);
registerJobHandler(DELIVER_JOB, deliver);
