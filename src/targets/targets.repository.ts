import { type Kysely, type RawBuilder, sql } from 'kysely';
import { sessionsNeededSql } from '../checkins/completion.js';
import type { Database } from '../db/schema.js';

type Db = Kysely<Database>;

export interface TargetFilter {
  eventKinds: string[];
  topics: string[];
  fairScopes: string[];
}

export interface Period {
  /** The programme counting: only its own events count (an event without a programme counts for none). */
  programmeId: string;
  startsOn: string;
  endsOn: string;
  /**
   * Only these events count and are listed (a reader limited to some events: SPEC §7); null
   * or absent, every event of the period. Part of the period because every query starts there.
   */
  eventIds?: string[] | null | undefined;
}

/**
 * One target's filter on events, part by part (kind, topic, fair scope); an empty list does not
 * narrow. Only the lists given become SQL. "What counts and why" reads each part on its own.
 */
function filterParts(filter: TargetFilter) {
  return {
    kind: filter.eventKinds.length > 0 ? sql`e.kind = any(${filter.eventKinds}::text[])` : sql`true`,
    topic: filter.topics.length > 0 ? sql`coalesce(e.topic = any(${filter.topics}::text[]), false)` : sql`true`,
    scope: filter.fairScopes.length > 0 ? sql`coalesce(e.scope = any(${filter.fairScopes}::text[]), false)` : sql`true`,
  };
}

function eventMatches(filter: TargetFilter): RawBuilder<unknown> {
  const { kind, topic, scope } = filterParts(filter);
  return sql`(${kind} and ${topic} and ${scope})`;
}

/** Whether an event's last session (`lastEnd`) falls in the programme's period, in Vietnam's calendar. */
function inPeriod(period: Period, lastEnd: RawBuilder<unknown>): RawBuilder<boolean> {
  return sql<boolean>`coalesce((${lastEnd} at time zone 'Asia/Ho_Chi_Minh')::date between ${period.startsOn}::date and ${period.endsOn}::date, false)`;
}

/**
 * The events a programme counts: its own (events.programme_id), not drafts, not cancelled,
 * whose last session falls in the programme's period (in Vietnam's calendar), with the year that session falls in. An
 * event belongs to the year it finished: that is when its learners completed. Several
 * filters (the dashboard's breakdown over every learner target) match an event once.
 *
 * `needed` is the completion rule (checkins/completion.ts) as a whole number of sessions, so
 * a learner completed when present ≥ needed; an event counted has sessions (it has a last one).
 * The sessions are read per event through event_sessions (event_id, ends_at), so only the
 * events the filter keeps are looked at.
 */
function countedEvents(period: Period, filter: TargetFilter | TargetFilter[]): RawBuilder<unknown> {
  const filters = Array.isArray(filter) ? filter : [filter];
  return sql`
    select e.id, e.completion_share, s.n_sessions, s.last_end,
           ${sessionsNeededSql(sql`s.n_sessions`, sql`e.completion_share`)} as needed,
           extract(year from s.last_end at time zone 'Asia/Ho_Chi_Minh')::int as yr
    from events e
    cross join lateral (select count(*)::int as n_sessions, max(ends_at) as last_end from event_sessions es where es.event_id = e.id) s
    where e.programme_id = ${period.programmeId}::uuid
      and e.status in ('published', 'completed')
      and (${sql.join(filters.map(eventMatches), sql` or `)})
      ${period.eventIds ? sql`and e.id = any(${period.eventIds}::uuid[])` : sql``}
      and ${inPeriod(period, sql`s.last_end`)}`;
}

/**
 * The confirmed registrations of the event `ev` that attended, one event at a time, read from
 * their tallies (attendance_tallies: sessions attended, with the registration's status, person,
 * facility, district and gender copied in). A lateral subquery keeps every tally on the
 * partial index attendance_tallies_by_event, read index-only, whatever the planner guesses
 * about how many events match; a join let it choose a scan of the whole table instead.
 */
function attendedOf(columns: RawBuilder<unknown>, and: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`select ${columns} from attendance_tallies r
    where r.event_id = ev.id and r.present_sessions > 0 and r.status = 'confirmed' and ${and}`;
}

export interface YearCount {
  /** null: the whole period. */
  yr: number | null;
  n: number;
  people: number;
}

export interface BreakdownRow {
  district: string | null;
  gender: string | null;
  n: number;
}

/**
 * Completed enrolments (confirmed registrations that attended at least the event's completion
 * share of its sessions; cancelled registrations and no-shows never count, anonymised ones do,
 * their keyed person hash still counting distinct people) by year and, in the same pass over
 * the registrations, by district and gender: the dashboard's breakdown costs no second read.
 */
