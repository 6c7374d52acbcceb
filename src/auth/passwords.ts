import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto';

function scrypt(password: string, salt: Buffer, keyLength: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scryptCallback(password.normalize('NFKC'), salt, keyLength, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

// OWASP's scrypt minimum (N=2^17, r=8, p=1) costs ~128 MiB; N=2^15 keeps a login near 50 ms on two
// cores while staying far beyond offline brute force of a leaked hash for sane passwords.
const PARAMS = { N: 2 ** 15, r: 8, p: 1, keyLength: 32 };
const maxmem = 128 * PARAMS.N * PARAMS.r * 2;

/** Hashes a password as `scrypt$N$r$p$salt$hash` (base64url), self-describing for later rehashing. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, PARAMS.keyLength, { N: PARAMS.N, r: PARAMS.r, p: PARAMS.p, maxmem });
  return ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/** Constant-time check of a password against a stored hash; false for any malformed hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const N = Number(n);
  const key = await scrypt(password, Buffer.from(salt, 'base64url'), expected.length, {
    N,
    r: Number(r),
    p: Number(p),
    maxmem: 128 * N * Number(r) * 2,
  });
  return timingSafeEqual(key, expected);
}

/** A hash of nothing, verified against when an email is unknown so both failures take as long. */
export const DUMMY_PASSWORD_HASH = hashPassword('not a password of anyone');
