import { SignJWT, jwtVerify, errors } from 'jose';

const ISSUER = 'partnership-hub';
const ALGORITHM = 'HS256';

/**
 * The claim naming the user's token generation the token was issued in (see
 * `users.token_generation`): a token is valid only while its user's generation is unchanged.
 */
const GENERATION_CLAIM = 'gen';

export interface UserToken {
  userId: string;
  /** The user's token generation at issue; 0 for tokens issued before generations existed. */
  generation: number;
  /** Expiry, seconds since the epoch. */
  expiresAt: number;
}

/**
 * Signs a user token (JWT, HS256) valid for `ttlSeconds`, in the user's current token
 * `generation`: signing out everywhere moves the generation on, and the token stops working.
 */
export async function signUserToken(secret: Uint8Array, userId: string, ttlSeconds: number, generation = 0): Promise<string> {
  return new SignJWT({ [GENERATION_CLAIM]: generation })
    .setProtectedHeader({ alg: ALGORITHM })
    .setIssuer(ISSUER)
    .setSubject(userId)
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + ttlSeconds)
    .sign(secret);
}

/** Verifies a user token; null when it is malformed, forged or expired. */
export async function verifyUserToken(secret: Uint8Array, token: string): Promise<UserToken | null> {
  try {
    const { payload } = await jwtVerify(token, secret, { issuer: ISSUER, algorithms: [ALGORITHM] });
    if (typeof payload.sub !== 'string' || typeof payload.exp !== 'number') return null;
    const generation = payload[GENERATION_CLAIM] ?? 0;
    if (typeof generation !== 'number' || !Number.isSafeInteger(generation) || generation < 0) return null;
    return { userId: payload.sub, expiresAt: payload.exp, generation };
  } catch (error) {
    if (error instanceof errors.JOSEError) return null;
    throw error;
  }
}
