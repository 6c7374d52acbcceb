import { randomBytes } from 'node:crypto';

/** The last id's millisecond and counter: ids of one process increase strictly, whatever the clock does. */
const last = { ms: 0, counter: 0 };

/**
 * A new row id, for a row whose id the application needs before the insert (an API key's secret
 * binds it, an invitation's token, an organisation the transaction acts for): a UUIDv7 as the
 * database's `uuid_v7()` default makes them (migration 1764203200000), 48 bits of Unix
 * milliseconds, then 12 bits that order ids within one millisecond, then 62 random bits. Here the
 * 12 bits count (Date.now() has no finer grain): ids from this process increase strictly, even
 * when the clock steps back or 4,096 ids share a millisecond (the next one is borrowed).
 */
export function newRowId(): string {
  const now = Date.now();
  if (now > last.ms) {
    last.ms = now;
    last.counter = 0;
  } else if (++last.counter > 0xfff) {
    last.ms += 1;
    last.counter = 0;
  }
  const bytes = randomBytes(16);
  bytes.writeUIntBE(last.ms, 0, 6);
  bytes[6] = 0x70 | (last.counter >> 8);
  bytes[7] = last.counter & 0xff;
  bytes[8] = 0x80 | (bytes[8]! & 0x3f);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
