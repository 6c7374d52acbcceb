import type { Context } from '../../context';
import { ConflictError, UnauthenticatedError } from '../../errors';
import { DUMMY_PASSWORD_HASH, hashPassword, verifyPassword } from '../../auth/passwords';
import { signUserToken } from '../../auth/tokens';
import { isUniqueViolation } from '../../db/pg-errors';
import { User } from './user.entity';
import type { AuthPayload, LogInInput, SignUpInput } from './account.inputs';

const normaliseEmail = (email: string) => email.trim().toLowerCase();

async function issueToken(ctx: Context, user: User): Promise<AuthPayload> {
  const token = await signUserToken(ctx.deps.authKey, user.id, ctx.deps.config.tokenTtlSeconds);
  return { token, user };
}

/** Creates a user (emails are unique, case-insensitively) and signs them in. */
export async function signUp(ctx: Context, input: SignUpInput): Promise<AuthPayload> {
  const passwordHash = await hashPassword(input.password);
  return ctx.db.transaction(async () => {
    const manager = await ctx.db.manager();
    try {
      const [row] = await manager.query(
        'INSERT INTO users (email, name, password_hash) VALUES ($1, $2, $3) RETURNING id, email, name, created_at',
        [normaliseEmail(input.email), input.name.trim(), passwordHash],
      );
      const user = manager.create(User, { id: row.id, email: row.email, name: row.name, createdAt: row.created_at });
      return issueToken(ctx, user);
    } catch (error) {
      if (isUniqueViolation(error)) throw new ConflictError('An account with that email already exists');
      throw error;
    }
  });
}

/** Signs a user in; a wrong email and a wrong password fail alike, in the same time. */
export async function logIn(ctx: Context, input: LogInInput): Promise<AuthPayload> {
  const manager = await ctx.db.manager();
  const user = await manager
    .createQueryBuilder(User, 'u')
    .addSelect('u.passwordHash')
    .where('lower(u.email) = :email', { email: normaliseEmail(input.email) })
    .getOne();
  const valid = await verifyPassword(input.password, user?.passwordHash ?? (await DUMMY_PASSWORD_HASH));
  if (!user || !valid) throw new UnauthenticatedError('Wrong email or password');
  return issueToken(ctx, user);
}
