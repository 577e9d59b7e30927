import { Hono } from 'hono';
import type { AppEnv } from '../http/env.js';
import { requireRole } from '../http/middleware.js';
import { checkInput, pathIds, validate } from '../http/validate.js';
import { AppError, validationError } from '../shared/errors.js';
import { registrationJson } from './registrations.presenter.js';
import { registrationSchema } from './registrations.schemas.js';
import type { RegistrationCtx } from './registrations.usecases.js';
import { correctionSchema, promoteSchema } from './staff-operations.schemas.js';
import { addOnBehalf, correctDetails, promoteByStaff, resendTicketByStaff } from './staff-operations.usecases.js';

const registrationId = pathIds({ id: 'registration.not_found' });
const eventId = pathIds({ id: 'event.not_found' });

/**
 * /api/v1/admin/registrations/:id/… — organisers' operations on one registration: move up from
 * the waiting list, send the ticket again, correct the details.
 */
export function adminRegistrationOperationsApi(ctx: RegistrationCtx) {
  return (
    new Hono<AppEnv>()
      .use(requireRole('organiser'))
      // The body is optional: `{ "overCapacity": true }` only when the event is full and that is meant.
      .post('/:id/promote', validate('param', registrationId), async (c) => {
        const { id } = c.req.valid('param');
        let body: unknown = {};
        if ((await c.req.text()).trim() !== '') {
          try {
            body = await c.req.json();
          } catch {
            throw new AppError('request.malformed_json');
          }
        }
        const parsed = checkInput(promoteSchema, body);
        if (!parsed.success) throw validationError(parsed.issues);
        const done = await promoteByStaff(
          ctx,
          c.get('actor'),
          null,
          id,
          { overCapacity: parsed.data.overCapacity === true },
          c.get('requestId'),
        );
        if (done.result === 'invalid_transition') throw new AppError('registration.invalid_transition', undefined, { status: done.status });
        if (done.result === 'over_capacity')
          throw new AppError('registration.over_capacity', undefined, { capacity: done.capacity, confirmed: done.confirmed });
        return c.json({
          registration: { id: done.id, eventId: done.eventId, status: 'confirmed' },
          overCapacity: done.overCapacity,
          seats: { capacity: done.capacity, confirmed: done.confirmed },
        });
      })
      .post('/:id/resend-ticket', validate('param', registrationId), async (c) => {
        const done = await resendTicketByStaff(ctx, c.get('actor'), null, c.req.valid('param').id, c.get('requestId'));
        if (done.result === 'invalid_transition') throw new AppError('registration.invalid_transition', undefined, { status: done.status });
        if (done.result === 'no_email') throw new AppError('registration.no_email');
        return c.json({ registration: { id: done.id, eventId: done.eventId }, queued: true }, 202);
      })
      .patch('/:id', validate('param', registrationId), validate('json', correctionSchema), async (c) => {
        const done = await correctDetails(ctx, c.get('actor'), null, c.req.valid('param').id, c.req.valid('json'), c.get('requestId'));
        if (done.result === 'invalid') throw validationError(done.issues);
        return c.json({
          registration: { id: done.id, eventId: done.eventId },
          changes: done.result === 'corrected' ? done.changes : {},
        });
      })
  );
}

/** POST /api/v1/admin/events/:id/registrations — an organiser registers someone on their behalf. */
export function adminAddRegistrationApi(ctx: RegistrationCtx, publicUrl: string) {
  return new Hono<AppEnv>()
    .use(requireRole('organiser'))
    .post('/:id/registrations', validate('param', eventId), validate('json', registrationSchema), async (c) => {
      const result = await addOnBehalf(ctx, c.get('actor'), c.req.valid('param').id, c.req.valid('json'), c.get('requestId'));
      if (result.result === 'invalid') throw validationError(result.issues);
      return c.json(registrationJson(result, publicUrl), result.result === 'created' ? 201 : 200);
    });
}
