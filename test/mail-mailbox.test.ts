import { simpleParser } from 'mailparser';
import { afterEach, expect, it } from 'vitest';
import { mailboxTransport, smtpTransport } from '../src/node/mail-transports.js';
import { buildTestApp, makeToken, publishedEvent, registrationPayload } from './support/app.js';
import { describeEachEngine } from './support/db.js';
import { inviteOf, qrOf, testDispatcher } from './support/mail.js';
import { smtpSink } from './support/smtp-sink.js';

describeEachEngine('the local mailbox and reminders', ({ db }) => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const fn of cleanup.splice(0).reverse()) await fn();
  });

  async function setup(eventOverrides: Record<string, unknown> = {}) {
    const t = buildTestApp(db(), { now: '2026-12-01T02:00:00Z' });
    const token = await makeToken(db(), 'organiser');
    const eventId = await publishedEvent(t.call, token, eventOverrides);
    const register = async (overrides: Record<string, unknown> = {}) => {
      const res = await t.call('POST', `/api/v1/events/${eventId}/registrations`, { body: registrationPayload(overrides) });
      expect(res.status, res.text).toBe(201);
      return res.json.registration as { id: string; status: string; manageUrl: string };
    };
    const html = { accept: 'text/html' };
    return { ...t, token, eventId, register, html };
  }

  it('without SMTP_URL mail lands in the local mailbox: organisers list it, read it, and download it as .eml', async () => {
    const { register, deps, clock, call, token, html } = await setup();
    const reg = await register({ person: { fullName: 'Đặng Thị Thu Hường', phone: '0912345101', email: 'huong@khuyencong.test' } });
    const dispatcher = testDispatcher({ deps, clock }, mailboxTransport(db(), clock));
    expect(await dispatcher.runOnce()).toMatchObject({ sent: 1 });

    const list = await call('GET', '/admin/mail', { token, headers: html });
    expect(list.status).toBe(200);
    expect(list.text).toContain('hộp thư nội bộ');
    expect(list.text).toContain('huong@khuyencong.test');
    expect(list.text).toContain('data-status="sent"');
    const id = (await db().selectFrom('mail_outbox').select('id').executeTakeFirstOrThrow()).id;

    const view = await call('GET', `/admin/mail/${id}`, { token, headers: html });
    expect(view.text).toContain('Xác nhận đăng ký: Lớp quản trị doanh nghiệp nông thôn');
    expect(view.text).toContain('Kính gửi Đặng Thị Thu Hường,');
    const rendered = await call('GET', `/admin/mail/${id}/html`, { token, headers: html });
    expect(rendered.text).toContain('src="data:image/png;base64,');
    // The registrant's manage link is theirs, not the staff's: hidden in every view (test/privacy.test.ts).
    expect(rendered.text).not.toContain(reg.manageUrl);
    expect(rendered.text).toContain('http://localhost:3000/manage/[redacted]');
    // The email keeps its inline styles here, in a sandbox; every other page keeps the strict policy.
    expect(rendered.text).toMatch(/style="/);
    expect(rendered.headers.get('content-security-policy')).toBe("default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox");
    expect(view.headers.get('content-security-policy')).toContain("style-src 'self'");

    const eml = await call('GET', `/admin/mail/${id}/message.eml`, { token });
    expect(eml.headers.get('content-type')).toBe('message/rfc822');
    const parsed = await simpleParser(eml.text, { keepCidLinks: true });
    expect(parsed.subject).toBe('Xác nhận đăng ký: Lớp quản trị doanh nghiệp nông thôn');
    expect(parsed.text).toContain('http://localhost:3000/manage/[redacted]');
    expect(qrOf(parsed)).toMatch(/^k1\./);
    expect(inviteOf(parsed)!.method).toBe('REQUEST');

    expect((await call('GET', '/admin/mail/999999', { token, headers: html })).status).toBe(404);
    expect((await call('GET', '/admin/mail/abc', { token, headers: html })).status).toBe(404);
  });

  it('erasing personal data removes the address and the mailbox copies', async () => {
    const { register, deps, clock, call } = await setup();
    const reg = await register();
    await testDispatcher({ deps, clock }, mailboxTransport(db(), clock)).runOnce();
    await call('POST', `/api/v1/manage/${reg.manageUrl.split('/manage/')[1]}/erase`);
    expect(await db().selectFrom('mail_mailbox').selectAll().execute()).toHaveLength(0);
    const rows = await db().selectFrom('mail_outbox').select(['kind', 'status', 'recipient']).orderBy('id').execute();
    expect(rows.every((r) => r.recipient === null)).toBe(true);
    // The cancellation queued by the erasure has no address left to go to.
    await testDispatcher({ deps, clock }, mailboxTransport(db(), clock)).runOnce();
    expect(
      (await db().selectFrom('mail_outbox').select(['kind', 'status']).where('kind', '=', 'cancelled').executeTakeFirstOrThrow()).status,
    ).toBe('skipped');
    const sealed = await db().selectFrom('registrations').select('manage_token_sealed').where('id', '=', reg.id).executeTakeFirstOrThrow();
    expect(sealed.manage_token_sealed).toBeNull();
  });

  it('the reminder goes once per registration the configured time before the first session, even from two dispatchers', async () => {
    const { register, deps, clock } = await setup({ capacity: 2 });
    const sink = await smtpSink();
    const [ta, tb] = [smtpTransport(sink.url), smtpTransport(sink.url)];
    cleanup.push(
      () => sink.stop(),
      () => ta.close(),
      () => tb.close(),
    );
    const a = testDispatcher({ deps, clock }, ta, { reminderEveryMs: 0 });
    const b = testDispatcher({ deps, clock }, tb, { reminderEveryMs: 0 });
    const early = await register();
    await register();
    await register(); // waitlisted: no reminder
    await a.runOnce();
    const confirmations = sink.received.length;
    expect(confirmations).toBe(3);

    // The first session starts 2026-12-14 08:00 in Hanoi (01:00Z); 24 hours before is 13 Dec 01:00Z.
    clock.set('2026-12-13T00:30:00Z');
    expect(await a.runOnce()).toMatchObject({ reminders: 0, claimed: 0 });
    clock.set('2026-12-13T01:30:00Z');
    // Confirmed after the reminder time: has just had the confirmation, gets no reminder.
    await db().updateTable('events').set({ capacity: 3 }).execute();
    const late = await register({ person: { fullName: 'Hoàng Văn Muộn', phone: '0912345102', email: 'muon@khuyencong.test' } });
    expect(late.status).toBe('confirmed');
    const [ra, rb] = await Promise.all([a.runOnce(), b.runOnce()]);
    expect(ra.reminders + rb.reminders).toBe(2);
    expect(await a.runOnce()).toMatchObject({ reminders: 0 });
    const reminders = (await sink.parsed()).filter((m) => m.subject?.startsWith('Nhắc lịch'));
    expect(reminders).toHaveLength(2);
    expect(reminders[0]!.subject).toBe('Nhắc lịch: Lớp quản trị doanh nghiệp nông thôn bắt đầu lúc 08:00 Thứ Hai, 14/12/2026');
    expect(qrOf(reminders[0]!)).toMatch(/^k1\./);
    const remindedIds = await db().selectFrom('mail_outbox').select('registration_id').where('kind', '=', 'reminder').execute();
    expect(remindedIds.map((r) => r.registration_id)).toContain(early.id);
    expect(remindedIds.map((r) => r.registration_id)).not.toContain(late.id);
  });

  it('REMINDER_HOURS_BEFORE=0 turns reminders off', async () => {
    const t = buildTestApp(db(), { now: '2026-12-01T02:00:00Z', config: { REMINDER_HOURS_BEFORE: '0' } });
    const token = await makeToken(db(), 'organiser');
    const eventId = await publishedEvent(t.call, token);
    await t.call('POST', `/api/v1/events/${eventId}/registrations`, { body: registrationPayload() });
    const dispatcher = testDispatcher(t, mailboxTransport(db(), t.clock), { reminderEveryMs: 0 });
    await dispatcher.runOnce();
    t.clock.set('2026-12-13T12:00:00Z');
    expect(await dispatcher.runOnce()).toMatchObject({ reminders: 0 });
  });
});
