import { recordAudit } from '../audit/audit.repository.js';
import { type Actor, canAccessEvent, hasRole } from '../auth/actor.js';
import { isUniqueViolation } from '../db/errors.js';
import type { RegistrationStatus } from '../db/schema.js';
import * as events from '../events/events.repository.js';
import { queueForRegistrations } from '../mail/outbox.repository.js';
import { AppError, type FieldIssue } from '../shared/errors.js';
import { personKey } from '../shared/keys.js';
import { inZone } from '../shared/time.js';
import { facilityRecord } from './facility-record.js';
import * as repo from './registrations.repository.js';
import type { RegistrationInput } from './registrations.schemas.js';
import { checkAnswers, type RegisterResult, type RegistrationCtx, register } from './registrations.usecases.js';
import * as ops from './staff-operations.repository.js';
import type { CorrectionInput } from './staff-operations.schemas.js';

/** What the audit log records of a correction: each field that changed, before and after. */
export type FieldChanges = Record<string, { before: unknown; after: unknown }>;

/** A registration of this event (or of its own, `eventId` null) that this organiser may manage; 403/404 otherwise. */
async function registrationForStaffOrThrow(ctx: Pick<RegistrationCtx, 'db'>, actor: Actor, eventId: string | null, id: string) {
  if (!hasRole(actor, 'organiser')) throw new AppError('auth.forbidden');
  const reg = await repo.findRegistrationForStaff(ctx.db, id);
  if (!reg || (eventId !== null && reg.event_id !== eventId)) throw new AppError('registration.not_found');
  if (!canAccessEvent(actor, reg.event_id)) throw new AppError('auth.forbidden');
  return reg;
}

export type PromoteOutcome =
  | { result: 'promoted'; id: string; eventId: string; overCapacity: boolean; capacity: number; confirmed: number }
  /** The event is full: moving up needs the organiser to say "over capacity" first. Nothing changed. */
  | { result: 'over_capacity'; id: string; eventId: string; capacity: number; confirmed: number }
  | { result: 'invalid_transition'; status: RegistrationStatus };

/**
 * An organiser moves someone up from the waiting list, out of turn. With a free seat it is
 * taken as any promotion takes one; with none, only when `overCapacity` says the organiser was
 * told the event will be over capacity. Told by mail like an automatic promotion; audited.
 */
export async function promoteByStaff(
  ctx: RegistrationCtx,
  actor: Actor,
  eventId: string | null,
  id: string,
  options: { overCapacity: boolean },
  requestId?: string,
): Promise<PromoteOutcome> {
  await registrationForStaffOrThrow(ctx, actor, eventId, id);
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx): Promise<PromoteOutcome> => {
    const reg = await repo.lockRegistration(trx, { id });
    if (!reg) throw new AppError('registration.not_found');
    if (reg.status !== 'waitlisted') return { result: 'invalid_transition', status: reg.status };
    let overCapacity = false;
    if (!(await repo.takeSeat(trx, reg.event_id))) {
      const counts = await ops.seatCounts(trx, reg.event_id);
      if (!options.overCapacity)
        return { result: 'over_capacity', id, eventId: reg.event_id, capacity: counts.capacity, confirmed: counts.confirmed_count };
      await ops.forceSeat(trx, reg.event_id);
      overCapacity = true;
    }
    await repo.setStatus(trx, id, 'confirmed', now);
    await queueForRegistrations(trx, [id], 'promoted', now);
    const counts = await ops.seatCounts(trx, reg.event_id);
    await recordAudit(trx, {
      actor,
      action: 'registration.promote',
      entity: 'registration',
      entityId: id,
      data: {
        eventId: reg.event_id,
        before: 'waitlisted',
        after: 'confirmed',
        overCapacity,
        capacity: counts.capacity,
        confirmed: counts.confirmed_count,
      },
      requestId,
    });
    return { result: 'promoted', id, eventId: reg.event_id, overCapacity, capacity: counts.capacity, confirmed: counts.confirmed_count };
  });
}

export type ResendTicketOutcome =
  | { result: 'queued'; id: string; eventId: string; email: string }
  | { result: 'no_email'; id: string; eventId: string }
  | { result: 'invalid_transition'; status: RegistrationStatus };

/**
 * An organiser sends a registrant's ticket and manage link again (lost the first email), through
 * the outbox, to the email on file only. A registration without email gets nothing: its holder is
 * given the code in person or a new link by SMS (reissue). Audited.
 */
