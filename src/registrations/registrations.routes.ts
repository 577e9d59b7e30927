import { createHash } from 'node:crypto';
import { type Context, Hono } from 'hono';
import { z } from 'zod';
import type { Config } from '../config.js';
import type { BoothRequest } from '../db/schema.js';
import { getEventForStaffOrThrow } from '../events/events.usecases.js';
import type { AppDeps, AppEnv } from '../http/env.js';
import { requireRole } from '../http/middleware.js';
import { uuidParamOrThrow } from '../http/params.js';
import { validate } from '../http/validate.js';
import { currentInviteOrThrow } from '../mail/invites.usecases.js';
import { rt, statusLabel } from '../pages/registration-strings.js';
import { toCsv } from '../shared/csv.js';
import { AppError } from '../shared/errors.js';
import { toIsoInZone } from '../shared/time.js';
import { ticketPng, ticketSvg } from '../tickets/qr.js';
import { signTicket } from '../tickets/ticket-token.js';
import { type Reissued, reissueByStaff, resendManageLink } from './ownership.usecases.js';
import { adminListQuery, holderSchema, registrationSchema, resendLinkSchema } from './registrations.schemas.js';
import type { RegistrationCtx, RegistrationOutcome } from './registrations.usecases.js';
import * as registrations from './registrations.usecases.js';
import { displayVnPhone } from './vn-fields.js';

const HOLDS_TICKET = new Set(['confirmed', 'pending']);

/** What the caller may know: a new registration with its keys, or only that this person is registered. */
export function registrationJson(o: RegistrationOutcome, publicUrl: string) {
  if (!o.created) {
    return {
      registration: { id: null, eventId: o.eventId, status: null, existing: true, waitlistPosition: null, ticket: null, manageUrl: null },
      message: `${rt('vi', 'alreadyBody')} / ${rt('en', 'alreadyBody')}`,
      resendLink: { method: 'POST', href: `/api/v1/events/${o.eventId}/registrations/resend-link` },
    };
  }
  return {
    registration: {
      id: o.id,
      eventId: o.eventId,
      status: o.status,
      existing: false,
      waitlistPosition: o.waitlistPosition,
      ticket: HOLDS_TICKET.has(o.status) ? { code: o.shortCode } : null,
      manageUrl: `${publicUrl}/manage/${o.manageToken}`,
    },
  };
}

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
      .post('/:id/registrations', validate('json', registrationSchema), async (c) => {
        const eventId = uuidParamOrThrow(c.req.param('id'), 'event.not_found');
        const input = c.req.valid('json');
        const key = c.req.header('idempotency-key');
        if (key !== undefined && !idempotencyKey.safeParse(key).success) {
          throw new AppError('validation.failed', undefined, {
            fields: [
              {
                field: 'Idempotency-Key',
                code: 'invalid_format',
                message:
                  'Idempotency-Key: 16–200 ký tự ASCII, ngẫu nhiên (vd. UUID) / 16–200 printable ASCII characters, random (e.g. a UUID)',
              },
            ],
          });
        }
        const render = (o: RegistrationOutcome) => ({
          status: o.created ? 201 : 200,
          body: JSON.stringify(registrationJson(o, deps.config.PUBLIC_URL)),
        });
        const result = await registrations.register(
          ctx,
          eventId,
          input,
          key ? { key, requestHash: createHash('sha256').update(JSON.stringify(input)).digest('hex'), render } : undefined,
        );
        const answer = 'replay' in result ? result.replay : render(result);
        return c.body(answer.body, answer.status as 200, { 'content-type': 'application/json; charset=UTF-8' });
      })
      // The same answer whatever happened (sent, throttled, no email, nobody registered): it tells
      // no one whether a phone is registered or what the registration holds.
      .post('/:id/registrations/resend-link', validate('json', resendLinkSchema), async (c) => {
        const eventId = uuidParamOrThrow(c.req.param('id'), 'event.not_found');
        const contact = c.req.valid('json');
        await resendManageLink(ctx, eventId, {
          phone: contact.phone ?? null,
          email: contact.email ?? null,
          idNumber: contact.idNumber ?? null,
        });
        return c.json(
          {
            resend: { accepted: true },
            message: `${rt('vi', 'resentBody')} ${rt('vi', 'notYours')} / ${rt('en', 'resentBody')} ${rt('en', 'notYours')}`,
          },
          202,
        );
      })
  );
}

