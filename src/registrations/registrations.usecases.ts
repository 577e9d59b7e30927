import type { Kysely, Transaction } from 'kysely';
import { latestAudit, recordAudit } from '../audit/audit.repository.js';
import { type Actor, canAccessEvent, hasRole } from '../auth/actor.js';
import { isUniqueViolation } from '../db/errors.js';
import type { Database, MailKind, RegistrationStatus } from '../db/schema.js';
import * as events from '../events/events.repository.js';
import { forgetRecipient } from '../mail/mailbox.repository.js';
import { sealManageToken } from '../mail/manage-link.js';
import { queueForRegistrations } from '../mail/outbox.repository.js';
import type { Clock } from '../shared/clock.js';
import { AppError, type FieldIssue } from '../shared/errors.js';
import { type AppKeys, personKey } from '../shared/keys.js';
import { isSealed, openText, sealText } from '../shared/seal.js';
import { foldForSearch } from '../shared/text.js';
import { hashToken, randomToken } from '../shared/tokens.js';
import { newShortCode, newTicketId } from '../tickets/ticket-token.js';
import * as repo from './registrations.repository.js';
import { CONSENT_VERSION, type RegistrationInput } from './registrations.schemas.js';
import type { SeatBatcher } from './seat-batches.js';
import { dedupKeyForFacilityName, normalizeName } from './vn-fields.js';

export interface RegistrationCtx {
  db: Kysely<Database>;
  clock: Clock;
  keys: AppKeys;
  /** Test-only race control (config UNSAFE_RACY_SEATS) for a registration in a transaction; the grouped path gets it through `seats`. */
  racySeats?: boolean;
  /** Seats new registrations; groups those of one event arriving together (one per app instance). */
  seats: SeatBatcher;
}

/**
 * A new registration, with its keys (only ever to whoever made it); or the news that this
 * person (phone, email or ID) is registered already, and nothing more: not which registration,
 * not its status. Typing someone's phone number must reveal no more than that it is taken.
 */
export type RegistrationOutcome =
  | {
      created: true;
      id: string;
      eventId: string;
      status: RegistrationStatus;
      waitlistPosition: number | null;
      shortCode: string;
      manageToken: string;
    }
  | { created: false; eventId: string };

/** How long a retry with the same Idempotency-Key gets the first answer back (it may hold the manage link). */
export const IDEMPOTENCY_REPLAY_HOURS = 24;

export interface IdempotentReplay {
  replay: { status: number; body: string };
}

export interface Idempotency {
  key: string;
  requestHash: string;
  /** Renders the answer inside the transaction, so the stored bytes are exactly the ones sent. */
  render: (outcome: RegistrationOutcome) => { status: number; body: string };
}

/** The email a new registration queues, by the status it got. */
const FIRST_MAIL: Record<RegistrationStatus, MailKind> = {
  confirmed: 'confirmed',
  waitlisted: 'waitlisted',
  pending: 'received',
  cancelled: 'cancelled',
  rejected: 'rejected',
};

function fieldError(fields: FieldIssue[]): AppError {
  return new AppError('validation.failed', undefined, { fields });
}

type EventRow = NonNullable<Awaited<ReturnType<typeof events.findEventForRegistration>>>;

function assertOpen(event: EventRow | undefined, now: Date): asserts event is EventRow {
  if (!event || event.status === 'draft') throw new AppError('event.not_found');
  if (event.status === 'cancelled') throw new AppError('registration.event_cancelled');
  if (event.status === 'completed') throw new AppError('registration.closed');
  if (event.registration_opens_at && now < event.registration_opens_at) throw new AppError('registration.not_open_yet');
  const closesAt = event.registration_closes_at ?? (event.starts_at ? new Date(event.starts_at) : null);
  if (closesAt && now >= closesAt) throw new AppError('registration.closed');
}

