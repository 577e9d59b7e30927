import type { Context, MiddlewareHandler } from 'hono';
import { AppError } from '../shared/errors.js';
import type { AppEnv } from './env.js';

const SAFE_METHOD = /^(GET|HEAD|OPTIONS)$/;
/** What a plain HTML form (or a no-cors fetch) can send; a missing type counts as text/plain. */
const FORM_TYPE = /^\s*(application\/x-www-form-urlencoded|multipart\/form-data|text\/plain)\b/i;

export interface CrossSiteGuardOptions {
  /** The origin people use (PUBLIC_URL), besides the origin the request itself was sent to. */
  publicOrigin: string;
  /** The bearer token of the request, if any: a browser never adds one on its own. */
  bearer: (c: Context) => string | undefined;
  /** The session cookie of the request, if any: the browser adds it to every same-site request. */
  session: (c: Context) => string | undefined;
}

/**
 * Refuses (403) an unsafe request a browser could have been made to send on someone's behalf,
 * unless it comes from our own pages:
 *
 * - every request that carries the session cookie and no bearer token, the API included and
 *   whatever its body: a form on a sibling origin of the same site (another port, another
 *   subdomain) posts with our SameSite=Lax cookie, and an empty body or a form type sails past
 *   any check of the content type;
 * - every form post to a page, signed in or not (signing someone in as somebody else, a
 *   registration on their behalf).
 *
 * "Our pages" is `Sec-Fetch-Site: same-origin` or an `Origin` equal to ours. `same-site` is not
 * enough: the attacker above is same-site. Requests with a bearer token carry no ambient
 * authority and pass, as do anonymous API calls (scripts and apps send no Origin).
 */
export function crossSiteGuard(options: CrossSiteGuardOptions): MiddlewareHandler<AppEnv> {
  return async function crossSiteGuard(c, next) {
    if (SAFE_METHOD.test(c.req.method)) return next();
    const byCookie = options.bearer(c) === undefined && options.session(c) !== undefined;
    const pageForm = !c.req.path.startsWith('/api/') && FORM_TYPE.test(c.req.header('content-type') || 'text/plain');
    if ((byCookie || pageForm) && !fromOurPages(c, options.publicOrigin)) throw new AppError('request.cross_origin');
    await next();
  };
}

function fromOurPages(c: Context, publicOrigin: string): boolean {
  if (c.req.header('sec-fetch-site') === 'same-origin') return true;
  const origin = c.req.header('origin');
  return origin !== undefined && (origin === publicOrigin || origin === new URL(c.req.url).origin);
}
