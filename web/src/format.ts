const dayFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
const shortDayFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });
const timeFormat = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit' });

/** A `Date` scalar (YYYY-MM-DD, a calendar day with no zone) as "5 Mar 2026". */
export function formatDay(day: string | null | undefined): string {
  return day ? dayFormat.format(new Date(`${day}T00:00:00Z`)) : '';
}

export function formatShortDay(day: string): string {
  return shortDayFormat.format(new Date(`${day}T00:00:00Z`));
}

/** A `DateTime` as local time today, or day and time otherwise. */
export function formatInstant(instant: string): string {
  const date = new Date(instant);
  const today = new Date().toDateString() === date.toDateString();
  return today ? timeFormat.format(date) : `${shortDayFormat.format(date)}, ${timeFormat.format(date)}`;
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** Numbers as people write them: no trailing zeros, at most two decimals. */
export function formatNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(2).replace(/0+$/, '').replace(/\.$/, '');
}

const LABELS: Record<string, string> = {
  NOT_STARTED: 'Not started',
  IN_PROGRESS: 'In progress',
  BLOCKED: 'Blocked',
  DONE: 'Done',
  CANCELLED: 'Cancelled',
  PROPOSED: 'Proposed',
  ACTIVE: 'Active',
  ON_HOLD: 'On hold',
  COMPLETED: 'Completed',
  DRAFT: 'Draft',
  PUBLISHED: 'Published',
  LEAD: 'Lead',
  MEMBER: 'Member',
  CONSULTED: 'Consulted',
};

/** An enum value for people: "IN_PROGRESS" -> "In progress", "API_KEY_CREATED" -> "API key created". */
export function label(value: string): string {
  return LABELS[value] ?? (value.charAt(0) + value.slice(1).toLowerCase().replace(/_/g, ' ')).replace(/^Api\b/, 'API');
}
