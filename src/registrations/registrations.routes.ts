import { createHash } from 'node:crypto';
import { type Context, Hono } from 'hono';
import { z } from 'zod';
import type { Config } from '../config.js';
import { getEventForStaffOrThrow } from '../events/events.usecases.js';
import type { AppDeps, AppEnv, StaffEnv } from '../http/env.js';
import { requireRole } from '../http/middleware.js';
import { pathIds, validate } from '../http/validate.js';
import { currentInviteOrThrow } from '../mail/invites.usecases.js';
import { AppError, validationError } from '../shared/errors.js';
import { XLSX_TYPE } from '../shared/xlsx.js';
import { ticketCardPng, ticketCardSvg } from '../tickets/ticket-card.js';
import * as manage from './manage.usecases.js';
import { manageTokenOrThrow } from './manage-token.js';
import { reissueByStaff, resendManageLink } from './ownership.usecases.js';
import * as decisions from './registration-decisions.usecases.js';
import { manageJson, registrationJson, reissuedJson, resendJson, staffRegistrationJson } from './registrations.presenter.js';
import { adminListQuery, holderSchema, registrationSchema, resendLinkSchema } from './registrations.schemas.js';
import type { RegistrationCtx, RegistrationOutcome } from './registrations.usecases.js';
import * as registrations from './registrations.usecases.js';
import { registrationsCsv, registrationsXlsx } from './registrations-export.js';
import { ticketCardFor } from './ticket-card.usecases.js';

const eventId = pathIds({ id: 'event.not_found' });
const registrationId = pathIds({ id: 'registration.not_found' });

/**
 * A retry within a day with the same key gets the first answer, manage link included: the key
 * is what proves the caller is the one who registered, so it must be unguessable (a UUID; at
 * least 16 characters, so a phone number or a counter is refused).
 */
const idempotencyKey = z
  .string()
  .min(16)
  .max(200)
  .regex(/^[\x21-\x7e]+$/);

/** POST /api/v1/events/:id/registrations — anyone. */
export function publicRegistrationsApi(deps: AppDeps, ctx: RegistrationCtx) {
  return (
    new Hono<AppEnv>()
      .post('/:id/registrations', validate('param', eventId), validate('json', registrationSchema), async (c) => {
        const { id } = c.req.valid('param');
        const input = c.req.valid('json');
        const key = c.req.header('idempotency-key');
        if (key !== undefined && !idempotencyKey.safeParse(key).success) {
          throw validationError([
            {
              field: 'Idempotency-Key',
              code: 'invalid_format',
              message:
                'Idempotency-Key: 16–200 ký tự ASCII, ngẫu nhiên (vd. UUID) / 16–200 printable ASCII characters, random (e.g. a UUID)',
            },
          ]);
        }
        const render = (o: RegistrationOutcome) => ({
          status: o.result === 'created' ? 201 : 200,
          body: JSON.stringify(registrationJson(o, deps.config.PUBLIC_URL)),
        });
        const idempotency = key ? { key, requestHash: createHash('sha256').update(JSON.stringify(input)).digest('hex') } : undefined;
        const result = await registrations.registerAnswering(ctx, id, input, render, idempotency);
        if (result.result === 'invalid') throw validationError(result.issues);
        const { answer } = result;
        return c.body(answer.body, answer.status as 200, { 'content-type': 'application/json; charset=UTF-8' });
      })
      // The same answer whatever happened (sent, throttled, no email, nobody registered): it tells
      // no one whether a phone is registered or what the registration holds.
      .post('/:id/registrations/resend-link', validate('param', eventId), validate('json', resendLinkSchema), async (c) => {
        const contact = c.req.valid('json');
        await resendManageLink(ctx, c.req.valid('param').id, {
          phone: contact.phone ?? null,
          email: contact.email ?? null,
          idNumber: contact.idNumber ?? null,
        });
        return c.json(resendJson(), 202);
      })
  );
}