export async function learnersTally(
  db: Db,
  period: Period,
  filter: TargetFilter,
): Promise<{ years: YearCount[]; breakdown: BreakdownRow[] }> {
  // Distinct people by a 64-bit hash of the person key: sorting integers instead of text
  // halves the query's cost; two of a million people share a hash with odds near 1 in 10^7.
  // The completed enrolments are gathered once; years (with distinct people, which needs a
  // sort) and places (hashed, no distinct) are then counted from them separately.
  const { rows } = await sql<YearCount & BreakdownRow & { by_place: boolean }>`
    with ev as materialized (${countedEvents(period, filter)}),
    done as materialized (
      select ev.yr, hashtextextended(r.person_key, 0) as person, r.district, r.gender from ev
      cross join lateral (${attendedOf(sql`r.person_key, r.district, r.gender`, sql`r.present_sessions >= ev.needed`)}) r
    )
    select yr, null::text as district, null::text as gender, false as by_place, count(*)::int as n, count(distinct person)::int as people
    from done group by grouping sets ((yr), ())
    union all
    select null::int, district, gender, true, count(*)::int, 0 from done group by district, gender`.execute(db);
  return {
    years: rows.filter((r) => !r.by_place).map((r) => ({ yr: r.yr, n: r.n, people: r.people })),
    breakdown: rows.filter((r) => r.by_place).map((r) => ({ district: r.district, gender: r.gender, n: r.n })),
  };
}

/** Events past their last session with at least `minAttendees` people checked in. */
export async function eventsHeld(db: Db, period: Period, filter: TargetFilter, minAttendees: number, now: Date): Promise<YearCount[]> {
  const { rows } = await sql<YearCount>`
    with ev as materialized (${countedEvents(period, filter)}),
    attended as (
      select ev.id, ev.yr, (select count(*) from (${attendedOf(sql`1`, sql`true`)}) r)::int as attendees
      from ev
      where ev.last_end < ${now}
    )
    select yr, count(*)::int as n, 0 as people
    from attended where attendees >= ${minAttendees}
    group by grouping sets ((yr), ())`.execute(db);
  return rows;
}

/** Distinct facilities with someone who attended (a booth or a registration). */
export async function facilitiesParticipated(db: Db, period: Period, filter: TargetFilter): Promise<YearCount[]> {
  const { rows } = await sql<YearCount>`
    with ev as materialized (${countedEvents(period, filter)})
    select ev.yr, count(distinct r.facility_id)::int as n, 0 as people
    from ev
    cross join lateral (${attendedOf(sql`r.facility_id`, sql`r.facility_id is not null`)}) r
    group by grouping sets ((ev.yr), ())`.execute(db);
  return rows;
}

/** Completed learners of a set of targets' events by district and gender (for the dashboard). */
export async function completedBreakdown(db: Db, period: Period, filter: TargetFilter | TargetFilter[]) {
  const filters = Array.isArray(filter) ? filter : [filter];
  if (filters.length === 0) return [];
  const { rows } = await sql<{ district: string | null; gender: string | null; n: number }>`
    with ev as materialized (${countedEvents(period, filters)})
    select r.district, r.gender, count(*)::int as n
    from ev
    cross join lateral (${attendedOf(sql`r.district, r.gender`, sql`r.present_sessions >= ev.needed`)}) r
    group by r.district, r.gender`.execute(db);
  return rows;
}

/** The events behind a number, each with how many it contributed. */
export async function eventsBehind(db: Db, period: Period, filter: TargetFilter, year: number | null) {
  const { rows } = await sql<{
    id: string;
    title: string;
    title_en: string | null;
    kind: string;
    yr: number;
    last_end: Date;
    attendees: number;
    completed: number;
    facilities: number;
  }>`
    with ev as materialized (${countedEvents(period, filter)})
    select e.id, e.title, e.title_en, e.kind, ev.yr, ev.last_end,
           count(r.registration_id) filter (where r.status = 'confirmed')::int as attendees,
           count(distinct r.facility_id) filter (where r.status = 'confirmed')::int as facilities,
           count(r.registration_id) filter (where r.status = 'confirmed' and r.present_sessions >= ev.needed)::int as completed
    from ev
    join events e on e.id = ev.id
    left join attendance_tallies r on r.event_id = ev.id and r.present_sessions > 0
    where ${year}::int is null or ev.yr = ${year}::int
    group by e.id, e.title, e.title_en, e.kind, ev.yr, ev.last_end
    order by ev.last_end`.execute(db);
  return rows;
}

/** The survey's answers behind a target: how many, and each question's average (null with none). */
export interface FeedbackTally {
  answers: number;
  content: number | null;
  trainer: number | null;
  usefulness: number | null;
}

/**
 * The survey answers of the people who attended the events this target counts (the same
 * counted events and the same attended rule as its number): what the dashboard and the report
 * average next to the target.
 */
export async function feedbackTally(db: Db, period: Period, filter: TargetFilter): Promise<FeedbackTally> {
  const { rows } = await sql<FeedbackTally>`
    with ev as materialized (${countedEvents(period, filter)})
    select count(f.registration_id)::int as answers,
           avg(f.content)::float8 as content, avg(f.trainer)::float8 as trainer, avg(f.usefulness)::float8 as usefulness
    from ev
    cross join lateral (${attendedOf(sql`r.registration_id`, sql`true`)}) a
    join feedback f on f.registration_id = a.registration_id`.execute(db);
  return rows[0] ?? { answers: 0, content: null, trainer: null, usefulness: null };
}

