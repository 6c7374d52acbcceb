import { escapeHtml } from '../common/escape-html';
import type { OutgoingMail } from './mailer';

/** What a mail says, once: {@link composeMail} writes it as plain text and as HTML. */
export interface MailContent {
  /** What the mail is, for the log (`invitation`, `password-reset`). */
  kind: string;
  to: string;
  subject: string;
  /** Before the link, a paragraph each. */
  intro: readonly string[];
  /** The one thing to do: a button in HTML, the bare URL in plain text. */
  action: { label: string; url: string };
  /** After the link, a paragraph each (how long it works, what to do if unexpected). */
  outro: readonly string[];
}

const SIGNATURE = 'Partnership Hub';

/** A mail's plain text: its blocks a blank line apart, signed. */
export function mailText(blocks: readonly string[]): string {
  return [...blocks, `— ${SIGNATURE}`].join('\n\n') + '\n';
}

/** A mail's HTML: `body` (HTML) in the frame, type and colours every mail shares, signed. */
export function mailHtml(subject: string, body: readonly string[]): string {
  return [
    '<!doctype html>',
    `<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>`,
    '<body style="font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5;color:#212b32;max-width:600px;margin:0 auto;padding:24px">',
    ...body,
    `<p style="margin:0;color:#4c6272">— ${SIGNATURE}</p>`,
    '</body></html>',
  ].join('\n');
}

/**
 * The mail as plain text and HTML with the same words. Everything given is text: names (an
 * organisation's, a person's) are escaped in the HTML, so a name cannot add markup or links.
 */
export function composeMail(content: MailContent): OutgoingMail {
  const text = mailText([...content.intro, `${content.action.label}:\n${content.action.url}`, ...content.outro]);
  const paragraph = (line: string) => `<p style="margin:0 0 16px">${escapeHtml(line)}</p>`;
  const url = escapeHtml(content.action.url);
  const html = mailHtml(content.subject, [
    ...content.intro.map(paragraph),
    `<p style="margin:24px 0"><a href="${url}" style="background:#005eb8;color:#ffffff;padding:12px 20px;text-decoration:none;border-radius:4px;display:inline-block">${escapeHtml(content.action.label)}</a></p>`,
    `<p style="margin:0 0 16px;font-size:14px">If the button does not work, copy this address into your browser:<br>${url}</p>`,
    ...content.outro.map(paragraph),
  ]);
  return { kind: content.kind, to: content.to, subject: content.subject, text, html };
}
