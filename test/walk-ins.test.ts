import { expect, it } from 'vitest';
import { buildTestApp, makeToken, publishedEvent, registrationPayload } from './support/app.js';
import { describeEachEngine } from './support/db.js';

// One morning session, 14 December 2026, 08:00–11:30 in Hanoi; the door is open at 08:10.
const SESSION = [{ startsAt: '2026-12-14T08:00:00+07:00', endsAt: '2026-12-14T11:30:00+07:00' }];
const OPEN = { registrationClosesAt: '2026-12-31T00:00:00+07:00' };
const DOOR_TIME = '2026-12-14T01:10:00Z';

describeEachEngine('walk-ins at the door', ({ db }) => {
  let n = 0;
  async function setup(overrides: Record<string, unknown> = {}) {
    const t = buildTestApp(db(), { now: '2026-12-01T02:00:00Z' });
    const organiser = await makeToken(db(), 'organiser');
    const eventId = await publishedEvent(t.call, organiser, { sessions: SESSION, capacity: 2, ...OPEN, ...overrides });
    const scanner = await makeToken(db(), 'scanner', [eventId]);
    const register = (person: Record<string, unknown>) =>
      t.call('POST', `/api/v1/events/${eventId}/registrations`, { body: registrationPayload({ person }) });
    t.clock.set(DOOR_TIME);
    const walkIn = (body: Record<string, unknown>, token = scanner, id = eventId) =>
      t.call('POST', `/api/v1/events/${id}/walk-ins`, { token, body: { deviceId: 'cua-1', nonce: `walk-${++n}-abcdef`, ...body } });
    const attendance = async () => (await t.call('GET', `/api/v1/admin/events/${eventId}/attendance`, { token: organiser })).json;
    const counts = async () => ({
      registrations: Number(
        (
          await db()
            .selectFrom('registrations')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      ),
      scans: Number(
        (
          await db()
            .selectFrom('scans')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      ),
      attendance: Number(
        (
          await db()
            .selectFrom('attendance')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      ),
    });
    return { ...t, organiser, scanner, eventId, register, walkIn, attendance, counts };
  }

  it('a walk-in is registered and checked in at once (201), marked as a walk-in, and counted in attendance', async () => {
    const { walkIn, attendance } = await setup();
    const res = await walkIn({ person: { fullName: 'Phạm Văn Tùng', phone: '0913 555 001' }, nonce: 'walk-tung-0001' });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({
      registration: { status: 'confirmed', walkIn: true },
      checkin: { result: 'ok', firstCheckedInAt: '2026-12-14T08:10:00+07:00' },
      attendee: { name: 'Phạm Văn Tùng' },
      review: false,
    });
    const row = await db()
      .selectFrom('registrations')
      .select(['phone', 'walk_in_at', 'status'])
      .where('id', '=', res.json.registration.id)
      .executeTakeFirstOrThrow();
    expect(row.phone).toBe('+84913555001');
    expect(row.walk_in_at).not.toBeNull();
    const report = await attendance();
    expect(report.totals).toMatchObject({ confirmed: 1, attendedAny: 1 });
    expect(report.sessions[0]).toMatchObject({ present: 1 });
  });

  it('the same nonce again returns the first answer and stores nothing new', async () => {
    const { walkIn, counts } = await setup();
    const body = { person: { fullName: 'Lê Thị Mai' }, nonce: 'walk-mai-00001' };
    const first = await walkIn(body);
    const before = await counts();
    const again = await walkIn(body);
    expect(again.status).toBe(201);
    expect(again.json).toEqual(first.json);
    expect(await counts()).toEqual(before);
    expect(before).toEqual({ registrations: 1, scans: 1, attendance: 1 });
  });

  it('beyond capacity: confirmed when the event allows it (the default), waitlisted and not admitted when it does not', async () => {
    const allowing = await setup({ capacity: 1 });
    await allowing.walkIn({ person: { fullName: 'Người Thứ Nhất' } });
    const second = await allowing.walkIn({ person: { fullName: 'Người Thứ Hai' } });
    expect(second.json).toMatchObject({ registration: { status: 'confirmed' }, checkin: { result: 'ok' } });
    expect((await allowing.attendance()).totals).toMatchObject({ confirmed: 2, attendedAny: 2 });
    // The event says it is over capacity rather than "1 seat, 0 free".
    const home = await allowing.call('GET', `/admin/events/${allowing.eventId}`, { token: allowing.organiser });
    expect(home.text).toContain('2/1 chỗ — vượt 1');
    expect((await allowing.call('GET', `/api/v1/events/${allowing.eventId}`)).json.event.seatsLeft).toBe(0);

    const strict = await setup({ capacity: 1, walkInsBeyondCapacity: false });
    expect((await strict.call('GET', `/api/v1/events/${strict.eventId}`)).json.event.walkInsBeyondCapacity).toBe(false);
    await strict.walkIn({ person: { fullName: 'Người Thứ Nhất' } });
    const refused = await strict.walkIn({ person: { fullName: 'Người Thứ Hai' } });
    expect(refused.status).toBe(201);
    expect(refused.json).toMatchObject({ registration: { status: 'waitlisted' }, checkin: { result: 'not_confirmed' } });
    expect((await strict.attendance()).totals).toMatchObject({ confirmed: 1, attendedAny: 1 });

    // The organiser changes their mind: the next walk-in takes a seat beyond the capacity.
    const patched = await strict.call('PATCH', `/api/v1/admin/events/${strict.eventId}`, {
      token: strict.organiser,
      body: { walkInsBeyondCapacity: true },
    });
    expect(patched.status).toBe(200);
    const third = await strict.walkIn({ person: { fullName: 'Người Thứ Ba' } });
    expect(third.json).toMatchObject({ registration: { status: 'confirmed' }, checkin: { result: 'ok' } });
  });

  it('bad input is refused with 422 and nothing is stored', async () => {
    const { walkIn, counts } = await setup();
    for (const body of [
      { person: { fullName: 'A' } },
      { person: { fullName: 'Trần Văn Bình', phone: '12345' } },
      { person: { fullName: 'Trần Văn Bình', unknown: 1 } },
      { person: { fullName: 'Trần Văn Bình' }, facility: { name: 'Cơ sở' } },
      { person: { fullName: 'Trần Văn Bình' }, nonce: 'short' },
      { person: { fullName: 'Trần Văn Bình' }, sessionId: '7d3c1a9e-1f0b-4e4b-9a43-2f0f2a7b8c11' },
    ]) {
      const res = await walkIn(body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(res.json.error.code).toBe('validation.failed');
    }
    expect(await counts()).toEqual({ registrations: 0, scans: 0, attendance: 0 });
  });

  it('door staff of another event get 403 and nothing is stored; an organiser may add a walk-in', async () => {
    const mine = await setup();
    const other = await setup();
    const res = await mine.walkIn({ person: { fullName: 'Đỗ Văn Nam' } }, mine.scanner, other.eventId);
    expect(res.status).toBe(403);
    expect(await mine.counts()).toEqual({ registrations: 0, scans: 0, attendance: 0 });
    const byOrganiser = await mine.walkIn({ person: { fullName: 'Đỗ Văn Nam' } }, mine.organiser);
    expect(byOrganiser.status).toBe(201);
  });

  it('offline: a walk-in uploaded with the batch joins the registration of the same phone and name; uploaded twice, counted once', async () => {
    const { register, call, scanner, eventId, attendance, counts } = await setup();
    const reg = await register({ fullName: 'Nguyễn Thị Hoa', phone: '0912000001', email: 'hoa@x.vn' });
    const queued = {
      eventId,
      person: { fullName: 'nguyen thi hoa', phone: '+84912000001' },
      deviceId: 'cua-2',
      nonce: 'offline-walk-0001',
      scannedAt: '2026-12-14T08:05:00+07:00',
      offlineResult: 'ok',
    };
    const res = await call('POST', '/api/v1/checkins/batch', { token: scanner, body: { scans: [], walkIns: [queued] } });
    expect(res.status).toBe(200);
    expect(res.json.walkIns).toEqual([
      expect.objectContaining({
        nonce: 'offline-walk-0001',
        registration: { id: reg.json.registration.id, status: 'confirmed', walkIn: false },
        checkin: expect.objectContaining({ result: 'ok', firstCheckedInAt: '2026-12-14T08:05:00+07:00' }),
        review: false,
      }),
    ]);
    const again = await call('POST', '/api/v1/checkins/batch', { token: scanner, body: { scans: [], walkIns: [queued] } });
    expect(again.json.walkIns).toEqual(res.json.walkIns);
    expect(await counts()).toEqual({ registrations: 1, scans: 1, attendance: 1 });
    const report = await attendance();
    expect(report.totals).toMatchObject({ confirmed: 1, attendedAny: 1 });
    expect(report.conflicts).toEqual([]);
  });

  it('offline: the same phone with another name is admitted on a registration of its own and flagged for review', async () => {
    const { register, call, scanner, eventId, attendance } = await setup();
    await register({ fullName: 'Nguyễn Thị Hoa', phone: '0912000002', email: 'hoa2@x.vn' });
    const res = await call('POST', '/api/v1/checkins/batch', {
      token: scanner,
      body: {
        scans: [],
        walkIns: [
          {
            eventId,
            person: { fullName: 'Trần Văn Hùng', phone: '0912000002' },
            deviceId: 'cua-3',
            nonce: 'offline-walk-0002',
            scannedAt: '2026-12-14T08:06:00+07:00',
            offlineResult: 'ok',
          },
        ],
      },
    });
    expect(res.status).toBe(200);
    expect(res.json.walkIns[0]).toMatchObject({
      registration: { status: 'confirmed', walkIn: true },
      checkin: { result: 'ok' },
      review: true,
    });
    const report = await attendance();
    expect(report.totals).toMatchObject({ confirmed: 2, attendedAny: 1 });
    expect(report.conflicts).toHaveLength(1);
    expect(report.conflicts[0].conflict).toContain('Trần Văn Hùng');
    expect(report.conflicts[0].conflict).toContain('Nguyễn Thị Hoa');
  });
});
