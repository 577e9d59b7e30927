import { type Kysely, type RawBuilder, sql, type Transaction } from 'kysely';
import { isUniqueViolation } from '../db/errors.js';
import type { CheckinResult, Database } from '../db/schema.js';

type Db = Kysely<Database>;

export interface ScanRecord {
  eventId: string;
  /** The session asked for; null picks the one whose door is open at `scannedAt`. */
  sessionId: string | null;
  /** How long before a session starts its door opens. */
  opensMinutes: number;
  /** What the code points at: a verified QR ticket id, a short code, or nothing (forged). */
  ticketId: string | null;
  shortCode: string | null;
  codeKind: 'qr' | 'short_code' | 'unknown' | 'walk_in';
  deviceId: string;
  nonce: string;
  actorUserId: string | null;
  actorTokenId: string | null;
  scannedAt: Date;
  receivedAt: Date;
  offline: boolean;
  /** What the device showed while offline, to flag when the server disagrees. */
  offlineResult: CheckinResult | null;
  method: 'qr' | 'short_code' | 'walk_in';
}

export interface RecordedScan {
  /** False when `sessionId` names no session of the event: nothing was written. */
  sessionKnown: boolean;
  registrationId: string | null;
  /** Null when this (device, nonce) was seen before: nothing was written, read the first answer. */
  result: CheckinResult | null;
  sessionId: string | null;
  fullName: string | null;
  facilityName: string | null;
  firstAt: Date | null;
  /** The event the ticket belongs to: the scanned one, or another (`wrong_event`). */
  event: { id: string; title: string } | null;
}

/** What the scan statements return per scan (one row each). */
export interface ScanRow {
  session_known: boolean;
  registration_id: string | null;
  session_id: string | null;
  full_name: string | null;
  facility_name: string | null;
  result: CheckinResult | null;
  first_at: Date | null;
  ticket_event_id: string | null;
  ticket_event_title: string | null;
}

export function toRecordedScan(row: ScanRow): RecordedScan {
  return {
    sessionKnown: row.session_known,
    registrationId: row.registration_id,
    result: row.result,
    sessionId: row.session_id,
    fullName: row.full_name,
    facilityName: row.facility_name,
    firstAt: row.first_at ? new Date(row.first_at) : null,
    event: row.ticket_event_id && row.ticket_event_title ? { id: row.ticket_event_id, title: row.ticket_event_title } : null,
  };
}

/** What an offline device answered when it did not let the person in. */
const TURNED_AWAY: ReadonlySet<string> = new Set(['not_confirmed', 'cancelled', 'outside_window', 'wrong_event']);

/** The ticket's event for the answer (one look-up by primary key), from the scan's registration row `t`. */
export const ticketEvent = sql`t.ticket_event_id, (select e.title from events e where e.id = t.ticket_event_id) as ticket_event_title`;

/**
 * The door's refusal rules, over the registration `r` found by the code (or none), the event
 * scanned for and the session whose door is open (or null); null when the scan is admitted.
 */
export function scanRefusal(eventId: RawBuilder<unknown>, sessionId: RawBuilder<unknown>): RawBuilder<CheckinResult | null> {
  return sql`case
      when r.id is null then 'unknown'
      when r.event_id <> ${eventId} then 'wrong_event'
      when r.status in ('cancelled', 'rejected') then 'cancelled'
      when r.status <> 'confirmed' then 'not_confirmed'
      when ${sessionId} is null then 'outside_window'
    end`;
}

/**
 * When a session `session` (an alias of event_sessions) is open for check-in at `at`: from
 * `opensMinutes` before its start to its end. The door's one window, for single scans and groups.
 */
export function sessionOpenAt(session: string, at: RawBuilder<unknown>, opensMinutes: RawBuilder<unknown>): RawBuilder<boolean> {
  const starts = sql.ref(`${session}.starts_at`);
  const ends = sql.ref(`${session}.ends_at`);
  return sql<boolean>`${at} >= ${starts} - make_interval(mins => ${opensMinutes}) and ${at} <= ${ends}`;
}

