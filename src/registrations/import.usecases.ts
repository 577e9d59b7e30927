import { recordAudit } from '../audit/audit.repository.js';
import { type Actor, canAccessEvent, hasRole } from '../auth/actor.js';
import { isUniqueViolation } from '../db/errors.js';
import type { MailKind, NewRegistration, RegistrationStatus } from '../db/schema.js';
import * as events from '../events/events.repository.js';
import { sealManageToken } from '../mail/manage-link.js';
import { AppError, type FieldIssue } from '../shared/errors.js';
import { personKey } from '../shared/keys.js';
import { inZone } from '../shared/time.js';
import { hashToken, randomToken } from '../shared/tokens.js';
import { newShortCode, newTicketId } from '../tickets/ticket-token.js';
import { facilityRecord } from './facility-record.js';
import * as importRepo from './import.repository.js';
import { type ImportKind, MAX_IMPORT_ROWS, type ReadResult, readImportFile } from './import-file.js';
import { type CheckedRow, checkRow, type ImportPerson, identityKeys, nameIdentity } from './import-rows.js';
import * as repo from './registrations.repository.js';
import { CONSENT_VERSION } from './registrations.schemas.js';
import type { RegistrationCtx } from './registrations.usecases.js';

/** One row's verdict, as SPEC §10 names it; `registration` once a commit created it. */
export interface ImportRowView {
  row: number;
  status: 'new' | 'duplicate' | 'invalid';
  errors?: string[];
  fullName: string | null;
  registration?: { id: string; status: RegistrationStatus };
}

export interface ImportSummary {
  new: number;
  duplicate: number;
  invalid: number;
}

export type ImportOutcome =
  | { result: 'checked' | 'imported'; rows: ImportRowView[]; summary: ImportSummary }
  | { result: 'unreadable'; issues: FieldIssue[] };

/**
 * Consent recorded for an imported person: the list's sender (commune, district) collected it,
 * the organiser imported it. Its own version, so imported consent is never mistaken for a ticked box.
 */
export const IMPORT_CONSENT_VERSION = `${CONSENT_VERSION}+import`;

const FILE_PROBLEMS: Record<Exclude<ReadResult, { ok: true }>['problem'], string> = {
  unreadable: 'Không đọc được tệp: cần CSV hoặc Excel (.xlsx) / The file cannot be read: it must be CSV or Excel (.xlsx)',
  empty: 'Tệp không có dòng nào dưới dòng tiêu đề / The file has no rows under its header',
  no_header:
    'Dòng đầu phải là tiêu đề cột (Họ và tên, Số điện thoại…): tải mẫu về để xem / The first row must name the columns (fullName, phone…): see the template',
  no_name_column: 'Thiếu cột "Họ và tên" / The "fullName" column is missing',
  too_many_rows: `Tệp có hơn ${MAX_IMPORT_ROWS} dòng: chia nhỏ ra / More than ${MAX_IMPORT_ROWS} rows: split the file`,
};

/** The first email by the status a registration got (as for a registration made on the form). */
const FIRST_MAIL: Record<RegistrationStatus, MailKind> = {
  confirmed: 'confirmed',
  waitlisted: 'waitlisted',
  pending: 'received',
  cancelled: 'cancelled',
  rejected: 'rejected',
};

/**
 * Reads a commune's list and says, row by row, who is new, who is already registered (or listed
 * twice) and what is wrong; with `dryRun` false, also registers the new ones, all in one
 * transaction under the event's lock, so the same file imported twice adds nobody the second time.
 */
export async function importRegistrations(
  ctx: RegistrationCtx,
  actor: Actor,
  eventId: string,
  file: { kind: ImportKind; bytes: Uint8Array },
  options: { dryRun: boolean; requestId?: string | undefined },
): Promise<ImportOutcome> {
  if (!hasRole(actor, 'organiser')) throw new AppError('auth.forbidden');
  const event = await events.findEventForRegistration(ctx.db, eventId);
  if (!event) throw new AppError('event.not_found');
  if (!canAccessEvent(actor, eventId)) throw new AppError('auth.forbidden');
  if (event.status === 'cancelled') throw new AppError('registration.event_cancelled');

  const read = await readImportFile(file.kind, file.bytes);
  if (!read.ok) return { result: 'unreadable', issues: [{ field: 'file', code: read.problem, message: FILE_PROBLEMS[read.problem] }] };
  const now = ctx.clock.now();
  const rules = { emailRequired: event.email_required, thisYear: inZone(now).year };
  const checked = read.rows.map((r): CheckedRow => {
    // A fair's registration is a booth request, which a list of people does not carry.
    if (event.kind === 'fair')
      return { row: r.row, ok: false, errors: ['Hội chợ đăng ký theo gian hàng, không nhập danh sách / Fairs register by booth'] };
    return checkRow(r, rules);
  });
  const names = new Map(read.rows.map((r) => [r.row, r.cells.fullName ?? null]));

  if (options.dryRun) return answer('checked', await verdicts(ctx, eventId, checked), names);
  for (let attempt = 0; ; attempt++) {
    try {
      return answer('imported', await commit(ctx, actor, event, checked, now, options.requestId), names);
    } catch (err) {
      // Someone on the list registered on the form meanwhile: again, and they are a duplicate now.
      if (attempt < 2 && (isUniqueViolation(err, 'registrations_one_per_') || isUniqueViolation(err, 'short_code'))) continue;
      throw err;
    }
  }
}

