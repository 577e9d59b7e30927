import { type Kysely, type SqlBool, sql, type Transaction } from 'kysely';
import { sessionsNeededSql } from '../checkins/completion.js';
import type { Database, RegistrationStatus } from '../db/schema.js';
import { textMatches } from '../db/search-sql.js';

type Db = Kysely<Database>;

/** A booth request that still counts: the statuses of the index registrations_facility_once_per_fair. */
const LIVE_REQUEST: RegistrationStatus[] = ['confirmed', 'waitlisted', 'pending'];

/** How many facilities one search lists at most. */
export const LIST_LIMIT = 200;

/** Facilities with a registration in one of `eventIds` (null: every facility). */
function within(eventIds: string[] | null) {
  return eventIds === null
    ? sql<SqlBool>`true`
    : sql<SqlBool>`exists (select 1 from registrations r where r.facility_id = f.id and r.event_id = any(${eventIds}::uuid[]))`;
}

/**
 * Facilities whose name of record, a name variant, tax code or district holds `q` (case and
 * diacritics ignored), with how many fairs and other events their people registered for.
 */
export async function searchFacilities(db: Db, q: string, eventIds: string[] | null) {
  const matches = q.trim()
    ? sql<SqlBool>`(${textMatches(q, [sql`f.name`, sql`f.tax_code`, sql`f.district`])}
        or exists (select 1 from facility_name_variants v where v.facility_id = f.id and ${textMatches(q, [sql`v.name`])}))`
    : sql<SqlBool>`true`;
  const inReach = eventIds === null ? sql`true` : sql`r.event_id = any(${eventIds}::uuid[])`;
  const { rows } = await sql<{
    id: string;
    name: string;
    tax_code: string | null;
    district: string;
    fairs: number;
    other_events: number;
    variants: number;
    entries: number;
  }>`
    select f.id, f.name, f.tax_code, f.district,
      (select count(distinct r.event_id)::int from registrations r join events e on e.id = r.event_id
        where r.facility_id = f.id and e.kind = 'fair' and ${inReach}) as fairs,
      (select count(distinct r.event_id)::int from registrations r join events e on e.id = r.event_id
        where r.facility_id = f.id and e.kind <> 'fair' and ${inReach}) as other_events,
      (select count(*)::int from facility_name_variants v where v.facility_id = f.id and v.name <> f.name) as variants,
      (select count(*)::int from selection_entries s where s.facility_id = f.id) as entries
    from facilities f
    where ${within(eventIds)} and ${matches}
    order by f.name, f.id
    limit ${LIST_LIMIT + 1}`.execute(db);
  return rows;
}

