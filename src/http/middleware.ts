import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { getCookie, setCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import { type Actor, hasRole } from '../auth/actor.js';
import { resolveActor } from '../auth/auth.usecases.js';
import type { Role } from '../db/schema.js';
import { AppError } from '../shared/errors.js';
import type { Lang } from '../shared/time.js';
import type { AppDeps, AppEnv, SignedInEnv } from './env.js';
import { loginHref } from './params.js';
import { readSessionCookie } from './session-cookie.js';

export interface JsonOnlyOptions {
  /**
   * Routes that take one other type instead of JSON (a file upload), by path. Keep such types
   * outside the CORS-safelisted ones (text/plain, form types) so the CSRF argument holds.
   */
  allow?: { path: RegExp; type: RegExp }[];
}

/**
 * The API speaks JSON only. A body in any other type is refused with 415 before anything
 * reads it; this also shuts the door on cross-site form posts, which cannot send JSON.
 */
export function jsonOnly(options: JsonOnlyOptions = {}): MiddlewareHandler<AppEnv> {
  const allow = options.allow ?? [];
  return async function jsonOnly(c, next) {
    if (['POST', 'PUT', 'PATCH', 'DELETE'].includes(c.req.method) && hasBody(c)) {
      const type = c.req.header('content-type') ?? '';
      const other = allow.find((a) => a.path.test(c.req.path));
      if (!(other ? other.type : /^application\/json\s*(;|$)/i).test(type)) {
        throw new AppError('request.unsupported_media_type', undefined, other ? { accepts: other.type.source } : undefined);
      }
    }
    await next();
  };
}

function hasBody(c: Context): boolean {
  const length = c.req.header('content-length');
  if (length !== undefined) return length !== '0';
  return c.req.header('transfer-encoding') !== undefined || c.req.header('content-type') !== undefined;
}

/**
 * Refuses a body over `maxSize` with 413 before anything reads it. A declared length is
 * checked from the header alone; only a body without one (chunked) is counted while read.
 * Hono's own limit reads `c.req.raw.body` first, which on Node turns every request into a
 * full web Request with a stream: a large share of a small request's cost.
 */
export function bodyLimitByLength(options: { maxSize: number; onError: () => never }): MiddlewareHandler<AppEnv> {
  const streamed = bodyLimit({ maxSize: options.maxSize, onError: options.onError });
  return async function bodyLimitByLength(c, next) {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    // Node's HTTP parser has already refused a malformed or contradictory Content-Length.
    const length = c.req.header('content-length');
    if (length !== undefined && c.req.header('transfer-encoding') === undefined) {
      if (Number(length) > options.maxSize) options.onError();
      return next();
    }
    return streamed(c, next);
  };
}

/** The request's bearer token, if it sends one; it then wins over any session cookie. */
export function bearerToken(c: Context): string | undefined {
  return c.req.header('authorization')?.match(/^Bearer\s+(\S+)$/i)?.[1];
}

/** Puts the request's actor (cookie session or bearer token) on the context, or null. */
export function authenticate(deps: AppDeps): MiddlewareHandler<AppEnv> {
  return async function authenticate(c, next) {
    const bearer = bearerToken(c);
    const sessionToken = readSessionCookie(c, deps.config);
    const actor = bearer || sessionToken ? await resolveActor(deps, { bearer, sessionToken }) : null;
    c.set('actor', actor);
    await next();
  };
}

/** The actor as authenticate left it: the middleware below are what make it non-null. */
function actorOf(c: Context): Actor | null {
  return (c as Context<AppEnv>).get('actor');
}

/** 401 without an actor, 403 when the actor's role is below `atLeast`. */
export function requireRole(atLeast: Role) {
  return createMiddleware<SignedInEnv>(async function requireRole(c, next) {
    const actor = actorOf(c);
    if (!actor) throw new AppError('auth.unauthenticated');
    if (!hasRole(actor, atLeast)) throw new AppError('auth.forbidden');
    await next();
  });
}

/** Back-office pages for organisers: someone signed out goes to the sign-in page, a scanner gets 403. */
export const organiserPages = createMiddleware<SignedInEnv>(async function organiserPages(c, next) {
  const actor = actorOf(c);
  if (!actor) {
    const url = new URL(c.req.url);
    return c.redirect(loginHref(url.pathname + url.search), 303);
  }
  if (!hasRole(actor, 'organiser')) throw new AppError('auth.forbidden');
  await next();
});

/** `?lang=en` switches and remembers; Vietnamese otherwise. */
export function language(): MiddlewareHandler<AppEnv> {
  return async function language(c, next) {
    const asked = c.req.query('lang');
    let lang: Lang = getCookie(c, 'lang') === 'en' ? 'en' : 'vi';
    if (asked === 'en' || asked === 'vi') {
      lang = asked;
      setCookie(c, 'lang', asked, { path: '/', maxAge: 365 * 24 * 3600, sameSite: 'Lax' });
    }
    c.set('lang', lang);
    await next();
  };
}

/**
 * Pages and API routes whose URL holds a key (manage links): the key must not leak through
 * the Referer header, search engines or shared caches. Runs outermost so nothing overrides it.
 */
export function privateLinkHeaders(isPrivate: (path: string) => boolean): MiddlewareHandler<AppEnv> {
  return async function privateLinkHeaders(c, next) {
    await next();
    if (!isPrivate(c.req.path)) return;
    c.header('Referrer-Policy', 'no-referrer');
    c.header('X-Robots-Tag', 'noindex, nofollow');
    c.header('Cache-Control', 'no-store');
  };
}
