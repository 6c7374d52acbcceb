import type { BoardReport } from './report.data';

/** The columns of a board report's CSV: one file, every section's rows told apart by `section`. */
export const CSV_COLUMNS = ['section', 'project', 'date', 'status', 'title', 'text', 'detail', 'value', 'baseline', 'target', 'unit'] as const;

type Column = (typeof CSV_COLUMNS)[number];
type Cell = string | number | null | undefined;
type Row = Partial<Record<Column, Cell>>;

/** Text that a spreadsheet would take for a formula (OWASP's list: = + - @, tab and carriage return). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One field, RFC 4180: quoted when it holds a comma, a quote or a line break, quotes doubled.
 * Text that a spreadsheet would run as a formula gets a leading `'` (CSV injection); numbers are
 * written by this server from numbers, so a negative value stays a number.
 */
export function csvField(value: Cell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

const line = (row: Row) => CSV_COLUMNS.map((column) => csvField(row[column])).join(',');

/**
 * The report as one CSV file: UTF-8 with a byte-order mark (Excel, which most boards open CSV in,
 * reads a file without one as the local code page and garbles every accented name; other readers
 * skip it), CRLF line ends, a header row, then rows of sections REPORT, PROGRESS, UPDATE,
 * CELEBRATION, CHALLENGE, DECISION, MEASURE and MEASUREMENT, per project.
 */
export function renderCsv(report: BoardReport): string {
  const rows: Row[] = [
    {
      section: 'REPORT',
      title: report.organisation,
      text: report.scope === 'ORGANISATION' ? 'Organisation board report' : 'Project board report',
      date: report.generatedAt.toISOString(),
      detail: `${report.range.from} to ${report.range.to}`,
    },
  ];
  for (const project of report.projects) {
    const p = project.progress;
    rows.push({
      section: 'PROGRESS',
      project: project.name,
      status: project.status,
      title: project.latestHealth ?? '',
      text: `${p.done} of ${p.total} stages done; ${p.inProgress} in progress; ${p.blocked} blocked; ${p.late} late`,
      detail: [project.startDate && `starts ${project.startDate}`, project.targetDate && `target ${project.targetDate}`].filter(Boolean).join('; '),
      value: p.percentComplete,
      unit: '%',
    });
    for (const update of project.updates) rows.push({ section: 'UPDATE', project: project.name, date: update.postedOn, status: update.health, text: update.narrative });
    for (const c of project.celebrations) rows.push({ section: 'CELEBRATION', project: project.name, date: c.celebratedOn, title: c.stage, text: c.message });
    for (const c of project.challenges) {
      rows.push({ section: 'CHALLENGE', project: project.name, date: c.raisedOn, status: c.status, title: c.raisedBy, text: c.description, detail: c.resolution });
    }
    for (const d of project.decisions) rows.push({ section: 'DECISION', project: project.name, date: d.decidedOn, title: d.agreedBy.join('; '), text: d.text });
    for (const m of project.measures) {
      const title = `${m.evaluation}: ${m.name}`;
      rows.push({
        section: 'MEASURE',
        project: project.name,
        date: m.latest?.date,
        status: m.direction,
        title,
        detail: m.progressToTarget === null ? '' : `${Math.round(m.progressToTarget * 100)}% of the way to target`,
        value: m.latest?.value,
        baseline: m.baseline,
        target: m.target,
        unit: m.unit,
      });
      for (const value of m.measurements) {
        rows.push({ section: 'MEASUREMENT', project: project.name, date: value.date, title, text: value.note, value: value.value, unit: m.unit });
      }
    }
  }
  return `\uFEFF${[CSV_COLUMNS.join(','), ...rows.map(line)].join('\r\n')}\r\n`;
}
