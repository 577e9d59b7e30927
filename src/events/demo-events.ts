import type { Kysely, Transaction } from 'kysely';
import { DateTime } from 'luxon';
import type { Database, EventKind, FairScope } from '../db/schema.js';
import { queueForEvent } from '../mail/outbox.repository.js';
import { DEMO_MARK, DEMO_PROGRAMME_CODE, demoProgrammeSeed } from '../programmes/demo-programme.js';
import { findProgrammeIdByCode } from '../programmes/programmes.repository.js';
import { loadProgrammes } from '../programmes/programmes.usecases.js';
import { isoOf, PROGRAMME_ZONE } from '../shared/time.js';
import { loadDemoHistory } from './demo-history.js';
import * as repo from './events.repository.js';

interface DemoEvent {
  id: string;
  kind: EventKind;
  title: string;
  titleEn: string;
  description: string;
  topic?: string;
  scope?: FairScope;
  capacity: number;
  venue: { name: string; address: string; district: string };
  /** Days from today, local start hour, hours long; or 'now': one session open from the current hour for eight hours. */
  sessions: [number, number, number][] | 'now';
}

/** The demo event whose door is open when the demo is loaded: register, then scan at /scan. */
export const DEMO_NOW_EVENT_ID = '6d1f0e2a-0000-4000-8000-000000000007';

const HALL = { name: 'Trung tâm Khuyến công Hải Phòng', address: '16 Lý Tự Trọng', district: 'Hồng Bàng' };

// Fixed ids: loading the demo twice finds its events and adds nothing.
const DEMO: DemoEvent[] = [
  {
    id: '6d1f0e2a-0000-4000-8000-000000000001',
    kind: 'training_class',
    title: 'Lớp khởi sự kinh doanh cho cơ sở công nghiệp nông thôn',
    titleEn: 'Starting a business: class for rural industrial facilities',
    description: 'Năm buổi học về lập kế hoạch kinh doanh, tài chính, thị trường và thủ tục đăng ký.',
    topic: 'startup',
    capacity: 40,
    venue: HALL,
    sessions: [
      [7, 8, 4],
      [8, 8, 4],
      [9, 8, 4],
      [10, 8, 4],
      [11, 8, 4],
    ],
  },
  {
    id: '6d1f0e2a-0000-4000-8000-000000000002',
    kind: 'training_class',
    title: 'Tập huấn nâng cao năng lực áp dụng sản xuất sạch hơn',
    titleEn: 'Applying cleaner production: training for facilities',
    description: 'Đánh giá sản xuất sạch hơn tại cơ sở, tiết kiệm năng lượng, giảm chất thải.',
    topic: 'cleaner_production',
    capacity: 30,
    venue: { name: 'Hội trường UBND huyện Thủy Nguyên', address: 'Thị trấn Núi Đèo', district: 'Thủy Nguyên' },
    sessions: [
      [14, 8, 4],
      [15, 8, 4],
      [16, 8, 4],
    ],
  },
  {
    id: '6d1f0e2a-0000-4000-8000-000000000003',
    kind: 'conference',
    title: 'Hội nghị giới thiệu máy móc thiết bị chế biến nông sản hiện đại',
    titleEn: 'Conference: modern machinery for agricultural processing',
    description: 'Doanh nghiệp cơ khí trình diễn thiết bị sấy, đóng gói, bảo quản.',
    topic: 'technology',
    capacity: 120,
    venue: HALL,
    sessions: [[10, 8, 4]],
  },
  {
    id: '6d1f0e2a-0000-4000-8000-000000000004',
    kind: 'cp_workshop',
    title: 'Hội thảo chuyên đề sản xuất sạch hơn trong ngành dệt may',
    titleEn: 'Workshop: cleaner production in textiles',
    description: 'Chia sẻ kinh nghiệm giảm nước thải và hóa chất trong nhuộm.',
    topic: 'cleaner_production',
    capacity: 80,
    venue: { name: 'Khách sạn Cảng Hải Phòng', address: '60 Điện Biên Phủ', district: 'Hồng Bàng' },
    sessions: [
      [18, 8, 3],
      [18, 13, 3],
    ],
  },
  {
    id: '6d1f0e2a-0000-4000-8000-000000000005',
    kind: 'fair',
    title: 'Hội chợ triển lãm hàng công nghiệp nông thôn tiêu biểu huyện An Lão',
    titleEn: 'An Lão district fair of outstanding rural industrial products',
    description: 'Gian hàng tiêu chuẩn 3×3 m cho cơ sở công nghiệp nông thôn trong huyện.',
    topic: 'fair_hosted',
    scope: 'district',
    capacity: 60,
    venue: { name: 'Sân vận động huyện An Lão', address: 'Thị trấn An Lão', district: 'An Lão' },
    sessions: [
      [21, 8, 10],
      [22, 8, 10],
      [23, 8, 10],
    ],
  },
  {
    id: '6d1f0e2a-0000-4000-8000-000000000006',
    kind: 'study_tour',
    title: 'Đoàn tham quan mô hình cụm công nghiệp tại Bắc Ninh',
    titleEn: 'Study tour: industrial clusters in Bắc Ninh',
    description: 'Một ngày tham quan cụm công nghiệp làng nghề và cơ sở áp dụng công nghệ mới.',
    capacity: 35,
    venue: { name: 'Điểm tập trung: Sở Công Thương Hải Phòng', address: '7 Lê Đại Hành', district: 'Hồng Bàng' },
    sessions: [[25, 6, 12]],
  },
  {
    id: DEMO_NOW_EVENT_ID,
    kind: 'cp_workshop',
    title: 'Hội thảo trình diễn máy sấy nông sản tiết kiệm năng lượng (đang diễn ra)',
    titleEn: 'Demonstration: energy-saving crop dryers (happening now)',
    description: 'Buổi trình diễn đang diễn ra: đăng ký để nhận vé, rồi thử soát vé tại /scan.',
    topic: 'cleaner_production',
    capacity: 40,
    venue: HALL,
    sessions: 'now',
  },
];

