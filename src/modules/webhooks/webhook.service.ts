import type { GraphQLResolveInfo } from 'graphql';
import type { Context } from '../../context';
import { idOf, requireIdOf, toGlobalId } from '../../common/global-id';
import { DEFAULT_PAGE_SIZE, type Page, type PageArgs } from '../../common/pagination';
import { newRowId } from '../../db/row-id';
import { BadInputError, InvalidTransitionError, LimitReachedError, NotFoundError } from '../../errors';
import { assertRoom } from '../../limits/list-caps';
import { dashboardLink, mailAfterCommit } from '../../mail/mail-after-commit';
import { User } from '../accounts/user.entity';
import { recordActivity } from '../activity/activity.service';
import { WebhookDelivery, WebhookDeliveryStatus, WebhookEndpoint } from './webhook.entity';
import type { CreateWebhookEndpointInput, UpdateWebhookEndpointInput, WebhookEndpointWithSecret } from './webhook.inputs';
import { queueAttempt } from './webhook-jobs';
import { switchedOffMail } from './webhook.mail';
import { newWebhookSecret, sealWebhookSecret } from './webhook-secret';
import { checkTarget, hostOf, TargetRefused } from './webhook-target';

/** The most endpoints one organisation may have: each event is one delivery per endpoint that wants it. */
export const ENDPOINTS_PER_ORGANISATION = 20;

/** The most attempts one delivery keeps (WebhookDelivery.attempts); retries stop, and redelivery is refused, at it. */
export const ATTEMPTS_PER_DELIVERY = 25;

/** The organisation's endpoints, newest first (keyset on created_at, id). */
export function listWebhookEndpoints(ctx: Context, args: PageArgs, info?: GraphQLResolveInfo): Promise<Page<WebhookEndpoint>> {
  return ctx.read.page(WebhookEndpoint, { first: args.first ?? DEFAULT_PAGE_SIZE, after: args.after, newestFirst: true }, info);
}

/** One endpoint of the organisation; null for a random or another organisation's id. */
export async function getWebhookEndpoint(ctx: Context, globalId: string): Promise<WebhookEndpoint | null> {
  const id = idOf('WebhookEndpoint', globalId);
  return id ? ctx.read.byId(WebhookEndpoint, id) : null;
}

/** An endpoint's delivery log, newest first. */
export function listWebhookDeliveries(ctx: Context, endpointId: string, args: PageArgs, info?: GraphQLResolveInfo): Promise<Page<WebhookDelivery>> {
  return ctx.read.page(WebhookDelivery, { first: args.first ?? DEFAULT_PAGE_SIZE, after: args.after, where: { endpointId }, newestFirst: true }, info);
}

/** `raw` checked as a target (see checkTarget), before any transaction opens: BAD_USER_INPUT on input.url when refused. */
async function checkedUrl(ctx: Context, raw: string): Promise<string> {
  const { allowedHosts } = ctx.deps.config.webhooks;
  try {
    return (await checkTarget(raw.trim(), { allowedHosts, production: ctx.deps.config.production })).href;
  } catch (error) {
    if (error instanceof TargetRefused) throw new BadInputError(error.message, 'input.url');
    throw error;
  }
}

/** The host of a stored URL: what the activity log says of an endpoint (a URL's path may carry a receiver's token, and observers read the log). */
const hostIn = (url: string) => hostOf(new URL(url));

const cleanDescription = (description: string | null | undefined) => (description == null ? null : description.trim() || null);

/** The endpoint `globalId` of this organisation, locked for the transaction; NOT_FOUND for a random or another organisation's id. */
async function lockedEndpoint(ctx: Context, globalId: string): Promise<WebhookEndpoint> {
  const endpoint = await ctx.db.repo(WebhookEndpoint).findOneForUpdate(requireIdOf('WebhookEndpoint', globalId));
  if (!endpoint) throw new NotFoundError('WebhookEndpoint');
  return endpoint;
}

