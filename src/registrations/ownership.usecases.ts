import { recordAudit } from '../audit/audit.repository.js';
import { type Actor, canAccessEvent, hasRole } from '../auth/actor.js';
import { isUniqueViolation } from '../db/errors.js';
import * as events from '../events/events.repository.js';
import { sealManageToken } from '../mail/manage-link.js';
import { queueForRegistrations } from '../mail/outbox.repository.js';
import { AppError, type FieldIssue } from '../shared/errors.js';
import { personKey } from '../shared/keys.js';
import { hashToken, randomToken } from '../shared/tokens.js';
import { newShortCode, newTicketId } from '../tickets/ticket-token.js';
import * as own from './ownership.repository.js';
import { type HolderView, holderView } from './registrations.presenter.js';
import * as repo from './registrations.repository.js';
import type { RegistrationCtx } from './registrations.usecases.js';

/** What a request to send the manage link again led to. The caller is told none of it (see the routes). */
export type ResendOutcome = 'queued' | 'throttled' | 'no_email' | 'no_link' | 'not_registered';

/** At most one resend per registration in this many minutes, and this many in a day. */
export const RESEND_LIMITS = { minutesApart: 10, perDay: 3 };

/**
 * Someone told "already registered" asks for the manage link again. It goes only to the email
 * on file, never to an address given now, through the outbox; the token is not rotated (a
 * stranger asking must not break the holder's link). Throttled per registration, counted from
 * the outbox rows themselves, so the limit holds across app instances.
 */
export async function resendManageLink(
  ctx: RegistrationCtx,
  eventId: string,
  contact: { phone: string | null; email: string | null; idNumber: string | null },
): Promise<ResendOutcome> {
  const event = await events.findEvent(ctx.db, eventId);
  if (!event || event.status === 'draft') throw new AppError('event.not_found');
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    const found = await repo.findActiveByPerson(trx, eventId, contact);
    // Locked, so two requests at once count each other.
    const reg = found ? await repo.lockRegistration(trx, { id: found.id }) : undefined;
    if (!reg || !repo.ACTIVE.includes(reg.status)) return 'not_registered';
    if (!reg.email) return 'no_email';
    if (!reg.manage_token_sealed) return 'no_link';
    const sent = await own.linkResentSince(trx, reg.id, new Date(now.getTime() - 24 * 3600_000));
    const last = sent[0];
    if (sent.length >= RESEND_LIMITS.perDay || (last && now.getTime() - last.getTime() < RESEND_LIMITS.minutesApart * 60_000))
      return 'throttled';
    await queueForRegistrations(trx, [reg.id], 'link_resent', now);
    return 'queued';
  });
}

/** Who holds a registration, as an organiser corrects it: absent keeps, null removes the email. */
export interface Holder {
  fullName?: string | undefined;
  phone?: string | undefined;
  email?: string | null | undefined;
}

export interface Reissued {
  id: string;
  eventId: string;
  status: (typeof repo.ACTIVE)[number];
  shortCode: string;
  manageToken: string;
  /** false: no email on file, the organiser hands over the link (by SMS) and the code. */
  emailed: boolean;
}

/** What reissuing did: done, or refused because the new phone or email is another registration's (the form says which). */
export type ReissueOutcome = ({ result: 'reissued' } & Reissued) | { result: 'taken'; issues: FieldIssue[] };

/** The holder of a registration of this event, for an organiser who may manage it; 404 otherwise. */
export async function findHolderForStaff(ctx: Pick<RegistrationCtx, 'db'>, actor: Actor, eventId: string, id: string): Promise<HolderView> {
  if (!hasRole(actor, 'organiser')) throw new AppError('auth.forbidden');
  const holder = await own.findHolder(ctx.db, id);
  if (!holder || holder.event_id !== eventId) throw new AppError('registration.not_found');
  if (!canAccessEvent(actor, holder.event_id)) throw new AppError('auth.forbidden');
  return holderView(holder);
}

/**
 * An organiser hands a registration to its rightful owner (someone registered with their phone
 * or email): new manage link, new ticket and short code (the old ones stop working, at the door
 * too), the holder's name and contact corrected, and the new link emailed to the address now on
 * file. The seat, status and attendance stay. Audited with the fields changed, not their values:
 * the audit log is kept longer than personal data.
 */
export async function reissueByStaff(
  ctx: RegistrationCtx,
  actor: Actor,
  id: string,
  holder: Holder,
  eventId: string | null,
  requestId?: string,
): Promise<ReissueOutcome> {
  if (!hasRole(actor, 'organiser')) throw new AppError('auth.forbidden');
  const found = await repo.findRegistrationForStaff(ctx.db, id);
  if (!found || (eventId !== null && found.event_id !== eventId)) throw new AppError('registration.not_found');
  if (!canAccessEvent(actor, found.event_id)) throw new AppError('auth.forbidden');
  const now = ctx.clock.now();
  for (let attempt = 0; ; attempt++) {
    try {
      return await ctx.db.transaction().execute(async (trx) => {
        const reg = await repo.lockRegistration(trx, { id });
        if (!reg) throw new AppError('registration.not_found');
        if (!repo.ACTIVE.includes(reg.status) || reg.anonymised_at)
          throw new AppError('registration.invalid_transition', undefined, { status: reg.status });
        const next = {
          full_name: holder.fullName ?? reg.full_name,
          phone: holder.phone ?? reg.phone,
          email: holder.email === undefined ? reg.email : holder.email,
        };
        const changed = (['full_name', 'phone', 'email'] as const).filter((k) => next[k] !== reg[k]);
        const identifier = next.phone ?? next.email ?? reg.id_number;
        const manageToken = randomToken();
        const shortCode = newShortCode();
        await own.reissue(trx, id, {
          ...next,
          person_key: identifier ? personKey(ctx.keys, identifier) : reg.person_key,
          ticket_id: newTicketId(),
          short_code: shortCode,
          manage_token_hash: hashToken(manageToken),
          manage_token_sealed: sealManageToken(ctx.keys.manageLink, manageToken),
          updated_at: now,
        });
        if (next.email) await queueForRegistrations(trx, [id], 'reissued', now);
        await recordAudit(trx, {
          actor,
          action: 'registration.reissue',
          entity: 'registration',
          entityId: id,
          data: { status: reg.status, changed, emailed: next.email !== null },
          requestId,
        });
        return {
          result: 'reissued' as const,
          id,
          eventId: reg.event_id,
          status: reg.status as Reissued['status'],
          shortCode,
          manageToken,
          emailed: next.email !== null,
        };
      });
    } catch (err) {
      for (const [column, field, message] of TAKEN) {
        if (isUniqueViolation(err, `registrations_one_per_${column}`))
          return { result: 'taken', issues: [{ field, code: 'taken', message }] };
      }
      if (attempt < 3 && isUniqueViolation(err, 'short_code')) continue;
      throw err;
    }
  }
}

const TAKEN = [
  ['phone', 'phone', 'Số điện thoại này đã có một đăng ký khác của sự kiện / Another registration of this event has this phone'],
  ['email', 'email', 'Email này đã có một đăng ký khác của sự kiện / Another registration of this event has this email'],
] as const;
