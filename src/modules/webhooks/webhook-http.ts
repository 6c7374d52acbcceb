import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { guardedLookup, hostOf, isAllowedHost, isPublicAddress, TargetRefused } from './webhook-target';

/** The most of a receiver's answer that is read; the rest is dropped (only the status matters). */
const MAX_RESPONSE_BYTES = 64 * 1024;

/** What one attempt came to: the status when there was an answer, an error otherwise (or for a non-2xx). */
export interface AttemptOutcome {
  ok: boolean;
  status: number | null;
  durationMs: number;
  error: string | null;
}

/**
 * POSTs `body` to `target` once, within `timeoutMs` from the first DNS query to the answer's last
 * byte read (at most {@link MAX_RESPONSE_BYTES}; more is cut off). Redirects are not followed (a
 * 3xx is a failure: it could lead past the guard). A host not allowed by the operator is connected
 * to only at an address the guard accepts. Never throws.
 */
export function postWebhook(
  target: string,
  body: string,
  headers: Record<string, string>,
  options: { timeoutMs: number; allowedHosts: readonly string[] },
): Promise<AttemptOutcome> {
  const started = performance.now();
  const took = () => Math.round(performance.now() - started);
  return new Promise<AttemptOutcome>((resolve) => {
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    const settle = (outcome: Omit<AttemptOutcome, 'durationMs'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...outcome, durationMs: took() });
    };
    const fail = (error: string) => settle({ ok: false, status: null, error });

    let url: URL;
    try {
      url = new URL(target);
    } catch {
      return fail('The URL is not valid');
    }
    const host = hostOf(url);
    const allowed = isAllowedHost(host, options.allowedHosts);
    // An address literal is connected to as it is, with no lookup: check it here.
    if (!allowed && isIP(host) && !isPublicAddress(host)) return fail(`${host} is not a public internet address`);

    timer = setTimeout(() => {
      request.destroy();
      fail(`No answer within ${options.timeoutMs} ms`);
    }, options.timeoutMs);
    const send = url.protocol === 'https:' ? https.request : http.request;
    const request = send(url, {
      method: 'POST',
      headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
      agent: false,
      ...(allowed ? {} : { lookup: guardedLookup() as unknown as typeof import('node:dns').lookup }),
    });
    request.on('response', (response) => {
      const status = response.statusCode ?? 0;
      let read = 0;
      const done = () => {
        response.destroy();
        const ok = status >= 200 && status < 300;
        settle({ ok, status, error: ok ? null : `The receiver answered ${status}${response.statusMessage ? ` ${response.statusMessage}` : ''}` });
      };
      response.on('data', (chunk: Buffer) => {
        read += chunk.length;
        if (read >= MAX_RESPONSE_BYTES) done();
      });
      response.on('end', done);
      response.on('error', done);
    });
    request.on('error', (error: NodeJS.ErrnoException) => {
      if (error instanceof TargetRefused) return fail(error.message);
      fail(error.code ? `Could not deliver: ${error.code}` : `Could not deliver: ${error.message}`);
    });
    request.end(body);
  });
}
