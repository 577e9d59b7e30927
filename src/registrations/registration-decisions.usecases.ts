import { latestAudit, recordAudit } from '../audit/audit.repository.js';
import { type Actor, canAccessEvent, hasRole } from '../auth/actor.js';
import { boothUnits, releaseAllocationsOf, releaseUnits } from '../booths/booth-units.repository.js';
import type { MailKind, RegistrationStatus } from '../db/schema.js';
import { queueForRegistrations } from '../mail/outbox.repository.js';
import { AppError } from '../shared/errors.js';
import { hashToken } from '../shared/tokens.js';
import {
  type DecisionSubjectView,
  decisionSubjectView,
  type StaffRegistrationView,
  staffRegistrationView,
} from './registrations.presenter.js';
import * as repo from './registrations.repository.js';

import type { RegistrationCtx } from './registrations.usecases.js';

/* Status changes: the holder's cancellation and an organiser's decisions, with what a freed seat does to the waiting list. */

/** A status change done (or already done), or refused because the registration's status does not allow it. */
export type StatusChange =
  | { result: 'changed'; id: string; eventId: string; status: RegistrationStatus; promoted: string[] }
  | { result: 'invalid_transition'; status: RegistrationStatus };

/** Moves a registration to `to` and, if that freed a seat, fills it from the waitlist. */
async function changeStatus(
  ctx: RegistrationCtx,
  where: { id: string } | { manageHash: string },
  to: 'cancelled' | 'rejected' | 'approved',
  allowedFrom: RegistrationStatus[],
  staff?: { actor: Actor; requestId?: string | undefined },
): Promise<StatusChange> {
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    const reg = await repo.lockRegistration(trx, where);
    if (!reg) throw new AppError('registration.not_found');
    const target: RegistrationStatus = to === 'approved' ? 'confirmed' : to;
    if (reg.status === target) return { result: 'changed', id: reg.id, eventId: reg.event_id, status: reg.status, promoted: [] };
    if (!allowedFrom.includes(reg.status)) return { result: 'invalid_transition', status: reg.status };
    let status: RegistrationStatus = target;
    let promoted: string[] = [];
    const units = boothUnits(reg);
    if (units !== null) {
      // A fair's request holds its booth units from the start: approval takes nothing more;
      // leaving gives them back, with any booths allocated, and moves the line up.
      await repo.setStatus(trx, reg.id, status, now);
      if (to !== 'approved') {
        await releaseAllocationsOf(trx, reg.id, now);
        if (reg.status !== 'waitlisted') {
          await releaseUnits(trx, reg.event_id, units);
          promoted = await repo.promoteWaitlist(trx, reg.event_id, now);
        }
      }
    } else if (to === 'approved') {
      // Approval takes a seat if one is free; otherwise the approved request waits in line.
      status = (await repo.takeSeat(trx, reg.event_id)) ? 'confirmed' : 'waitlisted';
      await repo.setStatus(trx, reg.id, status, now);
    } else {
      await repo.setStatus(trx, reg.id, status, now);
      if (reg.status === 'confirmed') {
        await repo.releaseSeat(trx, reg.event_id);
        promoted = await repo.promoteWaitlist(trx, reg.event_id, now);
      }
    }
    const mail: MailKind = to === 'approved' ? (status === 'confirmed' ? 'approved' : 'waitlisted') : to;
    await queueForRegistrations(trx, [reg.id], mail, now);
    if (staff) {
      const action = to === 'approved' ? 'approve' : to === 'rejected' ? 'reject' : 'cancel';
      await recordAudit(trx, {
        actor: staff.actor,
        action: `registration.${action}`,
        entity: 'registration',
        entityId: reg.id,
        data: { before: reg.status, after: status, promoted },
        requestId: staff.requestId,
      });
    }
    return { result: 'changed', id: reg.id, eventId: reg.event_id, status, promoted };
  });
}

/** The holder cancels; cancelling twice changes nothing. */
export async function cancelByHolder(ctx: RegistrationCtx, manageToken: string): Promise<void> {
  const change = await changeStatus(ctx, { manageHash: hashToken(manageToken) }, 'cancelled', ['confirmed', 'waitlisted', 'pending']);
  // Every live status may be cancelled and a cancelled one is left as it is: only a refused one gets here.
  if (change.result === 'invalid_transition') throw new AppError('registration.invalid_transition', undefined, { status: change.status });
}

export type StaffDecision = 'approve' | 'reject' | 'cancel';
const DECISIONS: Record<StaffDecision, { to: 'approved' | 'rejected' | 'cancelled'; from: RegistrationStatus[] }> = {
  approve: { to: 'approved', from: ['pending'] },
  reject: { to: 'rejected', from: ['pending', 'waitlisted'] },
  cancel: { to: 'cancelled', from: ['confirmed', 'waitlisted', 'pending'] },
};

/** The decisions an organiser may take on a registration in this status (the page offers these). */
export function decisionsFor(status: RegistrationStatus): StaffDecision[] {
  return (Object.keys(DECISIONS) as StaffDecision[]).filter((d) => DECISIONS[d].from.includes(status));
}

/**
 * An organiser approves, rejects or cancels a registration of an event they may manage; the
 * change, its emails and its audit row commit together. `eventId` null: the registration's own.
 */
export async function decideByStaff(
  ctx: RegistrationCtx,
  actor: Actor,
  id: string,
  decision: StaffDecision,
  eventId: string | null,
  requestId?: string,
): Promise<StatusChange> {
  if (!hasRole(actor, 'organiser')) throw new AppError('auth.forbidden');
  const reg = await repo.findRegistrationForStaff(ctx.db, id);
  if (!reg || (eventId !== null && reg.event_id !== eventId)) throw new AppError('registration.not_found');
  if (!canAccessEvent(actor, reg.event_id)) throw new AppError('auth.forbidden');
  const { to, from } = DECISIONS[decision];
  return changeStatus(ctx, { id }, to, from, { actor, requestId });
}

/**
 * One registration of this event, for the page that reports a decision on it, with the last
 * staff decision recorded for it (so the page says only what did happen); null if not this event's.
 */
export async function findForStaff(ctx: Pick<RegistrationCtx, 'db'>, eventId: string, id: string): Promise<DecisionSubjectView | null> {
  const reg = await repo.findRegistrationForStaff(ctx.db, id);
  if (!reg || reg.event_id !== eventId) return null;
  const last = await latestAudit(ctx.db, 'registration', id, 'registration.');
  if (!last) return decisionSubjectView(reg, null);
  // Who the decision moved up from the waiting list, by name, for the page to say so.
  const promotedIds = ((last.data as { promoted?: string[] } | null)?.promoted ?? []).slice(0, 20);
  const promoted = (await Promise.all(promotedIds.map((p) => repo.findRegistrationForStaff(ctx.db, p)))).flatMap((r) =>
    r ? [r.full_name] : [],
  );
  return decisionSubjectView(reg, { action: last.action, promoted });
}

/** An event's registrations for its organisers, filtered by status and a search that forgives missing accents. */
export async function listForStaff(
  ctx: Pick<RegistrationCtx, 'db'>,
  eventId: string,
  filter: { status?: RegistrationStatus | undefined; q?: string | undefined },
): Promise<StaffRegistrationView[]> {
  return (await repo.listRegistrations(ctx.db, eventId, filter)).map(staffRegistrationView);
}
