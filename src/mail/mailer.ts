import nodemailer from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import type { MailConfig } from '../config';
import type { Logger } from '../logger';

/** One mail: plain text and HTML of the same content (see ./mail-content.ts). */
export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** What the mail is, for the log line that records it (`invitation`, `password-reset`). */
  kind: string;
  /** Extra headers, e.g. a digest's List-Unsubscribe and List-Unsubscribe-Post (RFC 8058). */
  headers?: Record<string, string>;
}

/**
 * Sends mail, or, without `SMTP_URL`, writes it to the server log (and nowhere else: never into
 * a response). `send` never rejects: a mail that could not be sent is logged as an error, and
 * whatever asked for it has already committed (mails are sent by `mailAfterCommit`).
 */
export interface Mailer {
  /** Resolves to whether the mail left (true when logged for want of SMTP_URL); never rejects. */
  send(mail: OutgoingMail, log: Logger): Promise<boolean>;
  /** Closes the SMTP connections, if any. */
  close(): void;
}

/** Bounds on one SMTP conversation: a mail server that stops answering cannot hold a mail forever. */
const SMTP_TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 };

/**
 * The server's mailer, made once from configuration: nodemailer's SMTP transport over
 * `SMTP_URL` (smtp:// upgrades with STARTTLS when the server offers it; smtps:// is TLS from the
 * start), sending from `MAIL_FROM`; without `SMTP_URL`, the log.
 */
export function createMailer(config: MailConfig): Mailer {
  if (!config.smtpUrl) {
    return {
      async send(mail, log) {
        // The whole mail, link included: with no mail server, the log is how an operator passes it on.
        log.info({ mail: { kind: mail.kind, to: mail.to, subject: mail.subject, text: mail.text } }, 'mail not sent (SMTP_URL is unset): logged instead');
        return true;
      },
      close() {},
    };
  }
  const options: SMTPTransport.Options = { url: config.smtpUrl, ...SMTP_TIMEOUTS };
  const transport = nodemailer.createTransport(options);
  return {
    async send(mail, log) {
      try {
        const info = await transport.sendMail({
          from: config.from,
          to: mail.to,
          subject: mail.subject,
          text: mail.text,
          html: mail.html,
          ...(mail.headers && { headers: mail.headers }),
        });
        log.info({ mail: { kind: mail.kind, to: mail.to, messageId: info.messageId } }, 'mail sent');
        return true;
      } catch (error) {
        // Never the body: it carries a single-use link.
        log.error({ err: error, mail: { kind: mail.kind, to: mail.to } }, 'mail could not be sent');
        return false;
      }
    },
    close() {
      transport.close();
    },
  };
}
