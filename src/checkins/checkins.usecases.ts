import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { recordAudit } from '../audit/audit.repository.js';
import { type Actor, canAccessEvent, hasRole } from '../auth/actor.js';
import type { CheckinResult, Database } from '../db/schema.js';
import { getEventForStaffOrThrow, listEventsForStaff } from '../events/events.usecases.js';
import type { Clock } from '../shared/clock.js';
import { AppError } from '../shared/errors.js';
import type { AppKeys } from '../shared/keys.js';
import { doorOpensAt } from '../shared/time.js';
import { normalizeShortCode, signTicket, verifyTicket } from '../tickets/ticket-token.js';
import {
  type AttendancePageQuery,
  type AttendancePageView,
  type AttendanceReport,
  toAttendancePage,
  toAttendanceReport,
} from './attendance.presenter.js';
import * as attendance from './attendance.repository.js';
import * as repo from './checkins.repository.js';
import type { ScanBatcher } from './scan-batches.js';
import { type SignInSheetView, toSignInSheet } from './sign-in-sheet.presenter.js';

export interface CheckinCtx {
  db: Kysely<Database>;
  clock: Clock;
  keys: AppKeys;
  /** How long before a session starts its door opens. */
  opensMinutes: number;
  /** Test-only race control (config UNSAFE_RACY_CHECKINS). */
  racyCheckins?: boolean;
  /** Groups concurrent online scans into one statement (one per app instance). */
  scans?: ScanBatcher;
}

export interface ScanInput {
  code: string;
  eventId: string;
  sessionId?: string | undefined;
  deviceId: string;
  nonce: string;
  scannedAt?: string | undefined;
}

export interface CheckinAnswer {
  result: CheckinResult;
  attendee?: { name: string; facility?: string };
  /** The ticket's event: the one scanned for, or the other one of a `wrong_event`. */
  event?: { id: string; title: string };
  firstCheckedInAt?: Date;
  sessionId?: string;
}

/** Door staff may scan only for the events they were given. */
export function assertMayScan(actor: Actor | null, eventId: string): asserts actor is Actor {
  if (!actor) throw new AppError('auth.unauthenticated');
  if (!hasRole(actor, 'scanner') || !canAccessEvent(actor, eventId)) throw new AppError('auth.forbidden');
}

/** When the door scanned: the device's time if it gives one (offline), else now. */
export function scanTimeOrThrow(receivedAt: Date, given: string | undefined): Date {
  const scannedAt = given ? new Date(given) : receivedAt;
  // A device clock may drift a little; a scan from the future or from last month is an error.
  if (scannedAt.getTime() > receivedAt.getTime() + 10 * 60_000 || scannedAt.getTime() < receivedAt.getTime() - 30 * 86_400_000) {
    throw new AppError('validation.failed', undefined, {
      fields: [
        {
          field: 'scannedAt',
          code: 'out_of_range',
          message: 'Giờ quét không hợp lệ (đồng hồ thiết bị sai?) / Scan time out of range (device clock?)',
        },
      ],
    });
  }
  return scannedAt;
}

type Code = { kind: 'qr'; ticketId: string } | { kind: 'short_code'; shortCode: string } | { kind: 'unknown' };

/** A QR token is verified by its signature before any lookup: a forgery costs no query. */
function readCode(ctx: CheckinCtx, raw: string): Code {
  const code = raw.trim();
  if (code.includes('.')) {
    const verified = verifyTicket(ctx.keys.tickets, code);
    return verified.ok ? { kind: 'qr', ticketId: verified.ticketId } : { kind: 'unknown' };
  }
  const shortCode = normalizeShortCode(code);
  return shortCode ? { kind: 'short_code', shortCode } : { kind: 'unknown' };
}

/**
 * One scan at the door. Every scan is logged, refused ones too; the same (device, nonce)
 * again returns the first answer and writes nothing. Exactly one `ok` per registration and
 * session, whatever the concurrency, because the attendance primary key decides. The ticket's
 * signature is checked here first; the rest is one statement (the door's answer must be fast).
 */
