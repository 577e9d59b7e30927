import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import { textMatches } from '../db/search-sql.js';
import { hasCompletedSql } from './completion.js';

type Db = Kysely<Database>;

/** What a door device keeps for offline answers: no phone, no email, no ticket secrets in clear. */
export function checkinListRows(db: Db, eventId: string) {
  return db
    .selectFrom('registrations as r')
    .leftJoin('facilities as f', 'f.id', 'r.facility_id')
    .select((eb) => [
      'r.id',
      'r.full_name',
      'r.status',
      'r.ticket_id',
      'r.short_code',
      'f.name as facility_name',
      eb
        .selectFrom('attendance as a')
        .whereRef('a.registration_id', '=', 'r.id')
        .where('a.status', '=', 'present')
        .select(sql<string[]>`coalesce(array_agg(a.session_id), '{}')`.as('s'))
        .as('present_sessions'),
    ])
    .where('r.event_id', '=', eventId)
    .orderBy('r.full_name')
    .execute();
}

/**
 * The people expected at one session (confirmed registrations of its event) with their mark
 * for it, if any, and anyone present at it who has cancelled since (the record keeps them):
 * what the printed sign-in sheet lists. No phone or email: the sheet goes round the room.
 */
export function signInSheetRows(db: Db, eventId: string, sessionId: string) {
  return db
    .selectFrom('registrations as r')
    .leftJoin('facilities as f', 'f.id', 'r.facility_id')
    .leftJoin('attendance as a', (join) => join.onRef('a.registration_id', '=', 'r.id').on('a.session_id', '=', sessionId))
    .select(['r.id', 'r.full_name', 'r.status', 'f.name as facility_name', 'a.status as mark', 'a.method', 'a.checked_in_at'])
    .where('r.event_id', '=', eventId)
    .where((eb) => eb.or([eb('r.status', '=', 'confirmed'), eb('a.status', '=', 'present')]))
    .execute();
}

/**
 * Per session: how many came, how many were excused, how many were expected, all among the
 * confirmed registrations (someone who came and cancelled since no longer counts, as on the
 * dashboard).
 */
export async function sessionAttendance(db: Db, eventId: string) {
  const { rows } = await sql<{ session_id: string; starts_at: Date; ends_at: Date; present: number; excused: number; expected: number }>`
    select s.id as session_id, s.starts_at, s.ends_at,
           count(a.*) filter (where a.status = 'present' and r.status = 'confirmed')::int as present,
           count(a.*) filter (where a.status = 'excused' and r.status = 'confirmed')::int as excused,
           (select count(*) from registrations r where r.event_id = s.event_id and r.status = 'confirmed')::int as expected
    from event_sessions s
    left join attendance a on a.session_id = s.id
    left join registrations r on r.id = a.registration_id
    where s.event_id = ${eventId}
    group by s.id
    order by s.starts_at`.execute(db);
  return rows;
}

/**
 * Per registration: sessions attended and whether the learner completed, by the completion
 * rule's SQL form (completion.ts), so reports and the dashboard count the same way. Excused
 * marks are kept for the record but are not attendance; a registration cancelled after it
 * attended is listed with its sessions but never completes.
 */
export async function registrationAttendance(db: Db, eventId: string) {
  const completed = hasCompletedSql(sql`coalesce(per.present, 0)`, sql`totals.sessions`, sql`e.completion_share`);
  const { rows } = await sql<{
    registration_id: string;
    full_name: string;
    status: string;
    present: number;
    excused: number;
    sessions: number;
    completed: boolean;
  }>`
    with totals as (select count(*)::int as sessions from event_sessions where event_id = ${eventId}),
    per as (
      select a.registration_id,
             count(*) filter (where a.status = 'present')::int as present,
             count(*) filter (where a.status = 'excused')::int as excused
      from attendance a where a.event_id = ${eventId} group by a.registration_id
    )
    select r.id as registration_id, r.full_name, r.status,
           coalesce(per.present, 0) as present, coalesce(per.excused, 0) as excused, totals.sessions,
           (r.status = 'confirmed' and ${completed}) as completed
    from registrations r
    join events e on e.id = r.event_id
    cross join totals
    left join per on per.registration_id = r.id
    where r.event_id = ${eventId} and (r.status = 'confirmed' or per.present > 0)
    order by r.full_name`.execute(db);
  return rows;
}

