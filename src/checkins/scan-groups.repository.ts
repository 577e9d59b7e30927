import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.js';
import {
  ATTENDANCE_UPSERT,
  type RecordedScan,
  racyCheck,
  type ScanRecord,
  type ScanRow,
  scanRefusal,
  sessionOpenAt,
  ticketEvent,
  toRecordedScan,
} from './checkins.repository.js';

type Db = Kysely<Database>;

/**
 * Several online door scans, of any events, decided and recorded in ONE statement, with the
 * same rules as `recordScan`: each scan's registration (by ticket id or short code) and
 * session, its refusal if any, one attendance upsert per (registration, session) — of two scans
 * of one ticket in the group the earlier wins and the later is "already checked in" — and
 * every scan logged in the order given. A nonce seen before fails the whole statement on the
 * scan log's unique key (the caller then records the group one scan at a time). Every look-up
 * goes through a unique index or a per-scan lateral index look-up, so no cached plan can turn
 * into a scan of a growing table. `racy`: the TEST-ONLY race control of `recordScan`.
 */
export async function recordScans(db: Db, scans: ScanRecord[], options: { racy?: boolean } = {}): Promise<RecordedScan[]> {
  const input = scans.map((s, i) => {
    if (s.offline) throw new Error('recordScans: offline uploads go one by one');
    return {
      ord: i + 1,
      event_id: s.eventId,
      session_id: s.sessionId,
      opens_minutes: s.opensMinutes,
      ticket_id: s.ticketId,
      short_code: s.shortCode,
      code_kind: s.codeKind,
      device_id: s.deviceId,
      nonce: s.nonce,
      actor_user_id: s.actorUserId,
      actor_token_id: s.actorTokenId,
      scanned_at: s.scannedAt,
      received_at: s.receivedAt,
      method: s.method,
    };
  });
  const inWindow = sessionOpenAt('es', sql`i.scanned_at`, sql`i.opens_minutes`);
  const { rows } = await sql<ScanRow & { ord: number }>`
    with i as (
      select * from jsonb_to_recordset(${JSON.stringify(input)}::jsonb) as i(
        ord int, event_id uuid, session_id uuid, opens_minutes int, ticket_id text, short_code text, code_kind text,
        device_id text, nonce text, actor_user_id uuid, actor_token_id uuid, scanned_at timestamptz, received_at timestamptz, method text)
    ), t as (
      select i.ord, i.event_id, i.code_kind, i.device_id, i.nonce, i.actor_user_id, i.actor_token_id, i.scanned_at, i.received_at, i.method,
             s.session_id, s.session_known, r.id as registration_id, r.full_name, f.name as facility_name, r.event_id as ticket_event_id,
             ${scanRefusal(sql`i.event_id`, sql`s.session_id`)} as refusal
      from i
      cross join lateral (
        select case when i.session_id is not null
                    then (select es.id from event_sessions es where es.id = i.session_id and es.event_id = i.event_id and ${inWindow})
                    else (select es.id from event_sessions es where es.event_id = i.event_id and ${inWindow} order by es.starts_at limit 1)
               end as session_id,
               i.session_id is null or exists (select 1 from event_sessions es where es.id = i.session_id and es.event_id = i.event_id) as session_known
      ) s
      left join lateral (
        (select r.id, r.event_id, r.status, r.full_name, r.facility_id from registrations r where r.ticket_id = i.ticket_id)
        union all
        (select r.id, r.event_id, r.status, r.full_name, r.facility_id from registrations r where r.short_code = i.short_code)
        limit 1
      ) r on true
      left join facilities f on f.id = r.facility_id
    ), eligible as (
      select distinct on (registration_id, session_id) *
      from t where session_known and refusal is null
      order by registration_id, session_id, ord
    ), ins as (
      insert into attendance (registration_id, session_id, event_id, status, method, checked_in_at, recorded_at, device_id, actor_user_id, actor_token_id)
      select registration_id, session_id, event_id, 'present', method, scanned_at, received_at, device_id, actor_user_id, actor_token_id
      from eligible
      ${options.racy ? sql`where ${racyCheck(sql`eligible`)}` : sql``}
      -- Rows are taken in one order (by registration) by every group, so two groups at once
      -- wait for each other's rows in the same order instead of deadlocking.
      order by registration_id, session_id
      ${options.racy ? sql`` : ATTENDANCE_UPSERT}
      returning registration_id, session_id, checked_in_at
    ), won as (
      -- The scan that inserted (or turned an excuse into presence) for each registration and session.
      select e.ord, e.registration_id, e.session_id, ins.checked_in_at
      from ins join eligible e on e.registration_id = ins.registration_id and e.session_id = ins.session_id
    ), decided as (
      select t.*, coalesce(t.refusal, case when w.ord is not null then 'ok' else 'already_checked_in' end) as result
      from t left join won w on w.ord = t.ord
      where t.session_known
    ), logged as (
      insert into scans (event_id, session_id, registration_id, code_kind, result, device_id, nonce, actor_user_id, actor_token_id, scanned_at, received_at, offline, conflict)
      select event_id, session_id, registration_id, code_kind, result, device_id, nonce, actor_user_id, actor_token_id, scanned_at, received_at, false, null
      from decided order by ord
      returning id
    )
    select t.ord, t.session_known, t.registration_id, t.session_id, t.full_name, t.facility_name, d.result,
           ${ticketEvent},
           case when t.refusal is null then
             coalesce((select w.checked_in_at from won w where w.registration_id = t.registration_id and w.session_id = t.session_id),
                      (select a.checked_in_at from attendance a where a.registration_id = t.registration_id and a.session_id = t.session_id))
           end as first_at
    from t left join decided d on d.ord = t.ord
    order by t.ord`.execute(db);
  return rows.map(toRecordedScan);
}
