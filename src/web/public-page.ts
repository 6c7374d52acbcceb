import type { Express, Response } from 'express';
import { escapeHtml } from '../common/escape-html';

/** Where the public pages' stylesheet is served: a file of its own, since the content security policy allows no inline style. */
const STYLESHEET = '/public-page.css';

/**
 * The server's own small pages for people without an account (a feedback form, an unsubscribe
 * link): plain HTML that works without JavaScript, large text, strong contrast, a visible focus
 * ring. They are served after the dashboard's security headers, so its content security policy
 * applies: no inline script or style. `body` is HTML; `title` is text.
 */
export function publicPage(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
<link rel="stylesheet" href="${STYLESHEET}">
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

/** Sends a public page. Their links carry secrets: no cache may keep the page, and no link from it may pass the address on. */
export function sendPublicPage(res: Response, status: number, html: string): void {
  res.status(status).set({ 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' }).type('html').send(html);
}

/** Large text, strong contrast, a visible focus ring; the feedback form's honeypot out of sight. */
const PUBLIC_PAGE_CSS = `body { font: 1.125rem/1.5 system-ui, sans-serif; color: #1b1b1b; background: #fff; margin: 0; }
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

/** The public pages' stylesheet (the feedback form's honeypot is hidden by it). */
export function servePublicPageStyles(app: Express): void {
  app.get(STYLESHEET, (_req, res) => {
    res.type('css').setHeader('Cache-Control', 'public, max-age=3600').send(PUBLIC_PAGE_CSS);
  });
}
