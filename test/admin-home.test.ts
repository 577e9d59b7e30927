import { expect, it } from 'vitest';
import { buildTestApp, makeToken, makeUser, publishedEvent, registrationPayload } from './support/app.js';
import { describeEachEngine } from './support/db.js';

describeEachEngine('the back office front page lists what needs attention', ({ db }) => {
  /** Two events: one needing approval (pending, a failed mail, a conflict), one starting tomorrow with no door device. */
  async function setup() {
    const t = buildTestApp(db(), { now: '2026-12-13T02:00:00Z' });
    const admin = await makeToken(db(), 'admin');
    const fair = await publishedEvent(t.call, admin, { title: 'Lớp cần duyệt', requiresApproval: true });
    const soon = await publishedEvent(t.call, admin, { title: 'Lớp ngày mai' });
    const pending = await t.call('POST', `/api/v1/events/${fair}/registrations`, { body: registrationPayload() });
    expect(pending.json.registration.status).toBe('pending');
    await t.call('POST', `/api/v1/events/${fair}/registrations`, { body: registrationPayload() });
    await db().updateTable('mail_outbox').set({ status: 'failed', last_error: 'smtp down' }).execute();
    await db()
      .insertInto('scans')
      .values({
        event_id: fair,
        session_id: null,
        registration_id: pending.json.registration.id,
        code_kind: 'qr',
        result: 'already_checked_in',
        device_id: 'door-1',
        nonce: 'n-1',
        scanned_at: new Date('2026-12-13T01:00:00Z'),
        received_at: new Date('2026-12-13T01:30:00Z'),
        offline: true,
        conflict: 'ok -> already_checked_in',
      })
      .execute();
    return { ...t, admin, fair, soon };
  }

  const section = (html: string) => html.match(/<section class="attention"[\s\S]*?<\/section>/)?.[0] ?? '';

  it('lists pending approvals per event, failed mail, conflicts and events soon without a door device, each linked', async () => {
    const { call, admin, fair, soon } = await setup();
    const home = section((await call('GET', '/admin', { token: admin })).text);
    expect(home).toContain('Việc cần xử lý');
    expect(home).toMatch(
      /<strong>2<\/strong> · Lớp cần duyệt — <a href="\/admin\/events\/[^"]+\/registrations\?status=pending">xem và duyệt<\/a>/,
    );
    expect(home).toContain(`href="/admin/events/${fair}/registrations?status=pending"`);
    expect(home).toContain('Thư gửi lỗi: <strong>2</strong>');
    expect(home).toContain('href="/admin/mail?status=failed"');
    expect(home).toContain(`href="/admin/events/${fair}/attendance#conflicts"`);
    // Both events start on the 14th (within 48 hours) and no door device is given either.
    expect(home).toContain('Lớp ngày mai');
    expect(home).toContain('href="/admin/devices"');
    // A door token for the soon event takes it off the list; a revoked one does not count.
    await makeToken(db(), 'scanner', [soon]);
    const after = section((await call('GET', '/admin', { token: admin })).text);
    expect(after.match(/id="attention-doors"[\s\S]*<\/div>/)?.[0]).not.toContain('Lớp ngày mai');
    // A door-staff account covers its events too.
    await makeUser(db(), 'scanner', 'cua@khuyencong.test', [fair]);
    expect(section((await call('GET', '/admin', { token: admin })).text)).not.toContain('id="attention-doors"');
    // The events list stays below.
    expect((await call('GET', '/admin', { token: admin })).text).toContain('<table class="desk">');
  });

  it('an organiser limited to some events sees only theirs; door staff see no attention list', async () => {
    const { call, soon, fair } = await setup();
    const limited = await makeToken(db(), 'organiser', [soon]);
    const home = section((await call('GET', '/admin', { token: limited })).text);
    expect(home).not.toContain('Lớp cần duyệt');
    expect(home).not.toContain(fair);
    expect(home).not.toContain('Thư gửi lỗi');
    expect(home).toContain('Lớp ngày mai');
    // An organiser asks an admin for devices.
    expect(home).toContain('Nhờ quản trị viên cấp mã máy quét');
    expect(home).not.toContain('href="/admin/devices"');
    const scanner = await makeToken(db(), 'scanner', [fair]);
    const door = await call('GET', '/admin', { token: scanner });
    expect(door.status).toBe(200);
    expect(section(door.text)).toBe('');
    // Nothing waiting: the page says so.
    const quiet = await publishedEvent(call, await makeToken(db(), 'admin'), {
      title: 'Lớp tháng sau',
      sessions: [{ startsAt: '2027-01-10T08:00:00+07:00', endsAt: '2027-01-10T11:30:00+07:00' }],
    });
    const elsewhere = await makeToken(db(), 'organiser', [quiet]);
    expect(section((await call('GET', '/admin', { token: elsewhere })).text)).toContain('Không có việc gì đang chờ.');
  });
});
