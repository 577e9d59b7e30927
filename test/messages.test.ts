import { afterEach, expect, it } from 'vitest';
import { readyText } from '../src/messages/message-text.js';
import { smtpTransport } from '../src/node/mail-transports.js';
import { buildTestApp, makeToken, makeUser, ORIGIN, PASSWORD } from './support/app.js';
import { describeEachEngine } from './support/db.js';
import { factories } from './support/factories.js';
import { testDispatcher } from './support/mail.js';
import { smtpSink } from './support/smtp-sink.js';

const FIVE_SESSIONS = [14, 15, 16, 17, 18].map((d) => ({ startsAt: `2026-12-${d}T08:00:00+07:00`, endsAt: `2026-12-${d}T11:30:00+07:00` }));
const FORM = { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN };
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

describeEachEngine("messages to an event's people by attendance", ({ db }) => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const fn of cleanup.splice(0).reverse()) await fn();
  });

  /**
   * A five-session class for four seats: Anh came to all five, Bình to four, Chi to three, Dũng
   * to none; Em waits for a seat. The clock then stands after the last session.
   */
  async function setup() {
    const t = buildTestApp(db(), { now: '2026-12-01T02:00:00Z' });
    const make = factories(t);
    const token = await makeToken(db(), 'organiser');
    const event = await make.publishedEvent({ capacity: 4, sessions: FIVE_SESSIONS });
    const person = async (fullName: string, phone: string, email: string) =>
      make.registration(event.id, { person: { fullName, phone, email } });
    const anh = await person('Lê Văn Anh', '0912345101', 'anh@khuyencong.test');
    const binh = await person('Phạm Thị Bình', '0912345102', 'binh@khuyencong.test');
    const chi = await person('Đỗ Thị Chi', '0912345103', 'chi@khuyencong.test');
    const dung = await person('Vũ Văn Dũng', '0912345104', 'dung@khuyencong.test');
    const em = await person('Hoàng Văn Em', '0912345105', 'em@khuyencong.test');
    const people = { anh, binh, chi, dung, em };
    t.clock.set('2026-12-18T06:00:00Z');
    for (const [reg, sessions] of [
      [anh, 5],
      [binh, 4],
      [chi, 3],
    ] as const) {
      for (const s of event.sessions.slice(0, sessions)) await make.mark(event.id, reg, s.id);
    }
    const send = (body: Record<string, unknown>, as: string = token) =>
      t.call('POST', `/api/v1/admin/events/${event.id}/messages`, { token: as, body });
    const recipientsOf = async (messageId: string) =>
      (
        await db()
          .selectFrom('event_message_recipients as x')
          .innerJoin('registrations as r', 'r.id', 'x.registration_id')
          .select('r.email')
          .where('x.message_id', '=', messageId)
          .execute()
      )
        .map((r) => r.email)
        .sort();
    const counts = async () => ({
      messages: Number((await db().selectFrom('event_messages').select(db().fn.countAll().as('n')).executeTakeFirstOrThrow()).n),
      recipients: Number(
        (await db().selectFrom('event_message_recipients').select(db().fn.countAll().as('n')).executeTakeFirstOrThrow()).n,
      ),
      outbox: await db().selectFrom('mail_outbox').select(['id', 'status', 'kind']).orderBy('id').execute(),
      audit: Number(
        (
          await db()
            .selectFrom('audit_log')
            .select(db().fn.countAll().as('n'))
            .where('action', '=', 'event.message')
            .executeTakeFirstOrThrow()
        ).n,
      ),
    });
    return { ...t, make, token, event, people, send, recipientsOf, counts };
  }

  const text = { subject: 'Thông báo lớp học', body: 'Kính gửi anh/chị {name}.' };

  it('each audience picks the right people: confirmed, attended, missed some (4 of 5 yes, 5 of 5 no), no-shows, completed (4 of 5 yes, 3 of 5 no), waitlisted', async () => {
    const { send, recipientsOf } = await setup();
    const expected = {
      confirmed: ['anh', 'binh', 'chi', 'dung'],
      attended: ['anh', 'binh', 'chi'],
      missed_some: ['binh', 'chi'],
      no_show: ['dung'],
      completed: ['anh', 'binh'],
      waitlisted: ['em'],
    };
    for (const [audience, who] of Object.entries(expected)) {
      const res = await send({ audience, ...text });
      expect(res.status, res.text).toBe(202);
      expect(res.json.message.recipients).toBe(who.length);
      expect(await recipientsOf(res.json.message.id)).toEqual(who.map((w) => `${w}@khuyencong.test`).sort());
    }
  });

  it('an excused absence is not a missed session: excused from the rest is not "missed some", excused from all is not a no-show', async () => {
    const { send, make, event, people, recipientsOf } = await setup();
    // Chi was present at three and is excused from the last two; Dũng is excused from all five.
    for (const s of event.sessions.slice(3)) await make.mark(event.id, people.chi, s.id, 'excused');
    for (const s of event.sessions) await make.mark(event.id, people.dung, s.id, 'excused');
    const missedSome = await send({ audience: 'missed_some', ...text });
    expect(await recipientsOf(missedSome.json.message.id)).toEqual(['binh@khuyencong.test']);
    const noShow = await send({ audience: 'no_show', ...text });
    expect(noShow.json.message.recipients).toBe(0);
  });

  it('"missed some" counts only sessions begun: during the course, present at one of three begun is in it, at all three is not', async () => {
    const { send, clock, make, event, people, recipientsOf } = await setup();
    // Three sessions begun: Bình and Chi were present at all three so far; Dũng at none.
    clock.set('2026-12-16T02:00:00Z');
    const first = await send({ audience: 'missed_some', ...text });
    expect(first.json.message.recipients).toBe(0);
    await make.mark(event.id, people.dung, event.sessions[0]?.id ?? '');
    const again = await send({ audience: 'missed_some', subject: 'Lần hai', body: text.body });
    expect(await recipientsOf(again.json.message.id)).toEqual(['dung@khuyencong.test']);
  });

  it('the "sessions missed" ready text goes to those who missed some, with the sessions in Vietnamese and in English in their halves', async () => {
    const s = await setup();
    const sink = await smtpSink();
    const transport = smtpTransport(sink.url);
    cleanup.push(
      () => sink.stop(),
      () => transport.close(),
    );
    const dispatcher = testDispatcher(s, transport);
    await dispatcher.drain();
    sink.received.length = 0;
    const page = await s.call('GET', `/admin/events/${s.event.id}/messages?template=missed`, { token: s.token });
    expect(page.text).toMatch(/value="missed_some" checked/);
    const ready = readyText('missed');
    const body = (ready?.body ?? '')
      .replace('[[đường dẫn tài liệu]]', 'https://example.org/tl')
      .replace('[[materials link]]', 'https://example.org/tl');
    const res = await s.send({ audience: ready?.audience, subject: ready?.subject, body });
    expect(res.status, res.text).toBe(202);
    expect(await s.recipientsOf(res.json.message.id)).toEqual(['binh@khuyencong.test', 'chi@khuyencong.test']);
    await dispatcher.drain();
    const binh = (await sink.parsed()).find((m) => m.text?.includes('Phạm Thị Bình'));
    expect(binh?.text).toContain('anh/chị chưa tham dự: Buổi 5 (Thứ Sáu, 18/12/2026, 08:00–11:30).');
    expect(binh?.text).toMatch(/you missed: Session 5 \([^)]*18[^)]*08:00–11:30\)\./);
    expect(binh?.text).not.toContain('còn lại');
  });

  it('the "certificate ready" text goes to those holding a live certificate: not to completers without one, nor to a revoked one', async () => {
    const { send, call, token, event, people, recipientsOf } = await setup();
    expect(readyText('certificate')?.audience).toBe('certified');
    const before = await send({ audience: 'certified', ...text });
    expect(before.status, before.text).toBe(202);
    expect(before.json.message.recipients).toBe(0);
    const issued = await call('POST', `/api/v1/admin/events/${event.id}/certificates`, { token });
    expect(issued.status, issued.text).toBe(200);
    const binhs = await db().selectFrom('certificates').select('id').where('registration_id', '=', people.binh).executeTakeFirstOrThrow();
    const revoked = await call('POST', `/api/v1/admin/events/${event.id}/certificates/${binhs.id}/revoke`, {
      token,
      body: { reason: 'Cấp nhầm' },
    });
    expect(revoked.status, revoked.text).toBe(200);
    const res = await send({ audience: 'certified', subject: 'Giấy chứng nhận', body: text.body });
    expect(await recipientsOf(res.json.message.id)).toEqual(['anh@khuyencong.test']);
    const page = await call('GET', `/admin/events/${event.id}/messages`, { token });
    expect(page.text).toContain('data-audience="completed" data-recipients="2"');
  });

  it('no one is a no-show before the first session has begun', async () => {
    const { send, clock, token, call, event } = await setup();
    clock.set('2026-12-10T02:00:00Z');
    const res = await send({ audience: 'no_show', ...text });
    expect(res.status).toBe(202);
    expect(res.json.message.recipients).toBe(0);
    const page = await call('GET', `/admin/events/${event.id}/messages`, { token });
    expect(page.text).toContain('data-audience="no_show" data-recipients="0"');
    expect(page.text).toContain('tính từ khi buổi đầu tiên bắt đầu');
  });

  it('a message to no-shows reaches exactly them through SMTP, and sending it again sends nothing new', async () => {
    const s = await setup();
    const sink = await smtpSink();
    const transport = smtpTransport(sink.url);
    cleanup.push(
      () => sink.stop(),
      () => transport.close(),
    );
    const dispatcher = testDispatcher(s, transport);
    // Anh leaves; Em moves up from the waiting list and has been to nothing: a second no-show.
    const cancelled = await s.call('POST', `/api/v1/admin/registrations/${s.people.anh}/cancel`, { token: s.token });
    expect(cancelled.status, cancelled.text).toBe(200);
    await dispatcher.drain();
    sink.received.length = 0;

    const body = {
      audience: 'no_show',
      subject: 'Anh/chị chưa tham dự {event}',
      body: 'Kính gửi {name}: anh/chị đã vắng {missed}.',
    };
    const first = await s.send(body);
    expect(first.status, first.text).toBe(202);
    expect(await s.recipientsOf(first.json.message.id)).toEqual(['dung@khuyencong.test', 'em@khuyencong.test']);
    expect(await dispatcher.drain()).toMatchObject({ sent: 2, failed: 0 });
    const mails = await sink.parsed();
    expect(mails.map((m) => m.to && !Array.isArray(m.to) && m.to.value[0]?.address).sort()).toEqual([
      'dung@khuyencong.test',
      'em@khuyencong.test',
    ]);
    const dung = mails.find((m) => m.text?.includes('Vũ Văn Dũng'));
    expect(dung?.subject).toBe('Anh/chị chưa tham dự Lớp quản trị doanh nghiệp nông thôn');
    expect(dung?.text).toContain('Kính gửi Vũ Văn Dũng: anh/chị đã vắng Buổi 1 (Thứ Hai, 14/12/2026, 08:00–11:30);');
    expect(dung?.text).toContain('Buổi 5 (Thứ Sáu, 18/12/2026, 08:00–11:30).');
    // The manage link footer, as every mail has; no ticket, no invite.
    expect(dung?.html).toContain('/manage/');
    expect(dung?.attachments).toHaveLength(0);
    const outboxBefore = (await s.counts()).outbox;

    const again = await s.send(body);
    expect(again.status).toBe(202);
    expect(again.json.message).toEqual({ id: first.json.message.id, recipients: 0 });
    expect(await dispatcher.drain()).toMatchObject({ claimed: 0 });
    expect(sink.received).toHaveLength(2);
    expect((await s.counts()).outbox).toEqual(outboxBefore);
  });

  it('the same message sent again reaches only those who joined the audience since', async () => {
    const { send, make, event, people, recipientsOf } = await setup();
    const first = await send({ audience: 'attended', ...text });
    expect(first.json.message.recipients).toBe(3);
    // Dũng's attendance at the last session, recorded late: he has attended now.
    await make.mark(event.id, people.dung, event.sessions[4]?.id ?? '');
    const again = await send({ audience: 'attended', ...text });
    expect(again.json.message).toEqual({ id: first.json.message.id, recipients: 1 });
    expect(await recipientsOf(first.json.message.id)).toEqual(['anh', 'binh', 'chi', 'dung'].map((w) => `${w}@khuyencong.test`));
  });

  it('a repeat of a sent text: the page counts only those not yet sent it, a send that queues nobody says so and does not move "sent again"', async () => {
    const { call, login, event, make, people, clock } = await setup();
    await makeUser(db(), 'organiser', 'btc@khuyencong.test');
    const cookie = await login('btc@khuyencong.test', PASSWORD);
    const fields = { audience: 'attended', subject: 'Cảm ơn anh/chị', body: 'Tài liệu: https://example.org/tl' };
    const post = (intent: string) =>
      call('POST', `/admin/events/${event.id}/messages`, { cookie, headers: FORM, body: form({ ...fields, intent }) });
    const shown = (html: string, audience: string) =>
      html.match(new RegExp(`data-audience="${audience}" data-recipients="(\\d+)"[^>]*>([^<]*)<`))?.slice(1);
    expect(shown((await post('preview')).text, 'attended')).toEqual(['3', '3 người']);
    expect((await post('send')).headers.get('location')).toMatch(/queued=3$/);
    const sentAt = (await db().selectFrom('event_messages').select('last_sent_at').executeTakeFirstOrThrow()).last_sent_at;

    clock.set('2026-12-18T07:00:00Z');
    const preview = await post('preview');
    expect(shown(preview.text, 'attended')).toEqual(['0', '0 người chưa nhận thông báo này']);
    // Another audience this text was not sent to counts everyone in it.
    expect(shown(preview.text, 'confirmed')).toEqual(['4', '4 người']);
    const again = await post('send');
    expect(again.headers.get('location')).toMatch(/queued=0$/);
    const page = await call('GET', again.headers.get('location') ?? '', { cookie });
    expect(page.text).toContain('Không có ai mới để gửi');
    expect(page.text).not.toContain('gửi thêm lúc');
    expect((await db().selectFrom('event_messages').select('last_sent_at').executeTakeFirstOrThrow()).last_sent_at).toEqual(sentAt);

    await make.mark(event.id, people.dung, event.sessions[4]?.id ?? '');
    expect(shown((await post('preview')).text, 'attended')).toEqual(['1', '1 người chưa nhận thông báo này']);
    expect((await post('send')).headers.get('location')).toMatch(/queued=1$/);
    const moved = await db().selectFrom('event_messages').select('last_sent_at').executeTakeFirstOrThrow();
    expect(moved.last_sent_at).toEqual(new Date('2026-12-18T07:00:00Z'));
    expect((await call('GET', `/admin/events/${event.id}/messages`, { cookie })).text).toContain('gửi thêm lúc');
  });

  it('the same message sent twice at once still reaches each person once', async () => {
    const { send, counts } = await setup();
    const answers = await Promise.all([send({ audience: 'confirmed', ...text }), send({ audience: 'confirmed', ...text })]);
    expect(answers.map((a) => a.status)).toEqual([202, 202]);
    expect(answers[0]?.json.message.id).toBe(answers[1]?.json.message.id);
    expect(answers.map((a) => a.json.message.recipients).sort()).toEqual([0, 4]);
    const after = await counts();
    expect(after).toMatchObject({ messages: 1, recipients: 4, audit: 2 });
    expect(after.outbox.filter((r) => r.kind === 'event_message')).toHaveLength(4);
  });

  it("the organiser's HTML-ish text is escaped in the mail; its web addresses become safe links", async () => {
    const s = await setup();
    const sink = await smtpSink();
    const transport = smtpTransport(sink.url);
    cleanup.push(
      () => sink.stop(),
      () => transport.close(),
    );
    const dispatcher = testDispatcher(s, transport);
    await dispatcher.drain();
    sink.received.length = 0;
    const res = await s.send({
      audience: 'waitlisted',
      subject: '<b>Tài liệu</b> & lịch',
      body: 'Xem <script>alert(1)</script> tại https://example.org/tai-lieu?a=1&b=2.\n<img src=x onerror=alert(2)>\n\njavascript:alert(3)',
    });
    expect(res.status).toBe(202);
    await dispatcher.drain();
    const [mail] = await sink.parsed();
    expect(mail?.subject).toBe('<b>Tài liệu</b> & lịch');
    const html = String(mail?.html);
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('<b>Tài liệu');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('<a href="https://example.org/tai-lieu?a=1&amp;b=2">https://example.org/tai-lieu?a=1&amp;b=2</a>.');
    expect(html).not.toContain('href="javascript');
    // Line breaks kept, and the blank line starts a new paragraph.
    expect(html).toMatch(/b=2<\/a>\.<br\s*\/?>&lt;img/);
    expect(mail?.text).toContain('Xem <script>alert(1)</script> tại https://example.org/tai-lieu?a=1&b=2.');
  });

  it('bad input is a 422 with the usual error shape, and nothing is written', async () => {
    const { send, counts } = await setup();
    const before = await counts();
    const bad = [
      { audience: 'everyone', ...text },
      { audience: 'confirmed', subject: '   ', body: 'x' },
      { audience: 'confirmed', subject: 'x', body: '' },
      { audience: 'confirmed', subject: 'x'.repeat(201), body: 'x' },
      { audience: 'confirmed', subject: 'x', body: 'x'.repeat(5001) },
      { audience: 'confirmed', subject: 'x', body: 'Chào {ten}' },
      { audience: 'confirmed', subject: 'x', body: 'Tài liệu: [[đường dẫn tài liệu]]' },
      { audience: 'confirmed', ...text, extra: 1 },
      { audience: 'confirmed', subject: 'x' },
    ];
    for (const body of bad) {
      const res = await send(body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(res.json.error.code).toBe('validation.failed');
      expect(res.json.error.details.fields.length).toBeGreaterThan(0);
    }
    expect(await counts()).toEqual(before);
  });

  it('an organiser not on the event gets 403 from the API and the page, and nothing is written', async () => {
    const { send, make, event, counts, call, login } = await setup();
    const other = await make.publishedEvent({ title: 'Lớp khác' });
    const limited = await makeToken(db(), 'organiser', [other.id]);
    const before = await counts();
    const res = await send({ audience: 'confirmed', ...text }, limited);
    expect(res.status).toBe(403);
    expect(res.json.error.code).toBe('auth.forbidden');
    const scanner = await makeToken(db(), 'scanner', [event.id]);
    expect((await send({ audience: 'confirmed', ...text }, scanner)).status).toBe(403);
    await makeUser(db(), 'organiser', 'khac@khuyencong.test', [other.id]);
    const cookie = await login('khac@khuyencong.test', PASSWORD);
    expect((await call('GET', `/admin/events/${event.id}/messages`, { cookie })).status).toBe(403);
    const posted = await call('POST', `/admin/events/${event.id}/messages`, {
      cookie,
      headers: FORM,
      body: form({ audience: 'confirmed', intent: 'send', ...text }),
    });
    expect(posted.status).toBe(403);
    expect(await counts()).toEqual(before);
  });

  it('the page shows each audience with the count a send then reaches, sends from the form, lists it, and the mail page shows its subject', async () => {
    const { call, login, event, counts, recipientsOf } = await setup();
    await makeUser(db(), 'organiser', 'btc@khuyencong.test');
    const cookie = await login('btc@khuyencong.test', PASSWORD);
    const page = await call('GET', `/admin/events/${event.id}/messages`, { cookie });
    expect(page.status).toBe(200);
    const shown = Object.fromEntries(
      [...page.text.matchAll(/data-audience="(\w+)" data-recipients="(\d+)"/g)].map((m) => [m[1], Number(m[2])]),
    );
    expect(shown).toEqual({ confirmed: 4, attended: 3, missed_some: 2, no_show: 1, completed: 2, certified: 0, waitlisted: 1 });

    const ready = await call('GET', `/admin/events/${event.id}/messages?template=thanks`, { cookie });
    expect(ready.text).toContain('Cảm ơn anh/chị đã tham dự {event}');
    expect(ready.text).toMatch(/value="attended" checked/);

    const fields = { audience: 'attended', subject: 'Cảm ơn anh/chị đã tham dự {event}', body: 'Tài liệu: https://example.org/tl' };
    const preview = await call('POST', `/admin/events/${event.id}/messages`, {
      cookie,
      headers: FORM,
      body: form({ ...fields, intent: 'preview' }),
    });
    expect(preview.status).toBe(200);
    expect(preview.text).toContain('Cảm ơn anh/chị đã tham dự Lớp quản trị doanh nghiệp nông thôn');
    expect((await counts()).messages).toBe(0);

    const refused = await call('POST', `/admin/events/${event.id}/messages`, {
      cookie,
      headers: FORM,
      body: form({ ...fields, subject: '', intent: 'send' }),
    });
    expect(refused.status).toBe(422);
    expect(refused.text).toContain('Tiêu đề: không được để trống');
    expect((await counts()).messages).toBe(0);

    const sent = await call('POST', `/admin/events/${event.id}/messages`, {
      cookie,
      headers: FORM,
      body: form({ ...fields, intent: 'send' }),
    });
    expect(sent.status).toBe(303);
    expect(sent.headers.get('location')).toBe(`/admin/events/${event.id}/messages?queued=3`);
    const after = await call('GET', sent.headers.get('location') ?? '', { cookie });
    expect(after.text).toContain('Đã xếp hàng gửi 3 thư.');
    const message = await db().selectFrom('event_messages').selectAll().executeTakeFirstOrThrow();
    expect(await recipientsOf(message.id)).toHaveLength(shown.attended ?? -1);
    expect(after.text).toContain('btc@khuyencong.test');
    expect(after.text).toMatch(/class="num"[^>]*>3<\/td>/);

    const audit = await db().selectFrom('audit_log').selectAll().where('action', '=', 'event.message').executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ entity: 'event', entity_id: event.id });
    expect(audit.data).toMatchObject({ messageId: message.id, audience: 'attended', recipients: 3 });

    const mail = await call('GET', '/admin/mail', { cookie });
    expect(mail.text).toContain('Thông báo của ban tổ chức');
    expect(mail.text).toContain('Cảm ơn anh/chị đã tham dự {event}');
  });
});
