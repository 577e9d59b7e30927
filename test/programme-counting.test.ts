import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import * as technologyConferences from '../db/migrations/2026-12-04T04-00_technology_conferences.js';
import { type ProgrammeSeed, seedProgrammes } from '../db/seed/programmes.js';
import { loadProgrammes } from '../src/programmes/programmes.usecases.js';
import { buildTestApp, eventPayload, makeToken, makeUser, PASSWORD, registrationPayload } from './support/app.js';
import { describeEachEngine } from './support/db.js';
import { readXlsx } from './support/xlsx.js';

const sessionsOn = (days: string[]) => days.map((d) => ({ startsAt: `${d}T08:00:00+07:00`, endsAt: `${d}T11:30:00+07:00` }));

/** Thái Bình's example, moved onto Hai Phong's years so each one's events match the other's filters. */
const THAI_BINH: ProgrammeSeed = {
  ...(JSON.parse(readFileSync(new URL('../db/seed/examples/thai-binh-2026-2030.json', import.meta.url), 'utf8')) as ProgrammeSeed),
  startsOn: '2021-01-01',
  endsOn: '2025-12-31',
};

type TestApp = ReturnType<typeof buildTestApp>;

/** Makes published events of a programme (null: of none), each with `people` present at every session. */
function eventMaker(t: TestApp, organiser: string) {
  return async (programmeId: string | null, overrides: Record<string, unknown>, people: Record<string, unknown>[]) => {
    const created = await t.call('POST', '/api/v1/admin/events', {
      token: organiser,
      body: eventPayload({ ...(programmeId && { programmeId }), capacity: 100, emailRequired: false, ...overrides }),
    });
    if (created.status !== 201) throw new Error(created.text);
    const eventId = created.json.event.id as string;
    await t.call('POST', `/api/v1/admin/events/${eventId}/publish`, { token: organiser });
    const sessions = created.json.event.sessions as { id: string; startsAt: string }[];
    const registrations: string[] = [];
    const before = t.clock.now().toISOString();
    for (const { absent, ...extra } of people) {
      const res = await t.call('POST', `/api/v1/events/${eventId}/registrations`, { body: registrationPayload(extra) });
      if (res.status >= 300) throw new Error(res.text);
      registrations.push(res.json.registration.id);
      // A fair's booth requests wait for approval.
      if (res.json.registration.status === 'pending')
        await t.call('POST', `/api/v1/admin/registrations/${res.json.registration.id}/approve`, { token: organiser });
      if (absent) continue;
      for (const s of sessions) {
        t.clock.set(s.startsAt);
        const marked = await t.call('POST', `/api/v1/admin/events/${eventId}/attendance`, {
          token: organiser,
          body: { registrationId: res.json.registration.id, sessionId: s.id, status: 'present' },
        });
        if (marked.status !== 204) throw new Error(marked.text);
      }
      t.clock.set(before);
    }
    return { id: eventId, registrations };
  };
}

const facility = (name: string) => ({
  facility: { name, district: 'Kiến Thụy' },
  booth: { type: 'standard', size: '3x3', count: 1, products: 'Nước mắm' },
});