const MANAGE_TOKEN = /^[A-Za-z0-9_-]{43}$/;

/** A manage token of the wrong shape names nothing: 404 without touching the database. */
export function manageTokenOrThrow(c: Context): string {
  const token = c.req.param('token') ?? '';
  if (!MANAGE_TOKEN.test(token)) throw new AppError('registration.not_found');
  return token;
}

export async function manageView(ctx: RegistrationCtx, token: string) {
  const reg = await registrations.findByManageTokenOrThrow(ctx, token);
  return {
    id: reg.id,
    eventId: reg.event_id,
    status: reg.status,
    waitlistPosition: reg.waitlistPosition,
    person: { fullName: reg.full_name, phone: reg.phone, email: reg.email },
    facility: reg.facility_name ? { name: reg.facility_name, taxCode: reg.facility_tax_code } : null,
    booth: reg.booth_request,
    ticket: HOLDS_TICKET.has(reg.status) ? { code: reg.short_code } : null,
    consent: {
      version: reg.consent_version,
      news: reg.consent_news_at !== null,
      withdrawnAt: reg.consent_withdrawn_at ? toIsoInZone(reg.consent_withdrawn_at) : null,
    },
    anonymised: reg.anonymised_at !== null,
    createdAt: toIsoInZone(reg.created_at),
    ticketId: reg.ticket_id,
  };
}

/** /api/v1/manage/:token — the holder of the link. */
export function manageApi(ctx: RegistrationCtx, config: Pick<Config, 'PUBLIC_URL' | 'MAIL_FROM'>) {
  const view = async (token: string) => {
    const { ticketId: _hidden, ...rest } = await manageView(ctx, token);
    return { registration: rest };
  };
  return new Hono<AppEnv>()
    .get('/:token', async (c) => c.json(await view(manageTokenOrThrow(c))))
    .post('/:token/cancel', async (c) => {
      const token = manageTokenOrThrow(c);
      await registrations.cancelByHolder(ctx, token);
      return c.json(await view(token));
    })
    .post('/:token/withdraw-news-consent', async (c) => {
      const token = manageTokenOrThrow(c);
      await registrations.withdrawNews(ctx, token);
      return c.json(await view(token));
    })
    .post('/:token/erase', async (c) => {
      const token = manageTokenOrThrow(c);
      await registrations.erasePersonalData(ctx, token);
      return c.json(await view(token));
    })
    .get('/:token/ticket.png', async (c) => {
      const token = await ticketToken(ctx, manageTokenOrThrow(c));
      return c.body(new Uint8Array(await ticketPng(token)), 200, { 'content-type': 'image/png' });
    })
    .get('/:token/ticket.svg', async (c) => {
      const token = await ticketToken(ctx, manageTokenOrThrow(c));
      return c.body(await ticketSvg(token), 200, { 'content-type': 'image/svg+xml' });
    })
    .get('/:token/invite.ics', async (c) => {
      const invite = await currentInviteOrThrow(ctx, config, manageTokenOrThrow(c));
      return c.body(invite.ics, 200, {
        'content-type': `text/calendar; charset=utf-8; method=${invite.method}`,
        'content-disposition': 'attachment; filename="invite.ics"',
      });
    });
}

/** The QR content of a registration that holds a ticket (confirmed or pending). */
export async function ticketToken(ctx: RegistrationCtx, manageToken: string): Promise<string> {
  const reg = await manageView(ctx, manageToken);
  if (!reg.ticket) throw new AppError('registration.not_found');
  return signTicket(ctx.keys.tickets, reg.ticketId);
}

/**
 * A reissued registration for the organiser: the new short code (to read out), and the new
 * manage link only when no email carries it (to send by SMS); with an email it goes there.
 */
