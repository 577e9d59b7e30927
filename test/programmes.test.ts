import { expect, it } from 'vitest';
import { seedProgrammes } from '../db/seed/programmes.js';
import { loadProgrammes } from '../src/programmes/programmes.usecases.js';
import { buildTestApp, makeToken, makeUser, PASSWORD, publishedEvent } from './support/app.js';
import { describeEachEngine } from './support/db.js';

describeEachEngine('the programme seed', ({ db }) => {
  it('loads the Hai Phong 2021–2025 programme with every target of Decision 191, and a second load adds nothing', async () => {
    expect(await loadProgrammes(db(), seedProgrammes)).toEqual({ programmes: 1, targets: 13 });
    expect(await loadProgrammes(db(), seedProgrammes)).toEqual({ programmes: 0, targets: 0 });
    expect(await db().selectFrom('programme_targets').selectAll().execute()).toHaveLength(13);
  });

  it('an admin reads the programme and its targets, 720 learners and 10 conferences among them', async () => {
    await loadProgrammes(db(), seedProgrammes);
    await makeUser(db(), 'admin');
    const { call, login } = buildTestApp(db());
    const cookie = await login('admin@khuyencong.test', PASSWORD);
    const res = await call('GET', '/api/v1/programmes', { cookie });
    expect(res.status).toBe(200);
    const [programme] = res.json.programmes;
    expect(programme).toMatchObject({
      code: 'hai-phong-2021-2025',
      name: 'Chương trình khuyến công thành phố Hải Phòng giai đoạn 2021–2025',
      startsOn: '2021-01-01',
      endsOn: '2025-12-31',
    });
    const goals = Object.fromEntries(programme.targets.map((t: { code: string; goal: number }) => [t.code, t.goal]));
    expect(goals).toMatchObject({
      'learners-startup-management-cp': 720,
      'technology-conferences': 10,
      'managers-technicians-artisans': 300,
      'cp-lecturers': 200,
      'cp-workshops': 5,
      'policy-classes': 10,
      'extension-staff-classes': 10,
      'study-tours': 5,
      'regional-fairs': 1,
      'district-fairs': 3,
      'northern-fair-city-booths': 4,
    });
    const learners = programme.targets.find((t: { code: string }) => t.code === 'learners-startup-management-cp');
    expect(learners).toMatchObject({
      metric: 'learners_completed',
      filter: { eventKinds: ['training_class'], topics: ['startup', 'business_management', 'cleaner_production'] },
    });
  });

  it('the programmes are for staff: anonymous 401, scanner 403', async () => {
    await loadProgrammes(db(), seedProgrammes);
    const { call } = buildTestApp(db());
    const eventId = await publishedEvent(call, await makeToken(db(), 'organiser'));
    const scanner = await makeToken(db(), 'scanner', [eventId]);
    expect((await call('GET', '/api/v1/programmes')).status).toBe(401);
    expect((await call('GET', '/api/v1/programmes', { token: scanner })).status).toBe(403);
  });
});
