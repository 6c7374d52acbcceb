import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The activity log names who acted as they were named then, in the event itself: since users are
 * visible only to the organisations they belong to (1764202000000), an organisation's log lost
 * the names of everyone who had left it, and an audit trail that forgets who did what is no
 * trail. Events written before this are filled in from the users they point at (both tables
 * force row-level security on their owner too, so it is lifted for this one statement's
 * transaction and put back).
 */
export class ActivityActorName1764202400000 implements MigrationInterface {
  name = 'ActivityActorName1764202400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE activity_events ADD COLUMN actor_name text`);
    await q.query(`ALTER TABLE users NO FORCE ROW LEVEL SECURITY`);
    await q.query(`ALTER TABLE activity_events NO FORCE ROW LEVEL SECURITY`);
    await q.query(`UPDATE activity_events e SET actor_name = u.name FROM users u WHERE u.id = e.actor_user_id`);
    await q.query(`ALTER TABLE activity_events FORCE ROW LEVEL SECURITY`);
    await q.query(`ALTER TABLE users FORCE ROW LEVEL SECURITY`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE activity_events DROP COLUMN actor_name`);
  }
}
