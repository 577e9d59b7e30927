import type { Transaction } from 'kysely';
import type { Database, RegistrationStatus } from '../db/schema.js';
import { sealManageToken } from '../mail/manage-link.js';
import type { Clock } from '../shared/clock.js';
import { AppError } from '../shared/errors.js';
import { type AppKeys, personKey } from '../shared/keys.js';
import { foldForSearch } from '../shared/text.js';
import { hashToken, randomToken } from '../shared/tokens.js';
import { newShortCode, newTicketId } from '../tickets/ticket-token.js';
import { facilityRecord } from './facility-record.js';
import * as repo from './registrations.repository.js';
import type { FacilityInput, PersonInput } from './registrations.schemas.js';
import { CONSENT_VERSION } from './registrations.schemas.js';
import * as walkIns from './walk-ins.repository.js';

/** A person at the door: the registration form's person, the phone optional (not everyone has one). */
export type WalkInPerson = Omit<PersonInput, 'phone'> & { phone?: string | undefined };

/** Who the walk-in registration is: a new one, or one this person already had. */
export type WalkInRegistration = {
  id: string;
  status: RegistrationStatus;
  ticketId: string;
  fullName: string;
} & (
  | { kind: 'created' }
  /** The same phone (or email, ID) and the same name: they had registered; that registration is used. */
  | { kind: 'merged' }
  /**
   * The same phone but another name (a family phone, or a nickname): not sure it is the same
   * person, so a registration of its own without the identifiers already taken, flagged for review.
   */
  | { kind: 'apart'; samePhoneAs: { id: string; fullName: string } }
);

const sameName = (a: string, b: string) => foldForSearch(a).replace(/\s+/g, ' ').trim() === foldForSearch(b).replace(/\s+/g, ' ').trim();

/**
 * Registers someone who came to the door unregistered, inside the caller's transaction (the
 * check-in is recorded in the same one). The person's fields follow the registration form's rules;
 * the registration window does not apply (they are here), the capacity does as the organiser chose:
 * beyond it a walk-in is confirmed only if the event allows it, else waitlisted.
 */
export async function registerWalkIn(
  ctx: { clock: Clock; keys: AppKeys },
  trx: Transaction<Database>,
  eventId: string,
  input: { person: WalkInPerson; facility?: FacilityInput | undefined },
): Promise<WalkInRegistration> {
  const now = ctx.clock.now();
  const event = await walkIns.lockEventForWalkIn(trx, eventId);
  if (!event || event.status === 'draft') throw new AppError('event.not_found');
  if (event.status === 'cancelled') throw new AppError('registration.event_cancelled');
  const person = { phone: input.person.phone ?? null, email: input.person.email ?? null, idNumber: input.person.idNumber ?? null };
  const existing = person.phone || person.email || person.idNumber ? await repo.findActiveByPerson(trx, eventId, person) : undefined;
  if (existing && sameName(existing.full_name, input.person.fullName)) {
    return { kind: 'merged', id: existing.id, status: existing.status, ticketId: existing.ticket_id, fullName: existing.full_name };
  }
  // Another name on a taken phone: kept apart, so the door's count stays right whoever it was.
  const kept = existing ? { phone: null, email: null, idNumber: null } : person;
  const facilityId = input.facility ? await repo.upsertFacility(trx, facilityRecord(input.facility), now) : null;
  const seated = await walkIns.takeWalkInSeat(trx, eventId, event.walk_ins_beyond_capacity);
  const status: RegistrationStatus = seated ? 'confirmed' : 'waitlisted';
  const manageToken = randomToken();
  const ticketId = newTicketId();
  // Nobody to recognise again without a phone, email or ID: a pseudonym of their own.
  const identifier = kept.phone ?? kept.email ?? kept.idNumber ?? `walk-in:${randomToken()}`;
  const inserted = await repo.insertRegistration(
    trx,
    {
      event_id: eventId,
      status,
      full_name: input.person.fullName,
      phone: kept.phone,
      email: kept.email,
      id_number: kept.idNumber,
      gender: input.person.gender ?? null,
      birth_year: input.person.birthYear ?? null,
      district: input.person.district ?? null,
      commune: input.person.commune ?? null,
      position_title: input.person.position ?? null,
      person_key: personKey(ctx.keys, identifier),
      facility_id: facilityId,
      answers: '{}',
      booth_request: null,
      lang: 'vi',
      // Consent is given at the door, by the person, to the staff who type it in.
      consent_version: CONSENT_VERSION,
      consent_processing_at: now,
      consent_news_at: null,
      ticket_id: ticketId,
      short_code: newShortCode(),
      manage_token_hash: hashToken(manageToken),
      manage_token_sealed: sealManageToken(ctx.keys.manageLink, manageToken),
      created_at: now,
      updated_at: now,
      confirmed_at: seated ? now : null,
      walk_in_at: now,
    },
    kept.email ? { kind: seated ? 'confirmed' : 'waitlisted', at: now } : undefined,
  );
  const base = { id: inserted.id, status, ticketId, fullName: input.person.fullName };
  return existing
    ? { ...base, kind: 'apart', samePhoneAs: { id: existing.id, fullName: existing.full_name } }
    : { ...base, kind: 'created' };
}
