import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** One mail the in-process SMTP server received, decoded. */
export interface ReceivedMail {
  /** The envelope's sender and recipients (MAIL FROM, RCPT TO). */
  envelope: { from: string; to: string[] };
  /** Headers, lower-cased names, unfolded, encoded words decoded. */
  headers: Record<string, string>;
  subject: string;
  text: string;
  html: string;
  /** The http(s) links of the plain-text part, in order. */
  links: string[];
}

export interface Mailbox {
  /**
   * Environment for `useTestServer` (pass the object itself, before the server starts): SMTP_URL
   * (with credentials the server checks), MAIL_FROM and PUBLIC_URL, filled in once the SMTP server
   * listens, which it does before the test server starts.
   */
  readonly env: Record<string, string>;
  readonly publicUrl: string;
  readonly from: string;
  /** Every mail received so far, oldest first. */
  readonly received: readonly ReceivedMail[];
  /** The mails received for `address` so far. */
  to(address: string): ReceivedMail[];
  /** The next mail for `address` not handed out by this method before; waits up to `timeoutMs`. */
  next(address: string, timeoutMs?: number): Promise<ReceivedMail>;
  /** Mails for `address` are refused (550) from now on, as a failing mail server would. */
  refuse(address: string): void;
  /**
   * Mails for `address` are kept (in `received`) but never answered from now on, as a mail
   * server that stalls at the end of the message would: the sender is left waiting mid-send.
   */
  hold(address: string): void;
}

const USER = 'hub-mailer';
const PASSWORD = 'mailbox-password';

/** Lower-cased header names, unfolded values; the body after the blank line. */
function split(raw: string): { headers: Record<string, string>; body: string } {
  const end = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, end).replace(/\r\n[ \t]+/g, ' ');
  const headers: Record<string, string> = {};
  for (const line of head.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { headers, body: raw.slice(end + 4) };
}

/** RFC 2047 encoded words (=?UTF-8?Q?...?= and ?B?) as text. */
function decodeWords(value: string): string {
  return value.replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=\s*/g, (_all, _charset: string, encoding: string, data: string) =>
    encoding.toUpperCase() === 'B'
      ? Buffer.from(data, 'base64').toString('utf8')
      : Buffer.from(
          data.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))),
          'latin1',
        ).toString('utf8'),
  );
}

function decodeBody(body: string, encoding: string | undefined): string {
  switch ((encoding ?? '7bit').toLowerCase()) {
    case 'base64':
      return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
    case 'quoted-printable': {
      const bytes = body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
      return Buffer.from(bytes, 'latin1').toString('utf8');
    }
    default:
      return body;
  }
}

/** The text/plain and text/html parts of a message (a multipart/alternative, or a single part). */
function parts(headers: Record<string, string>, body: string): { text: string; html: string } {
  const found = { text: '', html: '' };
  const type = headers['content-type'] ?? 'text/plain';
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  if (/^multipart\//i.test(type) && boundary) {
    for (const chunk of body.split(`--${boundary}`).slice(1)) {
      if (chunk.startsWith('--')) break;
      const part = split(chunk.replace(/^\r\n/, ''));
      const inner = parts(part.headers, part.body);
      found.text ||= inner.text;
      found.html ||= inner.html;
    }
    return found;
  }
  const decoded = decodeBody(body, headers['content-transfer-encoding']).replace(/\r\n/g, '\n');
  if (/^text\/html/i.test(type)) found.html = decoded;
  else found.text = decoded;
  return found;
}

function decode(raw: string, envelope: ReceivedMail['envelope']): ReceivedMail {
  const { headers: rawHeaders, body } = split(raw);
  const headers = Object.fromEntries(Object.entries(rawHeaders).map(([name, value]) => [name, decodeWords(value)]));
  const { text, html } = parts(rawHeaders, body);
  return { envelope, headers, subject: headers.subject ?? '', text, html, links: text.match(/https?:\/\/\S+/g) ?? [] };
}

/**
 * A real SMTP server in this process (the `smtp-server` package), on a loopback port, for the
 * server under test to send its mails to: it requires the credentials given in SMTP_URL, and keeps
 * what it receives. Started before the file's tests (register it before `useTestServer`, whose
 * start reads `env`), stopped after.
 */
export function useMailbox(): Mailbox {
  const received: ReceivedMail[] = [];
  const handedOut = new Set<ReceivedMail>();
  const waiters = new Set<() => void>();
  const refused = new Set<string>();
  const held = new Set<string>();
  const publicUrl = 'https://hub.example.org/partnership';
  const from = 'Partnership Hub <hub@example.org>';
  const env: Record<string, string> = { MAIL_FROM: from, PUBLIC_URL: publicUrl };
  const server = new SMTPServer({
    logger: false,
    disabledCommands: ['STARTTLS'],
    // Plain SMTP on loopback: let the test exercise the credentials of SMTP_URL without TLS.
    allowInsecureAuth: true,
    onAuth(auth, _session, callback) {
      if (auth.username === USER && auth.password === PASSWORD) return callback(null, { user: USER });
      return callback(new Error('Invalid username or password'));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if (session.envelope.rcptTo.some((rcpt) => refused.has(rcpt.address.toLowerCase()))) {
          return callback(Object.assign(new Error('Mailbox unavailable'), { responseCode: 550 }));
        }
        const envelope = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
        };
        received.push(decode(Buffer.concat(chunks).toString('utf8'), envelope));
        for (const wake of [...waiters]) wake();
        if (session.envelope.rcptTo.some((rcpt) => held.has(rcpt.address.toLowerCase()))) return;
        callback();
      });
    },
  });

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.server.address() as AddressInfo;
    env.SMTP_URL = `smtp://${USER}:${PASSWORD}@127.0.0.1:${port}`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const to = (address: string) => received.filter((mail) => mail.envelope.to.some((rcpt) => rcpt.toLowerCase() === address.toLowerCase()));
  return {
    env,
    publicUrl,
    from,
    get received() {
      return received;
    },
    to,
    async next(address, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const mail = to(address).find((candidate) => !handedOut.has(candidate));
        if (mail) {
          handedOut.add(mail);
          return mail;
        }
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`No mail for ${address} within ${timeoutMs} ms (received: ${received.map((m) => m.envelope.to.join(',')).join('; ') || 'none'})`);
        await new Promise<void>((resolve) => {
          const wake = () => {
            clearTimeout(timer);
            waiters.delete(wake);
            resolve();
          };
          const timer = setTimeout(wake, left);
          waiters.add(wake);
        });
      }
    },
    refuse(address) {
      refused.add(address.toLowerCase());
    },
    hold(address) {
      held.add(address.toLowerCase());
    },
  };
}

/** The token at the end of a link into the dashboard (`<PUBLIC_URL>/#/<route>/<token>`). */
export function tokenOf(link: string, route: string): string {
  const match = new RegExp(`/#/${route}/([^/\\s]+)$`).exec(link);
  if (!match) throw new Error(`Not a ${route} link: ${link}`);
  return match[1]!;
}
