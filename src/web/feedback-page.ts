import { escapeHtml } from '../common/escape-html';
import type { FeedbackForm } from '../modules/feedback/feedback.service';
import { FEEDBACK_MAX } from '../modules/feedback/feedback.inputs';
import { publicPage } from './public-page';

/** What the form shows besides the link's own data: a thank-you, an error, and the answer being corrected. */
export interface FormState {
  sent?: boolean;
  answer?: string;
  error?: string;
}

/** The page for a link that is unknown, closed or refused, saying only `message`. */
export function notOpenPage(message = 'This feedback form is not open. The link may have been closed, or it may be mistyped.'): string {
  return publicPage('Feedback form', `<h1>Feedback form</h1>\n<p>${escapeHtml(message)}</p>`);
}

/**
 * The public form, in plain language: who is asking and why, one question, a send button, and
 * what the team did with earlier answers ("you said, we did"). The honeypot field is hidden by the
 * stylesheet (and from screen readers by its container), so people never meet it.
 */
export function feedbackPage(form: FeedbackForm, state: FormState): string {
  const answers = form.youSaidWeDid.length
    ? `<section aria-labelledby="answers">
<h2 id="answers">You said, we did</h2>
<ul class="answers">
${form.youSaidWeDid.map((entry) => `<li><p><strong>You said:</strong> ${escapeHtml(entry.youSaid)}</p><p><strong>We did:</strong> ${escapeHtml(entry.weDid)}</p></li>`).join('\n')}
</ul>
</section>`
    : '';
  const thanks = state.sent ? `<p class="thanks" role="status">Thank you. We have your answer.</p>` : '';
  const closed = `<p>This form is not taking answers at the moment. Thank you for your interest.</p>`;
  const error = state.error ? `<p class="error" id="answer-error">${escapeHtml(state.error)}</p>` : '';
  const described = ['answer-hint', state.error ? 'answer-error' : null].filter(Boolean).join(' ');
  const formHtml = `<form method="post" novalidate>
<label for="answer">What would you like to tell us?</label>
<p class="hint" id="answer-hint">Tell us what is working well and what could be better. You do not need to give your name. Up to ${FEEDBACK_MAX} characters.</p>
${error}
<textarea id="answer" name="answer" rows="8" maxlength="${FEEDBACK_MAX}" aria-describedby="${described}"${state.error ? ' aria-invalid="true" autofocus' : ''}>${escapeHtml(state.answer ?? '')}</textarea>
<div class="hidden-field" aria-hidden="true">
<label for="website">Leave this empty</label>
<input id="website" name="website" type="text" tabindex="-1" autocomplete="off">
</div>
<button type="submit">Send my answer</button>
</form>`;
  return publicPage(
    `Your views on ${form.projectName}`,
    `<p class="from">${escapeHtml(form.organisationName)}</p>
<h1>Your views on ${escapeHtml(form.projectName)}</h1>
${thanks}
<p>We are checking how well <strong>${escapeHtml(form.evaluationTitle)}</strong> is working, and we want to hear from the people it is for. Your answer is shared with ${escapeHtml(form.partnerName)} and the team working on it.</p>
${form.takesAnswers ? formHtml : closed}
${answers}`,
  );
}
