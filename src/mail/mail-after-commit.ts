import type { Context } from '../context';
import type { OutgoingMail } from './mailer';

/**
 * Sends `mail` once the request's transaction has committed: never for a change that rolled back
 * (a mutation that failed after asking for it, or whose request failed to commit). Sending does
 * not hold up the response, and a failure is logged, not turned into a failed mutation: what the
 * mail tells of is already done (an admin can still pass an invitation's link on, a reset can be
 * asked for again).
 */
export function mailAfterCommit(ctx: Context, mail: OutgoingMail): void {
  const { mailer } = ctx.deps;
  const log = ctx.log;
  ctx.db.afterCommit(() => void mailer.send(mail, log));
}

/** A link into the dashboard at `PUBLIC_URL`: `#/<route>`, so the token is never sent to a server in a request line (or its logs). */
export function dashboardLink(ctx: Context, route: string): string {
  return `${ctx.deps.config.mail.publicUrl}/#/${route}`;
}