/** Rules that depend on the event: who registers, which questions, whether email is needed. */
function checkAgainstEvent(
  event: EventRow,
  questions: events.QuestionRow[],
  input: RegistrationInput,
): Record<string, string | number | boolean> {
  const issues: FieldIssue[] = [];
  if (event.email_required && !input.person.email) {
    issues.push({
      field: 'person.email',
      code: 'required',
      message: 'Sự kiện này cần email để gửi vé / This event needs an email for the ticket',
    });
  }
  if (event.kind === 'fair') {
    if (!input.facility)
      issues.push({ field: 'facility', code: 'required', message: 'Hội chợ cần thông tin cơ sở / A fair needs the facility' });
    if (!input.booth)
      issues.push({ field: 'booth', code: 'required', message: 'Hội chợ cần yêu cầu gian hàng / A fair needs a booth request' });
  } else if (input.booth) {
    issues.push({ field: 'booth', code: 'unrecognized_key', message: 'Chỉ hội chợ có gian hàng / Only fairs have booths' });
  }
  const answers: Record<string, string | number | boolean> = {};
  const given = input.answers ?? {};
  const byId = new Map(questions.map((q) => [q.id, q]));
  for (const key of Object.keys(given)) {
    if (!byId.has(key))
      issues.push({ field: `answers.${key}`, code: 'unrecognized_key', message: 'Câu hỏi không có trong sự kiện / No such question' });
  }
  for (const q of questions) {
    const value = given[q.id];
    const field = `answers.${q.id}`;
    if (value === undefined || value === '') {
      if (q.required) issues.push({ field, code: 'required', message: 'Cần trả lời câu hỏi này / This question needs an answer' });
      continue;
    }
    const ok =
      (q.type === 'text' && typeof value === 'string') ||
      (q.type === 'choice' && typeof value === 'string' && q.options.includes(value)) ||
      (q.type === 'yes_no' && typeof value === 'boolean') ||
      (q.type === 'number' && typeof value === 'number' && Number.isFinite(value));
    if (!ok) issues.push({ field, code: 'invalid_value', message: 'Câu trả lời không hợp lệ / Not a valid answer' });
    else answers[q.id] = typeof value === 'string' ? value.normalize('NFC') : value;
  }
  if (issues.length) throw fieldError(issues);
  return answers;
}

/**
 * Registers a person (or a facility's contact) for an event. Never oversells: a seat is a
 * conditional increment of the event's counter under its row lock. Never registers the same
 * person twice: unique indexes refuse it whatever the race, and the existing registration
 * comes back instead. With an Idempotency-Key, a retry gets the first answer's exact bytes.
 */
