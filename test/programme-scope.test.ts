import { expect, it } from 'vitest';
import { seedProgrammes } from '../db/seed/programmes.js';
import { loadProgrammes } from '../src/programmes/programmes.usecases.js';
import { buildTestApp, eventPayload, makeToken, makeUser, PASSWORD, registrationPayload } from './support/app.js';
import { describeEachEngine } from './support/db.js';
import { readXlsx } from './support/xlsx.js';

const sessionsOn = (days: string[]) => days.map((d) => ({ startsAt: `${d}T08:00:00+07:00`, endsAt: `${d}T11:30:00+07:00` }));
const TARGET = 'learners-startup-management-cp';

describeEachEngine('programme views for readers limited to some events', ({ db }) => {
  /** Two start-up classes of Hai Phong's programme in 2022, each with one learner who completed. */
  async function twoClasses() {
    await loadProgrammes(db(), seedProgrammes);
    const programme = await db().selectFrom('programmes').select('id').executeTakeFirstOrThrow();
    const t = buildTestApp(db(), { now: '2021-06-01T00:00:00Z' });
    const organiser = await makeToken(db(), 'organiser');
    const course = async (title: string, learner: string, district: string) => {
      const created = await t.call('POST', '/api/v1/admin/events', {
        token: organiser,
        body: eventPayload({
          programmeId: programme.id,
          topic: 'startup',
          title,
          capacity: 10,
          sessions: sessionsOn(['2022-03-07', '2022-03-08']),
        }),
      });
      const id = created.json.event.id as string;
      await t.call('POST', `/api/v1/admin/events/${id}/publish`, { token: organiser });
      const reg = await t.call('POST', `/api/v1/events/${id}/registrations`, {
        body: registrationPayload({ person: { ...registrationPayload().person, fullName: learner, district } }),
      });
      for (const s of created.json.event.sessions as { id: string; startsAt: string }[]) {
        t.clock.set(s.startsAt);
        const marked = await t.call('POST', `/api/v1/admin/events/${id}/attendance`, {
          token: organiser,
          body: { registrationId: reg.json.registration.id, sessionId: s.id, status: 'present' },
        });
        if (marked.status !== 204) throw new Error(marked.text);
      }
      t.clock.set('2021-06-01T00:00:00Z');
      return id;
    };
    const ours = await course('Lớp khởi sự kinh doanh Kiến Thụy', 'Bùi Thị Lan', 'Kiến Thụy');
    const theirs = await course('Lớp khởi sự kinh doanh Thủy Nguyên', 'Đỗ Văn Minh', 'Thủy Nguyên');
    t.clock.set('2026-12-01T00:00:00Z');
    const limited = await makeToken(db(), 'organiser', [ours]);
    return { ...t, programme, organiser, limited, ours, theirs };
  }

  it('an organiser limited to one event reads only its people through the API, the reports and the pages', async () => {
    const { call, app, programme, limited, ours } = await twoClasses();
    const base = `/api/v1/programmes/${programme.id}`;
    const people = await call('GET', `${base}/targets/${TARGET}/people`, { token: limited });
    expect(people.status).toBe(200);
    expect(people.json.people.map((p: { name: string }) => p.name)).toEqual(['Bùi Thị Lan']);
    const events = await call('GET', `${base}/targets/${TARGET}/events`, { token: limited });
    expect(events.json.events.map((e: { id: string }) => e.id)).toEqual([ours]);
    const targets = await call('GET', `${base}/targets`, { token: limited });
    expect(targets.json.limitedToEvents).toEqual([ours]);
    expect(targets.json.targets.find((t: { code: string }) => t.code === TARGET).achieved).toBe(1);

    const csv = await call('GET', `${base}/report.csv`, { token: limited });
    expect(csv.status).toBe(200);
    expect(csv.text).toContain('Bùi Thị Lan');
    expect(csv.text).not.toContain('Đỗ Văn Minh');
    expect(csv.text).not.toContain('Thủy Nguyên');
    expect(csv.text).toContain('Chỉ tính 1 sự kiện được giao cho tài khoản này, không phải toàn chương trình.');
    const xlsx = await app.request(`http://localhost:3000${base}/report.xlsx`, { headers: { authorization: `Bearer ${limited}` } });
    const cells = readXlsx(Buffer.from(await xlsx.arrayBuffer()))
      .sheets.flatMap((s) => s.rows.flat())
      .join('\n');
    expect(cells).toContain('Bùi Thị Lan');
    expect(cells).not.toContain('Đỗ Văn Minh');

    const pages = [
      `/admin/programmes/${programme.id}`,
      `/admin/programmes/${programme.id}/targets/${TARGET}`,
      `/admin/programmes/${programme.id}/learners`,
    ];
    for (const path of pages) {
      const page = await call('GET', path, { token: limited });
      expect(page.status).toBe(200);
      expect(page.text).toContain('Chỉ tính 1 sự kiện được giao cho tài khoản này');
      expect(page.text).not.toContain('Đỗ Văn Minh');
      expect(page.text).not.toContain('Lớp khởi sự kinh doanh Thủy Nguyên');
    }
    expect((await call('GET', pages[1]!, { token: limited })).text).toContain('Bùi Thị Lan');
    expect(
      (await call('GET', `/admin/programmes/${programme.id}/learners?district=${encodeURIComponent('Thủy Nguyên')}`, { token: limited }))
        .text,
    ).not.toContain('Đỗ Văn Minh');
  });

  it('admins, programme managers and organisers without a list read the whole programme', async () => {
    const { call, programme, organiser } = await twoClasses();
    await makeUser(db(), 'admin');
    await makeUser(db(), 'programme_manager', 'pm@khuyencong.test');
    const readers = [
      { token: organiser },
      { cookie: await login(call, 'admin@khuyencong.test') },
      { cookie: await login(call, 'pm@khuyencong.test') },
      { token: await makeToken(db(), 'programme_manager') },
    ];
    for (const who of readers) {
      const people = await call('GET', `/api/v1/programmes/${programme.id}/targets/${TARGET}/people`, who);
      expect(people.status).toBe(200);
      expect(people.json.people.map((p: { name: string }) => p.name).sort()).toEqual(['Bùi Thị Lan', 'Đỗ Văn Minh']);
      const page = await call('GET', `/admin/programmes/${programme.id}/learners`, who);
      expect(page.text).toContain('Đỗ Văn Minh');
      expect(page.text).not.toContain('Chỉ tính');
      expect((await call('GET', `/api/v1/programmes/${programme.id}/report.csv`, who)).text).toContain('Đỗ Văn Minh');
    }
  });

  it('a programme manager reads programmes and nothing of an event’s desk or door', async () => {
    const { call, programme, theirs } = await twoClasses();
    await makeUser(db(), 'programme_manager', 'pm@khuyencong.test');
    const cookie = await login(call, 'pm@khuyencong.test');
    const html = { accept: 'text/html' };
    const front = await call('GET', '/admin', { cookie, headers: html });
    expect(front.status).toBe(200);
    expect(front.text).toContain('quản lý chương trình');
    expect(front.text).toContain(`href="/admin/programmes/${programme.id}"`);
    expect(front.text).not.toContain('Lớp khởi sự kinh doanh Thủy Nguyên');
    expect(front.text).not.toContain('href="/scan"');
    expect((await call('GET', `/admin/programmes/${programme.id}`, { cookie, headers: html })).status).toBe(200);
    for (const path of [`/admin/events/${theirs}/registrations`, `/admin/events/${theirs}/attendance`, '/admin/mail']) {
      expect((await call('GET', path, { cookie, headers: html })).status).toBe(403);
    }
    for (const path of [
      `/api/v1/admin/events/${theirs}/registrations`,
      `/api/v1/events/${theirs}/checkin-list`,
      `/api/v1/admin/events/${theirs}/attendance`,
    ]) {
      expect((await call('GET', path, { cookie })).status).toBe(403);
    }
    const scan = await call('POST', '/api/v1/checkins', {
      cookie,
      body: { code: 'ABCDEFGH', eventId: theirs, deviceId: 'pm-phone', nonce: 'n-1' },
    });
    expect(scan.status).toBe(403);
    // Signing in from a link to an event's page lands on the front page instead of a 403.
    const signIn = await call('POST', '/login', {
      headers: { origin: 'http://localhost:3000', 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        email: 'pm@khuyencong.test',
        password: PASSWORD,
        next: `/admin/events/${theirs}/registrations`,
      }).toString(),
    });
    expect(signIn.headers.get('location')).toBe('/admin');
  });

  it('door staff still get no programme view', async () => {
    const { call, programme, ours } = await twoClasses();
    const scanner = await makeToken(db(), 'scanner', [ours]);
    expect((await call('GET', `/api/v1/programmes/${programme.id}/targets/${TARGET}/people`, { token: scanner })).status).toBe(403);
    expect(
      (await call('GET', `/admin/programmes/${programme.id}/learners`, { token: scanner, headers: { accept: 'text/html' } })).status,
    ).toBe(403);
  });
});

async function login(call: ReturnType<typeof buildTestApp>['call'], email: string): Promise<string> {
  const res = await call('POST', '/api/v1/auth/login', { body: { email, password: PASSWORD } });
  if (res.status !== 200) throw new Error(res.text);
  return (res.headers.get('set-cookie') ?? '').split(';')[0]!;
}
