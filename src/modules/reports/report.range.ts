import { isIsoDate } from '../../common/scalars';
import { BadInputError } from '../../errors';

/** A report's period: calendar days, both included, 'YYYY-MM-DD'. */
export interface ReportRange {
  from: string;
  to: string;
}

/** Without `from`, a report covers the 90 days up to `to` (today, UTC, without one). */
export const DEFAULT_RANGE_DAYS = 90;
/** A longer period is refused: a board paper covers months, not decades, and the work is bounded. */
export const MAX_RANGE_DAYS = 3660;

const DAY_MS = 86_400_000;
const dayOf = (time: number) => new Date(time).toISOString().slice(0, 10);
const timeOf = (day: string) => Date.parse(`${day}T00:00:00Z`);

/**
 * The period asked for: `from` and `to` as calendar days (either may be missing: `to` defaults to
 * today (UTC) and `from` to {@link DEFAULT_RANGE_DAYS} days before `to`). BAD_USER_INPUT (with the
 * field) for anything that is not a day, `from` after `to`, or more than {@link MAX_RANGE_DAYS} days.
 */
export function reportRange(from: unknown, to: unknown, now: Date = new Date()): ReportRange {
  const day = (value: unknown, field: string): string | undefined => {
    if (value === undefined || value === null || value === '') return undefined;
    if (typeof value !== 'string' || !isIsoDate(value)) throw new BadInputError(`${field} must be a calendar day written YYYY-MM-DD`, field);
    return value;
  };
  const end = day(to, 'to') ?? dayOf(now.getTime());
  const start = day(from, 'from') ?? dayOf(timeOf(end) - (DEFAULT_RANGE_DAYS - 1) * DAY_MS);
  if (start > end) throw new BadInputError('from must not be after to', 'from');
  if ((timeOf(end) - timeOf(start)) / DAY_MS + 1 > MAX_RANGE_DAYS) throw new BadInputError(`A report covers at most ${MAX_RANGE_DAYS} days`, 'from');
  return { from: start, to: end };
}

/** True when the calendar day is in the period. */
export function dayInRange(day: string, range: ReportRange): boolean {
  return day >= range.from && day <= range.to;
}

/** True when the moment falls on a day of the period (UTC days, as due dates are compared). */
export function momentInRange(moment: Date, range: ReportRange): boolean {
  return dayInRange(dayOf(moment.getTime()), range);
}

/** The UTC calendar day of a moment. */
export function utcDay(moment: Date): string {
  return dayOf(moment.getTime());
}