describeEachEngine('each programme counts its own events', ({ db }) => {
  async function setup() {
    await loadProgrammes(db(), [...seedProgrammes, THAI_BINH]);
    const id = async (code: string) =>
      (await db().selectFrom('programmes').select('id').where('code', '=', code).executeTakeFirstOrThrow()).id;
    const haiPhong = await id('hai-phong-2021-2025');
    const thaiBinh = await id('thai-binh-2026-2030');
    const t = buildTestApp(db(), { now: '2021-06-01T00:00:00Z' });
    const organiser = await makeToken(db(), 'organiser');

    const event = eventMaker(t, organiser);
    // Start-up classes in 2022 match both programmes' learner targets.
    await event(haiPhong, { topic: 'startup', title: 'Lớp khởi sự Hải Phòng', sessions: sessionsOn(['2022-03-07']) }, [{}, {}]);
    await event(thaiBinh, { topic: 'startup', title: 'Lớp khởi sự Thái Bình', sessions: sessionsOn(['2022-04-07']) }, [{}]);
    await event(null, { topic: 'startup', title: 'Lớp khởi sự không thuộc chương trình', sessions: sessionsOn(['2022-05-07']) }, [{}]);
    // City fairs match both programmes' fair targets; facilities count only at their programme's fairs.
    const fair = { kind: 'fair', scope: 'city', topic: 'fair_hosted', sessions: sessionsOn(['2023-10-10']) };
    await event(haiPhong, { ...fair, title: 'Hội chợ Hải Phòng' }, [facility('Cơ sở A'), facility('Cơ sở B')]);
    await event(thaiBinh, { ...fair, title: 'Hội chợ Thái Bình' }, [facility('Cơ sở C')]);
    t.clock.set('2026-12-01T00:00:00Z');
    await makeUser(db(), 'admin');
    const cookie = await t.login('admin@khuyencong.test', PASSWORD);
    const targets = async (programmeId: string) => {
      const res = await t.call('GET', `/api/v1/programmes/${programmeId}/targets`, { token: organiser });
      expect(res.status).toBe(200);
      return Object.fromEntries(res.json.targets.map((x: { code: string; achieved: number }) => [x.code, x.achieved])) as Record<
        string,
        number
      >;
    };
    return { ...t, haiPhong, thaiBinh, organiser, cookie, targets };
  }

  it('the targets API counts only the programme’s own events; an event of no programme counts for none', async () => {
    const { haiPhong, thaiBinh, targets } = await setup();
    const hp = await targets(haiPhong);
    const tb = await targets(thaiBinh);
    expect(hp['learners-startup-management-cp']).toBe(2);
    expect(tb['learners-startup-management']).toBe(1);
    expect(tb['provincial-fairs']).toBe(1);
    expect(tb['fair-facilities']).toBe(1);
  });

  it('the drill-down API lists the programme’s own events and people only', async () => {
    const { call, haiPhong, thaiBinh, organiser } = await setup();
    const events = await call('GET', `/api/v1/programmes/${thaiBinh}/targets/learners-startup-management/events`, { token: organiser });
    expect(events.json.events.map((e: { title: string }) => e.title)).toEqual(['Lớp khởi sự Thái Bình']);
    const people = await call('GET', `/api/v1/programmes/${haiPhong}/targets/learners-startup-management-cp/people`, { token: organiser });
    expect(people.json.people.map((p: { event: string }) => p.event)).toEqual(['Lớp khởi sự Hải Phòng', 'Lớp khởi sự Hải Phòng']);
  });

  it('the dashboard and drill-down pages show the programme’s own events only', async () => {
    const { call, thaiBinh, cookie } = await setup();
    const dashboard = await call('GET', `/admin/programmes/${thaiBinh}`, { cookie });
    expect(dashboard.status).toBe(200);
    expect(dashboard.text).toContain(`href="/admin/programmes/${thaiBinh}/targets/learners-startup-management?year=2022">1</a>`);
    const learners = await call('GET', `/admin/programmes/${thaiBinh}/targets/learners-startup-management`, { cookie });
    expect(learners.text).toContain('Lớp khởi sự Thái Bình');
    expect(learners.text).not.toContain('Lớp khởi sự Hải Phòng');
    expect(learners.text).not.toContain('không thuộc chương trình');
    const fairs = await call('GET', `/admin/programmes/${thaiBinh}/targets/fair-facilities`, { cookie });
    expect(fairs.text).toContain('Hội chợ Thái Bình');
    expect(fairs.text).not.toContain('Hội chợ Hải Phòng');
    const all = await call('GET', `/admin/programmes/${thaiBinh}/learners`, { cookie });
    expect(all.text).not.toContain('Lớp khởi sự Hải Phòng');
  });

  it('the CSV and XLSX reports list the programme’s own events only', async () => {
    const { app, call, thaiBinh, organiser } = await setup();
    const csv = await call('GET', `/api/v1/programmes/${thaiBinh}/report.csv`, { token: organiser });
    expect(csv.status).toBe(200);
    expect(csv.text).toContain('Lớp khởi sự Thái Bình');
    expect(csv.text).toContain('Hội chợ Thái Bình');
    expect(csv.text).not.toContain('Hải Phòng');
    expect(csv.text).not.toContain('không thuộc chương trình');
    const res = await app.request(`http://localhost:3000/api/v1/programmes/${thaiBinh}/report.xlsx`, {
      headers: { authorization: `Bearer ${organiser}` },
    });
    const cells = readXlsx(Buffer.from(await res.arrayBuffer())).sheets.flatMap((s) => s.rows.flat().map(String));
    expect(cells).toContain('Hội chợ Thái Bình');
    expect(cells.filter((c) => c.includes('Hải Phòng'))).toEqual([]);
  });
});

