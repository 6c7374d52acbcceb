import type { Context } from '../../context';
import type { RequestDb } from '../../db/request-db';
import { BadInputError, ForbiddenError } from '../../errors';
import { DigestFrequency } from './digest.enums';
import { isTimeZone, type DigestChoice } from './digest.time';
import type { DigestSettings, UpdateMyDigestSettingsInput } from './digest.types';

/**
 * The default digest is WEEKLY, on Monday: the issue asks that momentum be maintained, and one mail
 * a week of what is due, late and celebrated keeps work in view without becoming noise; every mail
 * carries a one-click unsubscribe, and an empty digest is never sent.
 */
export const DEFAULT_FREQUENCY = DigestFrequency.WEEKLY;
export const DEFAULT_WEEKDAY = 1;

interface SettingsRow {
  membership_id: string;
  frequency: DigestFrequency;
  time_zone: string;
  weekday: number;
}

/**
 * The digest choices of these memberships of the transaction's organisation (row-level security
 * and the explicit predicate both say so), defaults filled in for those who chose nothing.
 */
export async function digestChoices(
  db: RequestDb,
  organisationId: string,
  membershipIds: readonly string[],
  defaultTimeZone: string,
): Promise<Map<string, DigestChoice & { chosen: boolean }>> {
  const rows = await db.query<SettingsRow>(
    'read digest settings',
    'SELECT membership_id, frequency, time_zone, weekday FROM digest_settings WHERE organisation_id = $1 AND membership_id = ANY($2::uuid[])',
    [organisationId, membershipIds],
  );
  const found = new Map(rows.map((row) => [row.membership_id, row]));
  return new Map(
    membershipIds.map((id) => {
      const row = found.get(id);
      // A zone this Node no longer knows (tzdata changes) falls back rather than failing every tick.
      const timeZone = row && isTimeZone(row.time_zone) ? row.time_zone : defaultTimeZone;
      return [
        id,
        row ? { frequency: row.frequency, timeZone, weekday: row.weekday, chosen: true } : { frequency: DEFAULT_FREQUENCY, timeZone, weekday: DEFAULT_WEEKDAY, chosen: false },
      ];
    }),
  );
}

/** The digest settings of the caller's own membership in the request's organisation; null for anyone else's (they are personal). */
export async function membershipDigest(ctx: Context, membershipId: string): Promise<DigestSettings | null> {
  const organisationId = ctx.auth.organisationId;
  if (!organisationId || membershipId !== ctx.auth.membershipId) return null;
  const choices = await digestChoices(ctx.db, organisationId, [membershipId], ctx.deps.config.digests.defaultTimeZone);
  return choices.get(membershipId)!;
}

/**
 * Sets the caller's own digest in the request's organisation: a user's membership, never an API
 * key (FORBIDDEN). BAD_USER_INPUT on `timeZone` for a name Intl does not know, on `weekday`
 * outside 1-7. What is left out keeps its current (or default) value.
 */
export async function updateMyDigestSettings(ctx: Context, input: UpdateMyDigestSettingsInput): Promise<DigestSettings> {
  const { organisationId, membershipId, userId } = ctx.auth;
  if (!organisationId || !membershipId || !userId) throw new ForbiddenError('Only a member signed in as themselves has a digest');
  if (input.timeZone != null && !isTimeZone(input.timeZone)) throw new BadInputError('timeZone must be an IANA time zone such as Europe/London', 'input.timeZone');
  if (input.weekday != null && (!Number.isInteger(input.weekday) || input.weekday < 1 || input.weekday > 7)) {
    throw new BadInputError('weekday must be 1 (Monday) to 7 (Sunday)', 'input.weekday');
  }
  return ctx.db.transaction(async () => {
    const current = (await digestChoices(ctx.db, organisationId, [membershipId], ctx.deps.config.digests.defaultTimeZone)).get(membershipId)!;
    const timeZone = input.timeZone != null ? new Intl.DateTimeFormat('en-GB', { timeZone: input.timeZone }).resolvedOptions().timeZone : current.timeZone;
    const next = { frequency: input.frequency, timeZone, weekday: input.weekday ?? current.weekday };
    await saveDigestChoice(ctx.db, organisationId, membershipId, next);
    return { ...next, chosen: true };
  });
}

/** Writes one membership's choice (an upsert), in the transaction of `db`. */
export async function saveDigestChoice(db: RequestDb, organisationId: string, membershipId: string, choice: DigestChoice): Promise<void> {
  await db.query(
    'save digest settings',
    `INSERT INTO digest_settings (organisation_id, membership_id, frequency, time_zone, weekday) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (organisation_id, membership_id) DO UPDATE SET frequency = EXCLUDED.frequency, time_zone = EXCLUDED.time_zone, weekday = EXCLUDED.weekday, updated_at = now()`,
    [organisationId, membershipId, choice.frequency, choice.timeZone, choice.weekday],
  );
}