export async function checkIn(
  ctx: CheckinCtx,
  actor: Actor,
  input: ScanInput,
  offline?: { offlineResult: CheckinResult | null },
): Promise<CheckinAnswer> {
  assertMayScan(actor, input.eventId);
  const receivedAt = ctx.clock.now();
  const scannedAt = scanTimeOrThrow(receivedAt, input.scannedAt);
  const code = readCode(ctx, input.code);
  const record: repo.ScanRecord = {
    eventId: input.eventId,
    sessionId: input.sessionId ?? null,
    opensMinutes: ctx.opensMinutes,
    ticketId: code.kind === 'qr' ? code.ticketId : null,
    shortCode: code.kind === 'short_code' ? code.shortCode : null,
    codeKind: code.kind,
    deviceId: input.deviceId,
    nonce: input.nonce,
    actorUserId: actor.kind === 'user' ? actor.userId : null,
    actorTokenId: actor.kind === 'token' ? actor.tokenId : null,
    scannedAt,
    receivedAt,
    offline: offline !== undefined,
    offlineResult: offline?.offlineResult ?? null,
    method: code.kind === 'short_code' ? 'short_code' : 'qr',
  };
  const scan =
    ctx.scans && !record.offline ? await ctx.scans.record(record) : await repo.recordScan(ctx.db, record, { racy: ctx.racyCheckins });
  if (!scan.sessionKnown) {
    throw new AppError('validation.failed', undefined, {
      fields: [{ field: 'sessionId', code: 'unknown_session', message: 'Buổi này không thuộc sự kiện / No such session in this event' }],
    });
  }
  if (!scan.result) return replay(ctx, actor, input);
  // Two scans of one ticket at the same moment: the loser's statement could not see the
  // winner's row yet (it committed after the loser began), so its time is read afterwards.
  if (scan.result === 'already_checked_in' && !scan.firstAt && scan.registrationId && scan.sessionId) {
    scan.firstAt = await repo.findFirstCheckin(ctx.db, scan.registrationId, scan.sessionId);
  }
  const answer: CheckinAnswer = { result: scan.result };
  if (scan.fullName && namesAttendee(scan.result)) {
    answer.attendee = { name: scan.fullName, ...(scan.facilityName && { facility: scan.facilityName }) };
  }
  if (scan.event && scan.result !== 'unknown') answer.event = scan.event;
  if (scan.firstAt) answer.firstCheckedInAt = scan.firstAt;
  if (scan.sessionId) answer.sessionId = scan.sessionId;
  return answer;
}

/**
 * Whether the door is told who holds the ticket: not for a forgery, and not for another event's
 * ticket, whose registrants door staff of this event were never given (its title is enough).
 */
function namesAttendee(result: CheckinResult): boolean {
  return result !== 'unknown' && result !== 'wrong_event';
}

/**
 * The first answer to a (device, nonce) seen before, for the one who made that scan. The device
 * id and nonce are only what a client says, so anyone else sending them (another device's
 * token, another event) would read someone else's attendee and time: they get 409 and nothing
 * of it. The scan cannot be recorded for them either: the key is taken.
 */
async function replay(ctx: CheckinCtx, actor: Actor, input: ScanInput): Promise<CheckinAnswer> {
  const first = await repo.findScanByNonce(ctx.db, input.deviceId, input.nonce);
  if (!first) throw new AppError('internal', 'nonce seen but no scan stored');
  const sameScanner = actor.kind === 'user' ? first.actor_user_id === actor.userId : first.actor_token_id === actor.tokenId;
  if (!sameScanner || first.event_id !== input.eventId) throw new AppError('checkin.nonce_reused');
  const answer: CheckinAnswer = { result: first.result };
  if (first.full_name && namesAttendee(first.result)) {
    answer.attendee = { name: first.full_name, ...(first.facility_name && { facility: first.facility_name }) };
  }
  if (first.ticket_event_id && first.ticket_event_title && first.result !== 'unknown')
    answer.event = { id: first.ticket_event_id, title: first.ticket_event_title };
  if (first.checked_in_at && (first.result === 'ok' || first.result === 'already_checked_in'))
    answer.firstCheckedInAt = first.checked_in_at;
  if (first.session_id) answer.sessionId = first.session_id;
  return answer;
}