/**
 * A scan at the door in ONE statement, decided and recorded together: the registration behind
 * the code and the session it counts for (the given one if its door is open at the scan time,
 * otherwise the one whose window — `opensMinutes` before its start to its end — holds it), the
 * answer, the attendance row, and the scan log row, refused scans included.
 *
 * Exactly one `ok` per registration and session under any concurrency: the attendance primary
 * key decides between two simultaneous scans (ON CONFLICT). A (device, nonce) seen before
 * collides on the scan log's unique key, which undoes the whole statement: a replay writes
 * nothing and comes back as `result: null`. Every look-up here goes through a unique index
 * (an arbiter or a key), so a plan cached while the tables were still small never turns into a
 * scan of the whole scan log as it grows.
 *
 * `racy` is the TEST-ONLY race control (config UNSAFE_RACY_CHECKINS): a check for an existing
 * row instead of the primary key's arbiter (the race test drops the key). Two statements at
 * once both find no row, so both devices answer ok: the race the key prevents.
 */
export async function recordScan(db: Db, s: ScanRecord, options: { racy?: boolean } = {}): Promise<RecordedScan> {
  const inWindow = sessionOpenAt('s', sql`${s.scannedAt}::timestamptz`, sql`${s.opensMinutes}::int`);
  const session = s.sessionId
    ? sql`(select s.id from event_sessions s where s.id = ${s.sessionId}::uuid and s.event_id = ${s.eventId}::uuid and ${inWindow})`
    : sql`(select s.id from event_sessions s where s.event_id = ${s.eventId}::uuid and ${inWindow} order by s.starts_at limit 1)`;
  const known = s.sessionId
    ? sql`exists (select 1 from event_sessions s where s.id = ${s.sessionId}::uuid and s.event_id = ${s.eventId}::uuid)`
    : sql`true`;
  const match = s.ticketId ? sql`r.ticket_id = ${s.ticketId}::text` : s.shortCode ? sql`r.short_code = ${s.shortCode}::text` : sql`false`;
  const insertGuard = options.racy ? sql`and ${racyCheck(sql`go`)}` : sql``;
  // An excused absence turns into presence when the person turns up after all; a present row
  // stays as it is and returns nothing, which makes this scan "already checked in".
  const onConflict = options.racy ? sql`` : ATTENDANCE_UPSERT;
  const at = sql`${s.scannedAt}::timestamptz`;
  // A device offline that turned the person away (its list said cancelled, waiting, or the
  // session not open) records no attendance, whatever the server would say now: they did not
  // come in. The scan keeps the door's answer, and the conflict says what the server would have
  // answered. "unknown" is not a refusal: the device could not tell (a ticket newer than its
  // list, no WebCrypto on plain http) and told the door the server would check, so it decides.
  const turnedAway = s.offline && s.offlineResult !== null && TURNED_AWAY.has(s.offlineResult);
  // Offline uploads get their own statement text: an online scan's plan then depends on no
  // parameter's value, so PostgreSQL keeps one generic plan instead of planning every scan.
  const earlier =
    s.offline && !turnedAway
      ? sql`, earlier as (
        -- Offline uploads arrive late: the first check-in time is the earliest scan, whoever uploads first.
        update attendance a set checked_in_at = ${at}
        from go
        where go.refusal is null and a.registration_id = go.registration_id and a.session_id = go.session_id
          and a.status = 'present' and a.checked_in_at > ${at}
        returning a.checked_in_at
      )`
      : sql``;
  const fromEarlier = s.offline && !turnedAway ? sql`(select checked_in_at from earlier),` : sql``;
  const offlineResult = sql`${s.offlineResult}::text`;
  const admit = turnedAway ? sql`and false` : sql``;
  const decide = turnedAway
    ? sql`coalesce(go.refusal, ${offlineResult})`
    : sql`coalesce(go.refusal, case when exists (select 1 from ins) then 'ok' else 'already_checked_in' end)`;
  const conflict = !s.offline
    ? sql`null`
    : turnedAway
      ? sql`case when d.refusal is null then ${offlineResult} || ' -> ' || case when exists (
                select 1 from attendance a where a.registration_id = d.registration_id and a.session_id = d.session_id and a.status = 'present'
              ) then 'already_checked_in' else 'ok' end
              when ${offlineResult} <> d.result then ${offlineResult} || ' -> ' || d.result end`
      : sql`case when ${offlineResult} <> d.result then ${offlineResult} || ' -> ' || d.result end`;
  try {
    const { rows } = await sql<ScanRow>`
      with t as (
        select x.session_id, x.session_known, r.id as registration_id, r.full_name, f.name as facility_name, r.event_id as ticket_event_id,
               ${scanRefusal(sql`${s.eventId}::uuid`, sql`x.session_id`)} as refusal
        from (select ${session} as session_id, ${known} as session_known) x
        left join registrations r on ${match}
        left join facilities f on f.id = r.facility_id
      ), go as (
        select * from t where session_known
      ), ins as (
        insert into attendance (registration_id, session_id, event_id, status, method, checked_in_at, recorded_at, device_id, actor_user_id, actor_token_id)
        select go.registration_id, go.session_id, ${s.eventId}::uuid, 'present', ${s.method}::text, ${at}, ${s.receivedAt}::timestamptz,
               ${s.deviceId}::text, ${s.actorUserId}::uuid, ${s.actorTokenId}::uuid
        from go where go.refusal is null ${insertGuard} ${admit}
        ${onConflict}
        returning checked_in_at
      )${earlier}, decided as (
        select go.*, ${decide} as result
        from go
      ), logged as (
        insert into scans (event_id, session_id, registration_id, code_kind, result, device_id, nonce, actor_user_id, actor_token_id, scanned_at, received_at, offline, conflict)
        select ${s.eventId}::uuid, d.session_id, d.registration_id, ${s.codeKind}::text, d.result, ${s.deviceId}::text, ${s.nonce}::text,
               ${s.actorUserId}::uuid, ${s.actorTokenId}::uuid, ${at}, ${s.receivedAt}::timestamptz, ${s.offline}::boolean,
               ${conflict}
        from decided d
        returning result
      )
      select t.session_known, t.registration_id, t.session_id, t.full_name, t.facility_name, (select result from logged) as result, ${ticketEvent},
             case when t.refusal is null ${turnedAway ? sql`and false` : sql``} then
               coalesce((select checked_in_at from ins), ${fromEarlier}
                        (select checked_in_at from attendance where registration_id = t.registration_id and session_id = t.session_id))
             end as first_at
      from t`.execute(db);
    const [row] = rows;
    // The statement selects from `t`, which always has its one row.
    if (!row) throw new Error('the scan statement returned no row');
    return toRecordedScan(row);
  } catch (err) {
    if (isUniqueViolation(err, 'scans_device_nonce'))
      return {
        sessionKnown: true,
        registrationId: null,
        result: null,
        sessionId: null,
        fullName: null,
        facilityName: null,
        firstAt: null,
        event: null,
      };
    throw err;
  }
}

