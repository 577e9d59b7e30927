import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { seedProgrammes } from '../db/seed/programmes.js';
import { loadProgrammes } from '../src/programmes/programmes.usecases.js';
import { buildTestApp, makeToken } from './support/app.js';
import { describeEachEngine } from './support/db.js';

const THAI_BINH = JSON.parse(readFileSync(new URL('../db/seed/examples/thai-binh-2026-2030.json', import.meta.url), 'utf8')) as Record<
  string,
  unknown
> & {
  targets: Record<string, unknown>[];
};

describeEachEngine('admins manage programmes and targets', ({ db }) => {
  async function setup() {
    const t = buildTestApp(db());
    const admin = await makeToken(db(), 'admin');
    return { ...t, admin };
  }
  const audit = (action: string) => db().selectFrom('audit_log').selectAll().where('action', '=', action).execute();

  it('imports another province’s programme from JSON; importing the same code again is refused and changes nothing', async () => {
    const { call, admin } = await setup();
    const res = await call('POST', '/api/v1/admin/programmes', { token: admin, body: THAI_BINH });
    expect(res.status).toBe(201);
    expect(res.json.programme).toMatchObject({ code: 'thai-binh-2026-2030', targets: 6 });
    const listed = await call('GET', '/api/v1/programmes', { token: admin });
    const programme = listed.json.programmes.find((p: { code: string }) => p.code === 'thai-binh-2026-2030');
    expect(programme).toMatchObject({
      name: 'Chương trình khuyến công tỉnh Thái Bình giai đoạn 2026–2030',
      startsOn: '2026-01-01',
      endsOn: '2030-12-31',
    });
    expect(programme.targets.map((t: { code: string }) => t.code)).toEqual(THAI_BINH.targets.map((t) => t.code));
    expect(await audit('programme.imported')).toEqual([expect.objectContaining({ entity_id: res.json.programme.id })]);
    const page = await call('GET', `/admin/programmes/${res.json.programme.id}`, { token: admin });
    expect(page.status).toBe(200);
    expect(page.text).toContain('Lượt cơ sở công nghiệp nông thôn tham gia hội chợ triển lãm');
    expect(page.text).toMatch(/<text class="year"[^>]*>2030<\/text>/);

    const edited = { ...THAI_BINH, targets: THAI_BINH.targets.map((t, i) => (i === 0 ? { ...t, goal: 999 } : t)) };
    const again = await call('POST', '/api/v1/admin/programmes', { token: admin, body: edited });
    expect(again.status).toBe(409);
    expect(again.json.error).toMatchObject({ code: 'programme.exists', details: { id: res.json.programme.id } });
    const goals = await db().selectFrom('programme_targets').select('goal').where('code', '=', 'learners-startup-management').execute();
    expect(goals).toEqual([{ goal: 500 }]);
  });

  it('a bad programme is refused with 422 naming every bad field, and nothing is written', async () => {
    const { call, admin } = await setup();
    const bad = {
      ...THAI_BINH,
      startsOn: '2026-02-30',
      surprise: true,
      targets: [
        { ...THAI_BINH.targets[0], goal: -5, metric: 'learners' },
        { ...THAI_BINH.targets[1], eventKinds: ['workshop'] },
        { ...THAI_BINH.targets[2], fairScopes: ['regional'] },
        { ...THAI_BINH.targets[3], code: 'Mã Có Dấu' },
      ],
    };
    const res = await call('POST', '/api/v1/admin/programmes', { token: admin, body: bad });
    expect(res.status).toBe(422);
    const fields = res.json.error.details.fields.map((f: { field: string }) => f.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        'startsOn',
        'surprise',
        'targets.0.goal',
        'targets.0.metric',
        'targets.1.eventKinds.0',
        'targets.2.fairScopes',
        'targets.3.code',
      ]),
    );
    const ends = await call('POST', '/api/v1/admin/programmes', { token: admin, body: { ...THAI_BINH, endsOn: '2025-12-31' } });
    expect(ends.json.error.details.fields).toEqual([expect.objectContaining({ field: 'endsOn' })]);
    expect(await db().selectFrom('programmes').selectAll().execute()).toEqual([]);
    expect(await audit('programme.imported')).toEqual([]);
  });

  it('only admins manage programmes: organisers 403, anonymous 401', async () => {
    const { call } = await setup();
    const organiser = await makeToken(db(), 'organiser');
    expect((await call('POST', '/api/v1/admin/programmes', { token: organiser, body: THAI_BINH })).status).toBe(403);
    expect((await call('POST', '/api/v1/admin/programmes', { body: THAI_BINH })).status).toBe(401);
  });

  it('targets come from a CSV file: new codes are added, changed ones updated, each change audited', async () => {
    const { call, admin } = await setup();
    await loadProgrammes(db(), seedProgrammes);
    const programme = await db().selectFrom('programmes').select('id').executeTakeFirstOrThrow();
    const csv = [
      'code,label_vi,label_en,goal,metric,unit,event_kinds,topics,fair_scopes,min_attendees',
      'study-tours,"Đoàn tham quan, học tập kinh nghiệm",Study tours,6,events_held,đoàn,study_tour,,,5',
      'women-learners-startup,"Phụ nữ học khởi sự kinh doanh",Women learners in start-up classes,150,learners_completed,học viên,training_class,startup|business_management,,',
      'district-fairs,Hội chợ triển lãm cấp huyện,District trade fairs organised,3,events_held,hội chợ,fair,fair_hosted,district,1',
    ].join('\r\n');
    const path = `/api/v1/admin/programmes/${programme.id}/targets.csv`;
    const res = await call('POST', path, { token: admin, body: csv, headers: { 'content-type': 'text/csv; charset=utf-8' } });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ created: ['women-learners-startup'], updated: ['study-tours'], unchanged: ['district-fairs'] });
    const tours = await db().selectFrom('programme_targets').selectAll().where('code', '=', 'study-tours').executeTakeFirstOrThrow();
    expect(tours).toMatchObject({ goal: 6, label_vi: 'Đoàn tham quan, học tập kinh nghiệm', min_attendees: 5 });
    const added = await db()
      .selectFrom('programme_targets')
      .selectAll()
      .where('code', '=', 'women-learners-startup')
      .executeTakeFirstOrThrow();
    expect(added).toMatchObject({ topics: ['startup', 'business_management'], position: 13, min_attendees: 1 });
    const updated = await audit('target.updated');
    expect(updated).toHaveLength(1);
    expect(updated[0]!.data).toMatchObject({ code: 'study-tours', changes: { goal: { from: 5, to: 6 } } });
    expect(await audit('target.created')).toHaveLength(1);
  });

  it('a bad targets CSV names the row and column, writes nothing; only text/csv is taken there, and only there', async () => {
    const { call, admin } = await setup();
    await loadProgrammes(db(), seedProgrammes);
    const programme = await db().selectFrom('programmes').select('id').executeTakeFirstOrThrow();
    const path = `/api/v1/admin/programmes/${programme.id}/targets.csv`;
    const csv =
      'code,label_vi,label_en,goal,metric,unit,event_kinds\r\nok-target,Nhãn,Label,5,events_held,lớp,training_class\r\nbad-target,Nhãn,Label,năm,events_held,lớp,lecture\r\n';
    const res = await call('POST', path, { token: admin, body: csv, headers: { 'content-type': 'text/csv' } });
    expect(res.status).toBe(422);
    expect(res.json.error.details.fields.map((f: { field: string }) => f.field)).toEqual(['rows.3.goal', 'rows.3.event_kinds.0']);
    const header = await call('POST', path, { token: admin, body: 'code,label\r\nx,y', headers: { 'content-type': 'text/csv' } });
    expect(header.json.error.details.fields.map((f: { field: string }) => f.field)).toContain('header.label');
    expect(await db().selectFrom('programme_targets').selectAll().execute()).toHaveLength(13);
    expect((await call('POST', path, { token: admin, body: { code: 'x' } })).status).toBe(415);
    const elsewhere = await call('POST', '/api/v1/admin/programmes', {
      token: admin,
      body: 'code,label',
      headers: { 'content-type': 'text/csv' },
    });
    expect(elsewhere.status).toBe(415);
  });

  it('PATCH changes a target’s goal and filters, audited with what it was; unknown targets 404, bad fields 422', async () => {
    const { call, admin } = await setup();
    await loadProgrammes(db(), seedProgrammes);
    const programme = await db().selectFrom('programmes').select('id').executeTakeFirstOrThrow();
    const path = `/api/v1/admin/programmes/${programme.id}/targets/learners-startup-management-cp`;
    const res = await call('PATCH', path, { token: admin, body: { goal: 800, topics: ['startup'] } });
    expect(res.status).toBe(200);
    expect(res.json.target).toMatchObject({
      code: 'learners-startup-management-cp',
      goal: 800,
      topics: ['startup'],
      metric: 'learners_completed',
    });
    const [entry] = await audit('target.updated');
    expect(entry!.data).toMatchObject({
      changes: {
        goal: { from: 720, to: 800 },
        topics: { from: ['startup', 'business_management', 'cleaner_production'], to: ['startup'] },
      },
    });
    expect((await call('PATCH', `/api/v1/admin/programmes/${programme.id}/targets/nope`, { token: admin, body: { goal: 1 } })).status).toBe(
      404,
    );
    const bad = await call('PATCH', path, { token: admin, body: { goal: 0, code: 'renamed' } });
    expect(bad.status).toBe(422);
    expect(bad.json.error.details.fields.map((f: { field: string }) => f.field)).toEqual(expect.arrayContaining(['goal', 'code']));
    expect((await call('PATCH', path, { token: admin, body: {} })).status).toBe(422);
    expect((await call('PATCH', path, { token: admin, body: { fairScopes: ['regional'] } })).status).toBe(422);
    const organiser = await makeToken(db(), 'organiser');
    expect((await call('PATCH', path, { token: organiser, body: { goal: 1 } })).status).toBe(403);
  });
});
