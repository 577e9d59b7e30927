import { expect, it } from 'vitest';
import { deriveKeys } from '../src/shared/keys.js';
import { signTicket } from '../src/tickets/ticket-token.js';
import { buildTestApp, makeToken, makeUser, ORIGIN, PASSWORD, publishedEvent, registrationPayload, testConfig } from './support/app.js';
import { describeEachEngine } from './support/db.js';

const keys = deriveKeys(testConfig());
const FIVE_SESSIONS = [14, 15, 16, 17, 18].map((d) => ({ startsAt: `2026-12-${d}T08:00:00+07:00`, endsAt: `2026-12-${d}T11:30:00+07:00` }));
const THREE_SESSIONS = [14, 15, 16].map((d) => ({ startsAt: `2026-12-${d}T08:00:00+07:00`, endsAt: `2026-12-${d}T11:30:00+07:00` }));
const OPEN = { registrationClosesAt: '2026-12-31T00:00:00+07:00' };

/** The table's rows as text, cell by cell: what the printed sheet shows. */
function rowsOf(html: string): string[][] {
  const body = html.match(/<tbody>([\s\S]*?)<\/tbody>/)?.[1] ?? '';
  return [...body.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((m) =>
    [...m[1]!.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((c) => c[1]!.trim()),
  );
}

describeEachEngine("attendance pages: an event's attendance and each session's sign-in sheet", ({ db }) => {
  async function setup(sessionList = THREE_SESSIONS) {
    const t = buildTestApp(db(), { now: '2026-12-01T02:00:00Z' });
    const organiser = await makeToken(db(), 'organiser');
    const eventId = await publishedEvent(t.call, organiser, { sessions: sessionList, capacity: 4, ...OPEN });
    const register = async (fullName: string, facility?: string) => {
      const body = registrationPayload({
        person: { ...registrationPayload().person, fullName },
        ...(facility ? { facility: { name: facility, district: 'An Dương' } } : {}),
      });
      const res = await t.call('POST', `/api/v1/events/${eventId}/registrations`, { body });
      const row = await db()
        .selectFrom('registrations')
        .select(['ticket_id'])
        .where('id', '=', res.json.registration.id)
        .executeTakeFirstOrThrow();
      return {
        id: res.json.registration.id as string,
        status: res.json.registration.status as string,
        qr: signTicket(keys.tickets, row.ticket_id),
      };
    };
    const sessions = (await t.call('GET', `/api/v1/events/${eventId}`)).json.event.sessions as { id: string }[];
    t.clock.set('2026-12-15T01:30:00Z'); // 08:30 on the second morning, in Hanoi
    return { ...t, organiser, eventId, register, sessions };
  }

  it('lists the confirmed people by given name, with check-in time or excuse for that session only, and a column to sign', async () => {
    const { call, organiser, eventId, register, sessions } = await setup();
    const hoa = await register('Nguyễn Thị Hoa', 'Cơ sở mây tre Chúc Sơn');
    const an = await register('Trần Văn An');
    const dung = await register('Lê Đức Dũng');
    await register('Phạm Văn Dương');
    const waitlisted = await register('Vũ Thị Ánh');
    expect(waitlisted.status).toBe('waitlisted');
    // Dương cancels; Ánh moves up from the waitlist and is confirmed.
    const duong = (await db().selectFrom('registrations').select('id').where('full_name', '=', 'Phạm Văn Dương').executeTakeFirstOrThrow())
      .id;
    expect((await call('POST', `/api/v1/admin/registrations/${duong}/cancel`, { token: organiser })).status).toBe(200);

    const scanner = await makeToken(db(), 'scanner', [eventId]);
    const scan = (qr: string, at: string, nonce: string) =>
      call('POST', '/api/v1/checkins', { token: scanner, body: { code: qr, eventId, deviceId: 'cua-1', nonce, scannedAt: at } });
    expect((await scan(hoa.qr, '2026-12-15T07:52:00+07:00', 'nonce-hoa-15')).json.result).toBe('ok');
    expect((await scan(an.qr, '2026-12-14T08:05:00+07:00', 'nonce-an-14')).json.result).toBe('ok'); // another session
    const excused = await call('POST', `/api/v1/admin/events/${eventId}/attendance`, {
      token: organiser,
      body: { registrationId: dung.id, sessionId: sessions[1]!.id, status: 'excused', note: 'Ốm' },
    });
    expect(excused.status).toBe(204);

    const res = await call('GET', `/admin/events/${eventId}/sessions/${sessions[1]!.id}/sign-in-sheet`, { token: organiser });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    expect(res.text).toContain('Danh sách ký nhận');
    expect(res.text).toContain('Buổi 2/3: 08:00–11:30, Thứ Ba, 15/12/2026');
    expect(res.text).toContain('Người đã xác nhận: 4 · Đã điểm danh: 1');
    // Given names in Vietnamese order: An, Ánh, Dũng, Hoa; Dương cancelled is not on the sheet.
    expect(rowsOf(res.text)).toEqual([
      ['1', 'Trần Văn An', '', '', ''],
      ['2', 'Vũ Thị Ánh', '', '', ''],
      ['3', 'Lê Đức Dũng', '', 'Vắng có phép', ''],
      ['4', 'Nguyễn Thị Hoa', 'Cơ sở mây tre Chúc Sơn', '07:52', ''],
    ]);
    expect(res.text).not.toContain('Dương');
    // No phone numbers or emails on a sheet that goes round the room.
    expect(res.text).not.toMatch(/091\d{7}|@khuyencong\.test/);

    const en = await call('GET', `/admin/events/${eventId}/sessions/${sessions[0]!.id}/sign-in-sheet?lang=en`, { token: organiser });
    expect(en.text).toContain('Session 1/3: 08:00–11:30, Monday, 14 Dec 2026');
    expect(rowsOf(en.text).map((r) => [r[1], r[3]])).toEqual([
      ['Trần Văn An', '08:05'],
      ['Vũ Thị Ánh', ''],
      ['Lê Đức Dũng', ''],
      ['Nguyễn Thị Hoa', ''],
    ]);
  });

  it('a mark by staff prints no arrival time; a cancelled event says so on its sheet and its attendance page', async () => {
    const { call, organiser, eventId, register, sessions } = await setup();
    const lan = await register('Bùi Thị Lan');
    // Marked present the day after the first session, from the paper she signed.
    const marked = await call('POST', `/api/v1/admin/events/${eventId}/attendance`, {
      token: organiser,
      body: { registrationId: lan.id, sessionId: sessions[0]!.id, status: 'present', note: 'Ký giấy' },
    });
    expect(marked.status).toBe(204);
    const sheet = `/admin/events/${eventId}/sessions/${sessions[0]!.id}/sign-in-sheet`;
    expect(rowsOf((await call('GET', sheet, { token: organiser })).text)).toEqual([['1', 'Bùi Thị Lan', '', 'Có mặt (cán bộ ghi)', '']]);
    expect(rowsOf((await call('GET', `${sheet}?lang=en`, { token: organiser })).text)[0]![3]).toBe('Present (marked by staff)');

    expect((await call('GET', sheet, { token: organiser })).text).not.toContain('SỰ KIỆN ĐÃ BỊ HUỶ');
    expect((await call('POST', `/api/v1/admin/events/${eventId}/cancel`, { token: organiser })).status).toBe(200);
    expect((await call('GET', sheet, { token: organiser })).text).toContain('SỰ KIỆN ĐÃ BỊ HUỶ');
    expect((await call('GET', `/admin/events/${eventId}/attendance`, { token: organiser })).text).toContain('SỰ KIỆN ĐÃ BỊ HUỶ');
  });

  it('an event with several sessions offers each; with one it goes straight to it; the staff page links there', async () => {
    const { call, organiser, eventId, sessions } = await setup();
    const chooser = await call('GET', `/admin/events/${eventId}/sign-in-sheet`, { token: organiser });
    expect(chooser.status).toBe(200);
    for (const s of sessions) expect(chooser.text).toContain(`/admin/events/${eventId}/sessions/${s.id}/sign-in-sheet`);

    const single = await publishedEvent(call, organiser, { title: 'Hội thảo một buổi', sessions: THREE_SESSIONS.slice(0, 1), ...OPEN });
    const only = (await call('GET', `/api/v1/events/${single}`)).json.event.sessions[0].id as string;
    const redirect = await call('GET', `/admin/events/${single}/sign-in-sheet`, { token: organiser });
    expect(redirect.status).toBe(303);
    expect(redirect.headers.get('location')).toBe(`/admin/events/${single}/sessions/${only}/sign-in-sheet`);

    expect((await call('GET', '/admin', { token: organiser })).text).toContain(`/admin/events/${eventId}/sign-in-sheet`);
  });

  it('is for organisers: signed out goes to sign-in, a scanner gets 403, a wrong session or id 404', async () => {
    const { call, login, organiser, eventId, sessions } = await setup();
    const path = `/admin/events/${eventId}/sessions/${sessions[0]!.id}/sign-in-sheet`;
    const signedOut = await call('GET', path);
    expect(signedOut.status).toBe(303);
    // Signed out: to the sign-in page, and back to this sheet afterwards.
    expect(signedOut.headers.get('location')).toBe(`/login?next=${encodeURIComponent(path)}`);
    const form = (await call('GET', signedOut.headers.get('location')!)).text;
    expect(form).toContain(`<input type="hidden" name="next" value="${path}"/>`);
    const scanner = await makeToken(db(), 'scanner', [eventId]);
    expect((await call('GET', path, { token: scanner })).status).toBe(403);
    await makeUser(db(), 'organiser');
    const signIn = (next: string) =>
      call('POST', '/login', {
        headers: { origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ email: 'organiser@khuyencong.test', password: PASSWORD, next }).toString(),
      });
    const back = await signIn(path);
    expect(back.status).toBe(303);
    expect(back.headers.get('location')).toBe(path);
    expect((await call('GET', path, { cookie: back.headers.get('set-cookie')!.split(';')[0] })).status).toBe(200);
    // Door staff asked for an organiser's page go to their own start page, not to a 403.
    await makeUser(db(), 'scanner', undefined, [eventId]);
    const door = await call('POST', '/login', {
      headers: { origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ email: 'scanner@khuyencong.test', password: PASSWORD, next: path }).toString(),
    });
    expect(door.headers.get('location')).toBe('/admin');
    // Never to another site, whatever the form says.
    for (const elsewhere of ['//evil.example/admin', 'https://evil.example/', '/\\evil.example', 'admin']) {
      expect((await signIn(elsewhere)).headers.get('location')).toBe('/admin');
    }
    const cookie = await login('organiser@khuyencong.test', PASSWORD);
    expect((await call('GET', path, { cookie })).status).toBe(200);

    const other = await publishedEvent(call, organiser, { title: 'Lớp khác', sessions: THREE_SESSIONS, ...OPEN });
    const otherSession = (await call('GET', `/api/v1/events/${other}`)).json.event.sessions[0].id as string;
    const wrong = await call('GET', `/admin/events/${eventId}/sessions/${otherSession}/sign-in-sheet`, { token: organiser });
    expect(wrong.status).toBe(404);
    expect(wrong.text).toContain('Sự kiện không có buổi này');
    expect((await call('GET', `/admin/events/${eventId}/sessions/not-a-uuid/sign-in-sheet`, { token: organiser })).status).toBe(404);
    expect((await call('GET', `/admin/events/00000000-0000-4000-8000-000000000000/sign-in-sheet`, { token: organiser })).status).toBe(404);
    // A mistyped path is not found, signed in or not (no detour through the sign-in page).
    expect((await call('GET', `/admin/events/${eventId}/attendence`)).status).toBe(404);
    expect((await call('GET', `/admin/events/${eventId}/attendence`, { token: organiser })).status).toBe(404);
  });

  it('the attendance page counts each session, applies the completion rule per learner and shows offline conflicts in words', async () => {
    const { call, clock, organiser, eventId, register, sessions } = await setup(FIVE_SESSIONS);
    clock.set('2026-12-18T04:00:00Z'); // 11:00 on the last morning: every scan below is in the past
    const hoa = await register('Nguyễn Thị Hoa');
    const an = await register('Trần Văn An');
    const binh = await register('Đỗ Văn Bình');
    const cuong = await register('Phạm Văn Cường');
    const scanner = await makeToken(db(), 'scanner', [eventId]);
    let n = 0;
    const scan = (qr: string, day: number) =>
      call('POST', '/api/v1/checkins', {
        token: scanner,
        body: { code: qr, eventId, deviceId: 'cua-1', nonce: `nonce-${++n}-page`, scannedAt: `2026-12-${day}T08:05:00+07:00` },
      });
    for (const day of [14, 15, 16, 17]) expect((await scan(hoa.qr, day)).json.result).toBe('ok'); // 4 of 5: completes at 80%
    for (const day of [14, 15, 16]) expect((await scan(an.qr, day)).json.result).toBe('ok'); // 3 of 5 and an excuse: not yet
    // Cường came to four mornings, then cancelled: on record, but counted nowhere.
    for (const day of [14, 15, 16, 17]) expect((await scan(cuong.qr, day)).json.result).toBe('ok');
    expect((await call('POST', `/api/v1/admin/registrations/${cuong.id}/cancel`, { token: organiser })).status).toBe(200);
    const excuse = await call('POST', `/api/v1/admin/events/${eventId}/attendance`, {
      token: organiser,
      body: { registrationId: an.id, sessionId: sessions[3]!.id, status: 'excused' },
    });
    expect(excuse.status).toBe(204);
    // Two offline devices let Bình in on the last morning; the second upload is flagged.
    for (const [device, time] of [
      ['may-1', '07:58'],
      ['may-2', '08:02'],
    ] as const) {
      const up = await call('POST', '/api/v1/checkins/batch', {
        token: scanner,
        body: {
          scans: [
            {
              code: binh.qr,
              eventId,
              deviceId: device,
              nonce: `${device}-0001`,
              scannedAt: `2026-12-18T${time}:00+07:00`,
              offlineResult: 'ok',
            },
          ],
        },
      });
      expect(up.status).toBe(200);
    }

    const res = await call('GET', `/admin/events/${eventId}/attendance`, { token: organiser });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    const [bySession, byPerson, conflicts] = [...res.text.matchAll(/<table[^>]*>[\s\S]*?<\/table>/g)].map((m) => rowsOf(m[0]));
    // Session, time, present, excused, confirmed, link to its sheet.
    expect(bySession!.map((r) => r.slice(0, 5))).toEqual([
      ['1/5', '08:00–11:30, Thứ Hai, 14/12/2026', '2', '0', '3'],
      ['2/5', '08:00–11:30, Thứ Ba, 15/12/2026', '2', '0', '3'],
      ['3/5', '08:00–11:30, Thứ Tư, 16/12/2026', '2', '0', '3'],
      ['4/5', '08:00–11:30, Thứ Năm, 17/12/2026', '1', '1', '3'],
      ['5/5', '08:00–11:30, Thứ Sáu, 18/12/2026', '1', '0', '3'],
    ]);
    expect(bySession![0]![5]).toContain(`/admin/events/${eventId}/sessions/${sessions[0]!.id}/sign-in-sheet`);
    expect(res.text).toContain('Hoàn thành khi có mặt ít nhất 80% số buổi (4/5 buổi).');
    expect(res.text).toContain('Hoàn thành: 1/3');
    // Number, name, one column per session (✓ present, P excused), sessions attended, completed.
    expect(byPerson!.map((r) => r.slice(0, 9))).toEqual([
      ['1', 'Trần Văn An', '✓', '✓', '✓', 'P', '', '3/5 (+1 P)', 'Chưa'],
      ['2', 'Đỗ Văn Bình', '', '', '', '', '✓', '1/5', 'Chưa'],
      ['3', 'Phạm Văn Cường (đã huỷ đăng ký)', '✓', '✓', '✓', '✓', '', '4/5', '—'],
      ['4', 'Nguyễn Thị Hoa', '✓', '✓', '✓', '✓', '', '4/5', 'Có'],
    ]);
    // The event as a whole: of the three still confirmed, all three came at least once.
    expect(res.text).toContain('Có mặt ít nhất một buổi: <strong>3</strong>/3 người đã xác nhận');
    // The printed sheet of a morning he came to keeps him, marked, outside the counts.
    const sheet = await call('GET', `/admin/events/${eventId}/sessions/${sessions[0]!.id}/sign-in-sheet`, { token: organiser });
    expect(rowsOf(sheet.text).map((r) => r[1])).toEqual([
      'Trần Văn An',
      'Đỗ Văn Bình',
      'Phạm Văn Cường (đã huỷ đăng ký sau buổi này)',
      'Nguyễn Thị Hoa',
    ]);
    expect(sheet.text).toContain('Người đã xác nhận: 3 · Đã điểm danh: 2 · Vắng có phép: 0');
    const api = (await call('GET', `/api/v1/admin/events/${eventId}/attendance`, { token: organiser })).json;
    expect(api.registrations.find((r: { name: string }) => r.name === 'Phạm Văn Cường')).toMatchObject({
      status: 'cancelled',
      present: 4,
      completed: false,
    });
    // Who held the device (the token's name), then the device's own id.
    expect(conflicts!.map((r) => r.slice(0, 6))).toEqual([
      [
        '08:02 Thứ Sáu, 18/12/2026',
        expect.stringMatching(/^\d\d:\d\d /),
        '5/5',
        'scanner device <span class="muted">(may-2)</span>',
        'Đỗ Văn Bình',
        'Mời vào → Đã vào rồi',
      ],
    ]);

    // Looked at: the organiser marks it reviewed, and it leaves the list (kept, and audited).
    const scanId = (await db().selectFrom('scans').select('id').where('conflict', 'is not', null).executeTakeFirstOrThrow()).id;
    expect(conflicts![0]![6]).toContain(`action="/admin/events/${eventId}/conflicts/${scanId}/review"`);
    const reviewed = await call('POST', `/admin/events/${eventId}/conflicts/${scanId}/review`, {
      token: organiser,
      headers: { origin: ORIGIN },
    });
    expect(reviewed.status).toBe(303);
    expect((await call('GET', reviewed.headers.get('location')!.split('#')[0]!, { token: organiser })).text).toContain(
      'Đã đánh dấu đã xem: Đỗ Văn Bình, Mời vào → Đã vào rồi.',
    );
    const after = (await call('GET', `/admin/events/${eventId}/attendance`, { token: organiser })).text;
    expect(after).toContain('Mọi lượt quét ngoại tuyến khác biệt đã được xem.');
    expect(after).not.toContain('Mời vào → Đã vào rồi');
    expect(after).toContain('Đã xem: 1.');
    const all = (await call('GET', `/admin/events/${eventId}/attendance?reviewed=1`, { token: organiser })).text;
    expect(all).toContain('Mời vào → Đã vào rồi');
    expect(all).toContain('Đã xem lúc');
    const json = (await call('GET', `/api/v1/admin/events/${eventId}/attendance`, { token: organiser })).json;
    expect(json.conflicts[0].reviewedAt).toMatch(/\+07:00$/);
    // Twice (a second click, two organisers): done already, one audit row. Another event's
    // conflict, a scan that is no conflict, a bad id, door staff, an organiser of other events:
    // refused, nothing changes.
    expect((await call('POST', `/api/v1/admin/events/${eventId}/conflicts/${scanId}/review`, { token: organiser })).status).toBe(204);
    expect(
      (await call('POST', `/admin/events/${eventId}/conflicts/${scanId}/review`, { token: organiser, headers: { origin: ORIGIN } })).status,
    ).toBe(303);
    const elsewhereEvent = await publishedEvent(call, organiser, { title: 'Lớp nơi khác', sessions: FIVE_SESSIONS, ...OPEN });
    expect((await call('POST', `/api/v1/admin/events/${elsewhereEvent}/conflicts/${scanId}/review`, { token: organiser })).status).toBe(
      404,
    );
    const otherOrganiser = await makeToken(db(), 'organiser', [elsewhereEvent]);
    expect((await call('POST', `/api/v1/admin/events/${eventId}/conflicts/${scanId}/review`, { token: otherOrganiser })).status).toBe(403);
    expect(
      (await call('POST', `/admin/events/${eventId}/conflicts/${scanId}/review`, { token: otherOrganiser, headers: { origin: ORIGIN } }))
        .status,
    ).toBe(403);
    const plainScan = (await db().selectFrom('scans').select('id').where('conflict', 'is', null).executeTakeFirstOrThrow()).id;
    expect((await call('POST', `/api/v1/admin/events/${eventId}/conflicts/${plainScan}/review`, { token: organiser })).status).toBe(404);
    expect((await call('POST', `/api/v1/admin/events/${eventId}/conflicts/abc/review`, { token: organiser })).status).toBe(404);
    expect((await call('POST', `/api/v1/admin/events/${eventId}/conflicts/${scanId}/review`, { token: scanner })).status).toBe(403);
    const audit = await db().selectFrom('audit_log').select(['action', 'entity_id']).where('action', '=', 'scan.review').execute();
    expect(audit).toEqual([{ action: 'scan.review', entity_id: String(scanId) }]);

    const en = await call('GET', `/admin/events/${eventId}/attendance?lang=en&reviewed=1`, { token: organiser });
    expect(en.text).toContain('Completed with at least 80% of the sessions attended (4 of 5).');
    expect(en.text).toContain('Checked in → Already checked in');
    expect((await call('GET', `/admin/events/${eventId}/attendance`, { token: scanner })).status).toBe(403);
    // An organiser given other events only sees none of this one's pages.
    const otherEvent = await publishedEvent(call, organiser, { title: 'Lớp khác', sessions: FIVE_SESSIONS, ...OPEN });
    const elsewhere = await makeToken(db(), 'organiser', [otherEvent]);
    expect((await call('GET', `/admin/events/${otherEvent}/attendance`, { token: elsewhere })).status).toBe(200);
    for (const page of ['attendance', 'sign-in-sheet', `sessions/${sessions[0]!.id}/sign-in-sheet`]) {
      expect((await call('GET', `/admin/events/${eventId}/${page}`, { token: elsewhere })).status).toBe(403);
    }
    expect((await call('GET', '/admin', { token: organiser })).text).toContain(`/admin/events/${eventId}/attendance`);
  });
  it('an organiser records attendance from the page: finds the person without accents, marks, and is told what happened or why not', async () => {
    const { call, organiser, eventId, register, sessions } = await setup(); // 08:30 on the second morning
    const lan = await register('Bùi Thị Lan');
    await register('Trần Văn An');
    const page = `/admin/events/${eventId}/attendance`;
    const post = (fields: Record<string, string>, extra: { token?: string; origin?: string } = {}) =>
      call('POST', page, {
        token: extra.token ?? organiser,
        headers: { origin: extra.origin ?? ORIGIN, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(fields).toString(),
      });

    // Found by name typed without diacritics; the form proposes the session open now.
    const found = (await call('GET', `${page}?q=bui%20thi`, { token: organiser })).text;
    const grid = rowsOf(found.match(/<table class="attendance-grid">[\s\S]*?<\/table>/)![0]);
    expect(grid.map((r) => r[1])).toEqual(['Bùi Thị Lan']);
    expect(found).toMatch(new RegExp(`<option value="${sessions[1]!.id}" selected="">`));

    const marked = await post({ registrationId: lan.id, sessionId: sessions[1]!.id, status: 'present', q: 'bui thi' });
    expect(marked.status).toBe(303);
    const back = marked.headers.get('location')!;
    expect(back).toBe(`${page}?who=${lan.id}&session=${sessions[1]!.id}&q=bui+thi&marked=present#p-${lan.id}`);
    const after = (await call('GET', back.split('#')[0]!, { token: organiser })).text;
    expect(after).toContain('Đã ghi: Có mặt — Bùi Thị Lan, buổi 2/3.');
    expect(rowsOf(after.match(/<table class="attendance-grid">[\s\S]*?<\/table>/)![0])[0]!.slice(0, 6)).toEqual([
      '1',
      'Bùi Thị Lan',
      '',
      '✓',
      '',
      '1/3',
    ]);
    expect(after).toContain(`<tr id="p-${lan.id}" class="just-marked">`);

    // Tomorrow's session cannot have her present yet: the page says why, nothing is written.
    const early = await post({ registrationId: lan.id, sessionId: sessions[2]!.id, status: 'present' });
    const refused = (await call('GET', early.headers.get('location')!.split('#')[0]!, { token: organiser })).text;
    expect(refused).toContain('Chưa ghi được: Bùi Thị Lan, buổi 3/3. Buổi này chưa mở cửa');
    // …and says when it opens: an hour before 08:00 on the 16th.
    expect(refused).toContain('Buổi mở cửa lúc 07:00');
    expect(refused).toContain('16/12/2026');
    expect(await db().selectFrom('attendance').select('session_id').execute()).toEqual([{ session_id: sessions[1]!.id }]);

    // A mark made by mistake is cleared.
    const cleared = await post({ registrationId: lan.id, sessionId: sessions[1]!.id, status: 'absent' });
    expect((await call('GET', cleared.headers.get('location')!.split('#')[0]!, { token: organiser })).text).toContain(
      'Đã bỏ đánh dấu — Bùi Thị Lan, buổi 2/3.',
    );
    expect(await db().selectFrom('attendance').selectAll().execute()).toEqual([]);
    // Clearing what is not there says nothing changed, not that it was cleared.
    const nothing = await post({ registrationId: lan.id, sessionId: sessions[1]!.id, status: 'absent' });
    expect(nothing.headers.get('location')).toContain('unchanged=absent');
    const nothingPage = (await call('GET', nothing.headers.get('location')!.split('#')[0]!, { token: organiser })).text;
    expect(nothingPage).toContain('Không có gì thay đổi — Bùi Thị Lan, buổi 2/3: chưa được ghi.');
    expect(nothingPage).not.toContain('Đã bỏ đánh dấu');
    // A crafted link cannot make the page claim a mark that is not there.
    const crafted = (await call('GET', `${page}?who=${lan.id}&session=${sessions[1]!.id}&marked=present`, { token: organiser })).text;
    expect(crafted).not.toContain('Đã ghi');

    // Bad or foreign requests change nothing.
    expect((await post({ registrationId: lan.id, sessionId: sessions[1]!.id, status: 'maybe' })).status).toBe(422);
    expect((await post({ registrationId: 'not-a-uuid', sessionId: sessions[1]!.id, status: 'present' })).status).toBe(422);
    expect(
      (await post({ registrationId: lan.id, sessionId: sessions[1]!.id, status: 'present' }, { origin: 'https://evil.example' })).status,
    ).toBe(403);
    const scanner = await makeToken(db(), 'scanner', [eventId]);
    expect((await post({ registrationId: lan.id, sessionId: sessions[1]!.id, status: 'present' }, { token: scanner })).status).toBe(403);
    expect(await db().selectFrom('attendance').selectAll().execute()).toEqual([]);
    // A name nobody has: said so, not an empty table.
    expect((await call('GET', `${page}?q=zzz`, { token: organiser })).text).toContain('Không có ai khớp với “zzz”.');
  });
  it('session titles follow the reader on the attendance page and the sign-in sheet', async () => {
    const t = buildTestApp(db(), { now: '2026-12-01T02:00:00Z' });
    const organiser = await makeToken(db(), 'organiser');
    const sessions = [
      { title: 'Khai giảng', titleEn: 'Opening', startsAt: '2026-12-14T20:00:00+07:00', endsAt: '2026-12-15T01:00:00+07:00' },
    ];
    const eventId = await publishedEvent(t.call, organiser, { sessions, ...OPEN });
    const sessionId = (await t.call('GET', `/api/v1/events/${eventId}`)).json.event.sessions[0].id as string;
    const vi = (await t.call('GET', `/admin/events/${eventId}/attendance`, { token: organiser })).text;
    expect(vi).toContain('1/1 — Khai giảng');
    // Past midnight: the day it ends is said.
    expect(vi).toContain('20:00, Thứ Hai, 14/12/2026 – 01:00, Thứ Ba, 15/12/2026');
    expect((await t.call('GET', `/admin/events/${eventId}/attendance?lang=en`, { token: organiser })).text).toContain('1/1 — Opening');
    expect(
      (await t.call('GET', `/admin/events/${eventId}/sessions/${sessionId}/sign-in-sheet?lang=en`, { token: organiser })).text,
    ).toContain('— Opening');
  });
});
