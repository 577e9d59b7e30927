import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import { recordAudit } from '../audit/audit.repository.js';
import { type Actor, canAccessEvent, hasRole } from '../auth/actor.js';
import type { Database, EventKind } from '../db/schema.js';
import { findByManageTokenOrThrow } from '../registrations/manage.usecases.js';
import type { Clock } from '../shared/clock.js';
import { AppError } from '../shared/errors.js';
import type { AppKeys } from '../shared/keys.js';
import type { Logger } from '../shared/logger.js';
import { inZone } from '../shared/time.js';
import { type CertificateView, certificateView } from './certificates.presenter.js';
import * as repo from './certificates.repository.js';

export interface CertificateCtx {
  db: Kysely<Database>;
  clock: Clock;
  keys: Pick<AppKeys, 'certificates'>;
}

/** The kinds that teach, and so certify: training classes and cleaner-production workshops. */
export const CERTIFICATE_KINDS: readonly EventKind[] = ['training_class', 'cp_workshop'];

/** The series of an event without a programme (a programme's series is its code in capitals). */
export const FALLBACK_SERIES = 'KC';
const FALLBACK_ISSUER = { vi: 'Ban tổ chức chương trình khuyến công', en: 'The industrial extension organisers' };

/**
 * `<SERIES>-<YEAR>-<0001>-<CHECK>`: a series is a programme code in capitals (letters, digits,
 * hyphens); the check is five characters of Crockford's alphabet (no I, L, O, U) from an HMAC of
 * the rest under the app's certificate key, so the next number of a series cannot be guessed.
 */
export const CERTIFICATE_NUMBER = /^[A-Z0-9](?:[A-Z0-9-]{0,78}[A-Z0-9])?-\d{4}-\d{4,9}-[0-9A-HJKMNP-TV-Z]{5}$/;
const CHECK_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const CHECK_LENGTH = 5;

/** The check suffix of a number's `<SERIES>-<YEAR>-<0001>` part: 25 bits of its HMAC. */
function checkOf(key: Uint8Array, base: string): string {
  const bits = createHmac('sha256', key).update(base).digest().readUInt32BE(0);
  let check = '';
  for (let i = 0; i < CHECK_LENGTH; i++) check += CHECK_ALPHABET[(bits >>> (27 - 5 * i)) & 31];
  return check;
}

export const seriesOf = (programmeCode: string | null) => (programmeCode ? programmeCode.toUpperCase() : FALLBACK_SERIES);
export function numberOf(keys: Pick<AppKeys, 'certificates'>, series: string, year: number, n: number): string {
  const base = `${series}-${year}-${String(n).padStart(4, '0')}`;
  return `${base}-${checkOf(keys.certificates, base)}`;
}

/** Whether a number has the shape and its check matches: a forged or mistyped one is not looked up. */
export function isGenuineNumber(keys: Pick<AppKeys, 'certificates'>, number: string): boolean {
  if (!CERTIFICATE_NUMBER.test(number)) return false;
  const base = number.slice(0, -(CHECK_LENGTH + 1));
  return timingSafeEqual(Buffer.from(checkOf(keys.certificates, base)), Buffer.from(number.slice(-CHECK_LENGTH)));
}

/** Whether certificates can be issued for the event now, and if not, why (a value the pages and the API word). */
export type IssueState = 'ready' | 'not_training' | 'too_early' | 'event_cancelled';

function issueState(event: { kind: EventKind; status: string }, lastEnd: Date | null, now: Date): IssueState {
  if (!CERTIFICATE_KINDS.includes(event.kind)) return 'not_training';
  if (event.status === 'cancelled') return 'event_cancelled';
  if (!lastEnd || now < lastEnd || event.status === 'draft') return 'too_early';
  return 'ready';
}

export type IssueOutcome = { result: 'issued'; issued: number; numbers: string[] } | { result: Exclude<IssueState, 'ready'> };

function staffOrThrow(actor: Actor, eventId: string) {
  if (!hasRole(actor, 'organiser') || !canAccessEvent(actor, eventId)) throw new AppError('auth.forbidden');
}

