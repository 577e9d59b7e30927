import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../http/env.js';
import { requireRole } from '../http/middleware.js';
import { pathIds, validate } from '../http/validate.js';
import { messageSchema } from './messages.schemas.js';
import { sendMessage } from './messages.usecases.js';

const eventId = pathIds({ id: 'event.not_found' });

/** POST /api/v1/admin/events/:id/messages — an organiser's message to an audience, through the outbox. */
export function adminEventMessagesApi(deps: AppDeps) {
  return new Hono<AppEnv>()
    .use('/:id/messages', requireRole('organiser'))
    .post('/:id/messages', validate('param', eventId), validate('json', messageSchema), async (c) => {
      const done = await sendMessage(deps, c.get('actor'), c.req.valid('param').id, c.req.valid('json'), c.get('requestId'));
      // 202: accepted into the outbox; the dispatcher delivers it.
      return c.json({ message: done.message }, 202);
    });
}