/**
 * The attendance insert's arbiter: the primary key decides between two scans at once. An
 * excused absence turns into presence; a present row stays and returns nothing.
 */
export const ATTENDANCE_UPSERT = sql`on conflict (registration_id, session_id) do update
  set status = 'present', method = excluded.method, checked_in_at = excluded.checked_in_at,
      recorded_at = excluded.recorded_at, device_id = excluded.device_id
  where attendance.status = 'excused'`;

/**
 * TEST-ONLY (config UNSAFE_RACY_CHECKINS): "no row yet" as a check in the statement instead of
 * the key's arbiter. Each statement sees the table as it was when it began, so two at once
 * both insert: the control that shows the race test can see the race.
 */
export function racyCheck(rows: RawBuilder<unknown>) {
  return sql`not exists (select 1 from attendance a where a.registration_id = ${rows}.registration_id and a.session_id = ${rows}.session_id)`;
}

/** When this registration was first checked in for this session, if it was. */
export async function findFirstCheckin(db: Db, registrationId: string, sessionId: string): Promise<Date | null> {
  const row = await db
    .selectFrom('attendance')
    .select('checked_in_at')
    .where('registration_id', '=', registrationId)
    .where('session_id', '=', sessionId)
    .where('status', '=', 'present')
    .executeTakeFirst();
  return row ? new Date(row.checked_in_at) : null;
}

