import type { Context } from '../../context';
import { BadInputError, ConflictError, UnauthenticatedError } from '../../errors';
import { weakPasswordReason } from '../../auth/password-strength';
import { dummyPasswordHash, hashPassword, needsRehash, verifyPassword } from '../../auth/passwords';
import { signUserToken } from '../../auth/tokens';
import { isUniqueViolation } from '../../db/pg-errors';
import { User } from './user.entity';
import { asCallersOwn } from './user.service';
import type { AuthPayload, LogInInput, SignUpInput } from './account.inputs';

/** Emails compare trimmed and lower-cased, as the unique index on users does. */
export const normaliseEmail = (email: string) => email.trim().toLowerCase();

/**
 * A token in the user's current `generation` (users.token_generation, see endSessions); a new
 * account is at the column's first, 0, which is signUserToken's default.
 */
export async function issueToken(ctx: Context, user: User, generation?: number): Promise<AuthPayload> {
  const token = await signUserToken(ctx.deps.authKey, user.id, ctx.deps.config.tokenTtlSeconds, generation);
  return { token, user: asCallersOwn(user) };
}

/** Creates a user (emails are unique, case-insensitively) and signs them in. */
export async function signUp(ctx: Context, input: SignUpInput): Promise<AuthPayload> {
  const passwordHash = await hashPassword(input.password, ctx.deps.config.passwordHashCost);
  return ctx.db.transaction(async () => {
    // Row-level security lets a transaction create (and see) only the account it names.
    await ctx.db.nameUser(input.email);
    try {
      const user = await ctx.db.globalRepo(User).insert({ email: normaliseEmail(input.email), name: input.name.trim(), passwordHash });
      return await issueToken(ctx, user);
    } catch (error) {
      if (isUniqueViolation(error)) throw new ConflictError('An account with that email already exists');
      throw error;
    }
  });
}

/**
 * Refuses a new password that signUp would refuse (BAD_USER_INPUT on `field`, worded as input
 * validation is): fewer than 10 characters, or guessable, with `knownWords` (the account's email
 * and name) counting against it. For passwords set where the input alone cannot know those words.
 */
export function assertNewPassword(password: string, knownWords: string[], field = 'input.password'): void {
  if (password.length < 10) throw new BadInputError(`Invalid ${field}: must be at least 10 characters`, field);
  const reason = weakPasswordReason(password, knownWords);
  if (reason) throw new BadInputError(`Invalid ${field}: is too easy to guess (${reason}): use a longer passphrase of several unrelated words`, field);
}

/** An account with its credentials, as {@link accountWithCredentials} reads it. */
export interface AccountCredentials {
  id: string;
  email: string;
  name: string;
  created_at: Date;
  password_hash: string;
  token_generation: number;
}

/**
 * The account with this (normalised) email and its credentials, or undefined: by hand, because the
 * credentials are columns no read hands out (the hash, the token generation). Only an account the
 * transaction may see: call {@link RequestDb.nameUser} first.
 */
export async function accountWithCredentials(ctx: Context, email: string): Promise<AccountCredentials | undefined> {
  const [row] = await ctx.db.query<AccountCredentials>('check a login', 'SELECT id, email, name, created_at, password_hash, token_generation FROM users WHERE lower(email) = $1', [
    email,
  ]);
  return row;
}

/** The User object of an account read by hand. */
export function asUser(row: Pick<AccountCredentials, 'id' | 'email' | 'name' | 'created_at'>): User {
  return Object.assign(new User(), { id: row.id, email: row.email, name: row.name, createdAt: row.created_at });
}

/**
 * Signs a user in; a wrong email and a wrong password fail alike, in the same time, and count
 * alike against the email's failed-attempt budget (LOGIN_FAILURES_PER_EMAIL: RATE_LIMITED once
 * spent, before any password is checked). A hash made at a lower cost than PASSWORD_HASH_COST is
 * replaced, in the same transaction, by one at the current cost.
 */
export async function logIn(ctx: Context, input: LogInInput): Promise<AuthPayload> {
  const email = normaliseEmail(input.email);
  const { rateLimits, config } = ctx.deps;
  await rateLimits.chargeLoginAttempt(email);
  // In a savepoint: a failed attempt forgets the account it named (see RequestDb.nameUser).
  const payload = await ctx.db.transaction(async () => {
    await ctx.db.nameUser(input.email);
    const row = await accountWithCredentials(ctx, email);
    const valid = await verifyPassword(input.password, row?.password_hash ?? (await dummyPasswordHash(config.passwordHashCost)));
    if (!row || !valid) {
      ctx.deps.metrics.loginRefused('wrong-credentials');
      throw new UnauthenticatedError('Wrong email or password');
    }
    if (needsRehash(row.password_hash, config.passwordHashCost)) {
      await ctx.db.globalRepo(User).update(row.id, { passwordHash: await hashPassword(input.password, config.passwordHashCost) });
    }
    return issueToken(ctx, asUser(row), row.token_generation);
  });
  await rateLimits.loginSucceeded(email);
  return payload;
}
