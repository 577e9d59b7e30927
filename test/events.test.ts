import { expect, it } from 'vitest';
import { buildTestApp, eventPayload, makeToken } from './support/app.js';
import { describeEachEngine } from './support/db.js';

describeEachEngine('events', ({ db }) => {
  /** An organiser's device token: fast to make (signing in by password is tested in auth.test.ts). */
  async function organiser() {
    const token = await makeToken(db(), 'organiser');
    const t = buildTestApp(db(), { now: '2026-12-01T02:00:00Z' });
    const call: typeof t.call = (method, path, opts = {}) => t.call(method, path, { token, ...opts });
    const create = async (overrides: Record<string, unknown> = {}) => {
      const res = await call('POST', '/api/v1/admin/events', { body: eventPayload(overrides) });
      expect(res.status, res.text).toBe(201);
      return res.json.event as { id: string; [k: string]: unknown };
    };
    const publish = async (id: string) => {
      const res = await call('POST', `/api/v1/admin/events/${id}/publish`);
      expect(res.status, res.text).toBe(200);
      return res.json.event;
    };
    return { ...t, call, cookie: undefined, create, publish };
  }

  it('a new event is a draft, invisible to the public until published', async () => {
    const { call, create, publish } = await organiser();
    const event = await create();
    expect(event).toMatchObject({ status: 'draft', capacity: 30, seatsLeft: 30, startsAt: '2026-12-14T08:00:00+07:00' });
    expect((await call('GET', '/api/v1/events')).json.events).toEqual([]);
    expect((await call('GET', `/api/v1/events/${event.id}`)).status).toBe(404);
    expect((await call('GET', `/events/${event.id}`)).status).toBe(404);

    await publish(event.id);
    const list = (await call('GET', '/api/v1/events')).json.events;
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({
      id: event.id,
      kind: 'training_class',
      title: 'Lớp quản trị doanh nghiệp nông thôn',
      startsAt: '2026-12-14T08:00:00+07:00',
      endsAt: '2026-12-15T11:30:00+07:00',
      venue: { name: 'Trung tâm Khuyến công' },
      capacity: 30,
      seatsLeft: 30,
      waitlistCount: 0,
      registrationOpen: true,
    });
    const detail = (await call('GET', `/api/v1/events/${event.id}`)).json.event;
    expect(detail.sessions).toHaveLength(2);
    expect(detail.sessions[1]).toMatchObject({ startsAt: '2026-12-15T08:00:00+07:00', endsAt: '2026-12-15T11:30:00+07:00' });
  });

  it('a session may have an English title: the API returns both, each page shows the reader its own', async () => {
    const { call, create, publish } = await organiser();
    const event = await create({
      sessions: [
        { title: 'Khai giảng', titleEn: 'Opening', startsAt: '2026-12-14T08:00:00+07:00', endsAt: '2026-12-14T11:30:00+07:00' },
        { title: 'Thực hành', startsAt: '2026-12-15T08:00:00+07:00', endsAt: '2026-12-15T11:30:00+07:00' },
      ],
    });
    await publish(event.id);
    const detail = (await call('GET', `/api/v1/events/${event.id}`)).json.event;
    expect(detail.sessions.map((s: { title: string; titleEn: string | null }) => [s.title, s.titleEn])).toEqual([
      ['Khai giảng', 'Opening'],
      ['Thực hành', null],
    ]);
    const vi = (await call('GET', `/events/${event.id}`)).text;
    expect(vi).toContain('<td>Khai giảng</td>');
    expect(vi).not.toContain('Opening');
    const en = (await call('GET', `/events/${event.id}?lang=en`)).text;
    expect(en).toContain('<td>Opening</td>');
    expect(en).toContain('<td>Thực hành</td>');
    // Too long a title is refused with the field named, and nothing is written.
    const before = await db()
      .selectFrom('events')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const tooLong = await call('POST', '/api/v1/admin/events', {
      body: eventPayload({
        sessions: [{ titleEn: 'x'.repeat(201), startsAt: '2026-12-14T08:00:00+07:00', endsAt: '2026-12-14T11:30:00+07:00' }],
      }),
    });
    expect(tooLong.status).toBe(422);
    expect(tooLong.json.error.details.fields[0].field).toBe('sessions.0.titleEn');
    const after = await db()
      .selectFrom('events')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('the public list filters by kind and by date range', async () => {
    const { call, create, publish } = await organiser();
    const classId = (await create()).id;
    const fairId = (
      await create({
        kind: 'fair',
        title: 'Hội chợ huyện An Lão',
        topic: 'fair_hosted',
        scope: 'district',
        sessions: [{ startsAt: '2027-01-10T08:00:00+07:00', endsAt: '2027-01-10T17:00:00+07:00' }],
      })
    ).id;
    await publish(classId);
    await publish(fairId);
    const ids = async (q: string) => (await call('GET', `/api/v1/events${q}`)).json.events.map((e: { id: string }) => e.id);
    expect(await ids('?kind=fair')).toEqual([fairId]);
    expect(await ids('?kind=training_class')).toEqual([classId]);
    expect(await ids('?from=2027-01-01')).toEqual([fairId]);
    expect(await ids('?to=2026-12-31')).toEqual([classId]);
    // A bare `to` day includes the whole day, in Vietnam's time.
    expect(await ids('?from=2027-01-10&to=2027-01-10')).toEqual([fairId]);
    expect(await ids('?from=2026-12-14T00:00:00%2B07:00&to=2026-12-14T23:59:00%2B07:00')).toEqual([classId]);
    const bad = await call('GET', '/api/v1/events?kind=party');
    expect(bad.status).toBe(422);
    expect(bad.json.error.details.fields[0].field).toBe('kind');
  });

  it('a fair needs approval by default; its booth requests wait for an organiser', async () => {
    const { create } = await organiser();
    const fair = await create({ kind: 'fair', title: 'Hội chợ vùng', topic: 'fair_hosted', scope: 'regional' });
    expect(fair.requiresApproval).toBe(true);
    const course = await create();
    expect(course.requiresApproval).toBe(false);
  });

  it('moving a session raises the event version (the invite sequence); a new title does not', async () => {
    const { call, cookie, create } = await organiser();
    const event = await create();
    const sessions = (await call('GET', `/api/v1/admin/events/${event.id}`, { cookie })).json.event.sessions;
    const renamed = await call('PATCH', `/api/v1/admin/events/${event.id}`, {
      cookie,
      body: { title: 'Lớp quản trị doanh nghiệp (khoá 2)' },
    });
    expect(renamed.json.event).toMatchObject({ title: 'Lớp quản trị doanh nghiệp (khoá 2)', version: 0 });
    const moved = await call('PATCH', `/api/v1/admin/events/${event.id}`, {
      cookie,
      body: {
        sessions: [
          { id: sessions[0].id, startsAt: '2026-12-14T13:30:00+07:00', endsAt: '2026-12-14T17:00:00+07:00' },
          { id: sessions[1].id, startsAt: sessions[1].startsAt, endsAt: sessions[1].endsAt },
        ],
      },
    });
    expect(moved.status).toBe(200);
    expect(moved.json.event.version).toBe(1);
    expect(moved.json.event.sessions.map((s: { id: string }) => s.id)).toEqual([sessions[0].id, sessions[1].id]);
    expect(moved.json.event.sessions[0].startsAt).toBe('2026-12-14T13:30:00+07:00');
    const newPlace = await call('PATCH', `/api/v1/admin/events/${event.id}`, {
      cookie,
      body: { venue: { name: 'Hội trường huyện Kiến Thụy' } },
    });
    expect(newPlace.json.event).toMatchObject({ version: 2, venue: { name: 'Hội trường huyện Kiến Thụy' } });
    const audit = await db().selectFrom('audit_log').select(['action', 'entity_id']).where('entity', '=', 'event').orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['event.create', 'event.update', 'event.update', 'event.update']);
  });

  it('cancelling is final: a cancelled event cannot be published or edited (409), and leaves the public list', async () => {
    const { call, cookie, create, publish } = await organiser();
    const event = await create();
    await publish(event.id);
    const cancelled = await call('POST', `/api/v1/admin/events/${event.id}/cancel`, { cookie });
    expect(cancelled.json.event.status).toBe('cancelled');
    expect((await call('GET', '/api/v1/events')).json.events).toEqual([]);
    // Those who registered can still open its page and read that it was cancelled.
    expect((await call('GET', `/api/v1/events/${event.id}`)).json.event.status).toBe('cancelled');
    const republish = await call('POST', `/api/v1/admin/events/${event.id}/publish`, { cookie });
    expect(republish.status).toBe(409);
    expect(republish.json.error.code).toBe('event.invalid_transition');
    expect((await call('PATCH', `/api/v1/admin/events/${event.id}`, { cookie, body: { capacity: 5 } })).status).toBe(409);
    expect((await call('POST', `/api/v1/admin/events/${event.id}/cancel`, { cookie })).status).toBe(200);
  });

  it('an unknown or malformed event id is a 404, never a 500', async () => {
    const { call, cookie } = await organiser();
    for (const id of ['00000000-0000-4000-8000-000000000000', 'not-a-uuid', "1'; drop table events;--"]) {
      const res = await call('PATCH', `/api/v1/admin/events/${encodeURIComponent(id)}`, { cookie, body: { capacity: 3 } });
      expect(res.status).toBe(404);
      expect(res.json.error.code).toBe('event.not_found');
      expect((await call('GET', `/api/v1/events/${encodeURIComponent(id)}`)).status).toBe(404);
    }
  });

  const MALFORMED: [string, unknown, string][] = [
    ['no kind', eventPayload({ kind: undefined }), 'kind'],
    ['an unknown kind', eventPayload({ kind: 'party' }), 'kind'],
    ['a title of two letters', eventPayload({ title: 'ab' }), 'title'],
    ['a title of 201 characters', eventPayload({ title: 'Ạ'.repeat(201) }), 'title'],
    ['negative capacity', eventPayload({ capacity: -1 }), 'capacity'],
    ['fractional capacity', eventPayload({ capacity: 2.5 }), 'capacity'],
    ['capacity as text', eventPayload({ capacity: '30' }), 'capacity'],
    ['no sessions', eventPayload({ sessions: [] }), 'sessions'],
    [
      'a session ending before it starts',
      eventPayload({ sessions: [{ startsAt: '2026-12-14T11:00:00+07:00', endsAt: '2026-12-14T08:00:00+07:00' }] }),
      'sessions.0.endsAt',
    ],
    [
      'a time without offset',
      eventPayload({ sessions: [{ startsAt: '2026-12-14T08:00:00', endsAt: '2026-12-14T11:00:00' }] }),
      'sessions.0.startsAt',
    ],
    [
      'a time that is not a time',
      eventPayload({ sessions: [{ startsAt: 'thứ hai', endsAt: '2026-12-14T11:00:00+07:00' }] }),
      'sessions.0.startsAt',
    ],
    ['a fair without scope', eventPayload({ kind: 'fair', topic: 'fair_hosted' }), 'scope'],
    ['a scope on a class', eventPayload({ scope: 'city' }), 'scope'],
    ['a class without topic', eventPayload({ topic: undefined }), 'topic'],
    ['a topic with spaces', eventPayload({ topic: 'quản trị' }), 'topic'],
    ['completion share above 1', eventPayload({ completionShare: 1.5 }), 'completionShare'],
    ['completion share of 0', eventPayload({ completionShare: 0 }), 'completionShare'],
    [
      'registration closing before it opens',
      eventPayload({ registrationOpensAt: '2026-12-10T08:00:00+07:00', registrationClosesAt: '2026-12-09T08:00:00+07:00' }),
      'registrationClosesAt',
    ],
    ['an unknown field', eventPayload({ price: 100000 }), 'price'],
    ['an unknown programme', eventPayload({ programmeId: '00000000-0000-4000-8000-000000000000' }), 'programmeId'],
    ['a venue without name', eventPayload({ venue: { address: 'x' } }), 'venue.name'],
    ['an array body', [eventPayload()], '(body)'],
  ];

  it.each(MALFORMED)('creating an event with %s → 422 naming the field, nothing written', async (_label, body, field) => {
    const { call, cookie } = await organiser();
    const res = await call('POST', '/api/v1/admin/events', { cookie, body });
    expect(res.status).toBe(422);
    expect(res.json.error.code).toBe('validation.failed');
    expect(res.json.error.message).toMatch(/Dữ liệu gửi lên chưa hợp lệ/);
    expect(res.json.error.details.fields.map((f: { field: string }) => f.field)).toContain(field);
    for (const table of ['events', 'event_sessions', 'venues'] as const) {
      expect(await db().selectFrom(table).selectAll().execute(), table).toHaveLength(0);
    }
    expect(await db().selectFrom('audit_log').selectAll().where('entity', '=', 'event').execute()).toHaveLength(0);
  });

  it('malformed JSON → 400 with a code, nothing written', async () => {
    const { call, cookie } = await organiser();
    const res = await call('POST', '/api/v1/admin/events', { cookie, body: '{"kind": "fair",' });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('request.malformed_json');
    expect(await db().selectFrom('events').selectAll().execute()).toHaveLength(0);
  });

  it('a bad update changes nothing', async () => {
    const { call, cookie, create } = await organiser();
    const event = await create();
    for (const body of [
      { capacity: -3 },
      {},
      { title: 'Tên mới', scope: 'city' },
      { sessions: [{ startsAt: 'x', endsAt: 'y' }] },
      { topic: null },
    ]) {
      const res = await call('PATCH', `/api/v1/admin/events/${event.id}`, { cookie, body });
      expect(res.status, JSON.stringify(body)).toBe(422);
    }
    const after = (await call('GET', `/api/v1/admin/events/${event.id}`, { cookie })).json.event;
    expect(after).toMatchObject({ title: event.title, capacity: 30, topic: 'business_management', version: 0 });
    expect(after.sessions).toHaveLength(2);
  });

  it('Vietnamese text is stored in Unicode NFC whatever form it arrives in', async () => {
    const { create } = await organiser();
    const decomposed = 'Lớp quản trị'.normalize('NFD');
    const event = await create({ title: decomposed });
    expect(event.title).toBe('Lớp quản trị'.normalize('NFC'));
  });
});
