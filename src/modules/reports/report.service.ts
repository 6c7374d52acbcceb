import type { Context } from '../../context';
import { requireIdOf, toGlobalId } from '../../common/global-id';
import { ForbiddenError, NotFoundError } from '../../errors';
import { Project } from '../projects/project.entity';
import { readBoardReport } from './report.data';
import { renderCsv } from './report.csv';
import { signReportGrant, type ReportFormat } from './report.links';
import { renderPdf } from './report.pdf';
import { reportRange, type ReportRange } from './report.range';

/** A rendered report, ready to send. */
export interface RenderedReport {
  body: Buffer;
  contentType: string;
  filename: string;
}

/** What a report costs from the organisation's rate-limit bucket (a dashboard query costs a few hundred points). */
export const REPORT_COST = { project: 500, organisation: 2_000 } as const;

/** The path of a report's route, relative to the server's root (where /graphql is). */
export function reportPath(projectGlobalId: string | null, format: ReportFormat, range: ReportRange): string {
  const query = new URLSearchParams({ from: range.from, to: range.to });
  return `${projectGlobalId ? `reports/projects/${encodeURIComponent(projectGlobalId)}` : 'reports/organisation'}.${format}?${query}`;
}

const slugOf = (text: string) =>
  text
    .normalize('NFKD')
    .replace(/[^\w\s-]/g, '')
    .trim()
    .replace(/[\s_-]+/g, '-')
    .toLowerCase()
    .slice(0, 60) || 'report';

/**
 * Reads and renders a board report of the request's organisation: one project (`projectId`, its
 * UUID; NOT_FOUND when it is not this organisation's) or the organisation's. The filename
 * names the project (or organisation) and the period.
 */
export async function renderBoardReport(ctx: Context, projectId: string | null, format: ReportFormat, range: ReportRange): Promise<RenderedReport> {
  const report = await readBoardReport(ctx, projectId ? { projectId } : 'ORGANISATION', range);
  const subject = report.scope === 'PROJECT' ? report.projects[0]!.name : report.organisation;
  const filename = `board-report-${slugOf(subject)}-${range.from}-to-${range.to}.${format}`;
  switch (format) {
    case 'pdf':
      return { body: await renderPdf(report), contentType: 'application/pdf', filename };
    case 'csv':
      return { body: Buffer.from(renderCsv(report), 'utf8'), contentType: 'text/csv; charset=utf-8; header=present', filename };
    default: {
      const unknown: never = format;
      throw new Error(`Unknown report format ${String(unknown)}`);
    }
  }
}

/**
 * A download link for a browser: the report's path with a token valid for a few minutes, bound to
 * the signed-in user, the organisation and this one report (see report.links.ts). BAD_USER_INPUT
 * for a bad period; NOT_FOUND for a project that is not this organisation's (checked now, so a
 * link is only handed out for a report the caller may read); FORBIDDEN for API keys, which
 * download with their own Authorization header.
 */
export async function boardReportDownload(ctx: Context, args: { projectId?: string | null; from?: string | null; to?: string | null; format: ReportFormat }): Promise<string> {
  const { userId, organisationId } = ctx.auth;
  if (!userId || !organisationId) throw new ForbiddenError('Download links are for signed-in users: API keys fetch the report routes with their Authorization header');
  const range = reportRange(args.from, args.to);
  const projectId = args.projectId ? requireIdOf('Project', args.projectId) : null;
  if (projectId && !(await ctx.read.byId(Project, projectId))) throw new NotFoundError('Project');
  const [row] = await ctx.db.query<{ token_generation: number }>('the token generation of a report link', 'SELECT token_generation FROM users WHERE id = $1', [userId]);
  const token = await signReportGrant(ctx.deps.authKey, { userId, organisationId, generation: row?.token_generation ?? 0, projectId, format: args.format, range });
  return `${reportPath(projectId && toGlobalId('Project', projectId), args.format, range)}&token=${encodeURIComponent(token)}`;
}
