import { SignJWT, jwtVerify, errors } from 'jose';

const ISSUER = 'partnership-hub';
const ALGORITHM = 'HS256';

export interface UserToken {
  userId: string;
  /** Expiry, seconds since the epoch. */
  expiresAt: number;
}

/** Signs a user token (JWT, HS256) valid for `ttlSeconds`. */
export async function signUserToken(secret: Uint8Array, userId: string, ttlSeconds: number): Promise<string> {
  return new SignJWT({})
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
    return { userId: payload.sub, expiresAt: payload.exp };
  } catch (error) {
    if (error instanceof errors.JOSEError) return null;
    throw error;
  }
}
