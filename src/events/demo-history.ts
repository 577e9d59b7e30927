import { sql, type Transaction } from 'kysely';
import type { DateTime } from 'luxon';
import type { Database, EventKind, FairScope } from '../db/schema.js';
import { DEMO_MARK } from '../programmes/demo-programme.js';
import { isoOf } from '../shared/time.js';

interface PastKind {
  kind: EventKind;
  topic: string;
  scope?: FairScope;
  title: string;
  titleEn: string;
  /** Sessions (consecutive mornings) and people registered; most attend every session. */
  sessions: number;
  people: number;
  facilities: boolean;
}

// Four kinds of past events, one of each per quarter, so every demo target has history.
const KINDS: PastKind[] = [
  {
    kind: 'training_class',
    topic: 'startup',
    title: 'Lớp khởi sự kinh doanh',
    titleEn: 'Starting a business class',
    sessions: 3,
    people: 14,
    facilities: false,
  },
  {
    kind: 'conference',
    topic: 'technology',
    title: 'Hội nghị giới thiệu thiết bị chế biến',
    titleEn: 'Conference on processing machinery',
    sessions: 1,
    people: 16,
    facilities: false,
  },
  {
    kind: 'cp_workshop',
    topic: 'cleaner_production',
    title: 'Hội thảo sản xuất sạch hơn',
    titleEn: 'Cleaner-production workshop',
    sessions: 1,
    people: 12,
    facilities: false,
  },
  {
    kind: 'fair',
    topic: 'fair_hosted',
    scope: 'district',
    title: 'Hội chợ hàng công nghiệp nông thôn huyện',
    titleEn: 'District fair of rural industrial products',
    sessions: 2,
    people: 8,
    facilities: true,
  },
];

const MONTHS = [3, 6, 9, 11];
const NAMES = [
  'Nguyễn Thị Lan',
  'Trần Văn Minh',
  'Lê Thị Hạnh',
  'Phạm Văn Hùng',
  'Hoàng Thị Mai',
  'Vũ Văn Nam',
  'Đặng Thị Thu',
  'Bùi Văn Tuấn',
];
const DISTRICTS = ['Thủy Nguyên', 'An Lão', 'Kiến Thụy', 'Tiên Lãng', 'Vĩnh Bảo'];

/** Fixed ids: the history is added once; slot n of the history is event ...8001-<n>. */
const historyId = (slot: number) => `6d1f0e2a-0000-4000-8001-${String(slot).padStart(12, '0')}`;

/**
 * Past events of the demo programme, each quarter of the years from its start to today, with
 * registrations and check-ins, so its dashboard has a history from the first load. Each table
 * is written by one statement; a few hundred rows in all. Added once: present, nothing is done.
 */
