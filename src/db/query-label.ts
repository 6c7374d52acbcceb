/** Longer labels are cut: a label names a statement, it does not describe it. */
const MAX_LABEL_LENGTH = 120;

/**
 * A raw statement's label, safe inside an SQL block comment. PostgreSQL nests block comments, so
 * an opening `/*` in a label would swallow the statement as surely as a closing one would end the
 * comment early: every `*` and `/` goes, and control characters with them (a NUL would fail the
 * statement). A label with nothing left is refused.
 */
export function cleanLabel(label: string): string {
  const clean = label
    .replace(/[\u0000-\u001f\u007f*/]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, MAX_LABEL_LENGTH)
    .trim();
  if (!clean) throw new Error('A raw query needs a label');
  return clean;
}

/**
 * `sql` led by its label as a comment, `/* <label> *\/ ...`: PostgreSQL keeps comments in the
 * statement text, so the label shows in pg_stat_activity and in its logs (slow statements, lock
 * waits, errors).
 */
export function labelled(label: string, sql: string): string {
  return `/* ${cleanLabel(label)} */ ${sql}`;
}

/**
 * Leads `error`'s message with the label of the statement that failed. The error itself is kept
 * (its class, SQLSTATE and driver error), so callers that look at the code still can.
 */
export function withLabel(error: unknown, label: string): unknown {
  if (error instanceof Error) error.message = `${cleanLabel(label)}: ${error.message}`;
  return error;
}
