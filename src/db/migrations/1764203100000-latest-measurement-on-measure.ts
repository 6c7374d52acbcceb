import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A measure's latest measurement: latest date, the same day the one recorded last, never an archived one. */
const LATEST_OF_M = `(SELECT x.id FROM measurements x
    WHERE x.organisation_id = m.organisation_id AND x.measure_id = m.id AND x.archived_at IS NULL
    ORDER BY x.date DESC, x.created_at DESC, x.id DESC LIMIT 1)`;

/**
 * Each measure keeps its latest measurement's id (`latest_measurement_id`), so a dashboard reads
 * its measures' latest values by id in one batched read, instead of one probe of
 * measurements_latest_idx per measure (87 of a cold dashboard's 136 blocks read).
 *
 * A trigger keeps it, not the services: every statement that inserts, updates or deletes
 * measurements (recordMeasurement, updateMeasurement, archive and restore, a cascade, an operator's
 * SQL) recomputes the latest of the measures it touched, in its own transaction, from the table
 * itself. Per statement, so a bulk insert recomputes each measure once. A measurement never moves
 * to another measure, so the rows after an update name every measure it touched.
 */
export class LatestMeasurementOnMeasure1764203100000 implements MigrationInterface {
  name = 'LatestMeasurementOnMeasure1764203100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE measures ADD COLUMN latest_measurement_id uuid`);
    await q.query(`CREATE FUNCTION measurements_refresh_latest() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE measures m SET latest_measurement_id = ${LATEST_OF_M}
         WHERE (m.organisation_id, m.id) IN (SELECT organisation_id, measure_id FROM touched);
        RETURN NULL;
      END $$`);
    // A trigger with transition tables takes one event, and an INSERT has no old rows, a DELETE no new ones.
    for (const [event, rows] of [
      ['INSERT', 'NEW'],
      ['UPDATE', 'NEW'],
      ['DELETE', 'OLD'],
    ] as const) {
      await q.query(`CREATE TRIGGER measurements_refresh_latest_after_${event.toLowerCase()} AFTER ${event} ON measurements
        REFERENCING ${rows} TABLE AS touched FOR EACH STATEMENT EXECUTE FUNCTION measurements_refresh_latest()`);
    }
    // The tables force row-level security on their owner too: lifted for the backfill alone.
    await q.query(`ALTER TABLE measures NO FORCE ROW LEVEL SECURITY`);
    await q.query(`ALTER TABLE measurements NO FORCE ROW LEVEL SECURITY`);
    await q.query(`UPDATE measures m SET latest_measurement_id = ${LATEST_OF_M}`);
    await q.query(`ALTER TABLE measurements FORCE ROW LEVEL SECURITY`);
    await q.query(`ALTER TABLE measures FORCE ROW LEVEL SECURITY`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const event of ['insert', 'update', 'delete']) await q.query(`DROP TRIGGER measurements_refresh_latest_after_${event} ON measurements`);
    await q.query(`DROP FUNCTION measurements_refresh_latest()`);
    await q.query(`ALTER TABLE measures DROP COLUMN latest_measurement_id`);
  }
}