export async function register(
  ctx: RegistrationCtx,
  eventId: string,
  input: RegistrationInput,
  idempotency?: Idempotency,
): Promise<RegistrationOutcome | IdempotentReplay> {
  const now = ctx.clock.now();
  const event = await events.findEventForRegistration(ctx.db, eventId);
  assertOpen(event, now);
  const answers = checkAgainstEvent(event, event.questions, input);
  const person = { phone: input.person.phone, email: input.person.email ?? null, idNumber: input.person.idNumber ?? null };
  // No look for the same person first: the partial unique indexes refuse a second live
  // registration, and the refusal below returns the existing one.
  const facilityId = input.facility
    ? await repo.upsertFacility(
        ctx.db,
        {
          name: input.facility.name,
          taxCode: input.facility.taxCode ?? null,
          dedupKey: dedupKeyForFacilityName(input.facility.name, input.facility.district),
          district: input.facility.district,
          address: input.facility.address ?? null,
          sector: input.facility.sector ?? null,
          representative: input.facility.representative ?? null,
          products: input.facility.products ?? null,
        },
        now,
      )
    : null;

  for (let attempt = 0; ; attempt++) {
    const manageToken = randomToken();
    const shortCode = newShortCode();
    const identifier = person.phone ?? person.email ?? person.idNumber;
    const values = {
      event_id: eventId,
      full_name: input.person.fullName,
      phone: person.phone,
      email: person.email,
      id_number: person.idNumber,
      gender: input.person.gender ?? null,
      birth_year: input.person.birthYear ?? null,
      district: input.person.district ?? null,
      commune: input.person.commune ?? null,
      position_title: input.person.position ?? null,
      person_key: personKey(ctx.keys, identifier),
      facility_id: facilityId,
      answers: JSON.stringify(answers),
      booth_request: input.booth ? JSON.stringify(input.booth) : null,
      lang: input.lang ?? ('vi' as const),
      consent_version: CONSENT_VERSION,
      consent_processing_at: now,
      consent_news_at: input.consent.news ? now : null,
      ticket_id: newTicketId(),
      short_code: shortCode,
      manage_token_hash: hashToken(manageToken),
      manage_token_sealed: sealManageToken(ctx.keys.manageLink, manageToken),
      created_at: now,
      updated_at: now,
    };
    try {
      // The hot path: one statement, no transaction round trips while the event row is locked.
      if (!idempotency && !event.requires_approval) {
        const mail = person.email ? { confirmed: FIRST_MAIL.confirmed, waitlisted: FIRST_MAIL.waitlisted, at: now } : null;
        const row = await ctx.seats.insert(values, mail);
        return {
          created: true,
          id: row.id,
          eventId,
          status: row.status,
          waitlistPosition: row.status === 'waitlisted' ? await repo.waitlistPosition(ctx.db, eventId, row.seq) : null,
          shortCode,
          manageToken,
        };
      }
      return await ctx.db.transaction().execute(async (trx) => {
        if (idempotency) {
          const scope = `registration:${eventId}`;
          const freshSince = new Date(now.getTime() - IDEMPOTENCY_REPLAY_HOURS * 3600_000);
          if (!(await repo.claimIdempotencyKey(trx, scope, idempotency.key, idempotency.requestHash, now, freshSince))) {
            const first = await repo.findIdempotencyKey(trx, scope, idempotency.key);
            if (!first || first.request_hash !== idempotency.requestHash) throw new AppError('idempotency.key_reused');
            return { replay: { status: first.status, body: openAnswer(ctx, scope, idempotency.key, first.body) } };
          }
          const existing = await repo.findActiveByPerson(trx, eventId, person);
          if (existing) {
            const outcome = existingOutcome(existing);
            const answer = idempotency.render(outcome);
            await repo.completeIdempotencyKey(
              trx,
              scope,
              idempotency.key,
              answer.status,
              sealAnswer(ctx, scope, idempotency.key, answer.body),
            );
            return outcome;
          }
        }
        // The seat comes right before the insert, so the event row stays locked briefly.
        let status: RegistrationStatus = 'pending';
        if (!event.requires_approval) {
          const seat = ctx.racySeats ? await repo.takeSeatWithoutLock(trx, eventId) : await repo.takeSeat(trx, eventId);
          status = seat ? 'confirmed' : 'waitlisted';
        }
        const row = await repo.insertRegistration(
          trx,
          { ...values, status, confirmed_at: status === 'confirmed' ? now : null },
          person.email ? { kind: FIRST_MAIL[status], at: now } : undefined,
        );
        const outcome: RegistrationOutcome = {
          created: true,
          id: row.id,
          eventId,
          status,
          waitlistPosition: status === 'waitlisted' ? await repo.waitlistPosition(trx, eventId, row.seq) : null,
          shortCode,
          manageToken,
        };
        if (idempotency) {
          const scope = `registration:${eventId}`;
          const answer = idempotency.render(outcome);
          await repo.completeIdempotencyKey(
            trx,
            scope,
            idempotency.key,
            answer.status,
            sealAnswer(ctx, scope, idempotency.key, answer.body),
          );
        }
        return outcome;
      });
    } catch (err) {
      // The same person won a concurrent race: the database refused the second row.
      if (isUniqueViolation(err, 'registrations_one_per_')) {
        const existing = await repo.findActiveByPerson(ctx.db, eventId, person);
        if (existing) return existingOutcome(existing);
      }
      // A short code collided (one in tens of billions): draw again.
      if (attempt < 3 && isUniqueViolation(err, 'short_code')) continue;
      throw err;
    }
  }
}

function existingOutcome(existing: { event_id: string }): RegistrationOutcome {
  return { created: false, eventId: existing.event_id };
}

