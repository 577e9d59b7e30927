import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { seedProgrammes } from '../db/seed/programmes.js';
import { loadProgrammes } from '../src/programmes/programmes.usecases.js';
import { whatCounts } from '../src/targets/what-counts.usecases.js';
import { buildTestApp, eventPayload, makeToken, makeUser, ORIGIN, PASSWORD, registrationPayload } from './support/app.js';
import { describeEachEngine } from './support/db.js';

const THAI_BINH_JSON = readFileSync(new URL('../db/seed/examples/thai-binh-2026-2030.json', import.meta.url), 'utf8');
const sessionsOn = (days: string[]) => days.map((d) => ({ startsAt: `${d}T08:00:00+07:00`, endsAt: `${d}T11:30:00+07:00` }));

describeEachEngine('the programmes pages', ({ db }) => {
  async function setup() {
    await loadProgrammes(db(), seedProgrammes);
    const haiPhong = (await db().selectFrom('programmes').select('id').executeTakeFirstOrThrow()).id;
    const t = buildTestApp(db(), { now: '2024-06-01T00:00:00Z' });
    await makeUser(db(), 'admin');
    const cookie = await t.login('admin@khuyencong.test', PASSWORD);
    const form = (path: string, fields: Record<string, string | string[]>, as: { cookie?: string; token?: string } = { cookie }) => {
      const body = new URLSearchParams();
      for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) body.append(k, one);
      return t.call('POST', path, {
        ...as,
        body: body.toString(),
        headers: { origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' },
      });
    };
    const upload = async (path: string, fields: Record<string, string | Blob>) => {
      const body = new FormData();
      for (const [k, v] of Object.entries(fields)) body.append(k, v);
      const res = await t.app.request(`${ORIGIN}${path}`, { method: 'POST', headers: { cookie, origin: ORIGIN }, body });
      return { status: res.status, headers: res.headers, text: await res.text() };
    };
    const programmes = () => db().selectFrom('programmes').select(['code', 'name_vi']).orderBy('code').execute();
    const goal = async (code: string) =>
      (await db().selectFrom('programme_targets').select('goal').where('code', '=', code).executeTakeFirstOrThrow()).goal;
    return { ...t, haiPhong, cookie, form, upload, programmes, goal };
  }

  it('lists programmes; the dashboard stays at /admin/programmes/:id', async () => {
    const { call, cookie, haiPhong } = await setup();
    const list = await call('GET', '/admin/programmes', { cookie });
    expect(list.status).toBe(200);
    expect(list.text).toContain('Chương trình khuyến công thành phố Hải Phòng giai đoạn 2021–2025');
    expect(list.text).toContain(`href="/admin/programmes/${haiPhong}/targets"`);
    expect(list.text).toContain('Tạo chương trình');
    expect((await call('GET', `/admin/programmes/${haiPhong}`, { cookie })).text).toContain('<svg class="year-chart"');
    const targets = await call('GET', `/admin/programmes/${haiPhong}/targets`, { cookie });
    expect(targets.status).toBe(200);
    expect(targets.text).toContain(`href="/admin/programmes/${haiPhong}/targets/technology-conferences/why"`);
    expect(targets.text).toContain('Công nghệ, thiết bị');
  });

  it('creates a programme from the form; bad input and a code taken re-show the form and change nothing', async () => {
    const { form, programmes, call, cookie } = await setup();
    const before = await programmes();
    const bad = await form('/admin/programmes', {
      code: 'Có Dấu',
      nameVi: '',
      nameEn: 'X',
      province: 'Nam Định',
      startsOn: '2026-01-01',
      endsOn: '2025-01-01',
    });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('Mã gồm chữ thường, số và gạch ngang');
    expect(bad.text).toContain('Ngày kết thúc trước ngày bắt đầu');
    expect(bad.text).toContain('value="Nam Định"');
    const taken = await form('/admin/programmes', {
      code: 'hai-phong-2021-2025',
      nameVi: 'Trùng',
      nameEn: 'Duplicate',
      province: 'Hải Phòng',
      startsOn: '2026-01-01',
      endsOn: '2030-12-31',
    });
    expect(taken.status).toBe(422);
    expect(taken.text).toContain('Mã này đã có chương trình');
    expect(await programmes()).toEqual(before);
    const made = await form('/admin/programmes', {
      code: 'nam-dinh-2026-2030',
      nameVi: 'Chương trình khuyến công tỉnh Nam Định 2026–2030',
      nameEn: 'Nam Dinh Programme 2026–2030',
      province: 'Nam Định',
      startsOn: '2026-01-01',
      endsOn: '2030-12-31',
    });
    expect(made.status).toBe(303);
    const page = await call('GET', made.headers.get('location')!, { cookie });
    expect(page.text).toContain('Đã tạo chương trình: Chương trình khuyến công tỉnh Nam Định 2026–2030');
    const audit = await db().selectFrom('audit_log').select('action').where('action', '=', 'programme.created').execute();
    expect(audit).toHaveLength(1);
  });

  it('imports another province’s JSON through the same use case as the CLI; bad JSON changes nothing', async () => {
    const { upload, programmes, haiPhong } = await setup();
    const before = await programmes();
    const broken = await upload('/admin/programmes/import', { file: new Blob(['{ "code": '], { type: 'application/json' }) });
    expect(broken.status).toBe(422);
    expect(broken.text).toContain('Tệp không phải JSON hợp lệ');
    const wrong = await upload('/admin/programmes/import', {
      json: JSON.stringify({ ...JSON.parse(THAI_BINH_JSON), startsOn: 'hôm nay' }),
    });
    expect(wrong.status).toBe(422);
    expect(wrong.text).toContain('startsOn');
    expect(await programmes()).toEqual(before);
    const res = await upload('/admin/programmes/import', { file: new Blob([THAI_BINH_JSON], { type: 'application/json' }) });
    expect(res.status).toBe(303);
    expect((await programmes()).map((p) => p.code)).toEqual(['hai-phong-2021-2025', 'thai-binh-2026-2030']);
    const again = await upload('/admin/programmes/import', { file: new Blob([THAI_BINH_JSON], { type: 'application/json' }) });
    expect(again.status).toBe(422);
    expect(again.text).toContain('Mã này đã có chương trình');
    expect(haiPhong).toBeTruthy();
  });

  it('edits a target’s goal and filters, audited; bad input re-shows the form and changes nothing', async () => {
    const { form, call, cookie, haiPhong, goal } = await setup();
    const path = `/admin/programmes/${haiPhong}/targets/technology-conferences/edit`;
    const page = await call('GET', path, { cookie });
    expect(page.status).toBe(200);
    expect(page.text).toContain('value="technology"');
    const good = {
      labelVi: 'Hội nghị giới thiệu công nghệ',
      labelEn: 'Technology conferences',
      goal: '12',
      metric: 'events_held',
      unit: 'hội nghị',
      eventKinds: ['conference'],
      topics: 'technology, machinery',
      minAttendees: '25',
    };
    const bad = await form(path, { ...good, goal: 'mười', eventKinds: [], fairScopes: ['district'] });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('Chỉ tiêu là số nguyên dương');
    expect(bad.text).toContain('Chọn ít nhất một loại sự kiện');
    expect(await goal('technology-conferences')).toBe(10);
    const scopes = await form(path, { ...good, fairScopes: ['district'] });
    expect(scopes.status).toBe(422);
    expect(scopes.text).toContain('Cấp hội chợ chỉ dùng khi loại sự kiện có');
    expect(await goal('technology-conferences')).toBe(10);
    const saved = await form(path, good);
    expect(saved.status).toBe(303);
    expect(await goal('technology-conferences')).toBe(12);
    const [entry] = await db().selectFrom('audit_log').select('data').where('action', '=', 'target.updated').execute();
    expect(entry!.data).toMatchObject({ code: 'technology-conferences', changes: { goal: { from: 10, to: 12 } } });
    expect((await call('GET', `/admin/programmes/${haiPhong}/targets/no-such/edit`, { cookie })).status).toBe(404);
  });

  it('organisers read but change nothing (403); door staff get 403; programme managers edit', async () => {
    const { call, form, haiPhong, goal } = await setup();
    const organiser = await makeToken(db(), 'organiser');
    const door = await call('POST', '/api/v1/admin/events', { token: organiser, body: eventPayload() });
    const scanner = await makeToken(db(), 'scanner', [door.json.event.id]);
    const manager = await makeToken(db(), 'programme_manager');
    const edit = `/admin/programmes/${haiPhong}/targets/study-tours/edit`;
    const fields = {
      labelVi: 'Đoàn tham quan',
      labelEn: 'Study tours',
      goal: '7',
      metric: 'events_held',
      unit: 'đoàn',
      eventKinds: 'study_tour',
      minAttendees: '5',
    };
    const list = await call('GET', '/admin/programmes', { token: organiser });
    expect(list.status).toBe(200);
    expect(list.text).not.toContain('Tạo chương trình');
    expect((await call('GET', `/admin/programmes/${haiPhong}/targets/study-tours/why`, { token: organiser })).status).toBe(200);
    expect((await call('GET', edit, { token: organiser })).status).toBe(403);
    expect((await form(edit, fields, { token: organiser })).status).toBe(403);
    expect((await form('/admin/programmes', { code: 'x-y' }, { token: organiser })).status).toBe(403);
    expect((await form('/admin/programmes/import', { json: THAI_BINH_JSON }, { token: organiser })).status).toBe(403);
    expect((await form(`/admin/programmes/${haiPhong}/targets`, { file: 'code' }, { token: organiser })).status).toBe(403);
    for (const path of [
      '/admin/programmes',
      `/admin/programmes/${haiPhong}/targets`,
      `/admin/programmes/${haiPhong}/targets/study-tours/why`,
      edit,
    ]) {
      expect((await call('GET', path, { token: scanner })).status).toBe(403);
    }
    expect((await form(edit, fields, { token: scanner })).status).toBe(403);
    expect(await goal('study-tours')).toBe(5);
    expect((await form(edit, fields, { token: manager })).status).toBe(303);
    expect(await goal('study-tours')).toBe(7);
    expect((await call('GET', '/admin/programmes')).status).toBe(303);
  });

  it('what counts and why: the counted events, and for the others each reason', async () => {
    const { call, cookie, haiPhong, clock, deps } = await setup();
    await loadProgrammes(db(), [{ ...JSON.parse(THAI_BINH_JSON), startsOn: '2021-01-01' }]);
    const other = (await db().selectFrom('programmes').select('id').where('code', '=', 'thai-binh-2026-2030').executeTakeFirstOrThrow()).id;
    const organiser = await makeToken(db(), 'organiser');
    const event = async (programmeId: string | null, overrides: Record<string, unknown>, attendees: number, publish = true) => {
      const created = await call('POST', '/api/v1/admin/events', {
        token: organiser,
        body: eventPayload({
          ...(programmeId && { programmeId }),
          kind: 'conference',
          topic: 'technology',
          capacity: 100,
          emailRequired: false,
          ...overrides,
        }),
      });
      if (created.status !== 201) throw new Error(created.text);
      const id = created.json.event.id as string;
      if (publish) await call('POST', `/api/v1/admin/events/${id}/publish`, { token: organiser });
      const session = created.json.event.sessions[0];
      for (let i = 0; i < attendees; i++) {
        const r = await call('POST', `/api/v1/events/${id}/registrations`, { body: registrationPayload() });
        const now = clock.now().toISOString();
        clock.set(session.startsAt);
        await call('POST', `/api/v1/admin/events/${id}/attendance`, {
          token: organiser,
          body: { registrationId: r.json.registration.id, sessionId: session.id, status: 'present' },
        });
        clock.set(now);
      }
      return id;
    };
    clock.set('2023-01-01T00:00:00Z');
    await event(haiPhong, { title: 'Hội nghị được tính', sessions: sessionsOn(['2023-05-10']) }, 20);
    await event(haiPhong, { title: 'Hội nghị vắng người', sessions: sessionsOn(['2023-05-11']) }, 3);
    await event(haiPhong, { title: 'Hội nghị tổng kết', topic: 'review', sessions: sessionsOn(['2023-05-12']) }, 20);
    await event(haiPhong, { title: 'Lớp khởi sự', kind: 'training_class', topic: 'startup', sessions: sessionsOn(['2023-05-13']) }, 0);
    await event(haiPhong, { title: 'Hội nghị bản nháp', sessions: sessionsOn(['2023-05-14']) }, 0, false);
    const cancelled = await event(haiPhong, { title: 'Hội nghị bị huỷ', sessions: sessionsOn(['2023-05-15']) }, 0);
    await call('POST', `/api/v1/admin/events/${cancelled}/cancel`, { token: organiser });
    await event(haiPhong, { title: 'Hội nghị năm sau', sessions: sessionsOn(['2026-05-10']) }, 0);
    await event(haiPhong, { title: 'Hội nghị chưa diễn ra', sessions: sessionsOn(['2024-09-10']) }, 0);
    await event(other, { title: 'Hội nghị Thái Bình', sessions: sessionsOn(['2023-05-16']) }, 20);
    await event(null, { title: 'Hội nghị không thuộc chương trình', sessions: sessionsOn(['2023-05-17']) }, 20);
    clock.set('2024-06-01T00:00:00Z');
    const page = await call('GET', `/admin/programmes/${haiPhong}/targets/technology-conferences/why`, { cookie });
    expect(page.status).toBe(200);
    const reasonOf = (title: string) => {
      const row = page.text.split('<tr>').find((r) => r.includes(title));
      return (
        row
          ?.match(/<ul class="reasons">(.*?)<\/ul>/)?.[1]
          ?.replace(/<[^>]+>/g, ' | ')
          .replace(/( \| )+/g, ' | ')
          .trim() ?? 'counted'
      );
    };
    expect(reasonOf('Hội nghị được tính')).toBe('counted');
    expect(reasonOf('Hội nghị vắng người')).toContain('Chưa đủ số người có mặt tối thiểu');
    expect(reasonOf('Hội nghị tổng kết')).toContain('Sai chủ đề');
    expect(reasonOf('Lớp khởi sự')).toContain('Sai loại sự kiện');
    expect(reasonOf('Lớp khởi sự')).toContain('Sai chủ đề');
    expect(reasonOf('Hội nghị bản nháp')).toContain('Chưa công bố');
    expect(reasonOf('Hội nghị bị huỷ')).toContain('Đã huỷ');
    expect(reasonOf('Hội nghị năm sau')).toContain('Ngoài thời gian chương trình');
    expect(reasonOf('Hội nghị chưa diễn ra')).toContain('Chưa diễn ra xong');
    expect(reasonOf('Hội nghị Thái Bình')).toContain('Thuộc chương trình khác');
    expect(reasonOf('Hội nghị không thuộc chương trình')).toContain('Không thuộc chương trình nào');
    expect(page.text).toContain('Được tính (1)');
    // The page's counted events are the target's number.
    const targets = await call('GET', `/api/v1/programmes/${haiPhong}/targets`, { token: organiser });
    const data = await whatCounts(deps, haiPhong, 'technology-conferences', null);
    expect(data.counted.length).toBe(targets.json.targets.find((x: { code: string }) => x.code === 'technology-conferences').achieved);
  });
});