export async function resendTicketByStaff(
  ctx: RegistrationCtx,
  actor: Actor,
  eventId: string | null,
  id: string,
  requestId?: string,
): Promise<ResendTicketOutcome> {
  await registrationForStaffOrThrow(ctx, actor, eventId, id);
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx): Promise<ResendTicketOutcome> => {
    const reg = await repo.lockRegistration(trx, { id });
    if (!reg) throw new AppError('registration.not_found');
    if (!repo.ACTIVE.includes(reg.status) || reg.anonymised_at) return { result: 'invalid_transition', status: reg.status };
    if (!reg.email) return { result: 'no_email', id, eventId: reg.event_id };
    await queueForRegistrations(trx, [id], 'ticket_resent', now);
    await recordAudit(trx, {
      actor,
      action: 'registration.resend_ticket',
      entity: 'registration',
      entityId: id,
      data: { eventId: reg.event_id, status: reg.status },
      requestId,
    });
    return { result: 'queued', id, eventId: reg.event_id, email: reg.email };
  });
}

/** An organiser registers someone on their behalf (by phone, on paper): the public use case, audited as staff-added. */
export async function addOnBehalf(
  ctx: RegistrationCtx,
  actor: Actor,
  eventId: string,
  input: RegistrationInput,
  requestId?: string,
): Promise<RegisterResult> {
  if (!hasRole(actor, 'organiser')) throw new AppError('auth.forbidden');
  if (!canAccessEvent(actor, eventId)) throw new AppError('auth.forbidden');
  return register(ctx, eventId, input, { actor, requestId });
}

export type CorrectionOutcome =
  | { result: 'corrected'; id: string; eventId: string; changes: FieldChanges }
  | { result: 'unchanged'; id: string; eventId: string }
  | { result: 'invalid'; issues: FieldIssue[] };

const TAKEN = [
  ['phone', 'phone', 'Số điện thoại này đã có một đăng ký khác của sự kiện / Another registration of this event has this phone'],
  ['email', 'email', 'Email này đã có một đăng ký khác của sự kiện / Another registration of this event has this email'],
] as const;

type Locked = NonNullable<Awaited<ReturnType<typeof ops.lockDetails>>>;
type Answers = Record<string, string | number | boolean>;

/**
 * An organiser corrects a registrant's details (a misspelt name, a wrong digit). The ticket,
 * the manage link and the seat stay. A phone or email another live registration of the event
 * holds is refused. Audited with each changed field before and after.
 */
export async function correctDetails(
  ctx: RegistrationCtx,
  actor: Actor,
  eventId: string | null,
  id: string,
  input: CorrectionInput,
  requestId?: string,
): Promise<CorrectionOutcome> {
  const found = await registrationForStaffOrThrow(ctx, actor, eventId, id);
  const event = await events.findEventForRegistration(ctx.db, found.event_id);
  if (!event) throw new AppError('event.not_found');
  const now = ctx.clock.now();
  try {
    return await ctx.db.transaction().execute(async (trx): Promise<CorrectionOutcome> => {
      const reg = await ops.lockDetails(trx, id);
      if (!reg) throw new AppError('registration.not_found');
      if (reg.anonymised_at) throw new AppError('registration.invalid_transition', undefined, { status: reg.status });
      const issues: FieldIssue[] = [];
      const next = {
        full_name: input.fullName ?? reg.full_name,
        phone: input.phone ?? reg.phone,
        email: input.email === undefined ? reg.email : input.email,
        gender: input.gender === undefined ? reg.gender : input.gender,
        birth_year: input.birthYear === undefined ? reg.birth_year : input.birthYear,
        district: input.district === undefined ? reg.district : input.district,
      };
      const thisYear = inZone(now).year;
      if (next.birth_year !== null && next.birth_year > thisYear)
        issues.push({ field: 'birthYear', code: 'too_big', message: `Lớn quá: tối đa ${thisYear} / Too large: at most ${thisYear}` });
      if (event.email_required && !next.email)
        issues.push({
          field: 'email',
          code: 'required',
          message: 'Sự kiện này cần email để gửi vé / This event needs an email for the ticket',
        });
      const merged: Answers = { ...reg.answers };
      for (const [key, value] of Object.entries(input.answers ?? {})) {
        if (value === '') delete merged[key];
        else merged[key] = value;
      }
      const answers = checkAnswers(event.questions, merged, issues);
      const facility = await nextFacility(trx, reg, input.facility, next.district, now, issues);
      if (issues.length) return { result: 'invalid', issues };

      const changes: FieldChanges = {};
      const note = (field: string, before: unknown, after: unknown) => {
        if (JSON.stringify(before ?? null) !== JSON.stringify(after ?? null))
          changes[field] = { before: before ?? null, after: after ?? null };
      };
      note('fullName', reg.full_name, next.full_name);
      note('phone', reg.phone, next.phone);
      note('email', reg.email, next.email);
      note('gender', reg.gender, next.gender);
      note('birthYear', reg.birth_year, next.birth_year);
      note('district', reg.district, next.district);
      note('facility', reg.facility_name, facility.name);
      for (const q of event.questions) note(`answers.${q.label}`, reg.answers[q.id], answers[q.id]);
      if (Object.keys(changes).length === 0) return { result: 'unchanged', id, eventId: reg.event_id };

      const identifier = next.phone ?? next.email ?? reg.id_number;
      await ops.updateDetails(trx, id, {
        ...next,
        facility_id: facility.id,
        answers: JSON.stringify(answers),
        person_key: identifier ? personKey(ctx.keys, identifier) : reg.person_key,
        updated_at: now,
      });
      await recordAudit(trx, {
        actor,
        action: 'registration.correct',
        entity: 'registration',
        entityId: id,
        data: { eventId: reg.event_id, changes },
        requestId,
      });
      return { result: 'corrected', id, eventId: reg.event_id, changes };
    });
  } catch (err) {
    for (const [column, field, message] of TAKEN) {
      if (isUniqueViolation(err, `registrations_one_per_${column}`))
        return { result: 'invalid', issues: [{ field, code: 'taken', message }] };
    }
    throw err;
  }
}

