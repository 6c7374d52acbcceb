import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto';

function scrypt(password: string, salt: Buffer, keyLength: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scryptCallback(password.normalize('NFKC'), salt, keyLength, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

const R = 8;
const P = 1;
const KEY_LENGTH = 32;
/** The most a stored hash may ask of one verification: N=2^20 (1 GiB), r=16, p=4. */
const LIMITS = { N: 2 ** 20, r: 16, p: 4 };

/**
 * scrypt needs 128·N·r bytes; Node refuses anything over `maxmem` (32 MiB by default, less than
 * OWASP's N=2^17, r=8 needs), so allow exactly that and a little more.
 */
const maxmemFor = (N: number, r: number) => 128 * N * r + 1024 * 1024;

interface Parameters {
  N: number;
  r: number;
  p: number;
  salt: Buffer;
  hash: Buffer;
}

/** The parts of `scrypt$N$r$p$salt$hash`; null for anything else or beyond {@link LIMITS}. */
function parse(stored: string): Parameters | null {
  const [scheme, n, r, p, salt, hash, ...rest] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash || rest.length > 0) return null;
  const N = Number(n);
  const params = { N, r: Number(r), p: Number(p), salt: Buffer.from(salt, 'base64url'), hash: Buffer.from(hash, 'base64url') };
  const powerOfTwo = Number.isInteger(N) && N > 1 && (N & (N - 1)) === 0;
  if (!powerOfTwo || N > LIMITS.N || !(params.r >= 1 && params.r <= LIMITS.r) || !(params.p >= 1 && params.p <= LIMITS.p) || params.hash.length < 16) return null;
  return params;
}

/**
 * Hashes a password with scrypt at N=2^`cost`, r=8, p=1 (OWASP's recommendation is cost 17) as
 * `scrypt$N$r$p$salt$hash` (base64url): the parameters travel with the hash, so a later, higher
 * cost can tell an old hash from a current one ({@link needsRehash}) and still verify it.
 */
export async function hashPassword(password: string, cost: number): Promise<string> {
  const N = 2 ** cost;
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, KEY_LENGTH, { N, r: R, p: P, maxmem: maxmemFor(N, R) });
  return ['scrypt', N, R, P, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/** Constant-time check of a password against a stored hash; false for any malformed hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const params = parse(stored);
  if (!params) return false;
  const key = await scrypt(password, params.salt, params.hash.length, { N: params.N, r: params.r, p: params.p, maxmem: maxmemFor(params.N, params.r) });
  return timingSafeEqual(key, params.hash);
}

/** True when `stored` was made with less work than `cost` asks for now: rehash it at the next logIn. */
export function needsRehash(stored: string, cost: number): boolean {
  const params = parse(stored);
  return !params || params.N < 2 ** cost || params.r < R || params.p < P;
}

const dummies = new Map<number, Promise<string>>();

/**
 * A hash of nothing at `cost`, verified against when an email is unknown so that a wrong email
 * and a wrong password take as long (made once per cost, on first use).
 */
export function dummyPasswordHash(cost: number): Promise<string> {
  let dummy = dummies.get(cost);
  if (!dummy) dummies.set(cost, (dummy = hashPassword('not a password of anyone', cost)));
  return dummy;
}
