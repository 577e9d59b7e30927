import type { Kysely, Transaction } from 'kysely';
import { recordAudit } from '../audit/audit.repository.js';
import type { Actor } from '../auth/actor.js';
import { holdUnits } from '../booths/booth-units.repository.js';
import { isUniqueViolation } from '../db/errors.js';
import type { Database, MailKind, NewRegistration, RegistrationStatus } from '../db/schema.js';
import * as events from '../events/events.repository.js';
import { registrationRefusal } from '../events/registration-window.js';
import { sealManageToken } from '../mail/manage-link.js';
import type { Clock } from '../shared/clock.js';
import { AppError, type FieldIssue } from '../shared/errors.js';
import { type AppKeys, personKey } from '../shared/keys.js';
import { isSealed, openText, sealText } from '../shared/seal.js';
import { inZone } from '../shared/time.js';
import { hashToken, randomToken } from '../shared/tokens.js';
import { newShortCode, newTicketId } from '../tickets/ticket-token.js';
import { facilityRecord } from './facility-record.js';
import * as repo from './registrations.repository.js';
import { CONSENT_VERSION, type RegistrationInput } from './registrations.schemas.js';
import type { SeatBatcher } from './seat-batches.js';

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
      result: 'created';
      id: string;
      eventId: string;
      status: RegistrationStatus;
      waitlistPosition: number | null;
      shortCode: string;
      manageToken: string;
    }
  | { result: 'already_registered'; eventId: string };

/** The input breaks a rule of this event (a question, a fair's booth, a needed email): the form shows these. */
export interface InvalidRegistration {
  result: 'invalid';
  issues: FieldIssue[];
}

export type RegisterResult = RegistrationOutcome | InvalidRegistration;

/** How long a retry with the same Idempotency-Key gets the first answer back (it may hold the manage link). */
export const IDEMPOTENCY_REPLAY_HOURS = 24;

/** An answer as the API sends it: stored with its Idempotency-Key, so a retry gets these exact bytes. */
export interface Answer {
  status: number;
  body: string;
}

export interface Idempotency {
  key: string;
  requestHash: string;
}

/** The email a new registration queues, by the status it got. */
const FIRST_MAIL: Record<RegistrationStatus, MailKind> = {
  confirmed: 'confirmed',
  waitlisted: 'waitlisted',
  pending: 'received',
  cancelled: 'cancelled',
  rejected: 'rejected',
};

type EventRow = NonNullable<Awaited<ReturnType<typeof events.findEventForRegistration>>>;

/**
 * A registration is taken only inside the event's window (`registrationWindow`, the event's rule).
 * An organiser adding someone on their behalf may do so outside it, on a published event only.
 */
function assertOpen(event: EventRow | undefined, now: Date, byStaff = false): asserts event is EventRow {
  if (!event) throw new AppError('event.not_found');
  if (byStaff) {
    if (event.status === 'cancelled') throw new AppError('registration.event_cancelled');
    if (event.status !== 'published') throw new AppError('registration.not_open_yet');
    return;
  }
  if (event.status === 'draft') throw new AppError('event.not_found');
  const refusal = registrationRefusal(
    {
      status: event.status,
      registrationOpensAt: event.registration_opens_at,
      registrationClosesAt: event.registration_closes_at,
      startsAt: event.starts_at ? new Date(event.starts_at) : null,
    },
    now,
  );
  if (refusal) throw new AppError(refusal);
}

/** Rules that depend on the event and the day: who registers, which questions, whether email is needed. */
function checkAgainstEvent(
  event: EventRow,
  input: RegistrationInput,
  now: Date,
): { ok: true; answers: Record<string, string | number | boolean> } | { ok: false; issues: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  // Checked here, not in the schema: the bound is this year by the injected clock, not the process's start.
  const thisYear = inZone(now).year;
  if (input.person.birthYear !== undefined && input.person.birthYear > thisYear) {
    issues.push({
      field: 'person.birthYear',
      code: 'too_big',
      message: `Lớn quá: tối đa ${thisYear} / Too large: at most ${thisYear}`,
    });
  }
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
  const answers = checkAnswers(event.questions, input.answers ?? {}, issues);
  return issues.length ? { ok: false, issues } : { ok: true, answers };
}

type Answers = Record<string, string | number | boolean>;

/**
 * The event's rule for answers: each given answer names one of its questions and fits its type,
 * each required question is answered. Problems are added to `issues`; the answers kept come back.
 */
export function checkAnswers(questions: EventRow['questions'], given: Answers, issues: FieldIssue[]): Answers {
  const answers: Answers = {};
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
  return answers;
}

type Person = { phone: string | null; email: string | null; idNumber: string | null };
type NewRow = Omit<NewRegistration, 'status' | 'confirmed_at'>;

