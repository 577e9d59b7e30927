import type { Context } from 'hono';
import { z } from 'zod';
import { clientKey } from '../http/client.js';
import type { AppDeps } from '../http/env.js';

/** A sign-in's body, the same from the API and the sign-in page. */
export const loginSchema = z.strictObject({
  email: z.string().trim().min(3).max(254),
  password: z.string().min(1).max(1024),
});

/** What a sign-in takes besides the email and password, the same from the API and the sign-in page. */
export function signInContext(c: Context, deps: AppDeps) {
  return {
    ctx: { ...deps, racyLogins: deps.config.UNSAFE_RACY_LOGINS },
    request: { client: clientKey(c, deps), userAgent: c.req.header('user-agent') ?? null, ttlHours: deps.config.SESSION_TTL_HOURS },
  };
}
