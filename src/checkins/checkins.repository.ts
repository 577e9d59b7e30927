import { sql, type Kysely } from 'kysely';
import type { CheckinResult, Database } from '../db/schema.js';

type Db = Kysely<Database>;

export interface CheckinTarget {
  sessionId: string | null;
  sessionKnown: boolean;
  registrationId: string | null;
  registrationEventId: string | null;
  status: string | null;
  fullName: string | null;
  facilityName: string | null;
}

/**
 * Everything a scan needs in one round trip: the registration behind the code (if any) and
 * the session it counts for — the given one if its window holds the scan time, otherwise the
 * session whose window (from `opensMinutes` before its start to its end) holds it.
 */
export async function findCheckinTarget(
  db: Db,
  q: { eventId: string; sessionId: string | null; at: Date; opensMinutes: number; ticketId: string | null; shortCode: string | null },
): Promise<CheckinTarget> {
  const inWindow = sql`${q.at}::timestamptz >= s.starts_at - make_interval(mins => ${q.opensMinutes}) and ${q.at}::timestamptz <= s.ends_at`;
  const session = q.sessionId
    ? sql`(select s.id from event_sessions s where s.id = ${q.sessionId} and s.event_id = ${q.eventId} and ${inWindow})`
    : sql`(select s.id from event_sessions s where s.event_id = ${q.eventId} and ${inWindow} order by s.starts_at limit 1)`;
  const known = q.sessionId ? sql`exists (select 1 from event_sessions s where s.id = ${q.sessionId} and s.event_id = ${q.eventId})` : sql`true`;
  const match = q.ticketId ? sql`r.ticket_id = ${q.ticketId}` : q.shortCode ? sql`r.short_code = ${q.shortCode}` : sql`false`;
  const { rows } = await sql<{
    session_id: string | null;
    session_known: boolean;
    id: string | null;
    event_id: string | null;
    status: string | null;
    full_name: string | null;
    facility_name: string | null;
  }>`
    select x.session_id, x.session_known, r.id, r.event_id, r.status, r.full_name, f.name as facility_name
    from (select ${session} as session_id, ${known} as session_known) x
    left join registrations r on ${match}
    left join facilities f on f.id = r.facility_id`.execute(db);
  const row = rows[0]!;
  return {
    sessionId: row.session_id,
    sessionKnown: row.session_known,
    registrationId: row.id,
    registrationEventId: row.event_id,
    status: row.status,
    fullName: row.full_name,
    facilityName: row.facility_name,
  };
}

export interface ScanRecord {
  eventId: string;
  sessionId: string | null;
  registrationId: string | null;
  codeKind: 'qr' | 'short_code' | 'unknown';
  deviceId: string;
  nonce: string;
  actorUserId: string | null;
  actorTokenId: string | null;
  scannedAt: Date;
  receivedAt: Date;
  offline: boolean;
  /** What the device showed while offline, to flag when the server disagrees. */
  offlineResult: CheckinResult | null;
  method: 'qr' | 'short_code';
}

/**
 * Records an eligible scan in ONE statement: the attendance row (the primary key allows one
 * per registration and session, so of two simultaneous scans exactly one inserts), an
 * excused mark turned into presence, and the scan log row. A nonce seen before makes the
 * scan log insert fail on its unique key, which undoes the whole statement: a replay writes
 * nothing. Returns null for such a replay.
 */
export async function recordEligibleScan(db: Db, s: ScanRecord & { sessionId: string; registrationId: string }) {
  const seen = sql`exists (select 1 from scans where device_id = ${s.deviceId} and nonce = ${s.nonce})`;
  const result = sql`case when exists (select 1 from ins) or exists (select 1 from upgraded) then 'ok' else 'already_checked_in' end`;
  try {
    const { rows } = await sql<{ result: CheckinResult; first_at: Date | null }>`
      with ins as (
        insert into attendance (registration_id, session_id, event_id, status, method, checked_in_at, recorded_at, device_id, actor_user_id, actor_token_id)
        select ${s.registrationId}, ${s.sessionId}, ${s.eventId}, 'present', ${s.method}, ${s.scannedAt}, ${s.receivedAt}, ${s.deviceId}, ${s.actorUserId}, ${s.actorTokenId}
        where not ${seen}
        on conflict (registration_id, session_id) do nothing
        returning checked_in_at
      ), upgraded as (
        update attendance set status = 'present', method = ${s.method}, checked_in_at = ${s.scannedAt}, recorded_at = ${s.receivedAt}, device_id = ${s.deviceId}
        where registration_id = ${s.registrationId} and session_id = ${s.sessionId} and status = 'excused' and not ${seen}
        returning checked_in_at
      ), earlier as (
        -- Offline uploads arrive late: the first check-in time is the earliest scan, whoever uploads first.
        update attendance set checked_in_at = ${s.scannedAt}
        where ${s.offline}::boolean and registration_id = ${s.registrationId} and session_id = ${s.sessionId} and status = 'present'
          and checked_in_at > ${s.scannedAt} and not ${seen}
        returning checked_in_at
      ), logged as (
        insert into scans (event_id, session_id, registration_id, code_kind, result, device_id, nonce, actor_user_id, actor_token_id, scanned_at, received_at, offline, conflict)
        values (${s.eventId}, ${s.sessionId}, ${s.registrationId}, ${s.codeKind}, ${result}, ${s.deviceId}, ${s.nonce}, ${s.actorUserId}, ${s.actorTokenId},
                ${s.scannedAt}, ${s.receivedAt}, ${s.offline},
                case when ${s.offlineResult}::text is not null and ${s.offlineResult}::text <> ${result} then ${s.offlineResult}::text || ' -> ' || ${result} end)
        returning result
      )
      select (select result from logged) as result,
             coalesce((select checked_in_at from ins), (select checked_in_at from upgraded), (select checked_in_at from earlier),
                      (select checked_in_at from attendance where registration_id = ${s.registrationId} and session_id = ${s.sessionId})) as first_at`.execute(db);
    const row = rows[0]!;
    return { result: row.result, firstAt: row.first_at ? new Date(row.first_at) : null };
  } catch (err) {
    if (isNonceReplay(err)) return null;
    throw err;
  }
}

