import { createHash } from 'node:crypto';
import { expect, it } from 'vitest';
import { deriveKeys } from '../src/shared/keys.js';
import { signTicket } from '../src/tickets/ticket-token.js';
import { buildTestApp, makeToken, publishedEvent, registrationPayload, testConfig } from './support/app.js';
import { describeEachEngine } from './support/db.js';

const keys = deriveKeys(testConfig());
// Five morning sessions, 14–18 December 2026, 08:00–11:30 in Hanoi.
const FIVE_SESSIONS = [14, 15, 16, 17, 18].map((d) => ({ startsAt: `2026-12-${d}T08:00:00+07:00`, endsAt: `2026-12-${d}T11:30:00+07:00` }));
// Registration stays open through the week, so tests can register while the door is open.
const OPEN = { registrationClosesAt: '2026-12-31T00:00:00+07:00' };
const at = (day: number, time = '08:10') => `2026-12-${day}T${time}:00+07:00`;

describeEachEngine('check-in at the door', ({ db }) => {
  let nonce = 0;
  async function setup(overrides: Record<string, unknown> = {}) {
    const t = buildTestApp(db(), { now: '2026-12-01T02:00:00Z' });
    const organiser = await makeToken(db(), 'organiser');
    const eventId = await publishedEvent(t.call, organiser, { sessions: FIVE_SESSIONS, capacity: 3, ...OPEN, ...overrides });
    const scanner = await makeToken(db(), 'scanner', [eventId]);
    const register = async (body = registrationPayload()) => {
      const res = await t.call('POST', `/api/v1/events/${eventId}/registrations`, { body });
      const row = await db()
        .selectFrom('registrations')
        .select(['ticket_id', 'short_code'])
        .where('id', '=', res.json.registration.id)
        .executeTakeFirstOrThrow();
      return {
        id: res.json.registration.id as string,
        status: res.json.registration.status as string,
        qr: signTicket(keys.tickets, row.ticket_id),
        shortCode: row.short_code,
        manageUrl: res.json.registration.manageUrl as string,
      };
    };
    // The door's clock runs during the class (scans carry their own time).
    t.clock.set('2026-12-18T04:00:00Z');
    const scan = (code: string, body: Record<string, unknown> = {}, token = scanner) =>
      t.call('POST', '/api/v1/checkins', { token, body: { code, eventId, deviceId: 'cua-1', nonce: `n-${++nonce}-abcdef`, ...body } });
    const sessions = (await t.call('GET', `/api/v1/events/${eventId}`)).json.event.sessions as { id: string }[];
    return { ...t, organiser, scanner, eventId, register, scan, sessions };
  }

  it('a ticket scanned once is ok with the name; again it is already checked in, with the first time', async () => {
    const { register, scan, sessions, eventId } = await setup();
    const hoa = await register(registrationPayload({ person: { fullName: 'Nguyễn Thị Hoa', phone: '0912000001', email: 'hoa@x.vn' } }));
    const first = await scan(hoa.qr, { scannedAt: at(14, '07:55') });
    expect(first.status).toBe(200);
    const event = { id: eventId, title: 'Lớp quản trị doanh nghiệp nông thôn' };
    expect(first.json).toEqual({
      result: 'ok',
      attendee: { name: 'Nguyễn Thị Hoa' },
      event,
      firstCheckedInAt: '2026-12-14T07:55:00+07:00',
      sessionId: sessions[0]!.id,
    });
    const again = await scan(hoa.qr, { scannedAt: at(14, '08:20') });
    expect(again.json).toMatchObject({ result: 'already_checked_in', event, firstCheckedInAt: '2026-12-14T07:55:00+07:00' });
    // The next day is another session: ok again.
    expect((await scan(hoa.qr, { scannedAt: at(15) })).json).toMatchObject({ result: 'ok', sessionId: sessions[1]!.id });
  });

  it('a typed short code works in any case and with a dash; a facility is named', async () => {
    const { register, scan } = await setup({ kind: 'conference', topic: 'technology' });
    const r = await register(registrationPayload({ facility: { name: 'Cơ sở cơ khí Tiến Đạt', district: 'An Dương' } }));
    const typed = `${r.shortCode.slice(0, 4).toLowerCase()}-${r.shortCode.slice(4)}`;
    expect((await scan(typed, { scannedAt: at(14) })).json).toMatchObject({
      result: 'ok',
      attendee: { facility: 'Cơ sở cơ khí Tiến Đạt' },
    });
  });

  it('the same nonce again returns the first answer and writes nothing', async () => {
    const { register, call, scanner, eventId } = await setup();
    const r = await register();
    const body = { code: r.qr, eventId, deviceId: 'cua-2', nonce: 'lap-lai-1234', scannedAt: at(14) };
    const first = await call('POST', '/api/v1/checkins', { token: scanner, body });
    const second = await call('POST', '/api/v1/checkins', { token: scanner, body });
    expect(first.json.result).toBe('ok');
    expect(second.json).toEqual(first.json);
    expect(await db().selectFrom('scans').selectAll().execute()).toHaveLength(1);
    expect(await db().selectFrom('attendance').selectAll().execute()).toHaveLength(1);
  });

  it('a replayed nonce answers only the scanner and event that made the scan: anyone else gets 409 and learns nothing', async () => {
    // Event E7 and its door device, which checks Hoa in.
    const e7 = await setup();
    const hoa = await e7.register(registrationPayload({ person: { fullName: 'Nguyễn Thị Hoa', phone: '0912000077', email: 'hoa7@x.vn' } }));
    const scanned = { code: hoa.qr, eventId: e7.eventId, deviceId: 'cua-e7', nonce: 'e7-nonce-0001', scannedAt: at(14) };
    const first = await e7.call('POST', '/api/v1/checkins', { token: e7.scanner, body: scanned });
    expect(first.json).toMatchObject({ result: 'ok', attendee: { name: 'Nguyễn Thị Hoa' } });

    // Another event's device sends the same device id and nonce, for its own event.
    const e2 = await setup();
    const replayed = { code: 'ABCD-EFGH', eventId: e2.eventId, deviceId: 'cua-e7', nonce: 'e7-nonce-0001', scannedAt: at(14) };
    const asked = [
      await e2.call('POST', '/api/v1/checkins', { token: e2.scanner, body: replayed }),
      await e2.call('POST', '/api/v1/checkins/batch', { token: e2.scanner, body: { scans: [replayed] } }),
      // A token for every event, asking about E7 itself: not the device that scanned.
      await e2.call('POST', '/api/v1/checkins', { token: e2.organiser, body: { ...replayed, eventId: e7.eventId } }),
    ];
    // The same token, its own scan, but for another event than it was made for.
    const own = { code: hoa.qr, eventId: e7.eventId, deviceId: 'may-ban-to-chuc', nonce: 'org-nonce-0001', scannedAt: at(14, '08:30') };
    expect((await e2.call('POST', '/api/v1/checkins', { token: e2.organiser, body: own })).json.result).toBe('already_checked_in');
    asked.push(await e2.call('POST', '/api/v1/checkins', { token: e2.organiser, body: { ...own, eventId: e2.eventId } }));
    expect(asked.map((a) => a.status)).toEqual([409, 409, 409, 409]);
    for (const answer of asked) {
      expect(answer.json.error.code).toBe('checkin.nonce_reused');
      expect(answer.text).not.toContain('Hoa');
      expect(answer.text).not.toContain('firstCheckedInAt');
    }
    // The scanner that made it still gets its first answer back; one scan is stored.
    expect((await e7.call('POST', '/api/v1/checkins', { token: e7.scanner, body: scanned })).json).toEqual(first.json);
    expect(await db().selectFrom('scans').select('event_id').execute()).toEqual([{ event_id: e7.eventId }, { event_id: e7.eventId }]);
  });

  it('the door opens a configurable time before each session: 60 minutes by default, 15 when set so', async () => {
    for (const [config, opens] of [
      [{}, 60],
      [{ CHECKIN_OPENS_MINUTES_BEFORE: '15' }, 15],
    ] as const) {
      const t = buildTestApp(db(), { now: '2026-12-01T02:00:00Z', config });
      const organiser = await makeToken(db(), 'organiser');
      const eventId = await publishedEvent(t.call, organiser, { sessions: FIVE_SESSIONS, capacity: 5, ...OPEN });
      const scanner = await makeToken(db(), 'scanner', [eventId]);
      const res = await t.call('POST', `/api/v1/events/${eventId}/registrations`, { body: registrationPayload() });
      const row = await db()
        .selectFrom('registrations')
        .select('ticket_id')
        .where('id', '=', res.json.registration.id)
        .executeTakeFirstOrThrow();
      const qr = signTicket(keys.tickets, row.ticket_id);
      t.clock.set('2026-12-14T01:00:00Z'); // the door's morning
      const scan = async (time: string) =>
        (
          await t.call('POST', '/api/v1/checkins', {
            token: scanner,
            body: { code: qr, eventId, deviceId: 'cua-gio', nonce: `gio-${++nonce}-abcdef`, scannedAt: at(14, time) },
          })
        ).json.result;
      // 07:30 is 30 minutes before the first session: open with 60, not yet with 15.
      expect(await scan('07:30')).toBe(opens === 60 ? 'ok' : 'outside_window');
      expect(await scan('07:50')).toBe(opens === 60 ? 'already_checked_in' : 'ok');
      // The device's list carries the same setting, so offline answers agree.
      expect((await t.call('GET', `/api/v1/events/${eventId}/checkin-list`, { token: scanner })).json.event.opensMinutesBefore).toBe(opens);
    }
  });

  it('refuses forged, malformed, other-event, pending, waitlisted, cancelled and out-of-window tickets, and logs each', async () => {
    const { register, scan, call, organiser, eventId } = await setup({ capacity: 1 });
    const confirmed = await register();
    const waitlisted = await register();
    expect(waitlisted.status).toBe('waitlisted');
    const forged = confirmed.qr.slice(0, -3) + (confirmed.qr.endsWith('AAA') ? 'QQQ' : 'AAA');
    expect((await scan(forged, { scannedAt: at(14) })).json).toEqual({ result: 'unknown', sessionId: expect.any(String) });
    expect((await scan('xin chào', { scannedAt: at(14) })).json.result).toBe('unknown');
    expect((await scan('ACDEFHJK', { scannedAt: at(14) })).json.result).toBe('unknown');
    expect((await scan(waitlisted.qr, { scannedAt: at(14) })).json).toMatchObject({
      result: 'not_confirmed',
      attendee: { name: 'Nguyễn Thị Hoa' },
    });
    expect((await scan(confirmed.qr, { scannedAt: at(14, '12:00') })).json.result).toBe('outside_window');
    expect((await scan(confirmed.qr, { scannedAt: at(13, '20:00') })).json.result).toBe('outside_window');

    const otherEvent = await publishedEvent(call, organiser, { title: 'Lớp khác', sessions: FIVE_SESSIONS, ...OPEN });
    const other = await call('POST', `/api/v1/events/${otherEvent}/registrations`, { body: registrationPayload() });
    const otherRow = await db()
      .selectFrom('registrations')
      .select('ticket_id')
      .where('id', '=', other.json.registration.id)
      .executeTakeFirstOrThrow();
    // The door is told which event the ticket is for.
    const wrong = (await scan(signTicket(keys.tickets, otherRow.ticket_id), { scannedAt: at(14) })).json;
    expect(wrong).toMatchObject({ result: 'wrong_event', event: { id: otherEvent, title: 'Lớp khác' } });
    // …but not who holds it: this door was never given that event's registrants.
    expect(wrong.attendee).toBeUndefined();

    await call('POST', `/api/v1/admin/registrations/${confirmed.id}/cancel`, { token: organiser });
    expect((await scan(confirmed.qr, { scannedAt: at(14) })).json.result).toBe('cancelled');
    const fair = await publishedEvent(call, organiser, {
      kind: 'fair',
      topic: 'fair_hosted',
      scope: 'district',
      title: 'Hội chợ',
      sessions: FIVE_SESSIONS,
      ...OPEN,
    });
    const pendingRes = await call('POST', `/api/v1/events/${fair}/registrations`, {
      body: registrationPayload({
        facility: { name: 'Cơ sở A', district: 'Kiến An' },
        booth: { type: 'standard', size: '3x3', count: 1, products: 'Bánh đa' },
      }),
    });
    const pendingRow = await db()
      .selectFrom('registrations')
      .select('ticket_id')
      .where('id', '=', pendingRes.json.registration.id)
      .executeTakeFirstOrThrow();
    const fairScanner = await makeToken(db(), 'scanner', [fair]);
    const pendingScan = await call('POST', '/api/v1/checkins', {
      token: fairScanner,
      body: {
        code: signTicket(keys.tickets, pendingRow.ticket_id),
        eventId: fair,
        deviceId: 'cua-3',
        nonce: 'pending-scan-1',
        scannedAt: at(14),
      },
    });
    expect(pendingScan.json.result).toBe('not_confirmed');

    const results = (await db().selectFrom('scans').select('result').where('event_id', '=', eventId).execute()).map((r) => r.result).sort();
    expect(results).toEqual([
      'cancelled',
      'not_confirmed',
      'outside_window',
      'outside_window',
      'unknown',
      'unknown',
      'unknown',
      'wrong_event',
    ]);
    expect(await db().selectFrom('attendance').selectAll().execute()).toHaveLength(0);
  });

  it('a scanner token of another event is refused with 403; anonymous with 401; bad bodies with 422', async () => {
    const { register, scan, eventId, call, organiser } = await setup();
    const r = await register();
    const otherEvent = await publishedEvent(call, organiser, { title: 'Lớp khác', sessions: FIVE_SESSIONS, ...OPEN });
    const elsewhere = await makeToken(db(), 'scanner', [otherEvent]);
    const refused = await scan(r.qr, { scannedAt: at(14) }, elsewhere);
    expect(refused.status).toBe(403);
    expect((await call('POST', '/api/v1/checkins', { body: { code: r.qr, eventId, deviceId: 'x', nonce: 'n-anon-12345' } })).status).toBe(
      401,
    );
    const scanner = await makeToken(db(), 'scanner', [eventId]);
    for (const bad of [
      { code: r.qr },
      { code: r.qr, eventId, deviceId: 'x', nonce: 'short' },
      { code: r.qr, eventId: 'x', deviceId: 'x', nonce: 'long-enough' },
    ]) {
      expect((await call('POST', '/api/v1/checkins', { token: scanner, body: bad })).status).toBe(422);
    }
    expect((await scan(r.qr, { scannedAt: '2027-06-01T08:00:00+07:00' })).status).toBe(422);
    expect((await call('GET', `/api/v1/events/${eventId}/checkin-list`, { token: elsewhere })).status).toBe(403);
    expect(await db().selectFrom('attendance').selectAll().execute()).toHaveLength(0);
  });

  it('completion: 4 of 5 sessions at 80% completes, 3 of 5 does not, and an excused session is not attendance', async () => {
    const { register, scan, call, organiser, eventId, sessions } = await setup({ capacity: 10 });
    const four = await register();
    const three = await register();
    const threePlusExcused = await register();
    for (const day of [14, 15, 16, 17]) await scan(four.qr, { scannedAt: at(day) });
    for (const day of [14, 15, 16]) {
      await scan(three.qr, { scannedAt: at(day) });
      await scan(threePlusExcused.shortCode, { scannedAt: at(day) });
    }
    const excused = await call('POST', `/api/v1/admin/events/${eventId}/attendance`, {
      token: organiser,
      body: { registrationId: threePlusExcused.id, sessionId: sessions[3]!.id, status: 'excused', note: 'Ốm, có giấy' },
    });
    expect(excused.status).toBe(204);
    const report = (await call('GET', `/api/v1/admin/events/${eventId}/attendance`, { token: organiser })).json;
    const byId = Object.fromEntries(report.registrations.map((r: { registrationId: string }) => [r.registrationId, r]));
    expect(byId[four.id]).toMatchObject({ present: 4, sessions: 5, completed: true });
    expect(byId[three.id]).toMatchObject({ present: 3, completed: false });
    expect(byId[threePlusExcused.id]).toMatchObject({ present: 3, excused: 1, completed: false });
    expect(report.sessions.map((s: { present: number }) => s.present)).toEqual([3, 3, 3, 1, 0]);
    expect(report.sessions[3]).toMatchObject({ excused: 1, expected: 3 });

    // An excused learner who turns up after all is present: the scan turns the mark into presence.
    expect((await scan(threePlusExcused.qr, { scannedAt: at(17, '09:00') })).json.result).toBe('ok');
    const after = (await call('GET', `/api/v1/admin/events/${eventId}/attendance`, { token: organiser })).json;
    expect(after.registrations.find((r: { registrationId: string }) => r.registrationId === threePlusExcused.id)).toMatchObject({
      present: 4,
      completed: true,
    });
  });

  it('an organiser marks present someone without a ticket and finds people by name', async () => {
    const { register, call, organiser, eventId, sessions, scanner } = await setup();
    const r = await register(registrationPayload({ person: { fullName: 'Đoàn Văn Khải', phone: '0912000009', email: 'khai@x.vn' } }));
    const found = await call('GET', `/api/v1/events/${eventId}/checkin-search?q=khải`, { token: scanner });
    expect(found.json.matches).toEqual([
      { registrationId: r.id, name: 'Đoàn Văn Khải', facility: null, status: 'confirmed', shortCode: r.shortCode },
    ]);
    const mark = (sessionId: string, status: string, token = organiser) =>
      call('POST', `/api/v1/admin/events/${eventId}/attendance`, { token, body: { registrationId: r.id, sessionId, status } });
    expect((await mark(sessions[0]!.id, 'present')).status).toBe(204);
    // Presence is never downgraded to an excuse: refused with a reason, nothing changes.
    const downgrade = await mark(sessions[0]!.id, 'excused');
    expect(downgrade.status).toBe(409);
    expect(downgrade.json.error.code).toBe('attendance.already_present');
    const row = await db().selectFrom('attendance').select(['status', 'method']).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'present', method: 'manual' });
    // The same mark again changes nothing and says so without error.
    expect((await mark(sessions[0]!.id, 'present')).status).toBe(204);
    expect((await mark(sessions[0]!.id, 'present', scanner)).status).toBe(403);
    const audit = await db()
      .selectFrom('audit_log')
      .select(['action', 'data'])
      .where('action', 'like', 'attendance.%')
      .orderBy('id')
      .execute();
    expect(audit).toEqual([{ action: 'attendance.mark', data: { sessionId: sessions[0]!.id, before: null, after: 'present' } }]);
  });

  it('an organiser cannot mark anyone present before the session opens, may excuse ahead, and may clear a mark made by mistake', async () => {
    const { register, call, organiser, eventId, sessions, clock } = await setup();
    const r = await register();
    clock.set('2026-12-15T02:00:00Z'); // 09:00 on the 15th: session 2 is open, session 3 is tomorrow
    const mark = (sessionId: string, status: string) =>
      call('POST', `/api/v1/admin/events/${eventId}/attendance`, { token: organiser, body: { registrationId: r.id, sessionId, status } });
    const early = await mark(sessions[2]!.id, 'present');
    expect(early.status).toBe(409);
    expect(early.json.error).toMatchObject({ code: 'attendance.session_not_open' });
    expect(early.json.error.message).toContain('Buổi này chưa mở cửa');
    expect(await db().selectFrom('attendance').selectAll().execute()).toEqual([]);
    expect((await mark(sessions[2]!.id, 'excused')).status).toBe(204);
    expect((await mark(sessions[1]!.id, 'present')).status).toBe(204);

    // A presence recorded by mistake is cleared, and its tally with it.
    const tally = async () =>
      (await db().selectFrom('attendance_tallies').select('present_sessions').where('registration_id', '=', r.id).executeTakeFirst())
        ?.present_sessions ?? 0;
    expect(await tally()).toBe(1);
    expect((await mark(sessions[1]!.id, 'absent')).status).toBe(204);
    expect(await tally()).toBe(0);
    const left = await db().selectFrom('attendance').select(['session_id', 'status']).execute();
    expect(left).toEqual([{ session_id: sessions[2]!.id, status: 'excused' }]);
    const audit = await db()
      .selectFrom('audit_log')
      .select(['action', 'data'])
      .where('action', 'like', 'attendance.%')
      .orderBy('id')
      .execute();
    expect(audit.map((a) => [a.action, (a.data as { after: string | null }).after])).toEqual([
      ['attendance.mark', 'excused'],
      ['attendance.mark', 'present'],
      ['attendance.clear', null],
    ]);
    expect((await mark(sessions[1]!.id, 'maybe')).status).toBe(422);
  });

  it('the door finds people without diacritics, in any case, by phone as people say it, and by short code', async () => {
    const { register, call, eventId, scanner } = await setup({ capacity: 10 });
    const luong = await register(registrationPayload({ person: { fullName: 'Phạm Đức Lượng', phone: '0912000201', email: 'luong@x.vn' } }));
    const dong = await register(registrationPayload({ person: { fullName: 'Nguyễn Văn Đông', phone: '0912000202', email: 'dong@x.vn' } }));
    await register(registrationPayload({ person: { fullName: 'Trần Hồng Nhung', phone: '0987000203', email: 'nhung@x.vn' } }));
    const find = async (q: string) => {
      const res = await call('GET', `/api/v1/events/${eventId}/checkin-search?q=${encodeURIComponent(q)}`, { token: scanner });
      expect(res.status, res.text).toBe(200);
      return res.json.matches.map((m: { name: string }) => m.name).sort();
    };
    expect(await find('luong')).toEqual(['Phạm Đức Lượng']);
    expect(await find('LUONG')).toEqual(['Phạm Đức Lượng']);
    expect(await find('Lượng'.normalize('NFD'))).toEqual(['Phạm Đức Lượng']);
    expect(await find('dong')).toEqual(['Nguyễn Văn Đông']);
    expect(await find('hong nhung')).toEqual(['Trần Hồng Nhung']);
    expect(await find('0912 000')).toEqual(['Nguyễn Văn Đông', 'Phạm Đức Lượng']);
    expect(await find('0987')).toEqual(['Trần Hồng Nhung']);
    expect(await find(`${dong.shortCode.slice(0, 4)}-${dong.shortCode.slice(4)}`.toLowerCase())).toEqual(['Nguyễn Văn Đông']);
    expect(await find('zz%_')).toEqual([]);
    // LIKE's own characters are text to look for, not wildcards; marks alone look for nothing.
    expect(await find('%%')).toEqual([]);
    expect(await find('__')).toEqual([]);
    expect(await find('\u0301\u0301')).toEqual([]);
    expect(await find('ÐONG')).toEqual(['Nguyễn Văn Đông']);
    expect(luong.status).toBe('confirmed');
  });

  it('the offline list has what the door needs and no contact details; its hash matches the QR text', async () => {
    const { register, call, scanner, eventId } = await setup();
    const r = await register();
    const list = await call('GET', `/api/v1/events/${eventId}/checkin-list`, { token: scanner });
    expect(list.status).toBe(200);
    expect(list.json.event.sessions).toHaveLength(5);
    const [entry] = list.json.attendees;
    expect(entry).toMatchObject({
      registrationId: r.id,
      name: 'Nguyễn Thị Hoa',
      status: 'confirmed',
      shortCode: r.shortCode,
      presentSessions: [],
    });
    expect(entry.tokenSha256).toContain(createHash('sha256').update(r.qr).digest('hex'));
    expect(JSON.stringify(list.json)).not.toMatch(/091\d{7}|@/);
  });

  it('offline uploads: each scan stored once with the device time; the same ticket on two devices is flagged', async () => {
    const { register, call, scanner, eventId, organiser } = await setup();
    const a = await register();
    const b = await register();
    const deviceOne = [
      { code: a.qr, eventId, deviceId: 'may-1', nonce: 'may1-0001', scannedAt: at(14, '07:58'), offlineResult: 'ok' },
      { code: b.qr, eventId, deviceId: 'may-1', nonce: 'may1-0002', scannedAt: at(14, '08:01'), offlineResult: 'ok' },
    ];
    const deviceTwo = [{ code: a.qr, eventId, deviceId: 'may-2', nonce: 'may2-0001', scannedAt: at(14, '07:50'), offlineResult: 'ok' }];
    const one = await call('POST', '/api/v1/checkins/batch', { token: scanner, body: { scans: deviceOne } });
    expect(one.json.results.map((r: { result: string }) => r.result)).toEqual(['ok', 'ok']);
    const two = await call('POST', '/api/v1/checkins/batch', { token: scanner, body: { scans: deviceTwo } });
    expect(two.json.results[0]).toMatchObject({
      nonce: 'may2-0001',
      result: 'already_checked_in',
      firstCheckedInAt: '2026-12-14T07:50:00+07:00',
    });
    // Uploading the same queue again (the network dropped before the answer) stores nothing new.
    await call('POST', '/api/v1/checkins/batch', { token: scanner, body: { scans: deviceOne } });
    expect(await db().selectFrom('scans').selectAll().execute()).toHaveLength(3);
    const scans = await db().selectFrom('scans').select(['nonce', 'scanned_at', 'offline', 'conflict']).orderBy('id').execute();
    expect(scans.map((s) => [s.nonce, s.offline, s.conflict])).toEqual([
      ['may1-0001', true, null],
      ['may1-0002', true, null],
      ['may2-0001', true, 'ok -> already_checked_in'],
    ]);
    expect(scans[0]!.scanned_at.toISOString()).toBe('2026-12-14T00:58:00.000Z');
    const report = (await call('GET', `/api/v1/admin/events/${eventId}/attendance`, { token: organiser })).json;
    expect(report.conflicts).toEqual([
      expect.objectContaining({ conflict: 'ok -> already_checked_in', deviceId: 'may-2', name: 'Nguyễn Thị Hoa' }),
    ]);
  });

  it('offline uploads: a ticket cancelled meanwhile is flagged and not counted; someone the door turned away is not counted either', async () => {
    const { register, call, scanner, eventId, organiser, scan } = await setup();
    const a = await register(registrationPayload({ person: { fullName: 'Lê Văn An', phone: '0912000101', email: 'an@x.vn' } }));
    await register();
    await register();
    const w = await register(registrationPayload({ person: { fullName: 'Đỗ Quang Vũ', phone: '0912000102', email: 'vu@x.vn' } }));
    expect(w.status).toBe('waitlisted');
    // Offline, from the stored list: An is let in; Vũ is still waiting, so the door turns him away.
    const queued = [
      { code: a.qr, eventId, deviceId: 'may-3', nonce: 'may3-0001', scannedAt: at(18, '08:02'), offlineResult: 'ok' },
      { code: w.qr, eventId, deviceId: 'may-3', nonce: 'may3-0002', scannedAt: at(18, '08:03'), offlineResult: 'not_confirmed' },
    ];
    // Before the upload, An's registration is cancelled, and Vũ takes the freed seat.
    expect((await call('POST', `/api/v1/admin/registrations/${a.id}/cancel`, { token: organiser })).status).toBe(200);
    expect((await db().selectFrom('registrations').select('status').where('id', '=', w.id).executeTakeFirstOrThrow()).status).toBe(
      'confirmed',
    );

    const uploaded = await call('POST', '/api/v1/checkins/batch', { token: scanner, body: { scans: queued } });
    expect(uploaded.json.results.map((r: { result: string }) => r.result)).toEqual(['cancelled', 'not_confirmed']);
    // Neither counts: An's seat is gone, and Vũ did not come in.
    expect(await db().selectFrom('attendance').selectAll().execute()).toEqual([]);
    const scans = await db().selectFrom('scans').select(['nonce', 'result', 'conflict']).orderBy('id').execute();
    expect(scans).toEqual([
      { nonce: 'may3-0001', result: 'cancelled', conflict: 'ok -> cancelled' },
      { nonce: 'may3-0002', result: 'not_confirmed', conflict: 'not_confirmed -> ok' },
    ]);
    const report = (await call('GET', `/api/v1/admin/events/${eventId}/attendance`, { token: organiser })).json;
    expect(report.conflicts.map((c: { name: string; conflict: string }) => [c.name, c.conflict])).toEqual([
      ['Lê Văn An', 'ok -> cancelled'],
      ['Đỗ Quang Vũ', 'not_confirmed -> ok'],
    ]);
    // When Vũ comes back to the door, now confirmed, he is let in: the turned-away scan took no seat.
    expect((await scan(w.qr, { scannedAt: at(18, '08:20') })).json.result).toBe('ok');

    // A second offline device turns him away too, after he is in: the server would have said
    // "already checked in", and the answer to a replay is the first answer, word for word.
    const late = { code: w.qr, eventId, deviceId: 'may-4', nonce: 'may4-0001', scannedAt: at(18, '08:25'), offlineResult: 'not_confirmed' };
    const first = await call('POST', '/api/v1/checkins/batch', { token: scanner, body: { scans: [late] } });
    const again = await call('POST', '/api/v1/checkins/batch', { token: scanner, body: { scans: [late] } });
    expect(first.json.results[0]).toMatchObject({ result: 'not_confirmed', attendee: { name: 'Đỗ Quang Vũ' } });
    expect(first.json.results[0].firstCheckedInAt).toBeUndefined();
    expect(again.json).toEqual(first.json);
    expect((await db().selectFrom('scans').select('conflict').where('nonce', '=', 'may4-0001').executeTakeFirstOrThrow()).conflict).toBe(
      'not_confirmed -> already_checked_in',
    );
  });

  it('offline uploads: a person the door sent away as outside check-in time is not counted, though the server’s window is open', async () => {
    const { register, call, scanner, eventId } = await setup();
    const r = await register();
    // The device's clock or list put 08:05 outside the door's hours; the server's window holds it.
    const up = await call('POST', '/api/v1/checkins/batch', {
      token: scanner,
      body: {
        scans: [
          { code: r.qr, eventId, deviceId: 'may-6', nonce: 'may6-0001', scannedAt: at(18, '08:05'), offlineResult: 'outside_window' },
        ],
      },
    });
    expect(up.json.results[0].result).toBe('outside_window');
    expect(await db().selectFrom('attendance').selectAll().execute()).toEqual([]);
    expect((await db().selectFrom('scans').select('conflict').executeTakeFirstOrThrow()).conflict).toBe('outside_window -> ok');
  });

  it('offline uploads: a ticket the device could not find ("unknown") is the server’s to decide', async () => {
    const { register, call, scanner, eventId } = await setup();
    // Registered after the device saved its list: offline it answered "not on this door's list".
    const late = await register();
    const up = await call('POST', '/api/v1/checkins/batch', {
      token: scanner,
      body: {
        scans: [{ code: late.qr, eventId, deviceId: 'may-5', nonce: 'may5-0001', scannedAt: at(18, '08:04'), offlineResult: 'unknown' }],
      },
    });
    expect(up.json.results[0]).toMatchObject({ result: 'ok', attendee: { name: 'Nguyễn Thị Hoa' }, event: { id: eventId } });
    expect(await db().selectFrom('attendance').select('registration_id').execute()).toEqual([{ registration_id: late.id }]);
    expect((await db().selectFrom('scans').select('conflict').executeTakeFirstOrThrow()).conflict).toBe('unknown -> ok');
  });
});
