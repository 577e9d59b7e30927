import type { MiddlewareHandler } from 'hono';
import type { Logger } from '../shared/logger.js';
import type { AppEnv } from './env.js';

/** One log line per request, carrying the same request id the client sees in X-Request-Id. */
export function accessLog(log: Logger): MiddlewareHandler<AppEnv> {
  return async function accessLog(c, next) {
    const started = performance.now();
    await next();
    log.info('request', {
      requestId: c.get('requestId'),
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      ms: Math.round((performance.now() - started) * 10) / 10,
    });
  };
}