/** A registration checked and ready to insert: the event, who, and the row but for its keys. */
interface Prepared {
  event: EventRow;
  person: Person;
  now: Date;
  /** A fair's request: the booth units it holds while pending or confirmed. */
  boothUnits: number | null;
  /** The row with fresh keys: a new manage token and short code on every call. */
  draw: () => { values: NewRow; manageToken: string; shortCode: string };
}

async function prepare(
  ctx: RegistrationCtx,
  eventId: string,
  input: RegistrationInput,
  byStaff = false,
): Promise<InvalidRegistration | Prepared> {
  const now = ctx.clock.now();
  const event = await events.findEventForRegistration(ctx.db, eventId);
  assertOpen(event, now, byStaff);
  const checked = checkAgainstEvent(event, input, now);
  if (!checked.ok) return { result: 'invalid', issues: checked.issues };
  const person = { phone: input.person.phone, email: input.person.email ?? null, idNumber: input.person.idNumber ?? null };
  // No look for the same person first: the partial unique indexes refuse a second live
  // registration, and the refusal returns the existing one.
  const facilityId = input.facility ? await repo.upsertFacility(ctx.db, facilityRecord(input.facility), now) : null;
  const taken = facilityId && input.booth ? await facilityHasRequest(ctx, eventId, facilityId, person) : false;
  if (taken && input.facility) {
    const field = input.facility.taxCode ? 'facility.taxCode' : 'facility.name';
    return { result: 'invalid', issues: [{ field, code: 'facility_has_request', message: FACILITY_HAS_REQUEST }] };
  }
  const identifier = person.phone ?? person.email ?? person.idNumber;
  const draw = () => {
    const manageToken = randomToken();
    const shortCode = newShortCode();
    const values: NewRow = {
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
      facility_name: input.facility?.name ?? null,
      answers: JSON.stringify(checked.answers),
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
    return { values, manageToken, shortCode };
  };
  return { event, person, now, boothUnits: input.booth ? input.booth.count : null, draw };
}

const FACILITY_HAS_REQUEST =
  'Cơ sở này đã có một yêu cầu gian hàng cho hội chợ này; mỗi cơ sở chỉ gửi một yêu cầu / This facility already has a booth request for this fair; one request per facility';

/** Another contact of this facility has a live request for this fair (the same person again is answered as such). */
async function facilityHasRequest(ctx: RegistrationCtx, eventId: string, facilityId: string, person: Person): Promise<boolean> {
  const existing = await repo.findActiveByFacility(ctx.db, eventId, facilityId);
  if (!existing) return false;
  const same =
    (person.phone !== null && existing.phone === person.phone) ||
    (person.email !== null && existing.email === person.email) ||
    (person.idNumber !== null && existing.id_number === person.idNumber);
  return !same;
}

/**
 * Inserts with fresh keys until the short code is unique. When the same person won a concurrent
 * race, the database refused the second row: `onTaken` answers with the existing registration.
 */
async function withFreshKeys<T>(
  ctx: RegistrationCtx,
  p: Prepared,
  insert: (row: ReturnType<Prepared['draw']>) => Promise<T>,
  onTaken: (outcome: RegistrationOutcome) => T,
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await insert(p.draw());
    } catch (err) {
      if (isUniqueViolation(err, 'registrations_one_per_') || isUniqueViolation(err, 'registrations_facility_once_per_fair')) {
        const existing = await repo.findActiveByPerson(ctx.db, p.event.id, p.person);
        if (existing) return onTaken(existingOutcome(existing));
        // Another contact of the same facility won the race: one request per facility per fair.
        if (isUniqueViolation(err, 'registrations_facility_once_per_fair')) throw new AppError('registration.facility_has_request');
      }
      // A short code collided (one in tens of billions): draw again.
      if (attempt < 3 && isUniqueViolation(err, 'short_code')) continue;
      throw err;
    }
  }
}

/** Takes a seat (or not, for approval or a full event) and inserts the row, inside `trx`. */
async function seatAndInsert(
  ctx: RegistrationCtx,
  trx: Transaction<Database>,
  p: Prepared,
  row: ReturnType<Prepared['draw']>,
): Promise<RegistrationOutcome> {
  const eventId = p.event.id;
  // The seat comes right before the insert, so the event row stays locked briefly.
  let status: RegistrationStatus = 'pending';
  if (p.boothUnits !== null) {
    // A fair holds the booths asked for while the request waits for approval.
    const held = await holdUnits(trx, eventId, p.boothUnits);
    status = !held ? 'waitlisted' : p.event.requires_approval ? 'pending' : 'confirmed';
  } else if (!p.event.requires_approval) {
    const seat = ctx.racySeats ? await repo.takeSeatWithoutLock(trx, eventId) : await repo.takeSeat(trx, eventId);
    status = seat ? 'confirmed' : 'waitlisted';
  }
  const inserted = await repo.insertRegistration(
    trx,
    { ...row.values, status, confirmed_at: status === 'confirmed' ? p.now : null },
    p.person.email ? { kind: FIRST_MAIL[status], at: p.now } : undefined,
  );
  return {
    result: 'created',
    id: inserted.id,
    eventId,
    status,
    waitlistPosition: status === 'waitlisted' ? await repo.waitlistPosition(trx, eventId, inserted.seq) : null,
    shortCode: row.shortCode,
    manageToken: row.manageToken,
  };
}