export function reissuedJson(r: Reissued, publicUrl: string) {
  return {
    id: r.id,
    eventId: r.eventId,
    status: r.status,
    ticket: HOLDS_TICKET.has(r.status) ? { code: r.shortCode } : null,
    emailed: r.emailed,
    manageUrl: r.emailed ? null : `${publicUrl}/manage/${r.manageToken}`,
  };
}

/** Staff: registration lists and decisions. */
export function adminRegistrationsApi(ctx: RegistrationCtx, publicUrl: string) {
  const decide = (action: registrations.StaffDecision) => async (c: Context<AppEnv>) => {
    const id = uuidParamOrThrow(c.req.param('id') ?? '', 'registration.not_found');
    const result = await registrations.decideByStaff(ctx, c.get('actor')!, id, action, null, c.get('requestId'));
    return c.json({ registration: { id: result.id, eventId: result.eventId, status: result.status }, promoted: result.promoted });
  };
  return new Hono<AppEnv>()
    .use(requireRole('organiser'))
    .post('/:id/approve', decide('approve'))
    .post('/:id/reject', decide('reject'))
    .post('/:id/cancel', decide('cancel'))
    .post('/:id/reissue', validate('json', holderSchema), async (c) => {
      const id = uuidParamOrThrow(c.req.param('id'), 'registration.not_found');
      const r = await reissueByStaff(ctx, c.get('actor')!, id, c.req.valid('json'), null, c.get('requestId'));
      return c.json({ registration: reissuedJson(r, publicUrl) });
    });
}

/** GET /api/v1/admin/events/:id/registrations?status=&q=&format=csv */
export function adminEventRegistrationsApi(deps: AppDeps, ctx: RegistrationCtx) {
  return new Hono<AppEnv>().use(requireRole('organiser')).get('/:id/registrations', validate('query', adminListQuery), async (c) => {
    const eventId = uuidParamOrThrow(c.req.param('id'), 'event.not_found');
    const event = await getEventForStaffOrThrow(deps, c.get('actor')!, eventId);
    const { status, q, format } = c.req.valid('query');
    const rows = await registrations.listForStaff(ctx, eventId, { status, q });
    const items = rows.map((r) => ({
      id: r.id,
      status: r.status,
      fullName: r.full_name,
      phone: r.phone,
      email: r.email,
      gender: r.gender,
      birthYear: r.birth_year,
      district: r.district,
      position: r.position_title,
      facility: r.facility_name,
      taxCode: r.facility_tax_code,
      shortCode: r.short_code,
      booth: r.booth_request,
      answers: r.answers,
      createdAt: toIsoInZone(r.created_at),
    }));
    if (format === 'csv') {
      // As the page shows them: status in words, phones as people write them; a fair adds its booth requests.
      const fair = event.kind === 'fair';
      const booth = (b: BoothRequest | null) => (fair ? [b?.type ?? '', b?.size ?? '', b?.count ?? '', b?.products ?? ''] : []);
      const csv = toCsv(
        [
          'Mã / Code',
          'Trạng thái / Status',
          'Họ tên / Name',
          'Điện thoại / Phone',
          'Email',
          'Giới tính / Gender',
          'Năm sinh / Birth year',
          'Huyện / District',
          'Cơ sở / Facility',
          'MST / Tax code',
          'Đăng ký lúc / Registered at',
          ...(fair ? ['Loại gian / Booth type', 'Kích thước / Size', 'Số gian / Booths', 'Sản phẩm / Products'] : []),
        ],
        items.map((i) => [
          i.shortCode,
          `${statusLabel(i.status, 'vi', null)} / ${i.status}`,
          i.fullName,
          i.phone ? displayVnPhone(i.phone) : '',
          i.email,
          i.gender,
          i.birthYear,
          i.district,
          i.facility,
          i.taxCode,
          i.createdAt,
          ...booth(i.booth),
        ]),
      );
      return c.body(csv, 200, {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="dang-ky-${eventId}.csv"`,
      });
    }
    return c.json({ registrations: items });
  });
}
