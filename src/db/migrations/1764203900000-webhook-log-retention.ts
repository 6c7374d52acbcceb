import type { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE } from '../rls';

/**
 * Webhook delivery logs are kept WEBHOOK_LOG_RETENTION_DAYS (src/modules/webhooks/webhook-delivery.ts
 * prunes an endpoint's finished deliveries as it records an attempt), so the request role, which
 * runs the jobs, may delete deliveries: row-level security keeps it to the job's organisation, and
 * their attempts still go only with them (cascading as the tables' owner).
 */
export class WebhookLogRetention1764203900000 implements MigrationInterface {
  name = 'WebhookLogRetention1764203900000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`GRANT DELETE ON webhook_deliveries TO ${APP_ROLE}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`REVOKE DELETE ON webhook_deliveries FROM ${APP_ROLE}`);
  }
}