/**
 * Registers an endpoint of the request's organisation, enabled, with a new signing secret, which
 * is returned this once (kept encrypted; see webhook-secret.ts). The URL is checked, its host
 * resolved, before anything is written (BAD_USER_INPUT on input.url); LIMIT_REACHED past
 * {@link ENDPOINTS_PER_ORGANISATION}. Logged as WEBHOOK_ENDPOINT_CREATED, naming the URL's host
 * and the event types, never the secret.
 */
export async function createWebhookEndpoint(ctx: Context, input: CreateWebhookEndpointInput): Promise<WebhookEndpointWithSecret> {
  const url = await checkedUrl(ctx, input.url);
  const eventTypes = [...new Set(input.eventTypes)];
  const id = newRowId();
  const secret = newWebhookSecret();
  const organisationId = ctx.db.organisationId!;
  return ctx.db.transaction(async () => {
    assertRoom(await ctx.read.count(WebhookEndpoint), ENDPOINTS_PER_ORGANISATION, 'webhook endpoints in an organisation');
    const endpoint = await ctx.db.repo(WebhookEndpoint).insert({
      id,
      url,
      description: cleanDescription(input.description),
      eventTypes,
      secretCiphertext: sealWebhookSecret(ctx.deps.config.authSecret, organisationId, id, secret),
      enabled: true,
      createdByUserId: ctx.auth.userId ?? null,
    });
    await recordActivity(ctx, {
      type: 'WEBHOOK_ENDPOINT_CREATED',
      entityType: 'WebhookEndpoint',
      entityId: id,
      summary: `Webhook endpoint at ${hostIn(url)} created, for ${eventTypes.length} event type${eventTypes.length === 1 ? '' : 's'}`,
      data: { host: hostIn(url), eventTypes },
    });
    return { endpoint, secret };
  });
}

/**
 * Changes an endpoint's URL (checked as on creation), event types or description; logged as
 * WEBHOOK_ENDPOINT_UPDATED with what changed (hosts, not URLs). Deliveries already queued keep
 * going to the endpoint, at its new URL.
 */
export async function updateWebhookEndpoint(ctx: Context, input: UpdateWebhookEndpointInput): Promise<WebhookEndpoint> {
  const url = input.url == null ? undefined : await checkedUrl(ctx, input.url);
  const eventTypes = input.eventTypes == null ? undefined : [...new Set(input.eventTypes)];
  const description = input.description === undefined || input.description === null ? undefined : cleanDescription(input.description);
  return ctx.db.transaction(async () => {
    const endpoint = await lockedEndpoint(ctx, input.id);
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    const patch: Partial<WebhookEndpoint> = {};
    if (url !== undefined && url !== endpoint.url) {
      patch.url = url;
      changes.host = { from: hostIn(endpoint.url), to: hostIn(url) };
    }
    if (eventTypes !== undefined && eventTypes.join() !== endpoint.eventTypes.join()) {
      patch.eventTypes = eventTypes;
      changes.eventTypes = { from: endpoint.eventTypes, to: eventTypes };
    }
    if (description !== undefined && description !== endpoint.description) {
      patch.description = description;
      changes.description = { from: endpoint.description, to: description };
    }
    if (Object.keys(patch).length === 0) return endpoint;
    await ctx.db.repo(WebhookEndpoint).update({ id: endpoint.id }, patch);
    await recordActivity(ctx, {
      type: 'WEBHOOK_ENDPOINT_UPDATED',
      entityType: 'WebhookEndpoint',
      entityId: endpoint.id,
      summary: `Webhook endpoint at ${hostIn(patch.url ?? endpoint.url)} changed`,
      data: { changes },
    });
    return Object.assign(endpoint, patch);
  });
}

/**
 * Switches `endpoint` off (it must be enabled and locked by the caller's transaction): nothing more
 * is sent to it, its pending deliveries fail now, the change is logged as WEBHOOK_ENDPOINT_DISABLED
 * and, when `mailAdmins`, its organisation's owners and admins are mailed once the transaction
 * commits. For disableWebhookEndpoint and for repeated failure (webhook-delivery.ts).
 */
