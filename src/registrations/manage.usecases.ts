import type { Transaction } from 'kysely';
import { boothsOfRegistration } from '../booths/booths.usecases.js';
import { forgetCertificateName } from '../certificates/certificate-erasure.js';
import type { Database } from '../db/schema.js';
import * as events from '../events/events.repository.js';
import { forgetComment } from '../feedback/feedback.usecases.js';
import { forgetRecipient } from '../mail/mailbox.repository.js';
import { AppError } from '../shared/errors.js';
import { foldForSearch } from '../shared/text.js';
import { hashToken } from '../shared/tokens.js';
import { signTicket } from '../tickets/ticket-token.js';
import { cancelByHolder } from './registration-decisions.usecases.js';
import { type ManageView, manageView } from './registrations.presenter.js';
import * as repo from './registrations.repository.js';
import type { RegistrationCtx } from './registrations.usecases.js';
import { normalizeName } from './vn-fields.js';

/* What the holder of a manage link can see and do beyond cancelling: the view, the QR, news consent, erasure. */

/** The registration a manage link holds, as its holder sees it; 404 for a link that names none. */
export async function findByManageTokenOrThrow(ctx: Pick<RegistrationCtx, 'db'>, manageToken: string) {
  // Lookup by the token's hash: an index probe on a hash reveals nothing through timing.
  const reg = await repo.findByManageHash(ctx.db, hashToken(manageToken));
  if (!reg) throw new AppError('registration.not_found');
  const position = reg.status === 'waitlisted' ? await repo.waitlistPosition(ctx.db, reg.event_id, reg.seq) : null;
  const booths = reg.booth_request ? await boothsOfRegistration(ctx, reg.id) : [];
  return { ...reg, waitlistPosition: position, booths };
}

/** The manage link's registration as a view for its page and its API. */
export async function manageRegistration(ctx: Pick<RegistrationCtx, 'db'>, manageToken: string): Promise<ManageView> {
  return manageView(await findByManageTokenOrThrow(ctx, manageToken));
}

/** The QR content of a registration that holds a ticket (confirmed or pending). */
export async function ticketTokenFor(ctx: Pick<RegistrationCtx, 'db' | 'keys'>, manageToken: string): Promise<string> {
  const reg = await manageRegistration(ctx, manageToken);
  if (!reg.ticket) throw new AppError('registration.not_found');
  return signTicket(ctx.keys.tickets, reg.ticketId);
}

/** The holder withdraws consent to news: the registration stands. */
export async function withdrawNews(ctx: RegistrationCtx, manageToken: string): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    const reg = await repo.lockRegistration(trx, { manageHash: hashToken(manageToken) });
    if (!reg) throw new AppError('registration.not_found');
    await repo.withdrawNewsConsent(trx, reg.id, ctx.clock.now());
  });
}

/**
 * The holder asks for their personal data to be deleted: before the event a live
 * registration is cancelled (its seat goes to the waitlist); then the person is erased.
 * Counts stay right: the row, its status and its attendance remain, anonymous.
 */
export async function erasePersonalData(ctx: RegistrationCtx, manageToken: string): Promise<void> {
  const hash = hashToken(manageToken);
  const reg = await repo.findByManageHash(ctx.db, hash);
  if (!reg) throw new AppError('registration.not_found');
  // Before the event, erasing gives the seat back. After it, the registration stays as it was
  // (anonymous): the programme still counts the learner who attended.
  const event = await events.findEvent(ctx.db, reg.event_id);
  const ended = event?.ends_at ? new Date(event.ends_at) <= ctx.clock.now() : false;
  if (repo.ACTIVE.includes(reg.status) && !ended) await cancelByHolder(ctx, manageToken);
  await ctx.db.transaction().execute(async (trx) => {
    const locked = await repo.lockRegistration(trx, { manageHash: hash });
    if (locked && !locked.anonymised_at) {
      await repo.anonymise(trx, locked.id, ctx.clock.now());
      await forgetRecipient(trx, locked.id);
      await forgetComment(trx, locked.id);
      await forgetCertificateName(trx, locked.id);
      if (locked.facility_id) await forgetRepresentative(trx, locked.facility_id, locked.full_name, ctx.clock.now());
    }
  });
}

/**
 * The facility registry keeps the representative a registrant gave; when that is the person
 * erasing their data (the same name, accents and case aside: the registry keeps whatever was
 * typed last), it goes too, with the address.
 */
async function forgetRepresentative(trx: Transaction<Database>, facilityId: string, fullName: string, now: Date): Promise<void> {
  const facility = await repo.lockFacility(trx, facilityId);
  if (!facility?.representative) return;
  const same = (name: string) => foldForSearch(normalizeName(name));
  if (same(facility.representative) === same(fullName)) await repo.clearFacilityRepresentative(trx, facilityId, now);
}
