import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { type Config, isHttps } from '../config.js';

/**
 * On HTTPS the cookie is `__Host-session`: Secure, host-only, path / (the browser refuses it
 * otherwise). Plain-HTTP development cannot use the prefix, so it falls back to `kc_session`.
 */
const NAME = 'session';
const DEV_NAME = 'kc_session';

export function readSessionCookie(c: Context, config: Pick<Config, 'PUBLIC_URL'>): string | undefined {
  return isHttps(config) ? getCookie(c, NAME, 'host') : getCookie(c, DEV_NAME);
}

export function writeSessionCookie(c: Context, config: Pick<Config, 'PUBLIC_URL'>, token: string, expires: Date): void {
  const base = { httpOnly: true, sameSite: 'Lax' as const, path: '/', expires };
  if (isHttps(config)) setCookie(c, NAME, token, { ...base, secure: true, prefix: 'host' });
  else setCookie(c, DEV_NAME, token, base);
}

export function clearSessionCookie(c: Context, config: Pick<Config, 'PUBLIC_URL'>): void {
  if (isHttps(config)) deleteCookie(c, NAME, { path: '/', secure: true, prefix: 'host' });
  else deleteCookie(c, DEV_NAME, { path: '/' });
}