/** The facility after the correction: the same, none, or another one from the registry (made if new). */
async function nextFacility(
  trx: Parameters<typeof ops.lockDetails>[0],
  reg: Locked,
  given: CorrectionInput['facility'],
  personDistrict: string | null,
  now: Date,
  issues: FieldIssue[],
): Promise<{ id: string | null; name: string | null }> {
  if (given === undefined) return { id: reg.facility_id, name: reg.facility_name };
  if (given === null) return { id: null, name: null };
  const district = given.district ?? (reg.facility_name === given.name ? reg.facility_district : null) ?? personDistrict;
  if (!district) {
    issues.push({
      field: 'facility.district',
      code: 'required',
      message: 'Cần quận/huyện của cơ sở / The facility’s district is needed',
    });
    return { id: reg.facility_id, name: reg.facility_name };
  }
  const taxCode = given.taxCode ?? (reg.facility_name === given.name ? reg.facility_tax_code : null);
  if (reg.facility_id && reg.facility_name === given.name && reg.facility_district === district && reg.facility_tax_code === taxCode)
    return { id: reg.facility_id, name: reg.facility_name };
  const id = await repo.upsertFacility(trx, facilityRecord({ name: given.name, district, taxCode }), now);
  return { id, name: given.name };
}

/** A registration's details as the correction form starts from them. */
export interface RegistrationDetailsView {
  id: string;
  eventId: string;
  status: RegistrationStatus;
  fullName: string;
  phone: string | null;
  email: string | null;
  gender: string | null;
  birthYear: number | null;
  district: string | null;
  facility: { name: string; taxCode: string | null; district: string | null } | null;
  answers: Answers;
  anonymised: boolean;
}

/** One registration of this event, for the organiser who corrects it; 403/404 as for every staff operation. */
export async function findDetailsForStaff(
  ctx: Pick<RegistrationCtx, 'db'>,
  actor: Actor,
  eventId: string,
  id: string,
): Promise<RegistrationDetailsView> {
  await registrationForStaffOrThrow(ctx, actor, eventId, id);
  const r = await ops.findDetails(ctx.db, id);
  if (!r) throw new AppError('registration.not_found');
  return {
    id: r.id,
    eventId: r.event_id,
    status: r.status,
    fullName: r.full_name,
    phone: r.phone,
    email: r.email,
    gender: r.gender,
    birthYear: r.birth_year,
    district: r.district,
    facility: r.facility_name ? { name: r.facility_name, taxCode: r.facility_tax_code, district: r.facility_district } : null,
    answers: r.answers,
    anonymised: r.anonymised_at !== null,
  };
}

/** Who a staff operation is about, with the seats of the event, for the page that asks before moving up past capacity. */
export async function promotionSubject(ctx: Pick<RegistrationCtx, 'db'>, actor: Actor, eventId: string, id: string) {
  const reg = await registrationForStaffOrThrow(ctx, actor, eventId, id);
  const counts = await ops.seatCounts(ctx.db, reg.event_id);
  return { id: reg.id, fullName: reg.full_name, status: reg.status, capacity: counts.capacity, confirmed: counts.confirmed_count };
}
export type PromotionSubject = Awaited<ReturnType<typeof promotionSubject>>;