/** Narrows the people behind a number; '-' asks for the rows where the field is unknown. */
export interface PeopleQuery {
  year?: number | null;
  district?: string | null;
  gender?: string | null;
  limit?: number;
}

/** The people behind a learners number: completed enrolments, erased ones shown as such. */
export async function learnersBehind(db: Db, period: Period, filter: TargetFilter | TargetFilter[], query: number | null | PeopleQuery) {
  const filters = Array.isArray(filter) ? filter : [filter];
  const q: PeopleQuery = typeof query === 'object' && query !== null ? query : { year: query };
  if (filters.length === 0) return [];
  const year = q.year ?? null;
  const district = q.district ?? null;
  const gender = q.gender ?? null;
  const { rows } = await sql<{
    registration_id: string;
    event_id: string;
    full_name: string;
    district: string | null;
    gender: string | null;
    event_title: string;
    yr: number;
    present: number;
    sessions: number;
  }>`
    with ev as materialized (${countedEvents(period, filters)})
    select r.id as registration_id, e.id as event_id, r.full_name, r.district, r.gender, e.title as event_title, ev.yr,
           t.present_sessions as present, ev.n_sessions as sessions
    from ev
    join events e on e.id = ev.id
    join attendance_tallies t on t.event_id = ev.id and t.present_sessions > 0
    join registrations r on r.id = t.registration_id
    where t.status = 'confirmed' and t.present_sessions >= ev.needed
      and (${year}::int is null or ev.yr = ${year}::int)
      and (${district}::text is null or (${district}::text = '-' and r.district is null) or r.district = ${district}::text)
      and (${gender}::text is null or (${gender}::text = '-' and r.gender is null) or r.gender = ${gender}::text)
    order by ev.last_end, r.full_name, r.id
    limit ${q.limit ?? 5000}`.execute(db);
  return rows;
}

/** An event looked at for a target: its place against each part of the counting rule, and its numbers. */
export interface EventExamined {
  id: string;
  title: string;
  title_en: string | null;
  kind: string;
  topic: string | null;
  scope: string | null;
  status: string;
  programme_id: string | null;
  programme_code: string | null;
  last_end: Date | null;
  kind_ok: boolean;
  topic_ok: boolean;
  scope_ok: boolean;
  in_period: boolean;
  attendees: number;
  completed: number;
  facilities: number;
}

/**
 * Every event a target could be asked about: the programme's own (drafts included), and the
 * events of other programmes or of none that match the target's filter in its period (the ones
 * someone would expect to count). Each says which parts of the rule it meets; the counting
 * itself stays in countedEvents, and a test holds the two together.
 */
export async function eventsExamined(db: Db, period: Period, filter: TargetFilter): Promise<EventExamined[]> {
  const parts = filterParts(filter);
  const { rows } = await sql<EventExamined>`
    with ex as (
      select e.id, e.title, e.title_en, e.kind, e.topic, e.scope, e.status, e.programme_id, p.code as programme_code,
             s.last_end, s.n_sessions,
             ${sessionsNeededSql(sql`s.n_sessions`, sql`e.completion_share`)} as needed,
             ${parts.kind} as kind_ok, ${parts.topic} as topic_ok, ${parts.scope} as scope_ok,
             ${inPeriod(period, sql`s.last_end`)} as in_period
      from events e
      left join programmes p on p.id = e.programme_id
      cross join lateral (select count(*)::int as n_sessions, max(ends_at) as last_end from event_sessions es where es.event_id = e.id) s
      where ${period.eventIds ? sql`e.id = any(${period.eventIds}::uuid[])` : sql`true`}
        and (e.programme_id = ${period.programmeId}::uuid
             or (e.status <> 'draft' and ${eventMatches(filter)} and ${inPeriod(period, sql`s.last_end`)}))
    )
    select ex.id, ex.title, ex.title_en, ex.kind, ex.topic, ex.scope, ex.status, ex.programme_id, ex.programme_code, ex.last_end,
           ex.kind_ok, ex.topic_ok, ex.scope_ok, ex.in_period,
           count(r.registration_id) filter (where r.status = 'confirmed')::int as attendees,
           count(distinct r.facility_id) filter (where r.status = 'confirmed')::int as facilities,
           count(r.registration_id) filter (where r.status = 'confirmed' and r.present_sessions >= ex.needed)::int as completed
    from ex
    left join attendance_tallies r on r.event_id = ex.id and r.present_sessions > 0
    group by ex.id, ex.title, ex.title_en, ex.kind, ex.topic, ex.scope, ex.status, ex.programme_id, ex.programme_code, ex.last_end,
             ex.kind_ok, ex.topic_ok, ex.scope_ok, ex.in_period
    order by ex.last_end desc nulls first, ex.title
    limit 2000`.execute(db);
  return rows;
}