/** Every mark of the event: who was present or excused at which session, and how it was recorded. */
export function listMarks(db: Db, eventId: string) {
  return db
    .selectFrom('attendance')
    .select(['registration_id', 'session_id', 'status', 'method'])
    .where('event_id', '=', eventId)
    .execute();
}

/**
 * Marks one of the event's conflicts as looked at: 'reviewed' now, 'already' by someone
 * earlier, 'none' when the event has no such conflict.
 */
export async function markConflictReviewed(db: Db, eventId: string, scanId: number, at: Date): Promise<'reviewed' | 'already' | 'none'> {
  const ofEvent = db.updateTable('scans').where('id', '=', scanId).where('event_id', '=', eventId).where('conflict', 'is not', null);
  const row = await ofEvent.set({ reviewed_at: at }).where('reviewed_at', 'is', null).returning('id').executeTakeFirst();
  if (row) return 'reviewed';
  const seen = await db
    .selectFrom('scans')
    .select('id')
    .where('id', '=', scanId)
    .where('event_id', '=', eventId)
    .where('conflict', 'is not', null)
    .executeTakeFirst();
  return seen ? 'already' : 'none';
}

export function listConflicts(db: Db, eventId: string) {
  return (
    db
      .selectFrom('scans as s')
      .leftJoin('registrations as r', 'r.id', 's.registration_id')
      // Who held the device: the token's name ("Máy quét cửa 1") or the signed-in person.
      .leftJoin('api_tokens as t', 't.id', 's.actor_token_id')
      .leftJoin('users as u', 'u.id', 's.actor_user_id')
      .select([
        's.id',
        's.conflict',
        's.result',
        's.device_id',
        's.scanned_at',
        's.received_at',
        's.session_id',
        's.reviewed_at',
        'r.full_name',
      ])
      .select((eb) => eb.fn.coalesce('t.name', eb.fn<string | null>('nullif', ['u.full_name', eb.val('')]), 'u.email').as('held_by'))
      .where('s.event_id', '=', eventId)
      .where('s.conflict', 'is not', null)
      .orderBy('s.received_at')
      .execute()
  );
}

export function searchForCheckin(db: Db, eventId: string, q: string) {
  return db
    .selectFrom('registrations as r')
    .leftJoin('facilities as f', 'f.id', 'r.facility_id')
    .select(['r.id', 'r.full_name', 'r.status', 'r.short_code', 'f.name as facility_name'])
    .where('r.event_id', '=', eventId)
    .where((eb) =>
      textMatches(q, [eb.ref('r.full_name'), eb.ref('f.name')], { shortCode: eb.ref('r.short_code'), phone: eb.ref('r.phone') }),
    )
    .orderBy('r.full_name')
    .limit(50)
    .execute();
}

/**
 * The event each of a registration and a session belongs to, and the registration's status;
 * the registration row locked until the transaction ends (marks for one person, and a
 * cancellation, then go one at a time).
 */
export async function lockRegistrationAndSession(trx: Transaction<Database>, registrationId: string, sessionId: string) {
  const reg = await trx
    .selectFrom('registrations')
    .select(['event_id', 'status'])
    .where('id', '=', registrationId)
    .forNoKeyUpdate()
    .executeTakeFirst();
  const session = await trx.selectFrom('event_sessions').select(['event_id', 'starts_at']).where('id', '=', sessionId).executeTakeFirst();
  return { reg, session };
}
