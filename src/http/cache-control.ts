import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './env.js';

export interface PrivateResponsesOptions {
  /** Which requests this applies to (by path). */
  covers: (path: string) => boolean;
  /** Paths under `covers` whose answers are public (the catalogue): left as they are. */
  isPublic?: (path: string) => boolean;
}

export const PRIVATE_NO_STORE = 'private, no-store';

/**
 * Answers that may carry personal data — the API's JSON, CSV and XLSX, back-office pages and
 * downloads — are kept by no shared cache and not stored by the browser, unless the route said
 * otherwise itself. A default at the edge rather than a header per route: a new route that
 * forgets is covered, and only the public catalogue opts out. Only answers to GET and HEAD:
 * no cache stores the answer to a POST without explicit freshness, which ours never carry, and
 * a door scan is a POST whose answer should not pay for one more header.
 */
export function privateResponses(options: PrivateResponsesOptions): MiddlewareHandler<AppEnv> {
  const isPublic = options.isPublic ?? (() => false);
  return async function privateResponses(c, next) {
    await next();
    if ((c.req.method !== 'GET' && c.req.method !== 'HEAD') || !options.covers(c.req.path) || isPublic(c.req.path)) return;
    if (!c.res.headers.has('Cache-Control')) c.header('Cache-Control', PRIVATE_NO_STORE);
  };
}
