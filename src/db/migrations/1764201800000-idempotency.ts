import type { MigrationInterface, QueryRunner } from 'typeorm';
import { protectTenantTable } from '../rls';

/**
 * Idempotency keys (the Stripe model): one row per organisation, caller and key, holding a hash of
 * the request and, once it has run, the response to replay. The row is written in the mutation's
 * own transaction, so a key exists exactly when its mutation committed; the primary key serialises
 * concurrent duplicates (the second INSERT waits for the first transaction).
 */
export class Idempotency1764201800000 implements MigrationInterface {
  name = 'Idempotency1764201800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE idempotency_keys (
      organisation_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
      caller text NOT NULL CHECK (char_length(caller) <= 100),
      key text NOT NULL CHECK (char_length(key) <= 255),
      request_hash text NOT NULL,
      response jsonb,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (organisation_id, caller, key)
    )`);
    // Expired keys are purged per organisation, oldest first.
    await q.query(`CREATE INDEX idempotency_keys_age_idx ON idempotency_keys (organisation_id, created_at)`);
    await protectTenantTable(q, 'idempotency_keys');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE idempotency_keys`);
  }
}
