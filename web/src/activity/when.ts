const dateTimeFormat = new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });

/** A `DateTime` with its date always (a record is read long after): "Sun 6 Dec 2026, 21:30", local time. */
export function formatDateTime(instant: string): string {
  return dateTimeFormat.format(new Date(instant));
}