export async function loadDemoHistory(
  trx: Transaction<Database>,
  programmeId: string,
  startYear: number,
  today: DateTime,
): Promise<number> {
  const first = await trx.selectFrom('events').select('id').where('id', '=', historyId(0)).executeTakeFirst();
  if (first) return 0;
  const past: { id: string; k: PastKind; start: DateTime; title: string }[] = [];
  let slot = 0;
  for (let year = startYear; year <= today.year; year++) {
    MONTHS.forEach((month, i) => {
      const k = KINDS[i % KINDS.length] as PastKind;
      const start = today.set({ year, month, day: 10 + i, hour: 8, minute: 0, second: 0, millisecond: 0 });
      if (start.plus({ days: k.sessions }) >= today.startOf('day')) return;
      past.push({ id: historyId(slot++), k, start, title: `${k.title} ${month}/${year}` });
    });
  }
  if (past.length === 0) return 0;
  // A programme review: a conference, not a technology one (it counts for no target).
  const reviewAt = today.set({ year: startYear, month: 12, day: 15, hour: 8, minute: 0, second: 0, millisecond: 0 });
  if (reviewAt < today.startOf('day'))
    past.push({
      id: historyId(slot++),
      k: { ...(KINDS[1] as PastKind), topic: 'review', title: 'Hội nghị sơ kết chương trình', titleEn: 'Programme review conference' },
      start: reviewAt,
      title: `Hội nghị sơ kết chương trình năm ${startYear}`,
    });

  await trx
    .insertInto('events')
    .values(
      past.map((p) => ({
        id: p.id,
        programme_id: programmeId,
        kind: p.k.kind,
        title: `[${DEMO_MARK.vi}] ${p.title}`,
        title_en: `[${DEMO_MARK.en}] ${p.k.titleEn} ${p.start.toFormat('M/yyyy')}`,
        description: `${DEMO_MARK.vi}: sự kiện đã qua, có sẵn người tham dự để bảng theo dõi có lịch sử.`,
        topic: p.k.topic,
        scope: p.k.scope ?? null,
        // Past and over: counted by the programme, not listed for registration.
        status: 'completed' as const,
        capacity: 60,
        completion_share: '0.8',
        published_at: p.start.minus({ days: 30 }).toJSDate(),
        registration_opens_at: p.start.minus({ days: 30 }).toJSDate(),
        created_by: null,
      })),
    )
    .execute();
  await trx
    .insertInto('event_sessions')
    .values(
      past.flatMap((p) =>
        Array.from({ length: p.k.sessions }, (_, i) => ({
          event_id: p.id,
          position: i,
          starts_at: isoOf(p.start.plus({ days: i })),
          ends_at: isoOf(p.start.plus({ days: i, hours: 4 })),
        })),
      ),
    )
    .execute();
  const fairs = past.filter((p) => p.k.facilities).map((p) => p.id);
  const maxFacilities = Math.max(0, ...past.filter((p) => p.k.facilities).map((p) => p.k.people));
  // Demo facilities (the same few come to several fairs: counted once each over the period).
  await sql`insert into facilities (name, dedup_key, district)
    select ${`[${DEMO_MARK.vi}] Cơ sở mẫu `} || g, 'demo-facility-' || g, (${DISTRICTS}::text[])[1 + g % ${DISTRICTS.length}]
    from generate_series(1, ${maxFacilities + 4}) g
    on conflict do nothing`.execute(trx);
  const plan = past.map((p, i) => ({ id: p.id, people: p.k.people, at: isoOf(p.start.minus({ days: 7 })), shift: i % 5 }));
  // People: the same demo people come back (distinct people fewer than enrolments), some with a facility.
  await sql`insert into registrations (event_id, status, full_name, phone, gender, district, person_key, facility_id, consent_version,
      consent_processing_at, ticket_id, short_code, manage_token_hash, created_at, updated_at, confirmed_at)
    select p.id::uuid, 'confirmed', (${NAMES}::text[])[1 + (g + p.shift) % ${NAMES.length}] || ' (' || ${DEMO_MARK.vi} || ')',
           '0900' || lpad((g + p.shift)::text, 6, '0'),
           case when (g + p.shift) % 2 = 0 then 'female' else 'male' end,
           (${DISTRICTS}::text[])[1 + (g + p.shift) % ${DISTRICTS.length}],
           'demo-person-' || (g + p.shift),
           case when p.id::uuid = any(${fairs}::uuid[]) then (select f.id from facilities f where f.dedup_key = 'demo-facility-' || (g + p.shift % 3)) end,
           'demo', p.at::timestamptz, 'demo-' || p.id || '-' || g, 'DM' || upper(substr(md5(p.id || '-' || g), 1, 8)),
           md5('demo-manage-' || p.id || '-' || g), p.at::timestamptz, p.at::timestamptz, p.at::timestamptz
    from json_to_recordset(${JSON.stringify(plan)}::json) as p(id text, people int, at text, shift int)
    cross join lateral generate_series(1, p.people) g`.execute(trx);
  // Check-ins: everyone at the first session; every fifth person misses the rest (not completed).
  const ids = past.map((p) => p.id);
  await sql`insert into attendance (registration_id, session_id, event_id, status, method, checked_in_at, recorded_at)
    select r.id, s.id, r.event_id, 'present', 'manual', s.starts_at + interval '10 minutes', s.starts_at + interval '10 minutes'
    from registrations r
    join event_sessions s on s.event_id = r.event_id
    where r.event_id = any(${ids}::uuid[])
      and (s.position = 0 or split_part(r.ticket_id, '-', 7)::int % 5 <> 0)`.execute(trx);
  return past.length;
}
