import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './env.js';

export interface PrivateResponsesOptions {
  /** Which requests this applies to (by path). */
  covers: (path: string) => boolean;
  /** Requests under `covers` whose answers are public (the catalogue): left as they are. */
  isPublic?: (method: string, path: string) => boolean;
}

export const PRIVATE_NO_STORE = 'private, no-store';

/**
 * Answers that may carry personal data — the API's JSON, CSV and XLSX, back-office pages and
 * downloads — are kept by no shared cache and not stored by the browser, unless the route said
 * otherwise itself. A default at the edge rather than a header per route: a new route that
 * forgets is covered, and only the public catalogue opts out.
 */
export function privateResponses(options: PrivateResponsesOptions): MiddlewareHandler<AppEnv> {
  const isPublic = options.isPublic ?? (() => false);
  return async function privateResponses(c, next) {
    await next();
    if (!options.covers(c.req.path) || isPublic(c.req.method, c.req.path)) return;
    if (!c.res.headers.has('Cache-Control')) c.header('Cache-Control', PRIVATE_NO_STORE);
  };
}
