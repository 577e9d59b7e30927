import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../http/env.js';
import { requireRole } from '../http/middleware.js';
import { pathIds, validate } from '../http/validate.js';
import { AppError, validationError } from '../shared/errors.js';
import { boothsJson } from './booths.presenter.js';
import { allocateSchema, createBoothsSchema } from './booths.schemas.js';
import { type AllocationResult, allocateBooths, createBooths, fairBoothsForStaff } from './booths.usecases.js';

const eventId = pathIds({ id: 'event.not_found' });
const registrationId = pathIds({ id: 'registration.not_found' });

/** GET/POST /api/v1/admin/events/:id/booths — a fair's inventory, for its organisers. */
export function adminEventBoothsApi(deps: AppDeps) {
  return new Hono<AppEnv>()
    .use('/:id/booths', requireRole('organiser'))
    .get('/:id/booths', validate('param', eventId), async (c) => {
      const fair = await fairBoothsForStaff(deps, c.get('actor'), c.req.valid('param').id);
      return c.json(boothsJson(fair.booths));
    })
    .post('/:id/booths', validate('param', eventId), validate('json', createBoothsSchema), async (c) => {
      const done = await createBooths(deps, c.get('actor'), c.req.valid('param').id, c.req.valid('json'), c.get('requestId'));
      if (done.result === 'invalid') throw new AppError('booth.code_exists', undefined, { fields: done.issues });
      return c.json(boothsJson(done.booths), 201);
    });
}

/** An allocation's outcome at the API's edge: 200, 409 booth.taken, or 422. */
export function allocationAnswer(done: AllocationResult) {
  if (done.result === 'taken') throw new AppError('booth.taken', undefined, { codes: done.codes });
  if (done.result === 'invalid') throw validationError(done.issues);
  return { registration: done.registration };
}

/** POST /api/v1/admin/registrations/:id/booths {boothIds} — allocates booths to a fair's request. */
export function adminRegistrationBoothsApi(deps: AppDeps) {
  return new Hono<AppEnv>()
    .use('/:id/booths', requireRole('organiser'))
    .post('/:id/booths', validate('param', registrationId), validate('json', allocateSchema), async (c) => {
      const done = await allocateBooths(deps, c.get('actor'), c.req.valid('param').id, c.req.valid('json').boothIds, {
        requestId: c.get('requestId'),
      });
      return c.json(allocationAnswer(done));
    });
}
