import { afterEach, expect, it } from 'vitest';
import { smtpTransport } from '../src/node/mail-transports.js';
import { deriveKeys } from '../src/shared/keys.js';
import { verifyTicket } from '../src/tickets/ticket-token.js';
import { buildTestApp, makeToken, publishedEvent, registrationPayload } from './support/app.js';
import { describeEachEngine } from './support/db.js';
import { byRecipient, inviteOf, parseInvite, qrOf, testDispatcher } from './support/mail.js';
import { type SmtpSink, smtpSink } from './support/smtp-sink.js';

describeEachEngine('emails and calendar invites over SMTP', ({ db }) => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const fn of cleanup.splice(0)) await fn();
  });

  async function setup(eventOverrides: Record<string, unknown> = {}) {
    const t = buildTestApp(db(), { now: '2026-12-01T02:00:00Z' });
    const token = await makeToken(db(), 'organiser');
    const eventId = await publishedEvent(t.call, token, eventOverrides);
    const sink = await smtpSink();
    const transport = smtpTransport(sink.url);
    cleanup.push(
      () => transport.close(),
      () => sink.stop(),
    );
    const dispatcher = testDispatcher(t, transport);
    const register = async (overrides: Record<string, unknown> = {}) => {
      const res = await t.call('POST', `/api/v1/events/${eventId}/registrations`, { body: registrationPayload(overrides) });
      expect(res.status, res.text).toBe(201);
      return res.json.registration as { id: string; status: string; manageUrl: string; ticket: { code: string } | null };
    };
    const sessions = async () =>
      (
        await db()
          .selectFrom('event_sessions')
          .select(['id', 'starts_at', 'ends_at'])
          .where('event_id', '=', eventId)
          .orderBy('starts_at')
          .execute()
      ).map((s) => ({
        id: s.id,
        startsAt: s.starts_at,
        endsAt: s.ends_at,
      }));
    return { ...t, token, eventId, sink, dispatcher, register, sessions };
  }

  const newMail = async (sink: SmtpSink, from: number) => (await sink.parsed()).slice(from);

  it('a confirmation carries the QR ticket, the short code, the sessions as an invite, and the manage link, in Vietnamese', async () => {
    expect(process.env.TZ).toBe('America/New_York');
    const { register, dispatcher, sink, sessions } = await setup();
    const reg = await register({ person: { fullName: 'Nguyễn Thị Hoa', phone: '0912345001', email: 'hoa@khuyencong.test' } });
    expect(await dispatcher.runOnce()).toMatchObject({ claimed: 1, sent: 1 });

    const [mail] = await sink.parsed();
    expect(mail!.subject).toBe('Xác nhận đăng ký: Lớp quản trị doanh nghiệp nông thôn');
    expect(mail!.text).toContain('Kính gửi Nguyễn Thị Hoa,');
    expect(mail!.html).toContain('Nguyễn Thị Hoa');
    expect(mail!.text).toContain(reg.manageUrl);
    expect(mail!.html).toContain(`href="${reg.manageUrl}"`);
    expect(mail!.text).toContain(reg.ticket!.code);
    expect(mail!.text).toContain('Thứ Hai, 14/12/2026, 08:00–11:30');
    expect(mail!.text).toContain('16 Lý Tự Trọng, Hồng Bàng');

    const png = mail!.attachments.find((a) => a.contentType === 'image/png')!;
    expect(mail!.html).toContain(`src="cid:${png.cid}"`);
    const decoded = qrOf(mail!)!;
    const verified = verifyTicket(deriveKeys(buildTestApp(db()).deps.config).tickets, decoded);
    const stored = await db().selectFrom('registrations').select('ticket_id').where('id', '=', reg.id).executeTakeFirstOrThrow();
    expect(verified).toMatchObject({ ok: true, ticketId: stored.ticket_id });

    const invite = inviteOf(mail!)!;
    expect(invite.method).toBe('REQUEST');
    expect(invite.events.map((e) => e.uid)).toEqual([`${reg.id}@localhost`, `${reg.id}@localhost`]);
    expect(invite.events.map((e) => e.sequence)).toEqual([0, 0]);
    const expected = await sessions();
    expect(invite.events.map((e) => [e.start.toISOString(), e.end.toISOString()])).toEqual(
      expected.map((s) => [s.startsAt.toISOString(), s.endsAt.toISOString()]),
    );
    expect(invite.dtstamps.every((s) => /^\d{8}T\d{6}Z$/.test(s))).toBe(true);
  });

  it('a waitlisted registrant gets the waitlist email with their place, and no ticket or invite; an English one reads English', async () => {
    const { register, dispatcher, sink } = await setup({ capacity: 1 });
    await register();
    const waiting = await register({ lang: 'en', person: { fullName: 'Trần Văn Nam', phone: '0912345002', email: 'nam@khuyencong.test' } });
    expect(waiting.status).toBe('waitlisted');
    await dispatcher.runOnce();
    const mail = byRecipient(await sink.parsed()).get('nam@khuyencong.test')![0]!;
    expect(mail.subject).toBe('Waiting list: Lớp quản trị doanh nghiệp nông thôn');
    expect(mail.text).toContain('You are number 1 on the waiting list');
    expect(mail.text).toContain('Dear Trần Văn Nam,');
    expect(mail.text).toContain(waiting.manageUrl);
    expect(inviteOf(mail)).toBeNull();
    expect(qrOf(mail)).toBeNull();
  });

  it('session titles follow the reader: Vietnamese in a Vietnamese email and invite, English in an English one', async () => {
    const { register, dispatcher, sink } = await setup({
      titleEn: 'Rural business management class',
      sessions: [
        { title: 'Khai giảng', titleEn: 'Opening', startsAt: '2026-12-14T08:00:00+07:00', endsAt: '2026-12-14T11:30:00+07:00' },
        { title: 'Lập kế hoạch kinh doanh', startsAt: '2026-12-15T08:00:00+07:00', endsAt: '2026-12-15T11:30:00+07:00' },
      ],
    });
    await register({ person: { fullName: 'Nguyễn Thị Hoa', phone: '0912345011', email: 'hoa@khuyencong.test' } });
    await register({ lang: 'en', person: { fullName: 'Trần Văn Nam', phone: '0912345012', email: 'nam@khuyencong.test' } });
    expect(await dispatcher.runOnce()).toMatchObject({ sent: 2 });
    const mails = byRecipient(await sink.parsed());
    const vi = mails.get('hoa@khuyencong.test')![0]!;
    const en = mails.get('nam@khuyencong.test')![0]!;
    expect(vi.text).toContain('Buổi 1: Thứ Hai, 14/12/2026, 08:00–11:30 (Khai giảng)');
    expect(en.text).toContain('(Opening)');
    expect(en.text).not.toContain('Khai giảng');
    // A session without an English title keeps its Vietnamese one, rather than none.
    expect(en.text).toContain('(Lập kế hoạch kinh doanh)');
    expect(inviteOf(vi)!.events.map((e) => e.summary)).toEqual([
      'Lớp quản trị doanh nghiệp nông thôn — Khai giảng',
      'Lớp quản trị doanh nghiệp nông thôn — Lập kế hoạch kinh doanh',
    ]);
    expect(inviteOf(en)!.events.map((e) => e.summary)).toEqual([
      'Rural business management class — Opening',
      'Rural business management class — Lập kế hoạch kinh doanh',
    ]);
  });

  it('moving a session sends every confirmed registrant an update with the same UID and a higher SEQUENCE, and no one else', async () => {
    const { register, dispatcher, sink, call, token, eventId, sessions } = await setup({ capacity: 2 });
    const a = await register();
    const b = await register();
    const w = await register();
    expect(w.status).toBe('waitlisted');
    await dispatcher.runOnce();
    const before = (await sink.parsed()).length;

    const [s1, s2] = await sessions();
    const moved = { id: s1!.id, startsAt: '2026-12-14T13:30:00+07:00', endsAt: '2026-12-14T17:00:00+07:00' };
    const res = await call('PATCH', `/api/v1/admin/events/${eventId}`, {
      token,
      body: { sessions: [moved, { id: s2!.id, startsAt: s2!.startsAt.toISOString(), endsAt: s2!.endsAt.toISOString() }] },
    });
    expect(res.status, res.text).toBe(200);
    expect(await dispatcher.runOnce()).toMatchObject({ sent: 2 });

    const updates = await newMail(sink, before);
    const emails = await db().selectFrom('registrations').select(['id', 'email']).execute();
    const emailOf = (id: string) => emails.find((e) => e.id === id)!.email!;
    expect(updates.map((m) => m.to && !Array.isArray(m.to) && m.to.value[0]!.address).sort()).toEqual(
      [emailOf(a.id), emailOf(b.id)].sort(),
    );
    for (const mail of updates) {
      expect(mail.subject).toBe('Thay đổi thời gian, địa điểm: Lớp quản trị doanh nghiệp nông thôn');
      const invite = inviteOf(mail)!;
      const regId = invite.events[0]!.uid.split('@')[0]!;
      expect([a.id, b.id]).toContain(regId);
      expect(invite.method).toBe('REQUEST');
      expect(invite.events.every((e) => e.sequence === 1 && e.uid === `${regId}@localhost`)).toBe(true);
      expect(invite.events[0]!.start.toISOString()).toBe('2026-12-14T06:30:00.000Z');
      expect(mail.text).toContain('13:30–17:00');
    }
    // The manage link's invite.ics is the same current version.
    const ics = await call('GET', `/api/v1/manage/${a.manageUrl.split('/manage/')[1]}/invite.ics`);
    expect(ics.headers.get('content-type')).toContain('text/calendar');
    const current = parseInvite(ics.text);
    expect(current).toMatchObject({ method: 'REQUEST' });
    expect(current.events.map((e) => [e.uid, e.sequence, e.start.toISOString()])[0]).toEqual([
      `${a.id}@localhost`,
      1,
      '2026-12-14T06:30:00.000Z',
    ]);
    // A change that moves neither time nor place sends nothing.
    await call('PATCH', `/api/v1/admin/events/${eventId}`, { token, body: { description: 'Mang theo giấy tờ tuỳ thân' } });
    expect(await dispatcher.runOnce()).toMatchObject({ claimed: 0 });
  });

  it('cancelling one registration sends CANCEL to that person only, and the promoted one gets their ticket and invite', async () => {
    const { register, dispatcher, sink, call } = await setup({ capacity: 1 });
    const a = await register();
    const w = await register();
    await dispatcher.runOnce();
    const before = (await sink.parsed()).length;

    const cancelled = await call('POST', `/api/v1/manage/${a.manageUrl.split('/manage/')[1]}/cancel`);
    expect(cancelled.json.registration.status).toBe('cancelled');
    expect(await dispatcher.runOnce()).toMatchObject({ sent: 2 });
    const mails = await newMail(sink, before);
    const cancel = mails.find((m) => m.subject?.startsWith('Đã huỷ đăng ký'))!;
    const promoted = mails.find((m) => m.subject?.startsWith('Đã có chỗ cho anh/chị'))!;
    const cancelInvite = inviteOf(cancel)!;
    expect(cancelInvite.method).toBe('CANCEL');
    expect(cancelInvite.events.every((e) => e.uid === `${a.id}@localhost` && e.sequence === 1 && e.status === 'CANCELLED')).toBe(true);
    expect(qrOf(cancel)).toBeNull();
    expect(inviteOf(promoted)!.events[0]).toMatchObject({ uid: `${w.id}@localhost`, sequence: 0 });
    expect(promoted.text).toContain(w.manageUrl);
    expect(qrOf(promoted)).not.toBeNull();
    const ics = await call('GET', `/api/v1/manage/${a.manageUrl.split('/manage/')[1]}/invite.ics`);
    expect(parseInvite(ics.text).method).toBe('CANCEL');
  });

  it('cancelling the event sends CANCEL to the confirmed and a notice to the waitlist', async () => {
    const { register, dispatcher, sink, call, token, eventId } = await setup({ capacity: 1 });
    const a = await register();
    const w = await register();
    await dispatcher.runOnce();
    const before = (await sink.parsed()).length;
    expect((await call('POST', `/api/v1/admin/events/${eventId}/cancel`, { token })).status).toBe(200);
    expect(await dispatcher.runOnce()).toMatchObject({ sent: 2 });
    const mails = await newMail(sink, before);
    expect(mails.every((m) => m.subject === 'Sự kiện bị huỷ: Lớp quản trị doanh nghiệp nông thôn')).toBe(true);
    const withInvite = mails.filter((m) => inviteOf(m));
    expect(withInvite).toHaveLength(1);
    expect(inviteOf(withInvite[0]!)).toMatchObject({
      method: 'CANCEL',
      events: [{ uid: `${a.id}@localhost`, sequence: 1 }, { uid: `${a.id}@localhost` }],
    });
    const waitlisted = await call('GET', `/api/v1/manage/${w.manageUrl.split('/manage/')[1]}/invite.ics`);
    expect(waitlisted.status).toBe(404);
    expect(waitlisted.json.error.code).toBe('registration.no_invite');
  });

  it('approval and rejection each send their email; only the approved one holds an invite', async () => {
    const { register, dispatcher, sink, call, token } = await setup({ requiresApproval: true });
    const a = await register();
    const b = await register();
    expect(a.status).toBe('pending');
    await dispatcher.runOnce();
    expect((await sink.parsed()).map((m) => m.subject)).toEqual([
      'Đã nhận đăng ký: Lớp quản trị doanh nghiệp nông thôn',
      'Đã nhận đăng ký: Lớp quản trị doanh nghiệp nông thôn',
    ]);
    await call('POST', `/api/v1/admin/registrations/${a.id}/approve`, { token });
    await call('POST', `/api/v1/admin/registrations/${b.id}/reject`, { token });
    await dispatcher.runOnce();
    const later = await newMail(sink, 2);
    const approved = later.find((m) => m.subject?.includes('đã được duyệt'));
    const rejected = later.find((m) => m.subject?.includes('chưa được duyệt'));
    expect(approved!.subject).toBe('Đăng ký đã được duyệt: Lớp quản trị doanh nghiệp nông thôn');
    expect(inviteOf(approved!)!.method).toBe('REQUEST');
    expect(rejected!.subject).toBe('Đăng ký chưa được duyệt: Lớp quản trị doanh nghiệp nông thôn');
    expect(inviteOf(rejected!)).toBeNull();
  });

  it('names and titles are escaped in the HTML email', async () => {
    const { register, dispatcher, sink } = await setup({ title: 'Lớp <b>đặc biệt</b> & "mới"' });
    await register({ person: { fullName: 'Lê <script>x</script> An', phone: '0912345003', email: 'an@khuyencong.test' } });
    await dispatcher.runOnce();
    const [mail] = await sink.parsed();
    expect(mail!.html).not.toContain('<script>');
    expect(mail!.html).toContain('Lê &lt;script&gt;x&lt;/script&gt; An');
    expect(mail!.html).toContain('Lớp &lt;b&gt;đặc biệt&lt;/b&gt; &amp; &quot;mới&quot;');
    expect(mail!.subject).toBe('Xác nhận đăng ký: Lớp <b>đặc biệt</b> & "mới"');
  });
});
