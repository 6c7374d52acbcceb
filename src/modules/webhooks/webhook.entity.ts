import { Check, Column, Entity, ForeignKey, Index } from 'typeorm';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { toGlobalId } from '../../common/global-id';
import { Reads } from '../../db/column-plan';
import { TenantEntity } from '../../db/tenant-entity';
import { User } from '../accounts/user.entity';
import { Organisation } from '../organisations/organisation.entity';

/** Where a delivery stands: waiting for its first or next attempt, delivered, or given up on. */
export enum WebhookDeliveryStatus {
  PENDING = 'PENDING',
  SUCCEEDED = 'SUCCEEDED',
  FAILED = 'FAILED',
}

registerEnumType(WebhookDeliveryStatus, {
  name: 'WebhookDeliveryStatus',
  description:
    'PENDING: an attempt is due (nextAttemptAt). SUCCEEDED: the receiver answered 2xx. FAILED: given up on, after 24 hours of retries or because the endpoint was switched off.',
});

/**
 * An organisation's webhook endpoint: a URL that is sent the activity log's events of the types it
 * asks for, signed with its secret. The secret is kept encrypted (the server must sign with it, so
 * a hash will not do; see webhook-secret.ts) and never shown again after it is made. Not a Node:
 * `node(id)` is open to observers, and an endpoint is for its organisation's admins only.
 */
@ObjectType({ description: "An organisation's webhook endpoint: where the activity log's events of its types are sent, signed. ADMIN or above." })
@Entity('webhook_endpoints')
@ForeignKey(() => Organisation, ['organisationId'], ['id'], { name: 'webhook_endpoints_organisation_id_fkey', onDelete: 'CASCADE' })
@Index('webhook_endpoints_listing_idx', ['organisationId', 'createdAt', 'id'])
export class WebhookEndpoint extends TenantEntity {
  @Reads()
  @Field(() => ID, { name: 'id' })
  get endpointId(): string {
    return toGlobalId('WebhookEndpoint', this.id);
  }

  @Field({ description: 'The http(s) URL each delivery is POSTed to.' })
  @Check('webhook_endpoints_url_check', '(char_length(url) <= 2000)')
  @Column('text')
  url!: string;

  @Field(() => String, { nullable: true, description: 'What the endpoint is for, in the words of whoever set it up.' })
  @Check('webhook_endpoints_description_check', '(char_length(description) <= 1000)')
  @Column('text', { nullable: true })
  description!: string | null;

  @Field(() => [String], { description: 'The activity event types (ActivityEvent.type) it is sent.' })
  @Column('text', { name: 'event_types', array: true })
  eventTypes!: string[];

  /** AES-256-GCM of the signing secret (webhook-secret.ts); never read by GraphQL. */
  @Column('text', { name: 'secret_ciphertext', select: false })
  secretCiphertext!: string;

  @Field({ description: 'false once disabled by an admin or switched off after repeated failure: nothing is sent to it.' })
  @Column('boolean', { default: true })
  enabled!: boolean;

  @Field(() => Date, { nullable: true, description: 'When it was last disabled or switched off (null while enabled).' })
  @Column('timestamptz', { name: 'disabled_at', nullable: true })
  disabledAt!: Date | null;

  @Field(() => String, { nullable: true, description: 'Why it is disabled (null while enabled).' })
  @Column('text', { name: 'disabled_reason', nullable: true })
  disabledReason!: string | null;

  @Field(() => Int, { description: 'Failed attempts in a row, across its deliveries; a success resets it. At WEBHOOK_DISABLE_AFTER_FAILURES it is switched off.' })
  @Column('int', { name: 'consecutive_failures', default: 0 })
  consecutiveFailures!: number;

  @Field(() => Date, { nullable: true, description: 'When its secret was last rotated (null: never).' })
  @Column('timestamptz', { name: 'secret_rotated_at', nullable: true })
  secretRotatedAt!: Date | null;

  @ForeignKey(() => User, { name: 'webhook_endpoints_created_by_user_id_fkey', onDelete: 'SET NULL' })
  @Column('uuid', { name: 'created_by_user_id', nullable: true })
  createdByUserId!: string | null;

  @Reads(() => WebhookEndpoint, 'createdAt')
  @Field(() => Date, { name: 'createdAt' })
  get createdAtField(): Date {
    return this.createdAt;
  }
}

/**
 * One event sent to one endpoint: its attempts so far, the last one's outcome, and when the next
 * is due. Made in the transaction that recorded the event (webhook-delivery.ts).
 */
@ObjectType({ description: "One activity event sent to one webhook endpoint: the delivery log's entry, with each attempt." })
@Entity('webhook_deliveries')
@ForeignKey(() => Organisation, ['organisationId'], ['id'], { name: 'webhook_deliveries_organisation_id_fkey', onDelete: 'CASCADE' })
@ForeignKey(() => WebhookEndpoint, ['organisationId', 'endpointId'], ['organisationId', 'id'], {
  name: 'webhook_deliveries_organisation_id_endpoint_id_fkey',
  onDelete: 'CASCADE',
})
// By table name: the event log is plumbing, not a feature's entity.
@ForeignKey('activity_events', ['organisationId', 'eventSeq'], ['organisationId', 'seq'], {
  name: 'webhook_deliveries_organisation_id_event_seq_fkey',
  onDelete: 'CASCADE',
})
@Index('webhook_deliveries_endpoint_idx', ['organisationId', 'endpointId', 'createdAt', 'id'])
export class WebhookDelivery extends TenantEntity {
  @Reads()
  @Field(() => ID, { name: 'id', description: 'Also sent as the Partnership-Hub-Delivery-Id header.' })
  get deliveryId(): string {
    return toGlobalId('WebhookDelivery', this.id);
  }