export function findFacility(db: Db, id: string) {
  return db.selectFrom('facilities').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function isWithinEvents(db: Db, facilityId: string, eventIds: string[]): Promise<boolean> {
  const row = await db
    .selectFrom('registrations')
    .select('id')
    .where('facility_id', '=', facilityId)
    .where('event_id', 'in', eventIds.length ? eventIds : ['00000000-0000-0000-0000-000000000000'])
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

export function listVariants(db: Db, facilityId: string) {
  return db
    .selectFrom('facility_name_variants')
    .select(['name', 'seen_count', 'first_seen_at', 'last_seen_at'])
    .where('facility_id', '=', facilityId)
    .orderBy('first_seen_at')
    .orderBy('name')
    .execute();
}

/**
 * The facility's registrations, one row each, with its event and, for courses, whether the
 * person completed (the completion rule of checkins/completion.ts over the event's sessions).
 */
export async function listHistory(db: Db, facilityId: string, eventIds: string[] | null) {
  const { rows } = await sql<{
    registration_id: string;
    event_id: string;
    title: string;
    title_en: string | null;
    kind: string;
    first_start: Date | null;
    status: string;
    full_name: string;
    submitted_name: string | null;
    booths_requested: number | null;
    present_sessions: number;
    completed: boolean;
  }>`
    select r.id as registration_id, e.id as event_id, e.title, e.title_en, e.kind, s.first_start, r.status,
           r.full_name, r.facility_name as submitted_name,
           (r.booth_request->>'count')::int as booths_requested,
           coalesce(t.present_sessions, 0) as present_sessions,
           (r.status = 'confirmed' and s.n_sessions > 0
             and coalesce(t.present_sessions, 0) >= ${sessionsNeededSql(sql`s.n_sessions`, sql`e.completion_share`)}) as completed
    from registrations r
    join events e on e.id = r.event_id
    cross join lateral (select count(*)::int as n_sessions, min(starts_at) as first_start from event_sessions es where es.event_id = e.id) s
    left join attendance_tallies t on t.registration_id = r.id
    where r.facility_id = ${facilityId}
      ${eventIds === null ? sql`` : sql`and r.event_id = any(${eventIds}::uuid[])`}
    order by s.first_start desc nulls last, r.created_at`.execute(db);
  return rows;
}

export function listFacilityEntries(db: Db, facilityId: string) {
  return db
    .selectFrom('selection_entries as s')
    .innerJoin('selection_rounds as sr', 'sr.id', 's.round_id')
    .select([
      's.id',
      's.product_name',
      's.category',
      's.result',
      's.award_level',
      's.certificate_no',
      'sr.id as round_id',
      'sr.title',
      'sr.level',
      'sr.held_on',
    ])
    .where('s.facility_id', '=', facilityId)
    .orderBy('sr.held_on', 'desc')
    .execute();
}

/** What a merge would move from one facility to another: counted, for the confirmation page. */
export async function countMovable(db: Db, facilityId: string) {
  const row = await db
    .selectNoFrom((eb) => [
      eb
        .selectFrom('registrations')
        .select((x) => x.fn.countAll<number>().as('n'))
        .where('facility_id', '=', facilityId)
        .as('registrations'),
      eb
        .selectFrom('selection_entries')
        .select((x) => x.fn.countAll<number>().as('n'))
        .where('facility_id', '=', facilityId)
        .as('entries'),
      eb
        .selectFrom('facility_name_variants')
        .select((x) => x.fn.countAll<number>().as('n'))
        .where('facility_id', '=', facilityId)
        .as('variants'),
    ])
    .executeTakeFirstOrThrow();
  return { registrations: Number(row.registrations), entries: Number(row.entries), variants: Number(row.variants) };
}

/**
 * Fairs where both facilities hold a live booth request: one facility may hold only one per fair
 * (the index registrations_facility_once_per_fair, same predicate), so these block a merge.
 */
export function findFairClashes(db: Db, a: string, b: string) {
  return db
    .selectFrom('registrations as ra')
    .innerJoin('registrations as rb', 'rb.event_id', 'ra.event_id')
    .innerJoin('events as e', 'e.id', 'ra.event_id')
    .select(['e.id', 'e.title', 'e.title_en'])
    .distinct()
    .where('ra.facility_id', '=', a)
    .where('rb.facility_id', '=', b)
    .where('ra.booth_request', 'is not', null)
    .where('rb.booth_request', 'is not', null)
    .where('ra.status', 'in', LIVE_REQUEST)
    .where('rb.status', 'in', LIVE_REQUEST)
    .orderBy('e.title')
    .execute();
}

type Trx = Transaction<Database>;

/** Both facilities locked in id order, so two merges of the same pair cannot deadlock. */
export function lockFacilities(trx: Trx, ids: [string, string]) {
  return trx.selectFrom('facilities').selectAll().where('id', 'in', ids).orderBy('id').forUpdate().execute();
}

export async function moveRegistrations(trx: Trx, from: string, to: string, now: Date): Promise<string[]> {
  const rows = await trx
    .updateTable('registrations')
    .set({ facility_id: to, updated_at: now })
    .where('facility_id', '=', from)
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

export async function moveEntries(trx: Trx, from: string, to: string): Promise<number> {
  const rows = await trx
    .updateTable('selection_entries')
    .set({ facility_id: to })
    .where('facility_id', '=', from)
    .returning('id')
    .execute();
  return rows.length;
}

/** The merged facility's name and variants become variants of the kept one (counts added up). */
export async function moveVariants(trx: Trx, from: { id: string; name: string }, to: string): Promise<void> {
  await sql`
    insert into facility_name_variants as v (facility_id, name, seen_count, first_seen_at, last_seen_at)
    select ${to}::uuid, name, seen_count, first_seen_at, last_seen_at from facility_name_variants where facility_id = ${from.id}
    union all
    select ${to}::uuid, ${from.name}, 0, now(), now()
      where not exists (select 1 from facility_name_variants where facility_id = ${from.id} and name = ${from.name})
    on conflict (facility_id, name) do update set
      seen_count = v.seen_count + excluded.seen_count,
      first_seen_at = least(v.first_seen_at, excluded.first_seen_at),
      last_seen_at = greatest(v.last_seen_at, excluded.last_seen_at)`.execute(trx);
}

export function deleteFacility(trx: Trx, id: string) {
  return trx.deleteFrom('facilities').where('id', '=', id).execute();
}

export function fillFacility(
  trx: Trx,
  id: string,
  values: {
    tax_code: string | null;
    address: string | null;
    sector: string | null;
    representative: string | null;
    products: string | null;
  },
  now: Date,
) {
  return trx
    .updateTable('facilities')
    .set({ ...values, updated_at: now })
    .where('id', '=', id)
    .execute();
}

export function renameFacility(trx: Trx, id: string, name: string, now: Date) {
  return trx.updateTable('facilities').set({ name, updated_at: now }).where('id', '=', id).execute();
}
