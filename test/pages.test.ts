import { expect, it } from 'vitest';
import { DEMO_NOW_EVENT_ID, loadDemoEvents } from '../src/events/demo-events.js';
import { buildTestApp, eventPayload, makeToken, registrationPayload } from './support/app.js';
import { describeEachEngine } from './support/db.js';

describeEachEngine('public pages', ({ db }) => {
  async function withEvents() {
    const t = buildTestApp(db(), { now: '2026-12-01T02:00:00Z' });
    const token = await makeToken(db(), 'organiser');
    const make = async (overrides: Record<string, unknown>, publish = true) => {
      const id = (await t.call('POST', '/api/v1/admin/events', { token, body: eventPayload(overrides) })).json.event.id as string;
      if (publish) await t.call('POST', `/api/v1/admin/events/${id}/publish`, { token });
      return id;
    };
    return { ...t, make };
  }

  it('the catalogue lists published events in Vietnamese with dates in Vietnam time and seats left', async () => {
    const { call, make } = await withEvents();
    await make({ title: 'Lớp quản trị doanh nghiệp', titleEn: 'Business management class' });
    await make({ title: 'Bản nháp chưa công bố' }, false);
    const res = await call('GET', '/');
    expect(res.status).toBe(200);
    expect(res.text).toContain('<html lang="vi">');
    expect(res.text).toContain('Sự kiện sắp diễn ra');
    expect(res.text).toContain('Lớp quản trị doanh nghiệp');
    expect(res.text).not.toContain('Bản nháp chưa công bố');
    // 08:00 in Hanoi whatever TZ the server runs in (tests run with TZ=America/New_York).
    expect(res.text).toContain('Thứ Hai, 14/12/2026, 08:00');
    expect(res.text).toContain('Còn chỗ: 30/30');
    expect(res.text).toMatch(/<label>Loại sự kiện<select name="kind">/);
  });

  it('?lang=en switches to English and is remembered', async () => {
    const { call, make } = await withEvents();
    await make({ title: 'Lớp quản trị doanh nghiệp', titleEn: 'Business management class' });
    const res = await call('GET', '/?lang=en');
    expect(res.text).toContain('<html lang="en">');
    expect(res.text).toContain('Upcoming events');
    expect(res.text).toContain('Business management class');
    expect(res.text).toContain('Monday, 14 Dec 2026, 08:00');
    expect(res.headers.get('set-cookie')).toMatch(/lang=en/);
    const again = await call('GET', '/', { headers: { cookie: 'lang=en' } });
    expect(again.text).toContain('Upcoming events');
  });

  it('the catalogue filters by kind and by month', async () => {
    const { call, make } = await withEvents();
    await make({ title: 'Lớp tháng mười hai' });
    await make({
      kind: 'conference',
      topic: 'technology',
      title: 'Hội nghị công nghệ tháng một',
      sessions: [{ startsAt: '2027-01-12T08:00:00+07:00', endsAt: '2027-01-12T11:00:00+07:00' }],
    });
    const conferences = await call('GET', '/?kind=conference');
    expect(conferences.text).toContain('Hội nghị công nghệ tháng một');
    expect(conferences.text).not.toContain('Lớp tháng mười hai');
    expect(conferences.text).toMatch(/<option value="conference" selected="">/);
    const january = await call('GET', '/?month=2027-01');
    expect(january.text).toContain('Hội nghị công nghệ tháng một');
    expect(january.text).not.toContain('Lớp tháng mười hai');
    const none = await call('GET', '/?month=2027-03');
    expect(none.text).toContain('Chưa có sự kiện nào phù hợp.');
    const bad = await call('GET', '/?month=2027-13', { headers: { accept: 'text/html' } });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('Dữ liệu gửi lên chưa hợp lệ');
  });

  it('the event page shows the sessions, the venue and the seats left; a draft is a 404', async () => {
    const { call, make } = await withEvents();
    const id = await make({ title: 'Lớp quản trị <script>alert(1)</script>' });
    const res = await call('GET', `/events/${id}`);
    expect(res.status).toBe(200);
    expect(res.text).toContain('Các buổi');
    expect(res.text).toContain('Thứ Hai, 14/12/2026</time>, 08:00–11:30');
    expect(res.text).toContain('Thứ Ba, 15/12/2026</time>, 08:00–11:30');
    expect(res.text).toContain('Trung tâm Khuyến công');
    expect(res.text).toContain('Còn chỗ: 30/30');
    expect(res.text).toContain('Đang mở đăng ký');
    // Text is escaped, never markup.
    expect(res.text).not.toContain('<script>alert(1)</script>');
    expect(res.text).toContain('&lt;script&gt;');
    const draft = await make({ title: 'Nháp' }, false);
    expect((await call('GET', `/events/${draft}`, { headers: { accept: 'text/html' } })).status).toBe(404);
  });

  it('the demo adds events of every kind, one with its door open now and the rest in the coming weeks, once', async () => {
    const now = new Date('2026-12-01T02:20:00Z'); // 09:20 in Hanoi
    expect(await loadDemoEvents(db(), now)).toBe(7);
    expect(await loadDemoEvents(db(), now)).toBe(0);
    const { call } = buildTestApp(db(), { now: now.toISOString() });
    const events = (await call('GET', '/api/v1/events')).json.events as {
      id: string;
      kind: string;
      startsAt: string;
      endsAt: string;
      registrationOpen: boolean;
    }[];
    expect(new Set(events.map((e) => e.kind))).toEqual(new Set(['fair', 'training_class', 'cp_workshop', 'conference', 'study_tour']));
    for (const e of events.filter((x) => x.id !== DEMO_NOW_EVENT_ID)) {
      const days = (new Date(e.startsAt).getTime() - now.getTime()) / 86_400_000;
      expect(days).toBeGreaterThan(0);
      expect(days).toBeLessThan(40);
    }
    // The one happening now: open from the hour for eight hours, still taking registrations,
    // so a newcomer can register and scan their own ticket.
    const happening = events.find((e) => e.id === DEMO_NOW_EVENT_ID)!;
    expect(happening).toMatchObject({ startsAt: '2026-12-01T09:00:00+07:00', endsAt: '2026-12-01T17:00:00+07:00', registrationOpen: true });
    const scanner = await makeToken(db(), 'scanner', [DEMO_NOW_EVENT_ID]);
    const reg = await call('POST', `/api/v1/events/${DEMO_NOW_EVENT_ID}/registrations`, { body: registrationPayload() });
    expect(reg.status, reg.text).toBe(201);
    const scan = await call('POST', '/api/v1/checkins', {
      token: scanner,
      body: { code: reg.json.registration.ticket.code, eventId: DEMO_NOW_EVENT_ID, deviceId: 'demo', nonce: 'demo-0001' },
    });
    expect(scan.json.result).toBe('ok');

    // Started again later the same day, while its door is open: nothing changes.
    expect(await loadDemoEvents(db(), new Date('2026-12-01T05:00:00Z'))).toBe(0);
    expect((await call('GET', `/api/v1/events/${DEMO_NOW_EVENT_ID}`)).json.event.sessions).toHaveLength(1);
    // Started again a week later: nothing added, but the workshop has a session open from now,
    // last week's session keeps its check-in, and registrants are told of the new time.
    const later = new Date('2026-12-08T07:40:00Z'); // 14:40 in Hanoi
    expect(await loadDemoEvents(db(), later)).toBe(0);
    const again = buildTestApp(db(), { now: later.toISOString() });
    const reopened = (await again.call('GET', `/api/v1/events/${DEMO_NOW_EVENT_ID}`)).json.event;
    expect(reopened).toMatchObject({ endsAt: '2026-12-08T22:00:00+07:00', registrationOpen: true, version: 1 });
    expect(reopened.sessions.map((x: { startsAt: string }) => x.startsAt)).toEqual([
      '2026-12-01T09:00:00+07:00',
      '2026-12-08T14:00:00+07:00',
    ]);
    expect(reopened.sessions[0].id).toBe(scan.json.sessionId);
    // (The demo's past events have check-ins of their own: this workshop's are the one above.)
    expect(await db().selectFrom('attendance').select('session_id').where('event_id', '=', DEMO_NOW_EVENT_ID).execute()).toEqual([
      { session_id: scan.json.sessionId },
    ]);
    const told = await db().selectFrom('mail_outbox').select('kind').where('kind', '=', 'event_changed').execute();
    expect(told).toHaveLength(1);
    // The door scans the same ticket for today's session: let in.
    const today = await again.call('POST', '/api/v1/checkins', {
      token: scanner,
      body: { code: reg.json.registration.ticket.code, eventId: DEMO_NOW_EVENT_ID, deviceId: 'demo', nonce: 'demo-0002' },
    });
    expect(today.json).toMatchObject({ result: 'ok', sessionId: reopened.sessions[1].id });
  });
});
