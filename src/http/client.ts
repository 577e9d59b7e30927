import type { Context } from 'hono';
import type { AppDeps } from './env.js';

/**
 * The client's address for throttling. Behind a proxy (TRUST_PROXY=1) it is the first
 * X-Forwarded-For entry; otherwise what the socket says. Never trust the header otherwise:
 * anyone could send a new one with every guess.
 */
export function clientKey(c: Context, deps: AppDeps): string {
  if (deps.config.TRUST_PROXY) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
    if (forwarded) return forwarded;
  }
  return deps.clientAddress?.(c) ?? 'unknown';
}
