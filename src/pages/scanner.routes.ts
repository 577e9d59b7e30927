import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../http/env.js';
import { AppError } from '../shared/errors.js';

/**
 * GET /scan — the door scanner, a static page (web/scanner.html + scanner*.js) that talks to
 * the check-in API. Static rather than rendered so it needs nothing from the server but JSON
 * and can open from the device's cache with no network (its service worker, /scan-sw.js).
 */
export function scannerPage(deps: AppDeps) {
  const file = async (name: string) => {
    const asset = await deps.assets?.(name);
    if (!asset) throw new AppError('route.not_found');
    return typeof asset.body === 'string' ? asset.body : new Uint8Array(asset.body);
  };
  return (
    new Hono<AppEnv>()
      .get('/scan', async (c) => {
        // Revalidated on every visit: a stale page with a newer API would misread answers.
        c.header('Cache-Control', 'no-cache');
        c.header('X-Robots-Tag', 'noindex');
        return c.body(await file('scanner.html'), 200, { 'Content-Type': 'text/html; charset=utf-8' });
      })
      // At the root, not under /assets: a service worker controls only pages below its own path.
      .get('/scan-sw.js', async (c) => {
        c.header('Cache-Control', 'no-cache');
        return c.body(await file('scanner-sw.js'), 200, { 'Content-Type': 'text/javascript; charset=utf-8' });
      })
  );
}
