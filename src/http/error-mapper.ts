import type { Context, ErrorHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { isDatabaseUnavailable } from '../db/errors.js';
import { DATABASE_RETRY_AFTER_SECONDS } from '../db/unavailable.js';
import { AppError, type ErrorCode } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import { redactSecrets } from '../shared/redact.js';
import type { AppEnv } from './env.js';
import { bilingual, ERRORS } from './messages.js';

export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: Record<string, unknown> };
}

/** Any thrown value as the code and body the client sees. Unknown errors say nothing inside. */
export function toErrorBody(err: unknown): { status: number; body: ErrorBody } {
  const appError = asAppError(err);
  const { status } = ERRORS[appError.code];
  const body: ErrorBody = { error: { code: appError.code, message: bilingual(appError.code) } };
  if (appError.details) body.error.details = appError.details;
  return { status, body };
}

function asAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof HTTPException) {
    const byStatus: Partial<Record<number, ErrorCode>> = {
      400: 'request.malformed_json',
      403: 'request.cross_origin',
      404: 'route.not_found',
      413: 'request.too_large',
      415: 'request.unsupported_media_type',
    };
    return new AppError(byStatus[err.status] ?? 'internal', err.message);
  }
  if (isDatabaseUnavailable(err)) {
    return new AppError('database.unavailable', undefined, { retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS });
  }
  return new AppError('internal');
}

/**
 * The one place errors become responses: JSON under /api, an HTML page elsewhere.
 * 5xx are logged with the request id so a user's report can be traced; a database that is
 * away is a warning (one line per request while it lasts, not a failure of ours).
 */
export function errorHandler(
  log: Logger,
  renderHtml: (c: Context<AppEnv>, status: number, body: ErrorBody) => Response | Promise<Response>,
): ErrorHandler<AppEnv> {
  return async (err, c) => {
    const { status, body } = toErrorBody(err);
    if (status === 503) {
      log.warn('database unavailable', {
        requestId: c.get('requestId'),
        method: c.req.method,
        path: redactSecrets(c.req.path),
        error: describe(err),
      });
    } else if (status >= 500) {
      log.error('request failed', { requestId: c.get('requestId'), method: c.req.method, path: redactSecrets(c.req.path), err });
    }
    if ((status === 429 || status === 503) && typeof body.error.details?.retryAfterSeconds === 'number') {
      c.header('Retry-After', String(body.error.details.retryAfterSeconds));
    }
    if (c.req.path.startsWith('/api/') || c.req.path === '/api' || !acceptsHtml(c)) {
      return c.json(body, status as 400);
    }
    return renderHtml(c, status, body);
  };
}

function describe(err: unknown): string {
  const e = err as { code?: unknown; message?: unknown } | null | undefined;
  return [e?.code, e?.message].filter((x) => typeof x === 'string').join(': ');
}

/** Whether the client reads HTML (a browser, or no preference) rather than JSON. */
export function acceptsHtml(c: Context): boolean {
  const accept = c.req.header('accept') ?? '';
  return accept === '' || accept.includes('text/html') || accept.includes('*/*');
}