export async function switchOff(ctx: Context, endpoint: WebhookEndpoint, reason: string, mailAdmins: boolean): Promise<WebhookEndpoint> {
  const organisationId = endpoint.organisationId;
  const [row] = await ctx.db.query<{ disabledAt: Date }>(
    'switch a webhook endpoint off',
    `WITH switched AS (
       UPDATE webhook_endpoints SET enabled = false, disabled_at = now(), disabled_reason = $3
        WHERE organisation_id = $1 AND id = $2 RETURNING disabled_at
     ) SELECT disabled_at AS "disabledAt" FROM switched`,
    [organisationId, endpoint.id, reason],
  );
  await ctx.db.query(
    'fail the pending deliveries of a switched-off endpoint',
    `UPDATE webhook_deliveries SET status = 'FAILED', next_attempt_at = NULL, job_id = NULL, last_error = coalesce(last_error || ' / ', '') || 'Not sent: the endpoint was switched off'
      WHERE organisation_id = $1 AND endpoint_id = $2 AND status = 'PENDING'`,
    [organisationId, endpoint.id],
  );
  const host = hostIn(endpoint.url);
  await recordActivity(ctx, {
    type: 'WEBHOOK_ENDPOINT_DISABLED',
    entityType: 'WebhookEndpoint',
    entityId: endpoint.id,
    summary: `Webhook endpoint at ${host} switched off: ${reason}`,
    data: { host, reason, changes: { enabled: { from: true, to: false } } },
  });
  if (mailAdmins) {
    const recipients = await ctx.db.query<{ email: string; organisationName: string }>(
      'the owners and admins to tell of a switched-off webhook',
      `SELECT u.email, o.name AS "organisationName" FROM memberships m JOIN users u ON u.id = m.user_id JOIN organisations o ON o.id = m.organisation_id
        WHERE m.organisation_id = $1 AND m.role IN ('OWNER', 'ADMIN') ORDER BY u.email`,
      [organisationId],
    );
    const link = dashboardLink(ctx, 'organisation');
    for (const recipient of recipients) {
      mailAfterCommit(ctx, switchedOffMail({ to: recipient.email, organisationName: recipient.organisationName, url: endpoint.url, reason, link }));
    }
  }
  return Object.assign(endpoint, { enabled: false, disabledAt: row?.disabledAt ?? new Date(), disabledReason: reason });
}

/** Disables an endpoint by hand (see {@link switchOff}; no mail: an admin did it). Disabling a disabled endpoint changes nothing. */
export async function disableWebhookEndpoint(ctx: Context, globalId: string): Promise<WebhookEndpoint> {
  return ctx.db.transaction(async () => {
    const endpoint = await lockedEndpoint(ctx, globalId);
    if (!endpoint.enabled) return endpoint;
    const user = ctx.auth.userId ? await ctx.read.byId(User, ctx.auth.userId) : null;
    return switchOff(ctx, endpoint, `disabled by ${user?.name ?? 'an administrator'}`, false);
  });
}

/**
 * Enables an endpoint again, with its count of failures back at zero; logged as
 * WEBHOOK_ENDPOINT_ENABLED. Deliveries that failed meanwhile stay failed (redeliver them by hand);
 * events from now on are sent. Enabling an enabled endpoint changes nothing.
 */
export async function enableWebhookEndpoint(ctx: Context, globalId: string): Promise<WebhookEndpoint> {
  return ctx.db.transaction(async () => {
    const endpoint = await lockedEndpoint(ctx, globalId);
    if (endpoint.enabled) return endpoint;
    const patch = { enabled: true, disabledAt: null, disabledReason: null, consecutiveFailures: 0 };
    await ctx.db.repo(WebhookEndpoint).update({ id: endpoint.id }, patch);
    await recordActivity(ctx, {
      type: 'WEBHOOK_ENDPOINT_ENABLED',
      entityType: 'WebhookEndpoint',
      entityId: endpoint.id,
      summary: `Webhook endpoint at ${hostIn(endpoint.url)} enabled`,
      data: { changes: { enabled: { from: false, to: true } } },
    });
    return Object.assign(endpoint, patch);
  });
}

