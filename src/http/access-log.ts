import type { MiddlewareHandler } from 'hono';
import type { Logger } from '../shared/logger.js';
import { redactSecrets } from '../shared/redact.js';
import type { AppEnv } from './env.js';

/**
 * One log line per request, carrying the same request id the client sees in X-Request-Id. The
 * path is logged with manage keys and ticket tokens hidden (logs are read and kept more widely
 * than the database); the query string is not logged at all.
 */
export function accessLog(log: Logger): MiddlewareHandler<AppEnv> {
  return async function accessLog(c, next) {
    const started = performance.now();
    await next();
    log.info('request', {
      requestId: c.get('requestId'),
      method: c.req.method,
      path: redactSecrets(c.req.path),
      status: c.res.status,
      ms: Math.round((performance.now() - started) * 10) / 10,
    });
  };
}
