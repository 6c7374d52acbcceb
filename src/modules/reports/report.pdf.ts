import PDFDocument from 'pdfkit';
import type { BoardReport, ProjectReport, ReportMeasure } from './report.data';

type Doc = PDFKit.PDFDocument;

const MARGIN = 50;
const COLOURS = { done: '#2e7d32', inProgress: '#f9a825', blocked: '#c62828', notStarted: '#bdbdbd', ink: '#212121', muted: '#616161', rule: '#9e9e9e', line: '#1565c0' };
const HEALTH_WORDS: Record<string, string> = { ON_TRACK: 'On track', AT_RISK: 'At risk', OFF_TRACK: 'Off track' };

/**
 * The standard PDF fonts (Helvetica here) cover Windows-1252 only: other characters become `?`
 * rather than breaking the text run. (Embedding a Unicode font would add ~700 KB to every report.)
 */
const WIN_ANSI_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');
function printable(text: string): string {
  let out = '';
  for (const ch of text.normalize('NFC')) {
    const code = ch.codePointAt(0)!;
    out += (code >= 0x20 && code < 0x7f) || (code >= 0xa0 && code <= 0xff) || ch === '\n' || WIN_ANSI_EXTRA.has(ch) ? ch : code === 0x09 ? ' ' : '?';
  }
  return out;
}

const formatNumber = (value: number | null | undefined, unit?: string | null) =>
  value === null || value === undefined ? '-' : `${Number.isInteger(value) ? value : Number(value.toPrecision(6))}${unit ? ` ${unit}` : ''}`;

/** Room for `height` more points on this page, or a new page. */
function ensureRoom(doc: Doc, height: number): void {
  if (doc.y + height > doc.page.height - MARGIN) doc.addPage();
}

function heading(doc: Doc, text: string, size: number): void {
  ensureRoom(doc, size * 3);
  doc.moveDown(0.6).font('Helvetica-Bold').fontSize(size).fillColor(COLOURS.ink).text(printable(text), MARGIN, doc.y);
  doc.font('Helvetica').fontSize(10);
}

function paragraph(doc: Doc, text: string, options: { color?: string; indent?: number } = {}): void {
  ensureRoom(doc, 30);
  doc
    .font('Helvetica')
    .fontSize(10)
    .fillColor(options.color ?? COLOURS.ink)
    .text(printable(text), MARGIN + (options.indent ?? 0), doc.y, { width: doc.page.width - 2 * MARGIN - (options.indent ?? 0) });
}

/** The stage progress bar: done, in progress, blocked and not started, in proportion, with a legend. */
function progressBar(doc: Doc, progress: ProjectReport['progress'], width: number): void {
  ensureRoom(doc, 50);
  const x = MARGIN;
  const y = doc.y + 4;
  const height = 14;
  const parts: [number, string][] = [
    [progress.done, COLOURS.done],
    [progress.inProgress, COLOURS.inProgress],
    [progress.blocked, COLOURS.blocked],
    [progress.notStarted, COLOURS.notStarted],
  ];
  let at = x;
  if (progress.total === 0) doc.rect(x, y, width, height).fill(COLOURS.notStarted);
  for (const [count, colour] of parts) {
    if (count === 0 || progress.total === 0) continue;
    const w = (width * count) / progress.total;
    doc.rect(at, y, w, height).fill(colour);
    at += w;
  }
  doc.rect(x, y, width, height).lineWidth(0.5).strokeColor(COLOURS.rule).stroke();
  doc.y = y + height + 4;
  paragraph(
    doc,
    progress.total === 0
      ? 'No stages planned yet.'
      : `${progress.percentComplete}% complete: ${progress.done} of ${progress.total} stages done, ${progress.inProgress} in progress, ${progress.blocked} blocked, ${progress.notStarted} not started; ${progress.late} late.`,
    { color: COLOURS.muted },
  );
}

/**
 * A measure's chart over the period: its measurements in the period as a line with points (x by
 * date), the baseline and the target as dashed lines, the value scale on the left.
 */
