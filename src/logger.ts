import pino, { type Logger } from 'pino';

export type { Logger };

/** Structured JSON logs; request ids are bound per request with `logger.child({ requestId })`. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'partnership-hub' },
    redact: { paths: ['req.headers.authorization', '*.password', '*.secret', 'authorization'], censor: '[redacted]' },
  });
}
