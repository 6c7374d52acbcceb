import type { ErrorRequestHandler } from 'express';

/**
 * Express's last word: malformed JSON, oversized bodies and anything unexpected answer in JSON, in
 * every mode; Express's own handler would send an HTML page with a stack trace.
 */
export function jsonErrorHandler(log: (error: unknown) => void): ErrorRequestHandler {
  return (error, _req, res, next) => {
    if (res.headersSent) return next(error);
    const status = typeof error?.status === 'number' && error.status >= 400 && error.status < 500 ? error.status : 500;
    if (status === 500) log(error);
    const code = status === 413 ? 'PAYLOAD_TOO_LARGE' : error?.type === 'entity.parse.failed' ? 'BAD_REQUEST' : status === 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_REQUEST';
    const message =
      status === 413 ? 'Request body too large' : error?.type === 'entity.parse.failed' ? 'Malformed JSON body' : status === 500 ? 'Internal server error' : 'Bad request';
    res.status(status).json({ errors: [{ message, extensions: { code } }] });
  };
}