function measureChart(doc: Doc, measure: ReportMeasure, range: BoardReport['range']): void {
  const width = 360;
  const height = 110;
  ensureRoom(doc, height + 40);
  const left = MARGIN + 50;
  const top = doc.y + 6;
  const values = [...measure.measurements.map((m) => m.value), ...(measure.baseline === null ? [] : [measure.baseline]), ...(measure.target === null ? [] : [measure.target])];
  if (values.length === 0) return;
  let min = Math.min(...values);
  let max = Math.max(...values);
  const pad = max === min ? Math.abs(max) * 0.1 || 1 : (max - min) * 0.1;
  min -= pad;
  max += pad;
  const start = Date.parse(`${range.from}T00:00:00Z`);
  const span = Math.max(1, Date.parse(`${range.to}T00:00:00Z`) - start);
  const xOf = (day: string) => left + (width * (Date.parse(`${day}T00:00:00Z`) - start)) / span;
  const yOf = (value: number) => top + height - (height * (value - min)) / (max - min);

  doc.rect(left, top, width, height).lineWidth(0.5).strokeColor(COLOURS.rule).stroke();
  doc.font('Helvetica').fontSize(7).fillColor(COLOURS.muted);
  doc.text(formatNumber(max), MARGIN, top - 3, { width: 45, align: 'right' });
  doc.text(formatNumber(min), MARGIN, top + height - 6, { width: 45, align: 'right' });
  doc.text(range.from, left, top + height + 3);
  doc.text(range.to, left + width - 60, top + height + 3, { width: 60, align: 'right' });

  const reference = (value: number | null, label: string, colour: string) => {
    if (value === null) return;
    const y = yOf(value);
    doc
      .moveTo(left, y)
      .lineTo(left + width, y)
      .lineWidth(1)
      .dash(4, { space: 3 })
      .strokeColor(colour)
      .stroke()
      .undash();
    doc
      .fontSize(7)
      .fillColor(colour)
      .text(`${label} ${formatNumber(value)}`, left + width + 4, y - 3, { width: 80 });
  };
  reference(measure.baseline, 'Baseline', COLOURS.muted);
  reference(measure.target, 'Target', COLOURS.done);

  const points = measure.measurements.map((m) => [xOf(m.date), yOf(m.value)] as const);
  if (points.length > 1) {
    doc.moveTo(points[0]![0], points[0]![1]);
    for (const [x, y] of points.slice(1)) doc.lineTo(x, y);
    doc.lineWidth(1.5).strokeColor(COLOURS.line).stroke();
  }
  for (const [x, y] of points) doc.circle(x, y, 2.2).fill(COLOURS.line);
  doc.fillColor(COLOURS.ink);
  doc.y = top + height + 16;
  doc.x = MARGIN;
}

