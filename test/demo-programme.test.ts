import { expect, it } from 'vitest';
import { DEMO_NOW_EVENT_ID, loadDemoEvents } from '../src/events/demo-events.js';
import { buildTestApp, makeToken, makeUser, PASSWORD, registrationPayload } from './support/app.js';
import { describeEachEngine } from './support/db.js';

describeEachEngine('the demo programme', ({ db }) => {
  const now = new Date('2026-12-01T02:20:00Z'); // 09:20 in Hanoi

  async function demo() {
    const started = performance.now();
    await loadDemoEvents(db(), now);
    const ms = performance.now() - started;
    const programme = await db()
      .selectFrom('programmes')
      .select(['id', 'name_vi', 'starts_on', 'ends_on'])
      .where('code', '=', 'chuong-trinh-mau')
      .executeTakeFirstOrThrow();
    const t = buildTestApp(db(), { now: now.toISOString() });
    await makeUser(db(), 'admin');
    const cookie = await t.login('admin@khuyencong.test', PASSWORD);
    return { ...t, programme, cookie, ms };
  }

  it('covers today, has history across its years, every item marked as demo data, and loads once', async () => {
    const { programme, call, cookie, ms } = await demo();
    expect(programme).toMatchObject({ starts_on: '2024-01-01', ends_on: '2027-12-31' });
    expect(programme.name_vi).toMatch(/^\[Dữ liệu mẫu\]/);
    const counts = async () => ({
      events: (await db().selectFrom('events').select(db().fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n,
      registrations: (await db().selectFrom('registrations').select(db().fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n,
      attendance: (await db().selectFrom('attendance').select(db().fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n,
    });
    const first = await counts();
    expect(await loadDemoEvents(db(), now)).toBe(0);
    expect(await counts()).toEqual(first);
    // A few hundred rows at most.
    expect(Number(first.registrations) + Number(first.attendance) + Number(first.events)).toBeLessThan(600);
    expect(ms).toBeLessThan(20_000);
    const titles = await db().selectFrom('events').select(['title', 'title_en']).execute();
    for (const e of titles) {
      expect(e.title).toMatch(/^\[Dữ liệu mẫu\] /);
      expect(e.title_en).toMatch(/^\[Demo data\] /);
    }
    const targets = await call('GET', `/api/v1/programmes/${programme.id}/targets`, { cookie });
    const byCode = Object.fromEntries(targets.json.targets.map((x: { code: string }) => [x.code, x]));
    expect(byCode['demo-learners'].byYear['2024']).toBeGreaterThan(0);
    expect(byCode['demo-learners'].byYear['2025']).toBeGreaterThan(0);
    expect(byCode['demo-learners'].byYear['2026']).toBeGreaterThan(0);
    expect(byCode['demo-technology-conferences'].achieved).toBeGreaterThan(0);
    expect(byCode['demo-fair-facilities'].achieved).toBeGreaterThan(0);
    const list = await call('GET', '/admin/programmes', { cookie });
    expect(list.text).toContain('<span class="badge demo">Dữ liệu mẫu</span>');
    // The review conference is a conference but not a technology one.
    const why = await call('GET', `/admin/programmes/${programme.id}/targets/demo-technology-conferences/why`, { cookie });
    expect(why.text).toContain('Hội nghị sơ kết chương trình năm 2024');
    expect(why.text).toContain('Sai chủ đề');
  });

  it('checking someone in at today’s demo event raises the dashboard’s number', async () => {
    const { programme, call, cookie } = await demo();
    const learners = async () => {
      const res = await call('GET', `/api/v1/programmes/${programme.id}/targets`, { cookie });
      return res.json.targets.find((x: { code: string }) => x.code === 'demo-learners').achieved as number;
    };
    const before = await learners();
    const page = (await call('GET', `/admin/programmes/${programme.id}`, { cookie })).text;
    expect(page).toContain(`Đạt ${before}/250`);
    const reg = await call('POST', `/api/v1/events/${DEMO_NOW_EVENT_ID}/registrations`, { body: registrationPayload() });
    expect(reg.status).toBe(201);
    const scanner = await makeToken(db(), 'scanner', [DEMO_NOW_EVENT_ID]);
    const scan = await call('POST', '/api/v1/checkins', {
      token: scanner,
      body: { code: reg.json.registration.ticket.code, eventId: DEMO_NOW_EVENT_ID, deviceId: 'demo-door', nonce: 'demo-moves-1' },
    });
    expect(scan.json.result).toBe('ok');
    expect(await learners()).toBe(before + 1);
    expect((await call('GET', `/admin/programmes/${programme.id}`, { cookie })).text).toContain(`Đạt ${before + 1}/250`);
  });
});
