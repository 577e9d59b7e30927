import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../http/env.js';
import { requireRole } from '../http/middleware.js';
import { pathIds, validate } from '../http/validate.js';
import { validationError } from '../shared/errors.js';
import { eventJson } from './events.presenter.js';
import { createEventSchema, listEventsQuery, updateEventSchema } from './events.schemas.js';
import * as events from './events.usecases.js';

const eventId = pathIds({ id: 'event.not_found' });

/** GET /api/v1/events, GET /api/v1/events/:id — anyone, published events only. */
export function publicEventsApi(deps: AppDeps) {
  return new Hono<AppEnv>()
    .get('/', validate('query', listEventsQuery), async (c) => {
      const list = await events.listPublicEvents(deps, c.req.valid('query'));
      return c.json({ events: list.map(eventJson) });
    })
    .get('/:id', validate('param', eventId), async (c) => {
      const event = await events.getPublicEventOrThrow(deps, c.req.valid('param').id);
      return c.json({ event: eventJson(event) });
    });
}

/** /api/v1/admin/events — organisers (and admins). */
export function adminEventsApi(deps: AppDeps) {
  return new Hono<AppEnv>()
    .use(requireRole('organiser'))
    .get('/', async (c) => {
      const list = await events.listEventsForStaff(deps, c.get('actor'));
      return c.json({ events: list.map(eventJson) });
    })
    .post('/', validate('json', createEventSchema), async (c) => {
      const done = await events.createEvent(deps, c.get('actor'), c.req.valid('json'), c.get('requestId'));
      if (done.result === 'invalid') throw validationError(done.issues);
      return c.json({ event: eventJson(done.event) }, 201);
    })
    .get('/:id', validate('param', eventId), async (c) => {
      const { id } = c.req.valid('param');
      return c.json({ event: eventJson(await events.getEventForStaffOrThrow(deps, c.get('actor'), id)) });
    })
    .patch('/:id', validate('param', eventId), validate('json', updateEventSchema), async (c) => {
      const { id } = c.req.valid('param');
      const done = await events.updateEvent(deps, c.get('actor'), id, c.req.valid('json'), c.get('requestId'));
      if (done.result === 'invalid') throw validationError(done.issues);
      return c.json({ event: eventJson(done.event) });
    })
    .post('/:id/publish', validate('param', eventId), async (c) => {
      const { id } = c.req.valid('param');
      return c.json({ event: eventJson(await events.publishEvent(deps, c.get('actor'), id, c.get('requestId'))) });
    })
    .post('/:id/cancel', validate('param', eventId), async (c) => {
      const { id } = c.req.valid('param');
      return c.json({ event: eventJson(await events.cancelEvent(deps, c.get('actor'), id, c.get('requestId'))) });
    });
}