/** Logs a refused scan; null if the nonce was seen before (nothing is written then). */
export async function recordRefusedScan(db: Db, s: ScanRecord, result: CheckinResult): Promise<{ result: CheckinResult } | null> {
  const conflict = s.offlineResult && s.offlineResult !== result ? `${s.offlineResult} -> ${result}` : null;
  const row = await db
    .insertInto('scans')
    .values({
      event_id: s.eventId,
      session_id: s.sessionId,
      registration_id: s.registrationId,
      code_kind: s.codeKind,
      result,
      device_id: s.deviceId,
      nonce: s.nonce,
      actor_user_id: s.actorUserId,
      actor_token_id: s.actorTokenId,
      scanned_at: s.scannedAt,
      received_at: s.receivedAt,
      offline: s.offline,
      conflict,
    })
    .onConflict((oc) => oc.columns(['device_id', 'nonce']).doNothing())
    .returning('result')
    .executeTakeFirst();
  return row ?? null;
}

function isNonceReplay(err: unknown): boolean {
  const e = err as { code?: string; constraint_name?: string; constraint?: string; message?: string };
  return e.code === '23505' && (e.constraint_name ?? e.constraint ?? e.message ?? '').includes('scans_device_nonce');
}

/** The first answer to a nonce, rebuilt from what was stored. */
export async function findScanByNonce(db: Db, deviceId: string, nonce: string) {
  return db
    .selectFrom('scans as s')
    .leftJoin('registrations as r', 'r.id', 's.registration_id')
    .leftJoin('facilities as f', 'f.id', 'r.facility_id')
    .leftJoin('attendance as a', (j) => j.onRef('a.registration_id', '=', 's.registration_id').onRef('a.session_id', '=', 's.session_id'))
    .select(['s.result', 's.session_id', 's.event_id', 'r.full_name', 'f.name as facility_name', 'a.checked_in_at'])
    .where('s.device_id', '=', deviceId)
    .where('s.nonce', '=', nonce)
    .executeTakeFirst();
}

/** An organiser marks a person present (no ticket on them) or excused. */
export async function markAttendance(
  db: Db,
  m: { registrationId: string; sessionId: string; eventId: string; status: 'present' | 'excused'; at: Date; actorUserId: string | null; actorTokenId: string | null; note: string | null },
) {
  // Presence is never downgraded to excused; an excused mark becomes presence.
  await db
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
    .execute();
}

/**
 * TEST-ONLY control for the check-in race test: look, then insert, with nothing in the
 * database to stop a second insert (the test drops the primary key first). Two devices at
 * once both see "not yet" and both answer ok; the race test proves it.
 */
export async function recordEligibleScanRacy(db: Db, s: ScanRecord & { sessionId: string; registrationId: string }) {
  const existing = await db
    .selectFrom('attendance')
    .select('checked_in_at')
    .where('registration_id', '=', s.registrationId)
    .where('session_id', '=', s.sessionId)
    .executeTakeFirst();
  const result: CheckinResult = existing ? 'already_checked_in' : 'ok';
  if (!existing) {
    await db
      .insertInto('attendance')
      .values({
        registration_id: s.registrationId,
        session_id: s.sessionId,
        event_id: s.eventId,
        status: 'present',
        method: s.method,
        checked_in_at: s.scannedAt,
        recorded_at: s.receivedAt,
        device_id: s.deviceId,
        actor_user_id: s.actorUserId,
        actor_token_id: s.actorTokenId,
        note: null,
      })
      .execute();
  }
  const logged = await recordRefusedScan(db, s, result);
  return logged ? { result, firstAt: existing?.checked_in_at ?? s.scannedAt } : null;
}
