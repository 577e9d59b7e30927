import { Hono } from 'hono';
import { z } from 'zod';
import type { AppDeps, AppEnv } from '../http/env.js';
import { requireRole } from '../http/middleware.js';
import { clearSessionCookie, readSessionCookie, writeSessionCookie } from '../http/session-cookie.js';
import { pathIds, validate } from '../http/validate.js';
import { AppError } from '../shared/errors.js';
import { toIsoInZone } from '../shared/time.js';
import * as auth from './auth.usecases.js';
import { loginSchema, signInContext } from './sign-in.js';

const tokenSchema = z.strictObject({
  name: z.string().trim().min(2).max(100),
  role: z.enum(['admin', 'organiser', 'scanner', 'programme_manager']),
  eventIds: z.array(z.uuid()).max(200).optional(),
});

export function authApi(deps: AppDeps) {
  return new Hono<AppEnv>()
    .post('/login', validate('json', loginSchema), async (c) => {
      const { email, password } = c.req.valid('json');
      const { ctx, request } = signInContext(c, deps);
      const outcome = await auth.login(ctx, { email, password, ...request });
      if (outcome.result === 'throttled') throw new AppError('auth.throttled', undefined, { retryAfterSeconds: outcome.retryAfterSeconds });
      if (outcome.result === 'invalid_credentials') throw new AppError('auth.invalid_credentials');
      writeSessionCookie(c, deps.config, outcome.sessionToken, outcome.expiresAt);
      return c.json({ user: outcome.user, expiresAt: toIsoInZone(outcome.expiresAt) });
    })
    .post('/logout', async (c) => {
      const token = readSessionCookie(c, deps.config);
      if (token) await auth.logout(deps, token);
      clearSessionCookie(c, deps.config);
      return c.body(null, 204);
    })
    .get('/me', async (c) => {
      const actor = c.get('actor');
      if (!actor) throw new AppError('auth.unauthenticated');
      return c.json({ actor });
    })
    .get('/tokens', requireRole('admin'), async (c) => {
      const rows = await auth.listApiTokens(deps, c.get('actor'));
      return c.json({
        tokens: rows.map((t) => ({
          id: t.id,
          name: t.name,
          role: t.role,
          eventIds: t.event_ids,
          createdAt: toIsoInZone(t.created_at),
          revokedAt: t.revoked_at ? toIsoInZone(t.revoked_at) : null,
        })),
      });
    })
    .post('/tokens', requireRole('admin'), validate('json', tokenSchema), async (c) => {
      const created = await auth.createApiToken(deps, c.get('actor'), c.req.valid('json'), c.get('requestId'));
      return c.json({ token: created.token, id: created.id, name: created.name, role: created.role, eventIds: created.event_ids }, 201);
    })
    .delete('/tokens/:id', requireRole('admin'), validate('param', pathIds({ id: 'token.not_found' })), async (c) => {
      await auth.revokeApiToken(deps, c.get('actor'), c.req.valid('param').id, c.get('requestId'));
      return c.body(null, 204);
    });
}