/** Deletes an endpoint with its delivery log; logged as WEBHOOK_ENDPOINT_DELETED. Resolves to its id. */
export async function deleteWebhookEndpoint(ctx: Context, globalId: string): Promise<string> {
  return ctx.db.transaction(async () => {
    const endpoint = await lockedEndpoint(ctx, globalId);
    await ctx.db.repo(WebhookEndpoint).delete({ id: endpoint.id });
    await recordActivity(ctx, {
      type: 'WEBHOOK_ENDPOINT_DELETED',
      entityType: 'WebhookEndpoint',
      entityId: endpoint.id,
      summary: `Webhook endpoint at ${hostIn(endpoint.url)} deleted`,
      data: { host: hostIn(endpoint.url) },
    });
    return toGlobalId('WebhookEndpoint', endpoint.id);
  });
}

/**
 * Gives an endpoint a new signing secret, returned this once; the old one stops signing at once
 * (deliveries from the commit on, retries included, carry the new signature). Logged as
 * WEBHOOK_SECRET_ROTATED, without either secret.
 */
export async function rotateWebhookSecret(ctx: Context, globalId: string): Promise<WebhookEndpointWithSecret> {
  const secret = newWebhookSecret();
  return ctx.db.transaction(async () => {
    const endpoint = await lockedEndpoint(ctx, globalId);
    const patch = { secretCiphertext: sealWebhookSecret(ctx.deps.config.authSecret, endpoint.organisationId, endpoint.id, secret), secretRotatedAt: new Date() };
    await ctx.db.repo(WebhookEndpoint).update({ id: endpoint.id }, patch);
    await recordActivity(ctx, {
      type: 'WEBHOOK_SECRET_ROTATED',
      entityType: 'WebhookEndpoint',
      entityId: endpoint.id,
      summary: `Signing secret of the webhook endpoint at ${hostIn(endpoint.url)} rotated`,
    });
    return { endpoint: Object.assign(endpoint, { secretRotatedAt: patch.secretRotatedAt }), secret };
  });
}

/**
 * Sends a delivery again now, whatever became of it (succeeded, failed, or waiting for a retry,
 * which this replaces), with a fresh 24 hours of retries. NOT_FOUND for another organisation's
 * delivery; INVALID_TRANSITION while its endpoint is disabled (enable it first); LIMIT_REACHED once
 * it has {@link ATTEMPTS_PER_DELIVERY} attempts.
 */
export async function redeliverWebhook(ctx: Context, globalId: string): Promise<WebhookDelivery> {
  const id = requireIdOf('WebhookDelivery', globalId);
  return ctx.db.transaction(async () => {
    const delivery = await ctx.db.repo(WebhookDelivery).findOneForUpdate(id);
    if (!delivery) throw new NotFoundError('WebhookDelivery');
    const endpoint = await ctx.read.byId(WebhookEndpoint, delivery.endpointId);
    if (!endpoint) throw new NotFoundError('WebhookDelivery');
    if (!endpoint.enabled) throw new InvalidTransitionError('A delivery of a disabled endpoint', delivery.status, WebhookDeliveryStatus.PENDING);
    if (delivery.attemptCount >= ATTEMPTS_PER_DELIVERY) {
      throw new LimitReachedError(`A delivery is attempted at most ${ATTEMPTS_PER_DELIVERY} times`, ATTEMPTS_PER_DELIVERY);
    }
    const now = new Date();
    const jobId = await queueAttempt(ctx, delivery.organisationId, delivery.id, { retry: 0, manual: true });
    const patch = { status: WebhookDeliveryStatus.PENDING, nextAttemptAt: now, windowStartedAt: now, jobId };
    await ctx.db.repo(WebhookDelivery).update({ id: delivery.id }, patch);
    return Object.assign(delivery, patch);
  });
}
