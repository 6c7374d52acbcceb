import { SignJWT, errors, jwtVerify } from 'jose';
import { isUuid } from '../../common/global-id';

/** Not the user tokens' issuer, and no expiry (which a user token must have): neither kind passes for the other. */
const ISSUER = 'partnership-hub/unsubscribe';
const ALGORITHM = 'HS256';

export interface UnsubscribeTarget {
  organisationId: string;
  membershipId: string;
}

/**
 * The token of a digest's unsubscribe link: a JWT signed with the server's AUTH_SECRET naming one
 * membership. Nothing is stored, and it does not expire: a mail's link keeps working for as long as
 * the mail is kept (RFC 8058 expects it to), and all it can do is turn that member's digest off.
 */
export function signUnsubscribeToken(key: Uint8Array, target: UnsubscribeTarget): Promise<string> {
  return new SignJWT({ org: target.organisationId }).setProtectedHeader({ alg: ALGORITHM }).setIssuer(ISSUER).setSubject(target.membershipId).sign(key);
}

/** The membership an unsubscribe token names; null when it is malformed or not signed with this key. */
export async function verifyUnsubscribeToken(key: Uint8Array, token: string): Promise<UnsubscribeTarget | null> {
  try {
    const { payload } = await jwtVerify(token, key, { issuer: ISSUER, algorithms: [ALGORITHM] });
    if (typeof payload.sub !== 'string' || typeof payload.org !== 'string' || !isUuid(payload.sub) || !isUuid(payload.org)) return null;
    return { organisationId: payload.org, membershipId: payload.sub };
  } catch (error) {
    if (error instanceof errors.JOSEError) return null;
    throw error;
  }
}