/** The "happening now" session: from the current hour, eight hours long. */
function nowSession(now: Date) {
  const startsAt = DateTime.fromJSDate(now, { zone: PROGRAMME_ZONE }).startOf('hour');
  return { startsAt, endsAt: startsAt.plus({ hours: 8 }) };
}

/**
 * The demo started again after the workshop "happening now" has ended: it gains a session from
 * the current hour (earlier sessions and their check-ins stay as they were), registration
 * reopens until its end, and confirmed registrants are sent the new time, as for any change.
 */
async function reopenDoor(trx: Transaction<Database>, eventId: string, now: Date) {
  const event = await repo.lockEvent(trx, eventId);
  const sessions = await repo.findSessions(trx, eventId);
  if (event?.status !== 'published' || sessions.some((x) => x.ends_at.getTime() > now.getTime())) return;
  const { startsAt, endsAt } = nowSession(now);
  const keep = sessions.map((x) => ({
    id: x.id,
    title: x.title ?? undefined,
    titleEn: x.title_en ?? undefined,
    startsAt: x.starts_at.toISOString(),
    endsAt: x.ends_at.toISOString(),
  }));
  await repo.replaceSessions(trx, eventId, [...keep, { startsAt: isoOf(startsAt), endsAt: isoOf(endsAt) }]);
  await repo.updateEvent(trx, eventId, { registration_closes_at: endsAt.toJSDate(), version: event.version + 1 });
  await queueForEvent(trx, eventId, ['confirmed'], 'event_changed', now);
}

/**
 * Adds the demo programme and its events (published: one happening now, the rest in the coming
 * weeks; and past ones with attendance, for the dashboard's history) unless they are there
 * already; an earlier day's "happening now" workshop is moved to now. Every title is marked as
 * demo data. Returns how many of the upcoming events were added.
 */
export async function loadDemoEvents(db: Kysely<Database>, now: Date): Promise<number> {
  const today = DateTime.fromJSDate(now, { zone: PROGRAMME_ZONE }).startOf('day');
  let added = 0;
  await db.transaction().execute(async (trx) => {
    // The demo's own programme, its period around today: check-ins at the door move its dashboard.
    await loadProgrammes(trx, [demoProgrammeSeed(today.year)]);
    const programme = await findProgrammeIdByCode(trx, DEMO_PROGRAMME_CODE);
    if (programme) {
      const startYear = Number(
        (await trx.selectFrom('programmes').select('starts_on').where('id', '=', programme.id).executeTakeFirstOrThrow()).starts_on.slice(
          0,
          4,
        ),
      );
      await loadDemoHistory(trx, programme.id, startYear, today);
    }
    const present = await repo.existingEventIds(
      trx,
      DEMO.map((d) => d.id),
    );
    for (const demo of DEMO) {
      if (present.has(demo.id)) {
        if (demo.sessions === 'now') await reopenDoor(trx, demo.id, now);
        continue;
      }
      const venueId = await repo.upsertVenue(trx, demo.venue);
      const sessions =
        demo.sessions === 'now'
          ? [{ startsAt: nowSession(now).startsAt, hours: 8 }]
          : demo.sessions.map(([day, hour, hours]) => ({ startsAt: today.plus({ days: day }).set({ hour }), hours }));
      const last = sessions.at(-1);
      if (!last) throw new Error(`demo event ${demo.id} has no sessions`);
      const lastEnd = last.startsAt.plus({ hours: last.hours });
      await repo.insertEvent(trx, {
        id: demo.id,
        kind: demo.kind,
        title: `[${DEMO_MARK.vi}] ${demo.title}`,
        title_en: `[${DEMO_MARK.en}] ${demo.titleEn}`,
        description: demo.description,
        topic: demo.topic ?? null,
        scope: demo.scope ?? null,
        status: 'published',
        capacity: demo.capacity,
        venue_id: venueId,
        requires_approval: demo.kind === 'fair',
        completion_share: '0.8',
        registration_opens_at: now,
        // Registration closes when the first session starts, unless the door is open already.
        registration_closes_at: demo.sessions === 'now' ? lastEnd.toJSDate() : null,
        published_at: now,
        programme_id: programme?.id ?? null,
        created_by: null,
      });
      await repo.replaceSessions(
        trx,
        demo.id,
        sessions.map((x) => ({ startsAt: isoOf(x.startsAt), endsAt: isoOf(x.startsAt.plus({ hours: x.hours })) })),
      );
      added++;
    }
  });
  return added;
}
