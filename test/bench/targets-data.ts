/**
 * A realistic five-year data set for the targets benchmark, made set-based in the database
 * (generate_series, INSERT … SELECT): events of every kind, topic and fair scope with their
 * sessions, registrations of a pool of people who come back to several events, and check-ins.
 * Everything is derived from integers by fixed formulas, so two runs make the same data.
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../src/db/schema.js';

export interface DataSetOptions {
  events: number;
  people: number;
  facilities: number;
  /** Insert check-ins through the row trigger that keeps attendance_tallies (slow), or in bulk then count. */
  throughTrigger: boolean;
}

export const HAI_PHONG_DISTRICTS = [
  'Hồng Bàng',
  'Ngô Quyền',
  'Lê Chân',
  'Hải An',
  'Kiến An',
  'Đồ Sơn',
  'Dương Kinh',
  'Thủy Nguyên',
  'An Dương',
  'An Lão',
  'Kiến Thụy',
  'Tiên Lãng',
  'Vĩnh Bảo',
  'Cát Hải',
  'Bạch Long Vĩ',
];
// Weights (out of 100) by district: the rural districts send most of the programme's learners.
const DISTRICT_WEIGHTS = [4, 4, 4, 4, 5, 3, 3, 15, 10, 9, 9, 10, 11, 8, 1];
const SURNAMES = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Vũ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương'];
const FEMALE = ['Hoa', 'Lan', 'Hương', 'Thu Hằng', 'Mai', 'Ánh Tuyết', 'Lụa', 'Ngọc', 'Thanh Huyền', 'Phương'];
const MALE = ['Đức', 'Quốc Hưng', 'Minh Khôi', 'Thưởng', 'Tuấn', 'Nam', 'Long', 'Dũng', 'Hải', 'Sơn'];
const CLASS_TOPICS = [
  'startup',
  'business_management',
  'cleaner_production',
  'advanced_skills',
  'cp_trainers',
  'policy',
  'extension_staff',
];
const SCOPES = ['district', 'city', 'regional', 'national'];

/** The data set's "today": everything before it has happened. The dashboard is timed as of then. */
export const AS_OF = new Date('2026-01-15T00:00:00+07:00');

/** Each step's wall time, for the report. */
export type Timings = [string, number][];

async function step(timings: Timings, name: string, work: () => Promise<unknown>) {
  const started = performance.now();
  await work();
  timings.push([name, performance.now() - started]);
}

/** district index 1..15 for a person number, following DISTRICT_WEIGHTS. */
function districtCase(p: ReturnType<typeof sql>) {
  let acc = 0;
  const arms = DISTRICT_WEIGHTS.map((w, i) => {
    acc += w;
    return sql`when (${p}) % 100 < ${sql.lit(acc)} then ${sql.lit(i + 1)}`;
  });
  return sql`(case ${sql.join(arms, sql` `)} else 1 end)`;
}

