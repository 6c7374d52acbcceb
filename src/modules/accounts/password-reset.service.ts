import type { Context } from '../../context';
import { ForbiddenError, InvalidTokenError } from '../../errors';
import { hashPassword } from '../../auth/passwords';
import { newPasswordResetToken, passwordResetHash } from '../../auth/link-tokens';
import { PASSWORD_RESET_SETTING } from '../../db/rls';
import { dashboardLink, mailAfterCommit } from '../../mail/mail-after-commit';
import { assertNewPassword, asUser, issueToken, normaliseEmail } from './account.service';
import type { AuthPayload, RequestPasswordResetInput, ResetPasswordInput } from './account.inputs';
import { passwordResetMail } from './password-reset.mail';
import { endSessions } from './sessions.service';

/** The route of the dashboard that takes a reset token (issue #16 builds the page). */
const RESET_ROUTE = 'password-reset';

/** An id no account has: the organisation lookup of an unknown email runs as a known one's does. */
const NO_ACCOUNT = '00000000-0000-0000-0000-000000000000';

/** Organisations named in a reset mail, at most. */
const ORGANISATIONS_NAMED = 5;

/**
 * requestPasswordReset: answers true whether or not the email has an account, after the same
 * statements either way (so neither the answer nor its timing tells). For an account, its reset
 * link (one hour, single use) replaces any earlier one and is mailed once the request commits,
 * naming the organisations it belongs to. Limited per email (PASSWORD_RESETS_PER_EMAIL, counted
 * before anything is looked up, so alike for every email) and per client address.
 */
export async function requestPasswordReset(ctx: Context, input: RequestPasswordResetInput): Promise<boolean> {
  const email = normaliseEmail(input.email);
  await ctx.deps.rateLimits.chargePasswordReset(email);
  const { token, hash } = newPasswordResetToken();
  await ctx.db.transaction(async () => {
    await ctx.db.nameUser(email);
    const [account] = await ctx.db.query<{ id: string; email: string; expires_at: Date }>(
      'remember the reset link of the named account',
      // In a WITH: an UPDATE's own result reaches TypeORM's query() as [rows, count], a SELECT's as rows.
      `WITH named AS (
         UPDATE users SET password_reset_hash = $2, password_reset_expires_at = statement_timestamp() + interval '1 hour'
          WHERE lower(email) = $1 RETURNING id, email, password_reset_expires_at AS expires_at
       ) SELECT * FROM named`,
      [email, hash],
    );
    // The account's organisations are its own user's to see: for this lookup only, the transaction
    // sees as that user (an unknown email looks up an id nobody has, in the same statements).
    await ctx.db.query('see as the account being reset', "SELECT set_config('app.user_id', $1, true)", [account?.id ?? NO_ACCOUNT]);
    const organisations = await ctx.db.query<{ name: string }>(
      'organisations of the account being reset',
      'SELECT o.name FROM memberships m JOIN organisations o ON o.id = m.organisation_id WHERE m.user_id = $1 ORDER BY o.name LIMIT $2',
      [account?.id ?? NO_ACCOUNT, ORGANISATIONS_NAMED],
    );
    await ctx.db.query('see as the caller again', "SELECT set_config('app.user_id', $1, true)", [ctx.auth.userId ?? '']);
    if (account) {
      mailAfterCommit(
        ctx,
        passwordResetMail({
          to: account.email,
          organisationNames: organisations.map((organisation) => organisation.name),
          link: dashboardLink(ctx, `${RESET_ROUTE}/${token}`),
          expiresAt: new Date(account.expires_at),
        }),
      );
    }
  });
  return true;
}

/**
 * resetPassword: sets the password of the account the token was mailed for (the same rules as
 * signUp, its email and name counting against it), uses the token up, and ends every earlier
 * session of the account (endSessions: tokens issued before stop working on HTTP and WebSocket,
 * open sockets close with 4403). Returns a token of the new session. A malformed, unknown, used
 * or expired token is INVALID_TOKEN, and nothing changes. Counts as a log-in attempt of the
 * account's email (LOGIN_FAILURES_PER_EMAIL; success gives it back), and per client address.
 * The request acts for no organisation (no X-Organisation).
 */
export async function resetPassword(ctx: Context, input: ResetPasswordInput): Promise<AuthPayload> {
  if (ctx.auth.organisationId || ctx.db.organisationId) {
    throw new ForbiddenError('resetPassword acts for an account, not an organisation: send it without X-Organisation');
  }
  const hash = passwordResetHash(input.token);
  if (!hash) throw new InvalidTokenError();
  const { rateLimits, config } = ctx.deps;
  const attempt: { email?: string } = {};
  const payload = await ctx.db.transaction(async () => {
    // Row-level security shows the transaction the one account whose token it names.
    await ctx.db.query('name the account by its reset token', `SELECT set_config('${PASSWORD_RESET_SETTING}', $1, true)`, [hash]);
    const [account] = await ctx.db.query<{ id: string; email: string; name: string; created_at: Date; current: boolean }>(
      'find the account of a reset token',
      'SELECT id, email, name, created_at, password_reset_expires_at > statement_timestamp() AS current FROM users WHERE password_reset_hash = $1',
      [hash],
    );
    if (!account?.current) throw new InvalidTokenError();
    await rateLimits.chargeLoginAttempt(normaliseEmail(account.email));
    attempt.email = normaliseEmail(account.email);
    assertNewPassword(input.password, [account.email, account.name]);
    const passwordHash = await hashPassword(input.password, config.passwordHashCost);
    // The token proved the account: the rest of this savepoint acts as its user (endSessions needs it).
    await ctx.db.query('act as the account being reset', "SELECT set_config('app.user_id', $1, true)", [account.id]);
    const [updated] = await ctx.db.query<{ id: string }>(
      'set the new password and use the reset token up',
      `WITH reset AS (
         UPDATE users SET password_hash = $2, password_reset_hash = NULL, password_reset_expires_at = NULL
          WHERE id = $1 AND password_reset_hash = $3 RETURNING id
       ) SELECT id FROM reset`,
      [account.id, passwordHash, hash],
    );
    // Another reset with the same token committed first.
    if (!updated) throw new InvalidTokenError();
    await endSessions(ctx, account.id, 'A member reset their password: every earlier session ended');
    const [{ token_generation: generation }] = (await ctx.db.query<{ token_generation: number }>('the new token generation', 'SELECT token_generation FROM users WHERE id = $1', [
      account.id,
    ])) as [{ token_generation: number }];
    await ctx.db.query('act as the caller again', `SELECT set_config('app.user_id', $1, true), set_config('${PASSWORD_RESET_SETTING}', '', true)`, [ctx.auth.userId ?? '']);
    return issueToken(ctx, asUser(account), generation);
  });
  await rateLimits.loginSucceeded(attempt.email!);
  return payload;
}