/** The organiser who adds a registration on someone's behalf (the window aside, the same rules). */
export interface StaffAuthor {
  actor: Actor;
  requestId?: string | undefined;
}

/**
 * Registers a person (or a facility's contact) for an event. Never oversells: a seat is a
 * conditional increment of the event's counter under its row lock. Never registers the same
 * person twice: unique indexes refuse it whatever the race, and the existing registration
 * comes back instead.
 */
export async function register(
  ctx: RegistrationCtx,
  eventId: string,
  input: RegistrationInput,
  staff?: StaffAuthor,
): Promise<RegisterResult> {
  const p = await prepare(ctx, eventId, input, staff !== undefined);
  if ('result' in p) return p;
  return withFreshKeys<RegistrationOutcome>(
    ctx,
    p,
    async (row) => {
      // Added by an organiser: the same seat rules, with the audit row in the same transaction.
      if (staff) {
        return ctx.db.transaction().execute(async (trx) => {
          const outcome = await seatAndInsert(ctx, trx, p, row);
          if (outcome.result === 'created') {
            await recordAudit(trx, {
              actor: staff.actor,
              action: 'registration.staff_add',
              entity: 'registration',
              entityId: outcome.id,
              data: { eventId, status: outcome.status },
              requestId: staff.requestId,
            });
          }
          return outcome;
        });
      }
      // The hot path: one statement, no transaction round trips while the event row is locked.
      if (!p.event.requires_approval && p.boothUnits === null) {
        const mail = p.person.email ? { confirmed: FIRST_MAIL.confirmed, waitlisted: FIRST_MAIL.waitlisted, at: p.now } : null;
        const inserted = await ctx.seats.insert(row.values, mail);
        return {
          result: 'created',
          id: inserted.id,
          eventId,
          status: inserted.status,
          waitlistPosition: inserted.status === 'waitlisted' ? await repo.waitlistPosition(ctx.db, eventId, inserted.seq) : null,
          shortCode: row.shortCode,
          manageToken: row.manageToken,
        };
      }
      return ctx.db.transaction().execute((trx) => seatAndInsert(ctx, trx, p, row));
    },
    (existing) => existing,
  );
}

/**
 * `register` for the API, answering with the bytes to send. With an Idempotency-Key a retry
 * within a day gets the first answer's exact bytes; `render` makes the answer inside the
 * transaction, so what is stored is what was sent.
 */
export async function registerAnswering(
  ctx: RegistrationCtx,
  eventId: string,
  input: RegistrationInput,
  render: (outcome: RegistrationOutcome) => Answer,
  idempotency?: Idempotency,
): Promise<InvalidRegistration | { result: 'answered'; answer: Answer }> {
  if (!idempotency) {
    const result = await register(ctx, eventId, input);
    return result.result === 'invalid' ? result : { result: 'answered', answer: render(result) };
  }
  const p = await prepare(ctx, eventId, input);
  if ('result' in p) return p;
  const scope = `registration:${eventId}`;
  const remember = async (trx: Transaction<Database>, outcome: RegistrationOutcome): Promise<Answer> => {
    const answer = render(outcome);
    await repo.completeIdempotencyKey(trx, scope, idempotency.key, answer.status, sealAnswer(ctx, scope, idempotency.key, answer.body));
    return answer;
  };
  const answer = await withFreshKeys<Answer>(
    ctx,
    p,
    (row) =>
      ctx.db.transaction().execute(async (trx) => {
        const freshSince = new Date(p.now.getTime() - IDEMPOTENCY_REPLAY_HOURS * 3600_000);
        if (!(await repo.claimIdempotencyKey(trx, scope, idempotency.key, idempotency.requestHash, p.now, freshSince))) {
          const first = await repo.findIdempotencyKey(trx, scope, idempotency.key);
          if (!first || first.request_hash !== idempotency.requestHash) throw new AppError('idempotency.key_reused');
          return { status: first.status, body: openAnswer(ctx, scope, idempotency.key, first.body) };
        }
        const existing = await repo.findActiveByPerson(trx, eventId, p.person);
        if (existing) return remember(trx, existingOutcome(existing));
        return remember(trx, await seatAndInsert(ctx, trx, p, row));
      }),
    // The race was lost after the key's claim rolled back: answered, not stored.
    render,
  );
  return { result: 'answered', answer };
}

function existingOutcome(existing: { event_id: string }): RegistrationOutcome {
  return { result: 'already_registered', eventId: existing.event_id };
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
