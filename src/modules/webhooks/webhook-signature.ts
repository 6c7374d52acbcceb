import { createHmac, timingSafeEqual } from 'node:crypto';

/** The header that carries a delivery's signature: `t=<unix seconds>,v1=<hex HMAC-SHA256>`. */
export const SIGNATURE_HEADER = 'Partnership-Hub-Signature';

/** How far a signature's time may be from the receiver's clock, by default: five minutes. */
export const DEFAULT_TOLERANCE_SECONDS = 300;

function hmac(secret: string, timestamp: number, rawBody: string | Buffer): string {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest('hex');
}

/**
 * The Partnership-Hub-Signature value for `rawBody` sent at `timestamp` (unix seconds): the
 * HMAC-SHA256, keyed with the whole secret string (`whsec_…`, as UTF-8), of `<timestamp>.<raw body>`,
 * in hex. Signing the time stops a captured delivery being replayed later (see
 * {@link verifyWebhookSignature}'s tolerance).
 */
export function signWebhook(secret: string, rawBody: string | Buffer, timestamp: number = Math.floor(Date.now() / 1000)): string {
  return `t=${timestamp},v1=${hmac(secret, timestamp, rawBody)}`;
}

/**
 * Whether `header` (the Partnership-Hub-Signature value) is a valid signature of `rawBody` (the
 * request body exactly as received, before any JSON parsing) with `secret`, made at most
 * `toleranceSeconds` from now. Any `v1=` entry may match (a receiver need not care how many there
 * are); entries of other schemes are ignored. Compares in constant time; never throws (a malformed
 * header is false).
 */
export function verifyWebhookSignature(
  secret: string,
  header: string | null | undefined,
  rawBody: string | Buffer,
  toleranceSeconds: number = DEFAULT_TOLERANCE_SECONDS,
  nowSeconds: number = Math.floor(Date.now() / 1000),
): boolean {
  if (!header) return false;
  let timestamp: number | undefined;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const separator = part.indexOf('=');
    if (separator <= 0) continue;
    const key = part.slice(0, separator).trim();
    const value = part.slice(separator + 1).trim();
    if (key === 't' && /^\d{1,12}$/.test(value)) timestamp = Number(value);
    else if (key === 'v1' && /^[0-9a-f]{64}$/.test(value)) signatures.push(value);
  }
  if (timestamp === undefined || signatures.length === 0) return false;
  if (Math.abs(nowSeconds - timestamp) > toleranceSeconds) return false;
  const expected = Buffer.from(hmac(secret, timestamp, rawBody), 'hex');
  return signatures.some((signature) => timingSafeEqual(Buffer.from(signature, 'hex'), expected));
}