/** Scans queued offline, uploaded when the network is back; each keeps its device time. */
export async function checkInBatch(
  ctx: CheckinCtx,
  actor: Actor,
  scans: (ScanInput & { offlineResult?: CheckinResult | undefined })[],
): Promise<(CheckinAnswer & { nonce: string })[]> {
  for (const scan of scans) assertMayScan(actor, scan.eventId);
  const answers: (CheckinAnswer & { nonce: string })[] = [];
  // In order: the device's queue order is the order the door saw.
  for (const scan of scans) {
    const answer = await checkIn(ctx, actor, scan, { offlineResult: scan.offlineResult ?? null });
    answers.push({ nonce: scan.nonce, ...answer });
  }
  return answers;
}

/** SHA-256 of a QR token as the device computes it over the scanned text. */
export function tokenDigest(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** The offline list for a door device: enough to answer, nothing more. */
export async function checkinList(ctx: CheckinCtx, actor: Actor, eventId: string) {
  assertMayScan(actor, eventId);
  const rows = await attendance.checkinListRows(ctx.db, eventId);
  return rows.map((r) => ({
    registrationId: r.id,
    name: r.full_name,
    facility: r.facility_name,
    status: r.status,
    shortCode: r.short_code,
    // One digest per signing key: a ticket issued before a key rotation still matches offline.
    tokenSha256: Object.keys(ctx.keys.tickets.keys).map((kid) =>
      tokenDigest(signTicket({ ...ctx.keys.tickets, current: kid }, r.ticket_id)),
    ),
    presentSessions: r.present_sessions ?? [],
  }));
}

/** Why an organiser's mark was not made: the page says so, the API answers with it as an error. */
export type MarkRefusal = 'attendance.session_not_open' | 'attendance.already_present' | 'registration.invalid_transition';

export type MarkOutcome =
  | { result: 'changed' | 'unchanged' }
  | { result: 'refused'; code: MarkRefusal; details?: Record<string, unknown> | undefined };

/**
 * An organiser records presence for someone without their ticket, or an excused absence.
 * Presence is never turned back into an excuse. A mark the rules refuse is an outcome, not
 * an error: nothing is written.
 */
export async function markByOrganiser(
  ctx: CheckinCtx,
  actor: Actor,
  eventId: string,
  input: { registrationId: string; sessionId: string; status: 'present' | 'excused' | 'absent'; note?: string | undefined },
  requestId?: string,
): Promise<MarkOutcome> {
  if (!hasRole(actor, 'organiser') || !canAccessEvent(actor, eventId)) throw new AppError('auth.forbidden');
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx): Promise<MarkOutcome> => {
    const { reg, session } = await attendance.lockRegistrationAndSession(trx, input.registrationId, input.sessionId);
    if (!reg || reg.event_id !== eventId) throw new AppError('registration.not_found');
    if (!session || session.event_id !== eventId) {
      throw new AppError('validation.failed', undefined, {
        fields: [{ field: 'sessionId', code: 'unknown_session', message: 'Buổi này không thuộc sự kiện / No such session in this event' }],
      });
    }
    if (input.status !== 'absent') {
      if (reg.status !== 'confirmed')
        return { result: 'refused', code: 'registration.invalid_transition', details: { status: reg.status } };
      // Nobody is present before the door opens; an absence may be excused ahead of time.
      if (input.status === 'present' && now < doorOpensAt(session.starts_at, ctx.opensMinutes))
        return { result: 'refused', code: 'attendance.session_not_open' };
    }
    const before = await repo.lockMark(trx, input.registrationId, input.sessionId);
    if (before === (input.status === 'absent' ? undefined : input.status)) return { result: 'unchanged' }; // already so: nothing to record
    if (input.status === 'excused' && before === 'present') return { result: 'refused', code: 'attendance.already_present' };
    if (input.status === 'absent') await repo.clearMark(trx, input.registrationId, input.sessionId);
    else {
      const written = await repo.markAttendance(trx, {
        registrationId: input.registrationId,
        sessionId: input.sessionId,
        eventId,
        status: input.status,
        at: now,
        actorUserId: actor.kind === 'user' ? actor.userId : null,
        actorTokenId: actor.kind === 'token' ? actor.tokenId : null,
        note: input.note ?? null,
      });
      // A scan at the door made them present between the look and the write.
      if (!written) return input.status === 'excused' ? { result: 'refused', code: 'attendance.already_present' } : { result: 'unchanged' };
    }
    await recordAudit(trx, {
      actor,
      action: input.status === 'absent' ? 'attendance.clear' : 'attendance.mark',
      entity: 'registration',
      entityId: input.registrationId,
      data: {
        sessionId: input.sessionId,
        before: before ?? null,
        after: input.status === 'absent' ? null : input.status,
        ...(input.note && { note: input.note }),
      },
      requestId,
    });
    return { result: 'changed' };
  });
}