describeEachEngine('the technology-conference and facilities targets', ({ db }) => {
  async function setup() {
    await loadProgrammes(db(), [...seedProgrammes, THAI_BINH]);
    const id = async (code: string) =>
      (await db().selectFrom('programmes').select('id').where('code', '=', code).executeTakeFirstOrThrow()).id;
    const t = buildTestApp(db(), { now: '2021-06-01T00:00:00Z' });
    const organiser = await makeToken(db(), 'organiser');
    const targets = async (programmeId: string) => {
      t.clock.set('2026-12-01T00:00:00Z');
      const res = await t.call('GET', `/api/v1/programmes/${programmeId}/targets`, { token: organiser });
      t.clock.set('2021-06-01T00:00:00Z');
      return Object.fromEntries(res.json.targets.map((x: { code: string }) => [x.code, x])) as Record<
        string,
        { achieved: number; byYear: Record<string, number> }
      >;
    };
    const event = eventMaker(t, organiser);
    return { ...t, organiser, event, haiPhong: await id('hai-phong-2021-2025'), thaiBinh: await id('thai-binh-2026-2030'), targets };
  }

  it('a review conference, however full, is not a technology conference', async () => {
    const { haiPhong, event, targets } = await setup();
    const crowd = Array.from({ length: 20 }, () => ({}));
    await event(
      haiPhong,
      { kind: 'conference', topic: 'technology', title: 'Hội nghị máy sấy', sessions: sessionsOn(['2024-09-10']) },
      crowd,
    );
    await event(haiPhong, { kind: 'conference', topic: 'review', title: 'Hội nghị tổng kết', sessions: sessionsOn(['2025-12-20']) }, crowd);
    const held = (await targets(haiPhong))['technology-conferences']!;
    expect(held.achieved).toBe(1);
    expect(held.byYear).toMatchObject({ '2024': 1, '2025': 0 });
  });

  it('facilities taking part are distinct facilities with someone present: not the absent, not the cancelled', async () => {
    const { thaiBinh, event, targets, call, organiser } = await setup();
    const fair = (day: string, title: string) => ({
      kind: 'fair',
      scope: 'city',
      topic: 'fair_hosted',
      title,
      sessions: sessionsOn([day]),
    });
    await event(thaiBinh, fair('2023-10-10', 'Hội chợ mùa thu'), [
      // One request per facility per fair (booths), so the same facility is counted once across the two fairs.
      facility('Cơ sở nước mắm Cát Hải'),
      facility('Cơ sở gốm Chu Đậu'),
      { ...facility('Cơ sở mây tre Phú Vinh'), absent: true },
    ]);
    const later = await event(thaiBinh, fair('2024-10-10', 'Hội chợ năm sau'), [
      facility('Cơ sở nước mắm Cát Hải'),
      facility('Cơ sở dệt Nam Cao'),
    ]);
    await call('POST', `/api/v1/admin/registrations/${later.registrations[1]}/cancel`, { token: organiser });
    const facilities = (await targets(thaiBinh))['fair-facilities']!;
    expect(facilities.byYear).toMatchObject({ '2023': 2, '2024': 1 });
    // Counted once over the period although it came to both fairs.
    expect(facilities.achieved).toBe(2);
  });

  it('the migration narrows the seeded target to technology and marks older topic-less conferences as technology', async () => {
    const { haiPhong, event, targets } = await setup();
    await db().updateTable('programme_targets').set({ topics: [] }).where('code', '=', 'technology-conferences').execute();
    const crowd = Array.from({ length: 20 }, () => ({}));
    const old = await event(haiPhong, { kind: 'conference', title: 'Hội nghị cũ', sessions: sessionsOn(['2023-09-10']) }, crowd);
    await db().updateTable('events').set({ topic: null }).where('id', '=', old.id).execute();
    await event(haiPhong, { kind: 'conference', topic: 'review', title: 'Hội nghị tổng kết', sessions: sessionsOn(['2025-12-20']) }, crowd);
    expect((await targets(haiPhong))['technology-conferences']!.achieved).toBe(2);
    await technologyConferences.up(db());
    expect((await targets(haiPhong))['technology-conferences']!.achieved).toBe(1);
    const target = await db()
      .selectFrom('programme_targets')
      .select('topics')
      .where('code', '=', 'technology-conferences')
      .executeTakeFirstOrThrow();
    expect(target.topics).toEqual(['technology']);
  });
});
