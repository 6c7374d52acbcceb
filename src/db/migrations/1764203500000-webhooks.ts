import type { MigrationInterface, QueryRunner } from 'typeorm';
import { protectTenantTable } from '../rls';

/**
 * Webhooks (issue #18): an organisation's endpoints, the delivery log (one row per event and
 * endpoint), and each delivery's attempts. Tenant tables like every other (organisation_id leads
 * every key; foreign keys are composite with it, so a delivery cannot point at another
 * organisation's endpoint or event; row-level security on the organisation).
 *
 * The request role manages endpoints (an admin deletes one: its deliveries and attempts go with it,
 * cascading as the tables' owner), updates deliveries (their status, next attempt) and only adds
 * attempts, which are a record.
 */
export class Webhooks1764203500000 implements MigrationInterface {
  name = 'Webhooks1764203500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE webhook_endpoints (
      organisation_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
      id uuid NOT NULL DEFAULT uuid_v7(),
      created_at timestamptz NOT NULL DEFAULT now(),
      url text NOT NULL CHECK (char_length(url) <= 2000),
      description text CHECK (char_length(description) <= 1000),
      event_types text[] NOT NULL,
      secret_ciphertext text NOT NULL,
      enabled boolean NOT NULL DEFAULT true,
      disabled_at timestamptz,
      disabled_reason text,
      consecutive_failures int NOT NULL DEFAULT 0,
      secret_rotated_at timestamptz,
      created_by_user_id uuid REFERENCES users (id) ON DELETE SET NULL,
      PRIMARY KEY (organisation_id, id)
    )`);
    // Query.webhookEndpoints (newest first), and the endpoints an event is sent to (an organisation has a handful).
    await q.query(`CREATE INDEX webhook_endpoints_listing_idx ON webhook_endpoints (organisation_id, created_at, id)`);
    await protectTenantTable(q, 'webhook_endpoints');

    await q.query(`CREATE TABLE webhook_deliveries (
      organisation_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
      id uuid NOT NULL DEFAULT uuid_v7(),
      created_at timestamptz NOT NULL DEFAULT now(),
      endpoint_id uuid NOT NULL,
      event_seq bigint NOT NULL,
      event_type text NOT NULL,
      status text NOT NULL CHECK (status IN ('PENDING', 'SUCCEEDED', 'FAILED')),
      attempt_count int NOT NULL DEFAULT 0,
      next_attempt_at timestamptz,
      last_attempt_at timestamptz,
      response_status int,
      duration_ms int,
      last_error text,
      window_started_at timestamptz NOT NULL,
      job_id uuid,
      PRIMARY KEY (organisation_id, id),
      FOREIGN KEY (organisation_id, endpoint_id) REFERENCES webhook_endpoints (organisation_id, id) ON DELETE CASCADE,
      FOREIGN KEY (organisation_id, event_seq) REFERENCES activity_events (organisation_id, seq) ON DELETE CASCADE
    )`);
    // WebhookEndpoint.deliveries, newest first; switching an endpoint off finds its pending ones.
    await q.query(`CREATE INDEX webhook_deliveries_endpoint_idx ON webhook_deliveries (organisation_id, endpoint_id, created_at, id)`);
    await protectTenantTable(q, 'webhook_deliveries', 'SELECT, INSERT, UPDATE');

    await q.query(`CREATE TABLE webhook_delivery_attempts (
      organisation_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
      id uuid NOT NULL DEFAULT uuid_v7(),
      created_at timestamptz NOT NULL DEFAULT now(),
      delivery_id uuid NOT NULL,
      number int NOT NULL,
      manual boolean NOT NULL DEFAULT false,
      response_status int,
      duration_ms int NOT NULL,
      error text,
      PRIMARY KEY (organisation_id, id),
      FOREIGN KEY (organisation_id, delivery_id) REFERENCES webhook_deliveries (organisation_id, id) ON DELETE CASCADE
    )`);
    await q.query(`CREATE INDEX webhook_delivery_attempts_delivery_idx ON webhook_delivery_attempts (organisation_id, delivery_id, number)`);
    await protectTenantTable(q, 'webhook_delivery_attempts', 'SELECT, INSERT');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE webhook_delivery_attempts`);
    await q.query(`DROP TABLE webhook_deliveries`);
    await q.query(`DROP TABLE webhook_endpoints`);
  }
}