/** An organiser has looked at an offline conflict: it leaves the list to review (kept, and audited once). */
export async function reviewConflict(ctx: CheckinCtx, actor: Actor, eventId: string, scanId: number, requestId?: string): Promise<void> {
  if (!hasRole(actor, 'organiser') || !canAccessEvent(actor, eventId)) throw new AppError('auth.forbidden');
  await ctx.db.transaction().execute(async (trx) => {
    const outcome = await attendance.markConflictReviewed(trx, eventId, scanId, ctx.clock.now());
    if (outcome === 'none') throw new AppError('conflict.not_found');
    // Looked at twice (a second click, two organisers at once): done already, nothing to add.
    if (outcome === 'already') return;
    await recordAudit(trx, { actor, action: 'scan.review', entity: 'scan', entityId: String(scanId), data: { eventId }, requestId });
  });
}

/** Attendance per session and per registration, with the completion rule applied. */
export async function attendanceReport(ctx: CheckinCtx, actor: Actor, eventId: string): Promise<AttendanceReport> {
  if (!hasRole(actor, 'organiser') || !canAccessEvent(actor, eventId)) throw new AppError('auth.forbidden');
  const [sessions, registrations, conflicts, marks] = await Promise.all([
    attendance.sessionAttendance(ctx.db, eventId),
    attendance.registrationAttendance(ctx.db, eventId),
    attendance.listConflicts(ctx.db, eventId),
    attendance.listMarks(ctx.db, eventId),
  ]);
  return toAttendanceReport({ sessions, registrations, conflicts, marks });
}

/** The organisers' attendance page of an event: its report, searched, and what the last mark did. */
export async function attendancePage(
  ctx: CheckinCtx,
  actor: Actor,
  eventId: string,
  query: AttendancePageQuery,
): Promise<AttendancePageView> {
  const event = await getEventForStaffOrThrow(ctx, actor, eventId);
  const report = await attendanceReport(ctx, actor, event.id);
  return toAttendancePage(event, report, query, { now: ctx.clock.now(), opensMinutes: ctx.opensMinutes });
}

export async function searchAtDoor(ctx: CheckinCtx, actor: Actor, eventId: string, q: string) {
  assertMayScan(actor, eventId);
  return attendance.searchForCheckin(ctx.db, eventId, q);
}

export async function eventsToScan(ctx: Pick<CheckinCtx, 'db' | 'clock'>, actor: Actor) {
  const now = ctx.clock.now();
  const events = await listEventsForStaff(ctx, actor);
  return events
    .filter((e) => e.status === 'published' && (!e.endsAt || e.endsAt > new Date(now.getTime() - 86_400_000)))
    .sort((a, b) => (a.startsAt?.getTime() ?? 0) - (b.startsAt?.getTime() ?? 0));
}

/**
 * The printed sign-in sheet of one session (danh sách ký nhận): every confirmed registration of
 * the event with the session's mark, present (with the first check-in time) or excused.
 */
export async function signInSheet(
  ctx: Pick<CheckinCtx, 'db' | 'clock'>,
  actor: Actor,
  eventId: string,
  sessionId: string,
): Promise<SignInSheetView> {
  if (!hasRole(actor, 'organiser')) throw new AppError('auth.forbidden');
  const event = await getEventForStaffOrThrow(ctx, actor, eventId);
  const sessions = event.sessions ?? [];
  const index = sessions.findIndex((s) => s.id === sessionId);
  const session = sessions[index];
  if (!session) throw new AppError('session.not_found');
  const rows = await attendance.signInSheetRows(ctx.db, eventId, sessionId);
  return toSignInSheet(event, { session, number: index + 1, count: sessions.length }, rows);
}