/**
 * Issues a certificate to every learner of the event who completed and holds none. The event's
 * row lock orders two issuings of one event (the button and the automatic loop), and the series'
 * counter row hands out the numbers; each certificate's mail is queued in the same transaction.
 * `actor` null: the automatic issuing after the last session.
 */
export async function issueCertificates(
  ctx: CertificateCtx,
  actor: Actor | null,
  eventId: string,
  requestId?: string,
): Promise<IssueOutcome> {
  if (actor) staffOrThrow(actor, eventId);
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx): Promise<IssueOutcome> => {
    const event = await repo.lockEventForIssuing(trx, eventId);
    if (!event) throw new AppError('event.not_found');
    const span = await repo.sessionSpan(trx, eventId);
    const state = issueState(event, span.lastEnd, now);
    if (state !== 'ready') return { result: state };
    const learners = await repo.completedWithoutCertificate(trx, eventId);
    if (learners.length === 0 || !span.firstStart || !span.lastEnd) return { result: 'issued', issued: 0, numbers: [] };
    const { firstStart, lastEnd } = span;
    const completed = inZone(lastEnd);
    const series = seriesOf(event.programme_code);
    const first = await repo.reserveNumbers(trx, series, completed.year, learners.length);
    const rows = learners.map((l, i) => ({
      number: numberOf(ctx.keys, series, completed.year, first + i),
      registration_id: l.registration_id,
      event_id: eventId,
      full_name: l.full_name,
      event_title: event.title,
      event_title_en: event.title_en,
      starts_on: inZone(firstStart).toFormat('yyyy-MM-dd'),
      completed_on: completed.toFormat('yyyy-MM-dd'),
      issuer: event.programme_name ?? FALLBACK_ISSUER.vi,
      issuer_en: event.programme_name_en ?? FALLBACK_ISSUER.en,
      issued_at: now,
      issued_by_user_id: actor?.kind === 'user' ? actor.userId : null,
    }));
    await repo.insertCertificates(trx, rows);
    await repo.queueIssuedMail(
      trx,
      learners.filter((l) => l.email !== null).map((l) => l.registration_id),
      event.version,
      now,
    );
    const numbers = rows.map((r) => r.number);
    await recordAudit(trx, {
      actor,
      action: 'certificate.issue',
      entity: 'event',
      entityId: eventId,
      data: { count: numbers.length, first: numbers[0], last: numbers.at(-1), automatic: actor === null },
      requestId,
    });
    return { result: 'issued', issued: numbers.length, numbers };
  });
}

/**
 * The automatic issuing, run by the mail dispatcher's loop beside the reminders (Node and the
 * Worker's Cron Trigger alike): every event that asks for it and is due. Returns how many were issued.
 * One event that fails is logged with its id and tried again on the next beat; the others go on.
 */
export async function issueDueCertificates(ctx: CertificateCtx, log: Pick<Logger, 'error'>): Promise<number> {
  let issued = 0;
  for (const eventId of await repo.eventsDueForAutomaticIssue(ctx.db, ctx.clock.now(), CERTIFICATE_KINDS)) {
    try {
      const done = await issueCertificates(ctx, null, eventId);
      if (done.result === 'issued') issued += done.issued;
    } catch (err) {
      log.error('automatic certificate issuing failed for an event', { err, eventId });
    }
  }
  return issued;
}

export interface EventCertificates {
  state: IssueState;
  lastEndsAt: Date | null;
  /** How many would get one if issued now. */
  due: number;
  certificates: CertificateView[];
}