/**
 * A stored first answer may hold the manage link (SPEC §3: stored hashed only), so it is kept
 * sealed under a key derived from SECRET_KEY and the Idempotency-Key itself: the database, even
 * with the secret, opens none without the client's key. Answers stored before sealing are plain.
 */
function sealAnswer(ctx: Pick<RegistrationCtx, 'keys'>, scope: string, key: string, body: string): string {
  return sealText(ctx.keys.idempotency, `${scope}\n${key}`, body);
}

function openAnswer(ctx: Pick<RegistrationCtx, 'keys'>, scope: string, key: string, stored: string): string {
  if (!isSealed(stored)) return stored;
  const body = openText(ctx.keys.idempotency, `${scope}\n${key}`, stored);
  // Only another SECRET_KEY gets here; it would also have made every ticket unreadable.
  if (body === null) throw new Error('A stored Idempotency-Key answer cannot be opened with this SECRET_KEY');
  return body;
}

/** Moves a registration to `to` and, if that freed a seat, fills it from the waitlist. */
async function changeStatus(
  ctx: RegistrationCtx,
  where: { id: string } | { manageHash: string },
  to: 'cancelled' | 'rejected' | 'approved',
  allowedFrom: RegistrationStatus[],
  staff?: { actor: Actor; requestId?: string | undefined },
): Promise<{ id: string; eventId: string; status: RegistrationStatus; promoted: string[] }> {
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    const reg = await repo.lockRegistration(trx, where);
    if (!reg) throw new AppError('registration.not_found');
    const target: RegistrationStatus = to === 'approved' ? 'confirmed' : to;
    if (reg.status === target) return { id: reg.id, eventId: reg.event_id, status: reg.status, promoted: [] };
    if (!allowedFrom.includes(reg.status)) throw new AppError('registration.invalid_transition', undefined, { status: reg.status });
    let status: RegistrationStatus = target;
    let promoted: string[] = [];
    if (to === 'approved') {
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
    return { id: reg.id, eventId: reg.event_id, status, promoted };
  });
}

export const cancelByHolder = (ctx: RegistrationCtx, manageToken: string) =>
  changeStatus(ctx, { manageHash: hashToken(manageToken) }, 'cancelled', ['confirmed', 'waitlisted', 'pending']);

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
) {
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
export async function findForStaff(ctx: Pick<RegistrationCtx, 'db'>, eventId: string, id: string) {
  const reg = await repo.findRegistrationForStaff(ctx.db, id);
  if (!reg || reg.event_id !== eventId) return null;
  const last = await latestAudit(ctx.db, 'registration', id, 'registration.');
  if (!last) return { ...reg, lastDecision: null };
  // Who the decision moved up from the waiting list, by name, for the page to say so.
  const promotedIds = ((last.data as { promoted?: string[] } | null)?.promoted ?? []).slice(0, 20);
  const promoted = (await Promise.all(promotedIds.map((p) => repo.findRegistrationForStaff(ctx.db, p)))).flatMap((r) =>
    r ? [r.full_name] : [],
  );
  return { ...reg, lastDecision: { action: last.action, promoted } };
}

/** An event's registrations for its organisers, filtered by status and a search that forgives missing accents. */
export function listForStaff(
  ctx: Pick<RegistrationCtx, 'db'>,
  eventId: string,
  filter: { status?: RegistrationStatus | undefined; q?: string | undefined },
) {
  return repo.listRegistrations(ctx.db, eventId, filter);
}

export async function findByManageTokenOrThrow(ctx: Pick<RegistrationCtx, 'db'>, manageToken: string) {
  // Lookup by the token's hash: an index probe on a hash reveals nothing through timing.
  const reg = await repo.findByManageHash(ctx.db, hashToken(manageToken));
  if (!reg) throw new AppError('registration.not_found');
  const position = reg.status === 'waitlisted' ? await repo.waitlistPosition(ctx.db, reg.event_id, reg.seq) : null;
  return { ...reg, waitlistPosition: position };
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
