import { randomUUID } from 'node:crypto';
import express, { type Express, type Request } from 'express';
import { parseFeedbackToken } from '../auth/link-tokens';
import { inJobContext, type AppDeps, type Context } from '../context';
import { AppError } from '../errors';
import { RateLimitedError, type RateLimits } from '../limits/rate-limits';
import { FEEDBACK_MAX } from '../modules/feedback/feedback.inputs';
import { answerFeedbackForm, feedbackFormOf, type FeedbackForm } from '../modules/feedback/feedback.service';
import { feedbackPage, notOpenPage, type FormState } from './feedback-page';
import { sendPublicPage } from './public-page';

/** The name of the field people never see: whatever fills it in is a robot. */
export const HONEYPOT_FIELD = 'website';

/** Runs `work` acting for `organisationId` with nobody signed in, committing when it returns. */
function asOrganisation<T>(deps: AppDeps, organisationId: string, work: (ctx: Context) => Promise<T>): Promise<T> {
  return inJobContext(deps, organisationId, randomUUID(), work);
}

/**
 * Public feedback forms at `/feedback/<token>` (issue #18): no account, plain HTML that works
 * without JavaScript (the dashboard's content security policy applies: no inline script or style).
 * GET shows the form and the team's "you said, we did"; POST records an answer as the evaluation's
 * involvement and redirects back (so a reload does not answer twice). Answers are limited per
 * address and per form (RateLimits.chargeFeedbackAnswer); one with the hidden field filled is
 * thanked and dropped. A token that names no open form is a 404 page that says only that.
 */
export function serveFeedbackForms(app: Express, deps: AppDeps, rateLimits: RateLimits): void {
  const formOf = async (req: Request): Promise<{ organisationId: string; form: FeedbackForm } | null> => {
    const token = parseFeedbackToken(String(req.params.token ?? ''));
    if (!token) return null;
    const form = await asOrganisation(deps, token.organisationId, (ctx) => feedbackFormOf(ctx, token));
    return form && { organisationId: token.organisationId, form };
  };

  app.get('/feedback/:token', async (req, res, next) => {
    try {
      const found = await formOf(req);
      if (!found) return sendPublicPage(res, 404, notOpenPage());
      sendPublicPage(res, 200, feedbackPage(found.form, { sent: req.query.sent === '1' }));
    } catch (error) {
      next(error);
    }
  });

  app.post('/feedback/:token', express.urlencoded({ extended: false, limit: '16kb', parameterLimit: 10 }), async (req, res, next) => {
    try {
      const found = await formOf(req);
      if (!found) return sendPublicPage(res, 404, notOpenPage());
      const { organisationId, form } = found;
      const body = (req.body ?? {}) as Record<string, unknown>;
      const answer = typeof body.answer === 'string' ? body.answer.trim() : '';
      const state: FormState = { answer };
      await rateLimits.chargeFeedbackAnswer(req.ip ?? 'unknown', form.linkId);
      // A robot fills every field: thank it as anyone, keep nothing.
      if (typeof body[HONEYPOT_FIELD] === 'string' && body[HONEYPOT_FIELD] !== '') return void res.redirect(303, `${req.originalUrl.split('?')[0]}?sent=1`);
      if (!form.takesAnswers) return sendPublicPage(res, 409, feedbackPage(form, state));
      // The page again with the error beside the box: a page people read, not a refusal (200, as GOV.UK's forms do).
      if (answer.length === 0) return sendPublicPage(res, 200, feedbackPage(form, { ...state, error: 'Please write your answer in the box before you send it.' }));
      if (answer.length > FEEDBACK_MAX) {
        return sendPublicPage(res, 200, feedbackPage(form, { ...state, error: `Your answer is ${answer.length} characters long. Please make it ${FEEDBACK_MAX} or fewer.` }));
      }
      const recorded = await asOrganisation(deps, organisationId, (ctx) => answerFeedbackForm(ctx, form.linkId, answer));
      if (!recorded) return sendPublicPage(res, 404, notOpenPage());
      res.redirect(303, `${req.originalUrl.split('?')[0]}?sent=1`);
    } catch (error) {
      if (error instanceof RateLimitedError) {
        res.setHeader('Retry-After', String(error.extensions.retryAfterSeconds));
        return sendPublicPage(res, 429, notOpenPage('Too many answers have been sent from here in the last hour. Please try again later.'));
      }
      // The evaluation was published or is full meanwhile: say so in words, keep nothing.
      if (error instanceof AppError) return sendPublicPage(res, 409, notOpenPage('This form is not taking answers at the moment.'));
      next(error);
    }
  });
}
