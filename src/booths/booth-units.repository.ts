import type { Transaction } from 'kysely';
import type { BoothRequest, Database, RegistrationStatus } from '../db/schema.js';
import { queueForRegistrations } from '../mail/outbox.repository.js';

type Trx = Transaction<Database>;

/**
 * A fair's capacity is counted in booths: a request for 3 booths holds 3 while pending and
 * confirmed, and `events.confirmed_count` of a fair counts those units. This is the one home of
 * that rule; registrations and the booth pages both come here.
 */
export function boothUnits(reg: { booth_request: BoothRequest | null }): number | null {
  return reg.booth_request ? Math.max(1, Number(reg.booth_request.count) || 1) : null;
}

/** Statuses whose booth units are held. */
export const HOLDS_UNITS: RegistrationStatus[] = ['pending', 'confirmed'];

/** Holds `units` booth units if they fit; the conditional UPDATE locks the event row until commit. */
export async function holdUnits(trx: Trx, eventId: string, units: number): Promise<boolean> {
  const row = await trx
    .updateTable('events')
    .set((eb) => ({ confirmed_count: eb('confirmed_count', '+', units) }))
    .where('id', '=', eventId)
    .where((eb) => eb(eb('confirmed_count', '+', units), '<=', eb.ref('capacity')))
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

export function releaseUnits(trx: Trx, eventId: string, units: number) {
  return trx
    .updateTable('events')
    .set((eb) => ({ confirmed_count: eb('confirmed_count', '-', units) }))
    .where('id', '=', eventId)
    .execute();
}

/**
 * Moves waitlisted booth requests up in arrival order while their units fit; the first that does
 * not fit stops the line (a smaller request behind it does not jump the queue). A fair that needs
 * approval puts them back to pending (its mail: received); otherwise they are confirmed.
 */
export async function promoteBoothRequests(trx: Trx, eventId: string, requiresApproval: boolean, now: Date): Promise<string[]> {
  const promoted: string[] = [];
  for (;;) {
    const next = await trx
      .selectFrom('registrations')
      .select(['id', 'booth_request'])
      .where('event_id', '=', eventId)
      .where('status', '=', 'waitlisted')
      .orderBy('seq')
      .limit(1)
      .forUpdate()
      .executeTakeFirst();
    if (!next || !(await holdUnits(trx, eventId, boothUnits(next) ?? 1))) break;
    const status = requiresApproval ? 'pending' : 'confirmed';
    await trx
      .updateTable('registrations')
      .set({ status, updated_at: now, ...(status === 'confirmed' && { confirmed_at: now }) })
      .where('id', '=', next.id)
      .execute();
    promoted.push(next.id);
  }
  await queueForRegistrations(trx, promoted, requiresApproval ? 'received' : 'promoted', now);
  return promoted;
}

/** Gives back every booth a registration holds (it was cancelled or rejected). */
export function releaseAllocationsOf(trx: Trx, registrationId: string, now: Date) {
  return trx
    .updateTable('booth_allocations')
    .set({ released_at: now })
    .where('registration_id', '=', registrationId)
    .where('released_at', 'is', null)
    .execute();
}
