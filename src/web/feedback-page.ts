import type { FeedbackForm } from '../modules/feedback/feedback.service';
import { FEEDBACK_MAX } from '../modules/feedback/feedback.inputs';

/** What the form shows besides the link's own data: a thank-you, an error, and the answer being corrected. */
export interface FormState {
  sent?: boolean;
  answer?: string;
  error?: string;
}

const escape = (text: string): string => text.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char]!);

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escape(title)}</title>
<link rel="stylesheet" href="/feedback/form.css">
<link rel="icon" href="data:,">
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
}

/** The page for a link that is unknown, closed or refused, saying only `message`. */
export function notOpenPage(message = 'This feedback form is not open. The link may have been closed, or it may be mistyped.'): string {
  return page('Feedback form', `<h1>Feedback form</h1>\n<p>${escape(message)}</p>`);
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
${form.youSaidWeDid.map((entry) => `<li><p><strong>You said:</strong> ${escape(entry.youSaid)}</p><p><strong>We did:</strong> ${escape(entry.weDid)}</p></li>`).join('\n')}
</ul>
</section>`
    : '';
  const thanks = state.sent ? `<p class="thanks" role="status">Thank you. We have your answer.</p>` : '';
  const closed = `<p>This form is not taking answers at the moment. Thank you for your interest.</p>`;
  const error = state.error ? `<p class="error" id="answer-error">${escape(state.error)}</p>` : '';
  const described = ['answer-hint', state.error ? 'answer-error' : null].filter(Boolean).join(' ');
  const formHtml = `<form method="post" novalidate>
<label for="answer">What would you like to tell us?</label>
<p class="hint" id="answer-hint">Tell us what is working well and what could be better. You do not need to give your name. Up to ${FEEDBACK_MAX} characters.</p>
${error}
<textarea id="answer" name="answer" rows="8" maxlength="${FEEDBACK_MAX}" aria-describedby="${described}"${state.error ? ' aria-invalid="true" autofocus' : ''}>${escape(state.answer ?? '')}</textarea>
<div class="hidden-field" aria-hidden="true">
<label for="website">Leave this empty</label>
<input id="website" name="website" type="text" tabindex="-1" autocomplete="off">
</div>
<button type="submit">Send my answer</button>
</form>`;
  return page(
    `Your views on ${form.projectName}`,
    `<p class="from">${escape(form.organisationName)}</p>
<h1>Your views on ${escape(form.projectName)}</h1>
${thanks}
<p>We are checking how well <strong>${escape(form.evaluationTitle)}</strong> is working, and we want to hear from the people it is for. Your answer is shared with ${escape(form.partnerName)} and the team working on it.</p>
${form.takesAnswers ? formHtml : closed}
${answers}`,
  );
}

/** The form's stylesheet: large text, strong contrast, a visible focus ring, and the honeypot out of sight. */
export const FEEDBACK_CSS = `
body { font: 1.125rem/1.5 system-ui, sans-serif; color: #1b1b1b; background: #fff; margin: 0; }
main { max-width: 40rem; margin: 0 auto; padding: 1.5rem 1rem 3rem; }
h1 { font-size: 1.75rem; line-height: 1.2; }
.from { color: #4a4a4a; margin-bottom: 0; }
label { display: block; font-weight: 700; margin-top: 1.5rem; }
.hint { color: #4a4a4a; margin: 0.25rem 0 0.5rem; }
textarea { box-sizing: border-box; width: 100%; font: inherit; padding: 0.5rem; border: 2px solid #1b1b1b; border-radius: 4px; }
textarea[aria-invalid="true"] { border-color: #b00020; }
button { margin-top: 1rem; font: inherit; font-weight: 700; padding: 0.6rem 1.2rem; color: #fff; background: #005ea5; border: 0; border-radius: 4px; cursor: pointer; }
:focus-visible { outline: 3px solid #ffbf47; outline-offset: 2px; }
.error { color: #b00020; font-weight: 700; }
.thanks { background: #e6f4ea; border-left: 6px solid #00703c; padding: 0.75rem 1rem; font-weight: 700; }
.answers { list-style: none; padding: 0; }
.answers li { border-top: 1px solid #ccc; padding: 0.5rem 0; }
.answers p { margin: 0.25rem 0; }
.hidden-field { display: none; }
`;
