import { DigestFrequency } from './digest.enums';

/** A moment as a clock in one time zone shows it. */
export interface LocalTime {
  /** The local calendar date, YYYY-MM-DD. */
  date: string;
  hour: number;
  /** ISO weekday: 1 Monday ... 7 Sunday. */
  weekday: number;
}

const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };
const formats = new Map<string, Intl.DateTimeFormat>();

/** Whether `zone` is an IANA time zone this Node knows (Intl's own check). */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: zone });
    return zone.length <= 64;
  } catch {
    return false;
  }
}

/** `at` on a clock in `zone` (which must be valid: see {@link isTimeZone}). */
export function localTime(at: Date, zone: string): LocalTime {
  let format = formats.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', hourCycle: 'h23', weekday: 'short' });
    formats.set(zone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(at).map((part) => [part.type, part.value]));
  return { date: `${parts.year}-${parts.month}-${parts.day}`, hour: Number(parts.hour), weekday: WEEKDAYS[parts.weekday!]! };
}

/** `date` (YYYY-MM-DD) moved by `days`. */
export function addDays(date: string, days: number): string {
  const moved = new Date(`${date}T00:00:00Z`);
  moved.setUTCDate(moved.getUTCDate() + days);
  return moved.toISOString().slice(0, 10);
}

/** A member's digest choice, defaults filled in. */
export interface DigestChoice {
  frequency: DigestFrequency;
  timeZone: string;
  weekday: number;
}

/**
 * The period whose digest is due at `at` for a member who chose `choice`, or null when none is:
 * from `sendHour` local time on every day (DAILY) or on their weekday (WEEKLY) until midnight. The
 * key names the period by its local date (`DAILY:2026-12-07`), so every tick of that day finds the
 * same key, and the delivery's unique key lets only the first of them send.
 */
export function duePeriod(choice: DigestChoice, at: Date, sendHour: number): { key: string; localDate: string } | null {
  const local = localTime(at, choice.timeZone);
  if (local.hour < sendHour) return null;
  switch (choice.frequency) {
    case DigestFrequency.NONE:
      return null;
    case DigestFrequency.DAILY:
      return { key: `DAILY:${local.date}`, localDate: local.date };
    case DigestFrequency.WEEKLY:
      return local.weekday === choice.weekday ? { key: `WEEKLY:${local.date}`, localDate: local.date } : null;
    default: {
      const unknown: never = choice.frequency;
      throw new Error(`Unknown digest frequency ${String(unknown)}`);
    }
  }
}