/** The organiser's page: the event's certificates, and who the issue button would reach. */
export async function certificatesForStaff(ctx: CertificateCtx, actor: Actor, eventId: string): Promise<EventCertificates> {
  staffOrThrow(actor, eventId);
  const event = await repo.findEventKind(ctx.db, eventId);
  if (!event) throw new AppError('event.not_found');
  const span = await repo.sessionSpan(ctx.db, event.id);
  const state = issueState(event, span.lastEnd, ctx.clock.now());
  const [rows, due] = await Promise.all([
    repo.listOfEvent(ctx.db, event.id),
    CERTIFICATE_KINDS.includes(event.kind) ? repo.completedWithoutCertificate(ctx.db, event.id) : Promise.resolve([]),
  ]);
  return { state, lastEndsAt: span.lastEnd, due: due.length, certificates: rows.map(certificateView) };
}

/** One certificate of an event, for its organisers (the printable page). */
export async function certificateForStaff(ctx: CertificateCtx, actor: Actor, eventId: string, certificateId: string) {
  staffOrThrow(actor, eventId);
  const row = await repo.findById(ctx.db, certificateId);
  if (!row || row.event_id !== eventId) throw new AppError('certificate.not_found');
  return certificateView(row);
}

export type RevokeOutcome = { result: 'revoked'; certificate: CertificateView } | { result: 'already_revoked' };

/** Revokes a live certificate, with the reason; audited with before and after. */
export async function revokeCertificate(
  ctx: CertificateCtx,
  actor: Actor,
  eventId: string,
  certificateId: string,
  reason: string,
  requestId?: string,
): Promise<RevokeOutcome> {
  staffOrThrow(actor, eventId);
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx): Promise<RevokeOutcome> => {
    const row = await repo.lockCertificate(trx, certificateId);
    if (!row || row.event_id !== eventId) throw new AppError('certificate.not_found');
    if (row.revoked_at) return { result: 'already_revoked' };
    await repo.markRevoked(
      trx,
      row.id,
      now,
      { userId: actor.kind === 'user' ? actor.userId : null, tokenId: actor.kind === 'token' ? actor.tokenId : null },
      reason,
    );
    await recordAudit(trx, {
      actor,
      action: 'certificate.revoke',
      entity: 'registration',
      entityId: row.registration_id,
      data: {
        eventId,
        number: row.number,
        changes: { revoked: { before: false, after: true }, revokeReason: { before: null, after: reason } },
      },
      requestId,
    });
    return { result: 'revoked', certificate: certificateView({ ...row, revoked_at: now, revoke_reason: reason }) };
  });
}

/** Anyone checking a number: the certificate, revoked or not, or null for a number that names none. */
export async function verifyCertificate(ctx: Pick<CertificateCtx, 'db' | 'keys'>, number: string): Promise<CertificateView | null> {
  if (!isGenuineNumber(ctx.keys, number)) return null;
  const row = await repo.findByNumber(ctx.db, number);
  return row ? certificateView(row) : null;
}

export type HolderOutcome =
  | { result: 'issued'; certificate: CertificateView }
  | { result: 'revoked'; number: string }
  | { result: 'not_training' | 'not_completed' | 'not_issued' };

/** The manage link's certificate: issued, revoked, not earned, or earned and not yet issued. */
export async function certificateOfHolder(ctx: Pick<CertificateCtx, 'db'>, manageToken: string): Promise<HolderOutcome> {
  const reg = await findByManageTokenOrThrow(ctx, manageToken);
  const row = await repo.latestOfRegistration(ctx.db, reg.id);
  if (row && !row.revoked_at) return { result: 'issued', certificate: certificateView(row) };
  if (row) return { result: 'revoked', number: row.number };
  const event = await repo.findEventKind(ctx.db, reg.event_id);
  if (!event || !CERTIFICATE_KINDS.includes(event.kind)) return { result: 'not_training' };
  return (await repo.registrationCompleted(ctx.db, reg.event_id, reg.id)) ? { result: 'not_issued' } : { result: 'not_completed' };
}

/** A registration's live certificate number, or null: for the manage page's link and the mail. */
export async function liveCertificateNumber(ctx: Pick<CertificateCtx, 'db'>, registrationId: string): Promise<string | null> {
  const row = await repo.latestOfRegistration(ctx.db, registrationId);
  return row && !row.revoked_at ? row.number : null;
}