export async function generateDataSet(db: Kysely<Database>, programmeId: string, o: DataSetOptions): Promise<Timings> {
  const timings: Timings = [];
  const districts = sql`${HAI_PHONG_DISTRICTS}::text[]`;

  await step(timings, 'facilities', () =>
    sql`insert into facilities (id, name, dedup_key, district, sector, created_at, updated_at)
        select md5('fac' || g)::uuid, 'Cơ sở sản xuất số ' || g, 'bench-' || g, (${districts})[${districtCase(sql`g * 7`)}],
               (array['Chế biến nông sản', 'Mây tre đan', 'Cơ khí', 'Dệt may', 'Gốm sứ'])[1 + g % 5], now(), now()
        from generate_series(1, ${o.facilities}) g`.execute(db),
  );

  // Plans are unlogged tables, not temporary ones: the pool may run each statement on
  // another connection. They are dropped before the statistics are taken.
  // The events' plan: kind by share (55% classes, 15% conferences, 10% CP workshops, 8% study
  // tours, 12% fairs), spread evenly over 2021–2025 with a few drafts in 2026, 2% cancelled.
  await step(timings, 'events + sessions', async () => {
    await sql`create unlogged table bench_events as
      select i, md5('ev' || i)::uuid as id, k.kind,
             case k.kind when 'training_class' then (${CLASS_TOPICS}::text[])[1 + (i / 100) % 7]
                         when 'conference' then 'technology' when 'cp_workshop' then 'cleaner_production'
                         when 'fair' then (array['fair_hosted', 'fair_city_booth'])[1 + (i / 100) % 2] end as topic,
             case when k.kind = 'fair' then (${SCOPES}::text[])[1 + (i / 200) % 4] end as scope,
             case k.kind when 'training_class' then 5 + (i * 13) % 6 when 'conference' then 1 + i % 2 when 'cp_workshop' then 1 + i % 2
                         when 'study_tour' then 2 + i % 3 else 3 + i % 3 end as n_sessions,
             case k.kind when 'training_class' then 70 + (i * 17) % 41 when 'conference' then 80 + (i * 17) % 101
                         when 'cp_workshop' then 50 + (i * 17) % 61 when 'study_tour' then 25 + i % 21 else 40 + (i * 17) % 81 end as n_regs,
             case when i % 50 = 7 then 'cancelled' when i > ${o.events} * 0.985 then 'draft' when i % 5 < 3 then 'completed' else 'published' end as status,
             date '2021-01-11' + ((i - 1) * 1900 / ${o.events}) + (i % 3) as first_day
      from generate_series(1, ${o.events}) i
      cross join lateral (select case when i % 100 < 55 then 'training_class' when i % 100 < 70 then 'conference'
        when i % 100 < 80 then 'cp_workshop' when i % 100 < 88 then 'study_tour' else 'fair' end as kind) k`.execute(db);
    await sql`insert into events (id, programme_id, kind, title, topic, scope, status, capacity, completion_share, requires_approval, email_required, published_at, cancelled_at, created_at, updated_at)
      select id, ${programmeId}, kind,
             (case kind when 'training_class' then 'Lớp ' when 'conference' then 'Hội nghị công nghệ ' when 'cp_workshop' then 'Hội thảo sản xuất sạch hơn '
                         when 'study_tour' then 'Đoàn tham quan học tập ' else 'Hội chợ triển lãm ' end) || coalesce(topic || ' ', '') || 'số ' || i,
             topic, scope, status, n_regs, case when i % 4 = 0 then 0.75 else 0.8 end, kind = 'fair', false,
             case when status <> 'draft' then first_day - 30 end, case when status = 'cancelled' then first_day - 3 end, first_day - 40, first_day - 40
      from bench_events`.execute(db);
    await sql`create unlogged table bench_sessions as
      select e.i, s as position, md5('ses' || e.i || ':' || s)::uuid as id, e.id as event_id,
             (e.first_day + (s - 1) * (case when e.kind = 'training_class' then 2 else 1 end) + time '08:00') at time zone 'Asia/Ho_Chi_Minh' as starts_at,
             (e.first_day + (s - 1) * (case when e.kind = 'training_class' then 2 else 1 end) + time '11:30') at time zone 'Asia/Ho_Chi_Minh' as ends_at
      from bench_events e, generate_series(1, e.n_sessions) s`.execute(db);
    await sql`insert into event_sessions (id, event_id, position, starts_at, ends_at) select id, event_id, position, starts_at, ends_at from bench_sessions`.execute(
      db,
    );
  });

  // People come back: person p of event i is (i·7919 + k·104729) mod people, distinct within an
  // event because 104729 is prime to the pool size. Statuses: mostly confirmed, some
  // cancelled, waitlisted, pending or rejected; a cancelled event's registrations are cancelled.
  await step(timings, 'plan registrations', () =>
    sql`create unlogged table bench_regs as
      select e.i, k, md5('reg' || e.i || ':' || k)::uuid as id, e.id as event_id, st.status,
             (${SURNAMES}::text[])[1 + p % 12] || case when g.gender = 'male' then ' Văn ' || (${MALE}::text[])[1 + (p / 12) % 10]
                                                      else ' Thị ' || (${FEMALE}::text[])[1 + (p / 12) % 10] end as full_name,
             '+849' || lpad(p::text, 8, '0') as phone, case when p % 3 <> 0 then 'hv' || p || '@example.vn' end as email,
             g.gender, 1960 + p % 45 as birth_year, case when p % 50 <> 1 then (${districts})[${districtCase(sql`p / 7`)}] end as district,
             md5('bench-person:' || p) as person_key, case when e.kind = 'fair' or p % 5 < 2 then md5('fac' || (1 + p % ${o.facilities}))::uuid end as facility_id,
             (e.first_day - 20 + (k % 15))::timestamptz as created_at
      from bench_events e
      cross join lateral generate_series(1, e.n_regs) k
      cross join lateral (select (e.i * 7919 + k * 104729) % ${o.people} + 1 as p) person
      cross join lateral (select case when p % 50 = 0 then null when p % 100 < 47 then 'female' when p % 100 < 99 then 'male' else 'other' end as gender) g
      cross join lateral (select case when e.status = 'cancelled' then 'cancelled'
                                       when (k * 37 + e.i) % 100 < 86 then 'confirmed' when (k * 37 + e.i) % 100 < 92 then 'cancelled'
                                       when (k * 37 + e.i) % 100 < 97 then 'waitlisted' when e.kind = 'fair' and (k * 37 + e.i) % 100 < 99 then 'pending'
                                       else 'rejected' end as status) st`.execute(db),
  );

  // Check-ins of confirmed registrations at sessions that are over: most people come to nearly
  // every session, some to about two thirds, a few rarely, a few never; 1% of marks are excused.
  await step(timings, 'plan check-ins', () =>
    sql`create unlogged table bench_attendance as
      select r.id as registration_id, s.id as session_id, r.event_id,
             case when (r.i + r.k + s.position) % 100 = 0 then 'excused' else 'present' end as status,
             (array['qr', 'short_code', 'manual'])[1 + (r.k % 20 = 0)::int + (r.k % 40 = 0)::int] as method,
             s.starts_at + make_interval(mins => ((r.k * 7) % 45)::int - 15) as checked_in_at, 'bench-door-' || (r.k % 4) as device_id
      from bench_regs r
      join bench_events e on e.i = r.i and e.status in ('published', 'completed')
      join bench_sessions s on s.i = r.i and s.ends_at < ${AS_OF}
      where r.status = 'confirmed'
        and ((r.i * 7919 + r.k) * 2654435761 + s.position * 40503) % 100 < case when (r.i + r.k) % 20 = 0 then 0 when (r.i + r.k) % 10 < 7 then 97 when (r.i + r.k) % 10 < 9 then 72 else 35 end`.execute(
      db,
    ),
  );

  const registrations = sql`insert into registrations (id, event_id, status, full_name, phone, email, gender, birth_year, district, person_key, facility_id,
        consent_version, consent_processing_at, ticket_id, short_code, manage_token_hash, created_at, updated_at, confirmed_at)
      select r.id, r.event_id, r.status, r.full_name, r.phone, r.email, r.gender, r.birth_year, r.district, r.person_key, r.facility_id,
             'bench-1', r.created_at, 'bench-' || r.i || '-' || r.k, 'B' || r.i || 'K' || r.k, md5('bench-manage:' || r.id), r.created_at, r.created_at,
             case when r.status = 'confirmed' then r.created_at end
      from bench_regs r`;
  // What the attendance trigger would have kept: one tally per registration with a session attended.
  const tallies = sql`insert into attendance_tallies (registration_id, event_id, status, person_key, facility_id, district, gender, present_sessions)
      select r.id, r.event_id, r.status, r.person_key, r.facility_id, r.district, r.gender, a.n
      from bench_regs r
      join (select registration_id, count(*)::int as n from bench_attendance where status = 'present' group by registration_id) a on a.registration_id = r.id`;
  const attendance = sql`insert into attendance (registration_id, session_id, event_id, status, method, checked_in_at, recorded_at, device_id)
      select registration_id, session_id, event_id, status, method, checked_in_at, checked_in_at, device_id from bench_attendance`;

  if (o.throughTrigger) {
    await step(timings, 'insert registrations', () => registrations.execute(db));
    await step(timings, 'insert check-ins (row trigger, FK checks)', () => attendance.execute(db));
  } else {
    // A bulk load as a restore would do it: the rows are consistent by construction (ids are
    // derived, the tallies are counted from the planned check-ins), so the per-row foreign
    // key checks and the tally triggers are skipped with session_replication_role,
    // inside one transaction; the sums are compared afterwards.
    await step(timings, 'insert registrations + check-ins (bulk)', () =>
      db.transaction().execute(async (trx) => {
        await sql`set local session_replication_role = replica`.execute(trx);
        // Secondary indexes are built after the rows, by sorting, as pg_restore does; those
        // behind constraints (primary keys, unique columns) stay and are filled row by row.
        const { rows: indexes } = await sql<{ name: string; def: string }>`
          select i.indexname as name, i.indexdef as def from pg_indexes i
          where i.schemaname = current_schema() and i.tablename in ('registrations', 'attendance', 'attendance_tallies')
            and not exists (select 1 from pg_constraint c where c.conname = i.indexname)`.execute(trx);
        for (const index of indexes) await sql`drop index ${sql.id(index.name)}`.execute(trx);
        await registrations.execute(trx);
        await attendance.execute(trx);
        await tallies.execute(trx);
        for (const index of indexes) await sql.raw(index.def).execute(trx);
      }),
    );
    const { rows } = await sql<{
      kept: number;
      counted: number;
    }>`select (select sum(present_sessions) from attendance_tallies)::int as kept,
        (select count(*) from attendance where status = 'present')::int as counted`.execute(db);
    if (rows[0]!.kept !== rows[0]!.counted)
      throw new Error(`the tallies (${rows[0]!.kept}) disagree with the check-ins (${rows[0]!.counted})`);
  }

  await step(timings, 'seat counters', () =>
    sql`update events e set confirmed_count = c.n, capacity = greatest(e.capacity, c.n)
        from (select event_id, count(*)::int as n from registrations where status = 'confirmed' group by event_id) c
        where c.event_id = e.id`.execute(db),
  );
  await sql`drop table bench_attendance, bench_regs, bench_sessions, bench_events`.execute(db);
  // What autovacuum does after a load: statistics for the planner and a current visibility
  // map, without which no index-only scan can skip the heap.
  await step(timings, 'vacuum analyze', () => sql`vacuum (analyze)`.execute(db));
  return timings;
}

export async function dataSetSize(db: Kysely<Database>) {
  const { rows } = await sql<{
    events: number;
    sessions: number;
    registrations: number;
    confirmed: number;
    attendance: number;
    people: number;
    facilities: number;
  }>`
    select (select count(*) from events)::int as events, (select count(*) from event_sessions)::int as sessions,
           (select count(*) from registrations)::int as registrations, (select count(*) from registrations where status = 'confirmed')::int as confirmed,
           (select count(*) from attendance)::int as attendance, (select count(distinct person_key) from registrations)::int as people,
           (select count(*) from facilities)::int as facilities`.execute(db);
  return rows[0]!;
}