type Verdict =
  | { row: number; status: 'new'; person: ImportPerson; registration?: { id: string; status: RegistrationStatus } }
  | { row: number; status: 'duplicate'; errors: string[] }
  | { row: number; status: 'invalid'; errors: string[] };

function answer(result: 'checked' | 'imported', list: Verdict[], names: Map<number, string | null>): ImportOutcome {
  const summary: ImportSummary = { new: 0, duplicate: 0, invalid: 0 };
  const rows = list.map((v): ImportRowView => {
    summary[v.status]++;
    const base = { row: v.row, status: v.status, fullName: v.status === 'new' ? v.person.fullName : (names.get(v.row) ?? null) };
    if (v.status === 'new') return v.registration ? { ...base, registration: v.registration } : base;
    return { ...base, errors: v.errors };
  });
  return { result, rows, summary };
}

/** Each checked row as new, duplicate (earlier in the file, or registered already) or invalid. */
async function verdicts(ctx: Pick<RegistrationCtx, 'db' | 'keys'>, eventId: string, checked: CheckedRow[]): Promise<Verdict[]> {
  const people = checked.flatMap((c) => (c.ok ? [c.person] : []));
  const nameKeyOf = (p: ImportPerson) => personKey(ctx.keys, nameIdentity(p));
  const live = await importRepo.findLiveByIdentities(ctx.db, eventId, {
    phones: people.flatMap((p) => (p.phone ? [p.phone] : [])),
    emails: people.flatMap((p) => (p.email ? [p.email] : [])),
    personKeys: people.flatMap((p) => (p.phone || p.email ? [] : [nameKeyOf(p)])),
  });
  const registered = new Set(
    live.flatMap((r) => [
      ...(r.phone ? [`phone:${r.phone}`] : []),
      ...(r.email ? [`email:${r.email}`] : []),
      ...(r.phone || r.email ? [] : [`key:${r.person_key}`]),
    ]),
  );
  const seenAt = new Map<string, number>();
  return checked.map((c): Verdict => {
    if (!c.ok) return { row: c.row, status: 'invalid', errors: c.errors };
    const keys = identityKeys(c.person);
    const lookups = c.person.phone || c.person.email ? keys : [`key:${nameKeyOf(c.person)}`];
    const earlier = keys.map((k) => seenAt.get(k)).find((n) => n !== undefined);
    for (const k of keys) if (!seenAt.has(k)) seenAt.set(k, c.row);
    if (lookups.some((k) => registered.has(k)))
      return { row: c.row, status: 'duplicate', errors: ['Đã đăng ký sự kiện này / Already registered for this event'] };
    if (earlier !== undefined)
      return { row: c.row, status: 'duplicate', errors: [`Trùng người ở dòng ${earlier} / Same person as row ${earlier}`] };
    return { row: c.row, status: 'new', person: c.person };
  });
}

type EventRow = NonNullable<Awaited<ReturnType<typeof events.findEventForRegistration>>>;

/** Registers the new rows: a seat each while seats last (then the waiting list), or pending where the event needs approval. */
async function commit(
  ctx: RegistrationCtx,
  actor: Actor,
  event: EventRow,
  checked: CheckedRow[],
  now: Date,
  requestId: string | undefined,
): Promise<Verdict[]> {
  return ctx.db.transaction().execute(async (trx) => {
    await importRepo.lockEvent(trx, event.id);
    const list = await verdicts({ db: trx, keys: ctx.keys }, event.id, checked);
    let created = 0;
    for (const v of list) {
      if (v.status !== 'new') continue;
      const p = v.person;
      const facilityId =
        p.facility && p.district ? await repo.upsertFacility(trx, facilityRecord({ name: p.facility, district: p.district }), now) : null;
      let status: RegistrationStatus = 'pending';
      if (!event.requires_approval) status = (await repo.takeSeat(trx, event.id)) ? 'confirmed' : 'waitlisted';
      const manageToken = randomToken();
      const row: NewRegistration = {
        event_id: event.id,
        status,
        confirmed_at: status === 'confirmed' ? now : null,
        full_name: p.fullName,
        phone: p.phone,
        email: p.email,
        id_number: null,
        gender: p.gender,
        birth_year: p.birthYear,
        district: p.district,
        commune: p.commune,
        position_title: null,
        person_key: personKey(ctx.keys, p.phone ?? p.email ?? nameIdentity(p)),
        facility_id: facilityId,
        answers: '{}',
        booth_request: null,
        lang: 'vi',
        consent_version: IMPORT_CONSENT_VERSION,
        consent_processing_at: now,
        consent_news_at: null,
        ticket_id: newTicketId(),
        short_code: newShortCode(),
        manage_token_hash: hashToken(manageToken),
        manage_token_sealed: sealManageToken(ctx.keys.manageLink, manageToken),
        created_at: now,
        updated_at: now,
      };
      const inserted = await repo.insertRegistration(trx, row, p.email ? { kind: FIRST_MAIL[status], at: now } : undefined);
      v.registration = { id: inserted.id, status };
      created++;
    }
    await recordAudit(trx, {
      actor,
      action: 'registration.import',
      entity: 'event',
      entityId: event.id,
      data: { created, rows: list.length },
      requestId,
    });
    return list;
  });
}
