import { randomUUID } from 'node:crypto';
import type { Express, Request, Response } from 'express';
import { createDeferredContext, type AppDeps, type Context } from '../context';
import { signUserToken } from '../auth/tokens';
import type { Credentials } from '../auth/authenticate';
import { idOf } from '../common/global-id';
import { AppError, ForbiddenError, NotFoundError, UnauthenticatedError } from '../errors';
import { admitByAddress } from '../limits/limits.plugin';
import { identified, type RateLimits } from '../limits/rate-limits';
import { verifyReportGrant, type ReportFormat, type ReportGrant } from '../modules/reports/report.links';
import { reportRange } from '../modules/reports/report.range';
import { REPORT_COST, renderBoardReport } from '../modules/reports/report.service';
import { graphqlCors } from './cors';

const STATUS: Partial<Record<string, number>> = { BAD_USER_INPUT: 400, UNAUTHENTICATED: 401, FORBIDDEN: 403, NOT_FOUND: 404, RATE_LIMITED: 429 };
/** The internal user token a download link stands for lives only as long as its request. */
const LINK_SESSION_SECONDS = 60;

/** Which report a path names: `projects/<global id>.<format>` or `organisation.<format>`; null for anything else. */
function reportOf(file: string, project: boolean): { projectId: string | null; format: ReportFormat } | null {
  const match = /^(.+)\.(pdf|csv)$/.exec(file);
  if (!match) return null;
  const format = match[2] as ReportFormat;
  if (!project) return match[1] === 'organisation' ? { projectId: null, format } : null;
  // A malformed id is NOT_FOUND, exactly as another organisation's would be.
  const projectId = idOf('Project', match[1]!);
  return projectId ? { projectId, format } : { projectId: '', format };
}

function sendError(res: Response, error: unknown, ctx: Context | undefined, log: AppDeps['logger'], requestId: string): void {
  if (res.headersSent) return void res.destroy();
  if (error instanceof AppError && STATUS[error.code]) {
    const { http: _http, ...extensions } = error.extensions as Record<string, unknown>;
    const retryAfter = extensions.retryAfterSeconds;
    if (typeof retryAfter === 'number') res.setHeader('retry-after', String(retryAfter));
    return void res.status(STATUS[error.code]!).json({ errors: [{ message: error.message, extensions }] });
  }
  (ctx?.log ?? log).error({ err: error }, 'internal error');
  res.status(500).json({ errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR', requestId } }] });
}

/** The link's grant covers exactly this report and period. */
function grantCovers(grant: ReportGrant, report: { projectId: string | null; format: ReportFormat }, req: Request): boolean {
  return grant.projectId === report.projectId && grant.format === report.format && req.query.from === grant.range.from && req.query.to === grant.range.to;
}

/**
 * Board reports over plain HTTP GET, authenticated exactly as /graphql is (the same context
 * factory and `authenticate`: Authorization bearer user token with X-Organisation, or an API key),
 * or by a download link's `token` (see report.links.ts), which authenticates as its user through
 * the same path. Rate-limited like GraphQL: anonymous callers per address before anything else,
 * then the organisation's bucket is charged {@link REPORT_COST}. Any member (OBSERVER and up)
 * may read them; row-level security scopes every read to the organisation.
 *
 * - `GET /reports/projects/:id.pdf|csv?from=YYYY-MM-DD&to=YYYY-MM-DD`
 * - `GET /reports/organisation.pdf|csv?from=&to=`
 *
 * Errors answer in JSON as GraphQL's do (`errors[0].extensions.code`): BAD_USER_INPUT (400, bad
 * period), UNAUTHENTICATED (401), FORBIDDEN (403), NOT_FOUND (404), RATE_LIMITED (429).
 */
export function serveBoardReports(app: Express, deps: AppDeps, rateLimits: RateLimits): void {
  const handler = (project: boolean) => async (req: Request, res: Response) => {
    const header = req.header('x-request-id');
    const requestId = header && /^[\w.-]{1,64}$/.test(header) ? header : randomUUID();
    res.setHeader('x-request-id', requestId);
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    let ctx: Context | undefined;
    try {
      const linkToken = typeof req.query.token === 'string' ? req.query.token : undefined;
      let grant: ReportGrant | null = null;
      let credentials: Credentials = { authorization: req.header('authorization'), organisation: req.header('x-organisation') };
      if (linkToken !== undefined) {
        grant = await verifyReportGrant(deps.authKey, linkToken);
        if (!grant) {
          if (req.ip) await rateLimits.chargeAddress(req.ip);
          throw new UnauthenticatedError('This download link is invalid or has expired: ask for a new one');
        }
        const session = await signUserToken(deps.authKey, grant.userId, LINK_SESSION_SECONDS, grant.generation);
        credentials = { authorization: `Bearer ${session}`, organisation: grant.organisationId };
      }
      const context = createDeferredContext(deps, credentials, requestId, req.ip);
      ctx = context;
      res.once('close', () => void context.db.finish(false).catch(() => undefined));
      await admitByAddress(context, rateLimits, credentials.authorization ?? undefined);

      const report = reportOf(String(req.params.file), project);
      if (!report) throw new NotFoundError('Report');
      const range = reportRange(req.query.from, req.query.to);
      if (grant && !grantCovers(grant, report, req)) throw new UnauthenticatedError('This download link is for another report or period');

      await context.authenticate();
      const { auth } = context;
      if (req.ip && credentials.authorization?.trim() && !identified(auth)) await rateLimits.chargeAddress(req.ip);
      if (auth.failure) throw auth.failure;
      if (!identified(auth)) throw new UnauthenticatedError();
      if (!auth.organisationId) throw new ForbiddenError('Reports need an organisation: send the X-Organisation header');
      await rateLimits.chargeCaller(auth, report.projectId === null ? REPORT_COST.organisation : REPORT_COST.project);
      if (report.projectId === '') throw new NotFoundError('Project');

      const rendered = await renderBoardReport(context, report.projectId, report.format, range);
      await context.db.finish(true);
      res.setHeader('Content-Type', rendered.contentType);
      res.setHeader('Content-Disposition', `attachment; filename="${rendered.filename}"`);
      res.status(200).end(rendered.body);
      context.log.info({ report: report.projectId === null ? 'organisation' : 'project', format: report.format, bytes: rendered.body.length }, 'board report');
    } catch (error) {
      sendError(res, error, ctx, deps.logger, requestId);
    }
  };
  app.use('/reports', graphqlCors(deps.config.allowedOrigins));
  app.get('/reports/projects/:file', handler(true));
  app.get('/reports/:file', handler(false));
}