function projectSection(doc: Doc, project: ProjectReport, report: BoardReport): void {
  heading(doc, project.name, 16);
  const dates = [project.startDate && `Start ${project.startDate}`, project.targetDate && `target ${project.targetDate}`].filter(Boolean).join(', ');
  paragraph(doc, `Status: ${project.status}${project.latestHealth ? `. Health: ${HEALTH_WORDS[project.latestHealth]}` : ''}${dates ? `. ${dates}` : ''}.`, {
    color: COLOURS.muted,
  });

  heading(doc, 'Progress', 12);
  progressBar(doc, project.progress, doc.page.width - 2 * MARGIN);

  heading(doc, 'Status history', 12);
  if (project.updates.length === 0) paragraph(doc, 'No updates posted in this period.', { color: COLOURS.muted });
  for (const update of project.updates) paragraph(doc, `${update.postedOn}  ${HEALTH_WORDS[update.health]}: ${update.narrative}`);

  heading(doc, 'Celebrations', 12);
  if (project.celebrations.length === 0) paragraph(doc, 'No celebrations in this period.', { color: COLOURS.muted });
  for (const c of project.celebrations) paragraph(doc, `${c.celebratedOn}  ${c.stage}${c.message ? `: ${c.message}` : ''}`);

  heading(doc, 'Challenges', 12);
  if (project.challenges.length === 0) paragraph(doc, 'No challenges open in this period.', { color: COLOURS.muted });
  for (const c of project.challenges) {
    paragraph(doc, `${c.raisedOn}  ${c.status}, raised by ${c.raisedBy}: ${c.description}`);
    if (c.resolution) paragraph(doc, `Resolution${c.closedOn ? ` (${c.closedOn})` : ''}: ${c.resolution}`, { indent: 16, color: COLOURS.muted });
  }

  heading(doc, 'Decisions', 12);
  if (project.decisions.length === 0) paragraph(doc, 'No decisions recorded in this period.', { color: COLOURS.muted });
  for (const d of project.decisions) paragraph(doc, `${d.decidedOn}  ${d.text}${d.agreedBy.length ? ` (agreed by ${d.agreedBy.join(', ')})` : ''}`);

  heading(doc, 'Measures', 12);
  if (project.measures.length === 0) paragraph(doc, 'No measures in its evaluations.', { color: COLOURS.muted });
  for (const m of project.measures) {
    ensureRoom(doc, 190);
    doc.moveDown(0.4);
    doc
      .font('Helvetica-Bold')
      .fontSize(10)
      .fillColor(COLOURS.ink)
      .text(printable(`${m.evaluation}: ${m.name}`), MARGIN, doc.y);
    const toTarget = m.progressToTarget === null ? '' : `, ${Math.round(m.progressToTarget * 100)}% of the way to target`;
    paragraph(
      doc,
      `Baseline ${formatNumber(m.baseline, m.unit)}, target ${formatNumber(m.target, m.unit)}, latest ${m.latest ? `${formatNumber(m.latest.value, m.unit)} on ${m.latest.date}` : '-'}${toTarget}. ${m.measurements.length} measurement(s) in this period.`,
      { color: COLOURS.muted },
    );
    measureChart(doc, m, report.range);
  }
}

/** The organisation report's first page: every project's status, health and progress at a glance. */
function overview(doc: Doc, report: BoardReport): void {
  heading(doc, 'Projects at a glance', 14);
  const barWidth = 120;
  for (const project of report.projects) {
    ensureRoom(doc, 24);
    const y = doc.y + 4;
    doc.font('Helvetica').fontSize(9).fillColor(COLOURS.ink).text(printable(project.name), MARGIN, y, { width: 220, lineBreak: false, ellipsis: true });
    doc
      .fillColor(COLOURS.muted)
      .text(`${project.status}${project.latestHealth ? `, ${HEALTH_WORDS[project.latestHealth]}` : ''}`, MARGIN + 225, y, { width: 110, lineBreak: false });
    const x = doc.page.width - MARGIN - barWidth - 40;
    doc.rect(x, y, barWidth, 9).fill(COLOURS.notStarted);
    if (project.progress.percentComplete > 0) doc.rect(x, y, (barWidth * project.progress.percentComplete) / 100, 9).fill(COLOURS.done);
    doc.fillColor(COLOURS.ink).text(`${project.progress.percentComplete}%`, x + barWidth + 4, y, { width: 36, lineBreak: false });
    doc.y = y + 14;
  }
  if (report.projects.length === 0) paragraph(doc, 'No projects.', { color: COLOURS.muted });
}

/** The report as a PDF (A4, Helvetica, vector charts): resolves to the whole file. */
export function renderPdf(report: BoardReport): Promise<Buffer> {
  const title = report.scope === 'ORGANISATION' ? `Board report: ${report.organisation}` : `Board report: ${report.projects[0]?.name ?? ''}`;
  const doc = new PDFDocument({ size: 'A4', margin: MARGIN, info: { Title: printable(title), Author: printable(report.organisation), Creator: 'Partnership Hub' } });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.font('Helvetica-Bold').fontSize(20).fillColor(COLOURS.ink).text(printable(title), MARGIN, MARGIN);
  paragraph(doc, `${report.organisation}. Period ${report.range.from} to ${report.range.to}. Generated ${report.generatedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC.`, {
    color: COLOURS.muted,
  });
  if (report.scope === 'ORGANISATION') overview(doc, report);
  report.projects.forEach((project, index) => {
    if (report.scope === 'ORGANISATION' || index > 0) doc.addPage();
    projectSection(doc, project, report);
  });
  doc.end();
  return done;
}