/** The first answer to a nonce, rebuilt from what was stored. */
export async function findScanByNonce(db: Db, deviceId: string, nonce: string) {
  return db
    .selectFrom('scans as s')
    .leftJoin('registrations as r', 'r.id', 's.registration_id')
    .leftJoin('facilities as f', 'f.id', 'r.facility_id')
    .leftJoin('attendance as a', (j) => j.onRef('a.registration_id', '=', 's.registration_id').onRef('a.session_id', '=', 's.session_id'))
    .leftJoin('events as e', 'e.id', 'r.event_id')
    .select([
      's.result',
      's.session_id',
      's.event_id',
      's.actor_user_id',
      's.actor_token_id',
      's.code_kind',
      's.registration_id',
      's.conflict',
      'r.full_name',
      'f.name as facility_name',
      'a.checked_in_at',
      'e.id as ticket_event_id',
      'e.title as ticket_event_title',
    ])
    .where('s.device_id', '=', deviceId)
    .where('s.nonce', '=', nonce)
    .executeTakeFirst();
}

/** The mark a registration has for a session, locked until the transaction ends; undefined when none. */
export async function lockMark(trx: Transaction<Database>, registrationId: string, sessionId: string) {
  const row = await trx
    .selectFrom('attendance')
    .select('status')
    .where('registration_id', '=', registrationId)
    .where('session_id', '=', sessionId)
    .forUpdate()
    .executeTakeFirst();
  return row?.status;
}

export async function clearMark(db: Db, registrationId: string, sessionId: string) {
  await db.deleteFrom('attendance').where('registration_id', '=', registrationId).where('session_id', '=', sessionId).execute();
}

/**
 * An organiser marks a person present (no ticket on them) or excused. Presence is never
 * downgraded to excused; an excused mark becomes presence. False when nothing was written (a
 * scan made them present meanwhile).
 */
export async function markAttendance(
  db: Db,
  m: {
    registrationId: string;
    sessionId: string;
    eventId: string;
    status: 'present' | 'excused';
    at: Date;
    actorUserId: string | null;
    actorTokenId: string | null;
    note: string | null;
  },
): Promise<boolean> {
  const written = await db
    .insertInto('attendance')
    .values({
      registration_id: m.registrationId,
      session_id: m.sessionId,
      event_id: m.eventId,
      status: m.status,
      method: 'manual',
      checked_in_at: m.at,
      recorded_at: m.at,
      device_id: null,
      actor_user_id: m.actorUserId,
      actor_token_id: m.actorTokenId,
      note: m.note,
    })
    .onConflict((oc) =>
      oc
        .columns(['registration_id', 'session_id'])
        .doUpdateSet({ status: m.status, method: 'manual', checked_in_at: m.at, recorded_at: m.at, note: m.note })
        .where('attendance.status', '=', 'excused'),
    )
    .returning('registration_id')
    .executeTakeFirst();
  return written !== undefined;
}

/** Adds a note for the organiser to review to a scan (a walk-in the door could not match for sure). */
export async function flagScan(db: Db, deviceId: string, nonce: string, note: string) {
  await db
    .updateTable('scans')
    .set({ conflict: sql<string>`case when conflict is null then ${note}::text else ${note}::text || '; ' || conflict end` })
    .where('device_id', '=', deviceId)
    .where('nonce', '=', nonce)
    .execute();
}

/** The registration a walk-in scan made or found, and its status now. */
export function findRegistrationStatus(db: Db, id: string) {
  return db.selectFrom('registrations').select(['id', 'status', 'walk_in_at']).where('id', '=', id).executeTakeFirst();
}
