import { entityRead, readStatement } from '../../db/entity-read';
import { LIST_CAPS } from '../../limits/list-caps';
import { batched } from '../../read/batched';
import { Membership } from '../organisations/membership.entity';
import { User } from './user.entity';

/**
 * A user's memberships in every organisation, oldest first, at most LIST_CAPS.organisationsPerUser:
 * the viewer's. The one read of tenant rows that is not scoped to the request's organisation: it
 * spans them all, and row-level security alone (the own_memberships policy, on the request's
 * `app.user_id`) lets a request see only its own user's memberships in the others. Ask it only
 * for the caller's own id.
 */
export const membershipsOfUser = batched<string, Membership[]>('User.memberships', async (_read, db, userIds) => {
  const read = entityRead(db, Membership);
  // Capped per user, each the first of its own memberships: one index probe per user.
  const sql = readStatement(
    'User.memberships',
    [read],
    () =>
      `SELECT m.* FROM unnest($1::uuid[]) AS u(id) CROSS JOIN LATERAL (
         SELECT ${read.select()} FROM memberships WHERE user_id = u.id ORDER BY created_at, id LIMIT $2) m`,
  );
  const rows = read.toEntities<Membership>(await db.read(sql, [[...userIds], LIST_CAPS.organisationsPerUser]));
  return userIds.map((id) => rows.filter((membership) => membership.userId === id));
});

/**
 * The account with this email (compared lower-cased, as the unique index does), or null: only
 * one the request may see, which for anyone outside the organisation is the one account the
 * transaction has named (`RequestDb.nameUser`, before the load).
 */
export const userByEmail = batched<string, User | null>('User.byEmail', async (_read, db, emails) => {
  const read = entityRead(db, User);
  const sql = readStatement('User.byEmail', [read], () => `SELECT ${read.select()} FROM users WHERE lower(email) = ANY($1::text[])`);
  const wanted = emails.map((email) => email.trim().toLowerCase());
  const users = read.toEntities<User>(await db.read(sql, [wanted]));
  return wanted.map((email) => users.find((user) => user.email.toLowerCase() === email) ?? null);
});
