import { randomUUID } from 'node:crypto';
import express, { type Express, type Request, type Response } from 'express';
import { inJobContext, type AppDeps } from '../context';
import { escapeHtml } from '../common/escape-html';
import { DigestFrequency } from '../modules/digests/digest.enums';
import { digestChoices, saveDigestChoice } from '../modules/digests/digest.settings';
import { verifyUnsubscribeToken, type UnsubscribeTarget } from '../modules/digests/digest.tokens';
import { publicPage, sendPublicPage } from './public-page';

/** A public page of one heading and a few words: the dashboard's bundle is not needed to say one thing. */
function page(res: Response, status: number, title: string, body: string): void {
  sendPublicPage(res, status, publicPage(`${title} - Partnership Hub`, `<h1>${escapeHtml(title)}</h1>${body}`));
}

const invalid = (res: Response) =>
  page(
    res,
    400,
    'This link does not work',
    '<p>This unsubscribe link is not complete or not valid. Copy the whole address from the mail, or change your digest in the dashboard.</p>',
  );

/** Who a token names, and where: null when the token is bad or the membership is gone. */
async function lookUp(deps: AppDeps, target: UnsubscribeTarget, requestId: string, unsubscribe: boolean): Promise<{ organisation: string; email: string } | null> {
  return inJobContext(deps, target.organisationId, requestId, async (ctx) => {
    const [row] = await ctx.db.query<{ organisation: string; email: string }>(
      'unsubscribe: the member',
      `SELECT o.name AS organisation, u.email FROM memberships m JOIN users u ON u.id = m.user_id JOIN organisations o ON o.id = m.organisation_id
        WHERE m.organisation_id = $1 AND m.id = $2`,
      [target.organisationId, target.membershipId],
    );
    if (row && unsubscribe) {
      const current = (await digestChoices(ctx.db, target.organisationId, [target.membershipId], deps.config.digests.defaultTimeZone)).get(target.membershipId)!;
      await saveDigestChoice(ctx.db, target.organisationId, target.membershipId, { ...current, frequency: DigestFrequency.NONE });
    }
    return row ?? null;
  });
}

function tokenOf(req: Request): string | undefined {
  const given = req.query.token;
  return typeof given === 'string' && given.length > 0 && given.length < 2048 ? given : undefined;
}

/**
 * `/unsubscribe?token=…`, the link every digest carries, with no sign-in. GET only shows what the
 * link would do and a button (mail scanners and link previews follow links: a GET changes
 * nothing); POST turns that member's digest off (frequency NONE). The same POST is RFC 8058's
 * one-click unsubscribe, which mail clients send with the body `List-Unsubscribe=One-Click`.
 */
export function serveUnsubscribe(app: Express, deps: AppDeps): void {
  app.get('/unsubscribe', async (req, res, next) => {
    try {
      const target = tokenOf(req) && (await verifyUnsubscribeToken(deps.authKey, tokenOf(req)!));
      const found = target && (await lookUp(deps, target, randomUUID(), false));
      if (!found) return invalid(res);
      page(
        res,
        200,
        'Stop your digest?',
        `<p>Stop the digest mails from <strong>${escapeHtml(found.organisation)}</strong> to ${escapeHtml(found.email)}? You can choose a digest again in the dashboard at any time.</p>` +
          '<form method="post"><button type="submit">Unsubscribe</button></form>',
      );
    } catch (error) {
      next(error);
    }
  });
  app.post('/unsubscribe', express.urlencoded({ extended: false, limit: '1kb' }), async (req, res, next) => {
    try {
      const target = tokenOf(req) && (await verifyUnsubscribeToken(deps.authKey, tokenOf(req)!));
      const found = target && (await lookUp(deps, target, randomUUID(), true));
      if (!found) return invalid(res);
      page(
        res,
        200,
        'You are unsubscribed',
        `<p>${escapeHtml(found.email)} gets no more digests from <strong>${escapeHtml(found.organisation)}</strong>. To get them again, choose a digest in the dashboard.</p>`,
      );
    } catch (error) {
      next(error);
    }
  });
}