/** /api/v1/manage/:token — the holder of the link. */
export function manageApi(ctx: RegistrationCtx, config: Pick<Config, 'PUBLIC_URL' | 'MAIL_FROM'>) {
  const view = async (token: string) => manageJson(await manage.manageRegistration(ctx, token));
  return (
    new Hono<AppEnv>()
      .get('/:token', async (c) => c.json(await view(manageTokenOrThrow(c))))
      .post('/:token/cancel', async (c) => {
        const token = manageTokenOrThrow(c);
        await decisions.cancelByHolder(ctx, token);
        return c.json(await view(token));
      })
      .post('/:token/withdraw-news-consent', async (c) => {
        const token = manageTokenOrThrow(c);
        await manage.withdrawNews(ctx, token);
        return c.json(await view(token));
      })
      .post('/:token/erase', async (c) => {
        const token = manageTokenOrThrow(c);
        await manage.erasePersonalData(ctx, token);
        return c.json(await view(token));
      })
      // The ticket as a card people can read (event, dates, venue, name, code, QR); the PNG's text is plain capitals.
      .get('/:token/ticket.png', async (c) => {
        const { token, card } = await ticketCardFor(ctx, manageTokenOrThrow(c), c.get('lang'));
        return c.body(new Uint8Array(ticketCardPng(token, card)), 200, { 'content-type': 'image/png' });
      })
      .get('/:token/ticket.svg', async (c) => {
        const { token, card } = await ticketCardFor(ctx, manageTokenOrThrow(c), c.get('lang'));
        return c.body(ticketCardSvg(token, card), 200, { 'content-type': 'image/svg+xml' });
      })
      .get('/:token/invite.ics', async (c) => {
        const invite = await currentInviteOrThrow(ctx, config, manageTokenOrThrow(c));
        return c.body(invite.ics, 200, {
          'content-type': `text/calendar; charset=utf-8; method=${invite.method}`,
          'content-disposition': 'attachment; filename="invite.ics"',
        });
      })
  );
}

/** Staff: registration lists and decisions. */
export function adminRegistrationsApi(ctx: RegistrationCtx, publicUrl: string) {
  const decide = async (c: Context<StaffEnv>, id: string, action: decisions.StaffDecision) => {
    const change = await decisions.decideByStaff(ctx, c.get('actor'), id, action, null, c.get('requestId'));
    if (change.result === 'invalid_transition') throw new AppError('registration.invalid_transition', undefined, { status: change.status });
    return c.json({ registration: { id: change.id, eventId: change.eventId, status: change.status }, promoted: change.promoted });
  };
  return new Hono<AppEnv>()
    .use(requireRole('organiser'))
    .post('/:id/approve', validate('param', registrationId), (c) => decide(c, c.req.valid('param').id, 'approve'))
    .post('/:id/reject', validate('param', registrationId), (c) => decide(c, c.req.valid('param').id, 'reject'))
    .post('/:id/cancel', validate('param', registrationId), (c) => decide(c, c.req.valid('param').id, 'cancel'))
    .post('/:id/reissue', validate('param', registrationId), validate('json', holderSchema), async (c) => {
      const { id } = c.req.valid('param');
      const done = await reissueByStaff(ctx, c.get('actor'), id, c.req.valid('json'), null, c.get('requestId'));
      if (done.result === 'taken') throw validationError(done.issues);
      return c.json({ registration: reissuedJson(done, publicUrl) });
    });
}

/** GET /api/v1/admin/events/:id/registrations?status=&q=&format=csv */
export function adminEventRegistrationsApi(deps: AppDeps, ctx: RegistrationCtx) {
  return new Hono<AppEnv>()
    .use(requireRole('organiser'))
    .get('/:id/registrations', validate('param', eventId), validate('query', adminListQuery), async (c) => {
      const { id } = c.req.valid('param');
      const event = await getEventForStaffOrThrow(deps, c.get('actor'), id);
      const { status, q, format } = c.req.valid('query');
      const views = await decisions.listForStaff(ctx, id, { status, q });
      if (format === 'csv') {
        return c.body(registrationsCsv(views, event), 200, {
          'content-type': 'text/csv; charset=utf-8',
          'content-disposition': `attachment; filename="dang-ky-${id}.csv"`,
        });
      }
      if (format === 'xlsx') {
        return c.body(await registrationsXlsx(views, event), 200, {
          'content-type': XLSX_TYPE,
          'content-disposition': `attachment; filename="dang-ky-${id}.xlsx"`,
        });
      }
      return c.json({ registrations: views.map(staffRegistrationJson) });
    });
}