  @Column('uuid', { name: 'endpoint_id' })
  endpointId!: string;

  @Column('bigint', { name: 'event_seq' })
  eventSeq!: string;

  @Reads(() => WebhookDelivery, 'organisationId', 'eventSeq')
  @Field({ description: "The event's id: the body's `id` and the Partnership-Hub-Event-Id header (a receiver uses it to ignore a repeat)." })
  get eventId(): string {
    return webhookEventId(this.organisationId, this.eventSeq);
  }

  @Field({ description: 'The activity event type (ActivityEvent.type).' })
  @Column('text', { name: 'event_type' })
  eventType!: string;

  @Field(() => WebhookDeliveryStatus)
  @Check('webhook_deliveries_status_check', "(status = ANY (ARRAY['PENDING'::text, 'SUCCEEDED'::text, 'FAILED'::text]))")
  @Column('text')
  status!: WebhookDeliveryStatus;

  @Field(() => Int, { description: 'Attempts made so far (each is in `attempts`).' })
  @Column('int', { name: 'attempt_count', default: 0 })
  attemptCount!: number;

  @Field(() => Date, { nullable: true, description: 'When the next attempt is due; null once it succeeded or was given up on.' })
  @Column('timestamptz', { name: 'next_attempt_at', nullable: true })
  nextAttemptAt!: Date | null;

  @Field(() => Date, { nullable: true, description: 'When the last attempt started.' })
  @Column('timestamptz', { name: 'last_attempt_at', nullable: true })
  lastAttemptAt!: Date | null;

  @Field(() => Int, { nullable: true, description: "The last attempt's HTTP status; null when there was no response (refused, timed out)." })
  @Column('int', { name: 'response_status', nullable: true })
  responseStatus!: number | null;

  @Field(() => Int, { nullable: true, description: 'How long the last attempt took, in milliseconds.' })
  @Column('int', { name: 'duration_ms', nullable: true })
  durationMs!: number | null;

  @Field(() => String, { nullable: true, description: 'What went wrong in the last attempt (null after a success).' })
  @Column('text', { name: 'last_error', nullable: true })
  lastError!: string | null;

  /** From when the retries' 24 hours count: the delivery's creation, or its last redelivery by hand. */
  @Column('timestamptz', { name: 'window_started_at' })
  windowStartedAt!: Date;

  /** The job that makes the next attempt; a job with another id is stale (a redelivery replaced it). */
  @Column('uuid', { name: 'job_id', nullable: true })
  jobId!: string | null;

  @Reads(() => WebhookDelivery, 'createdAt')
  @Field(() => Date, { name: 'createdAt', description: 'When the event was recorded and the delivery queued.' })
  get createdAtField(): Date {
    return this.createdAt;
  }
}

/** One attempt of a delivery: what the receiver answered, or why there was no answer. */
@ObjectType({ description: 'One attempt of a webhook delivery.' })
@Entity('webhook_delivery_attempts')
@ForeignKey(() => Organisation, ['organisationId'], ['id'], { name: 'webhook_delivery_attempts_organisation_id_fkey', onDelete: 'CASCADE' })
@ForeignKey(() => WebhookDelivery, ['organisationId', 'deliveryId'], ['organisationId', 'id'], {
  name: 'webhook_delivery_attempts_organisation_id_delivery_id_fkey',
  onDelete: 'CASCADE',
})
@Index('webhook_delivery_attempts_delivery_idx', ['organisationId', 'deliveryId', 'number'])
export class WebhookDeliveryAttempt extends TenantEntity {
  @Column('uuid', { name: 'delivery_id' })
  deliveryId!: string;

  @Field(() => Int, { description: '1 for the first attempt, counting up.' })
  @Column('int')
  number!: number;

  @Field({ description: 'false for an automatic attempt or retry; true for the first attempt after a redelivery by hand.' })
  @Column('boolean', { default: false })
  manual!: boolean;

  @Field(() => Int, { nullable: true, description: 'The HTTP status; null when there was no response.' })
  @Column('int', { name: 'response_status', nullable: true })
  responseStatus!: number | null;

  @Field(() => Int, { description: 'How long it took, in milliseconds.' })
  @Column('int', { name: 'duration_ms' })
  durationMs!: number;

  @Field(() => String, { nullable: true, description: 'What went wrong; null for a 2xx answer.' })
  @Column('text', { nullable: true })
  error!: string | null;

  @Reads(() => WebhookDeliveryAttempt, 'createdAt')
  @Field(() => Date, { name: 'startedAt' })
  get startedAt(): Date {
    return this.createdAt;
  }
}

/** The id a delivery's body and headers give its event: the organisation and the event's seq, stable across attempts. */
export function webhookEventId(organisationId: string, seq: string): string {
  return `evt_${organisationId.replaceAll('-', '')}_${seq}`;
}
