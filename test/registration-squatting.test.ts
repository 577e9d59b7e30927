import { afterEach, expect, it } from 'vitest';
import { smtpTransport } from '../src/node/mail-transports.js';
import { deriveKeys } from '../src/shared/keys.js';
import { signTicket } from '../src/tickets/ticket-token.js';
import { buildTestApp, makeToken, ORIGIN, publishedEvent, registrationPayload } from './support/app.js';
import { describeEachEngine } from './support/db.js';
import { qrOf, testDispatcher } from './support/mail.js';
import { smtpSink } from './support/smtp-sink.js';

const OWNER_PHONE = '0912 345 678';
const person = (fullName: string, phone: string, email?: string) =>
  registrationPayload({ person: { ...registrationPayload().person, fullName, phone, email } });

describeEachEngine('someone else registering with your phone', ({ db }) => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const fn of cleanup.splice(0).reverse()) await fn();
  });

  async function setup(overrides: Record<string, unknown> = {}) {
    const t = buildTestApp(db(), { now: '2026-12-01T02:00:00Z' });
    const organiser = await makeToken(db(), 'organiser');
    const eventId = await publishedEvent(t.call, organiser, { registrationClosesAt: '2026-12-31T00:00:00+07:00', ...overrides });
    const register = (body: unknown, headers: Record<string, string> = {}) =>
      t.call('POST', `/api/v1/events/${eventId}/registrations`, { body, headers });
    const resend = (body: unknown) => t.call('POST', `/api/v1/events/${eventId}/registrations/resend-link`, { body });
    const sink = await smtpSink();
    const transport = smtpTransport(sink.url);
    cleanup.push(
      () => transport.close(),
      () => sink.stop(),
    );
    const dispatcher = testDispatcher(t, transport);
    const row = (id: string) => db().selectFrom('registrations').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const linkResent = async () => (await db().selectFrom('mail_outbox').select('id').where('kind', '=', 'link_resent').execute()).length;
    return { ...t, organiser, eventId, register, resend, sink, dispatcher, row, linkResent };
  }

  it('answers the rightful owner only that the phone is registered: no id, status, ticket or link, whatever the registration is', async () => {
    const { register, call, eventId } = await setup({ capacity: 1 });
    const squatter = await register(person('Kẻ Mạo Danh', OWNER_PHONE, 'mao.danh@khuyencong.test'));
    expect(squatter.status, squatter.text).toBe(201);
    const waiting = await register(person('Người Chờ', '0988 000 111', 'cho@khuyencong.test'));
    expect(waiting.json.registration.status).toBe('waitlisted');

    const owner = await register(person('Trần Văn Chủ', '+84 912.345.678', 'chu@khuyencong.test'));
    expect(owner.status).toBe(200);
    expect(owner.json.registration).toEqual({
      id: null,
      eventId,
      status: null,
      existing: true,
      waitlistPosition: null,
      ticket: null,
      manageUrl: null,
    });
    expect(owner.json.resendLink).toEqual({ method: 'POST', href: `/api/v1/events/${eventId}/registrations/resend-link` });
    expect(owner.text).not.toContain(squatter.json.registration.id);
    expect(owner.text).not.toContain(squatter.json.registration.ticket.code);
    // Confirmed or waiting, the answer is the same, byte for byte.
    const again = await register(person('Ai Đó', '0988 000 111', 'ai.do@khuyencong.test'));
    expect(again.text).toBe(owner.text);

    const page = await call('POST', `/events/${eventId}/register`, {
      headers: { origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        'person.fullName': 'Trần Văn Chủ',
        'person.phone': OWNER_PHONE,
        'person.email': 'chu@khuyencong.test',
        'consent.processing': 'yes',
      }).toString(),
    });
    expect(page.status).toBe(200);
    expect(page.text).toContain('Bạn đã đăng ký sự kiện này');
    expect(page.text).not.toMatch(/Đã xác nhận|danh sách chờ \(vị trí|Chờ duyệt/);
    expect(page.text).not.toContain(squatter.json.registration.ticket.code);
    expect(page.text).toContain(`<form method="post" action="/events/${eventId}/resend-link"`);
    expect(page.text).toContain('value="+84912345678"');
  });

  it('“send my link again” mails the contact on file only, through the outbox, at most once in 10 minutes and 3 times a day', async () => {
    const { register, resend, sink, dispatcher, clock, linkResent, call, eventId } = await setup();
    const first = await register(person('Nguyễn Thị Lụa', OWNER_PHONE, 'lua@khuyencong.test'));
    await dispatcher.runOnce();
    const before = sink.received.length;

    const asked = await resend({ phone: OWNER_PHONE, email: 'ke.khac@khuyencong.test' });
    expect(asked.status).toBe(202);
    expect(await linkResent()).toBe(1);
    await dispatcher.runOnce();
    const mail = (await sink.parsed()).slice(before);
    expect(mail).toHaveLength(1);
    expect(mail[0]!.to).toMatchObject({ value: [{ address: 'lua@khuyencong.test' }] });
    expect(mail[0]!.subject).toBe('Đường dẫn quản lý đăng ký: Lớp quản trị doanh nghiệp nông thôn');
    expect(mail[0]!.text).toContain(first.json.registration.manageUrl);
    expect(qrOf(mail[0]!)).toMatch(/^k1\./);

    // Throttled, and told exactly the same; an unknown phone and a malformed one too.
    const answers = [
      asked,
      await resend({ phone: OWNER_PHONE }),
      await resend({ phone: '0977 111 222' }),
      await resend({ email: 'khong.co@khuyencong.test' }),
    ];
    for (const a of answers) expect([a.status, a.text]).toEqual([asked.status, asked.text]);
    expect(await linkResent()).toBe(1);
    expect((await resend({})).status).toBe(422);
    expect((await resend({ phone: 'abc' })).status).toBe(422);

    clock.advance(11 * 60_000);
    await resend({ phone: OWNER_PHONE });
    clock.advance(11 * 60_000);
    await resend({ phone: OWNER_PHONE });
    clock.advance(11 * 60_000);
    await resend({ phone: OWNER_PHONE });
    expect(await linkResent()).toBe(3);
    clock.advance(24 * 3600_000);
    await resend({ phone: OWNER_PHONE });
    expect(await linkResent()).toBe(4);
    // The link was never changed by a stranger's asking.
    expect((await call('GET', `/api/v1/manage/${first.json.registration.manageUrl.split('/manage/')[1]}`)).status).toBe(200);

    const page = await call('POST', `/events/${eventId}/resend-link`, {
      headers: { origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ 'person.phone': '0977 111 222' }).toString(),
    });
    expect(page.status).toBe(200);
    expect(page.text).toContain('Nếu đăng ký có email, đường liên kết quản lý vừa được gửi tới địa chỉ email đã ghi khi đăng ký');
    expect(page.text).toContain('cấp lại đăng ký cho đúng người');
  });

  it('an organiser hands the registration to its owner: new link and ticket to the owner, the squatter’s stop working, audited', async () => {
    const { register, call, organiser, eventId, sink, dispatcher, row, clock, deps } = await setup();
    const squatter = (await register(person('Kẻ Mạo Danh', OWNER_PHONE, 'mao.danh@khuyencong.test'))).json.registration;
    const old = await row(squatter.id);
    const oldQr = signTicket(deriveKeys(deps.config).tickets, old.ticket_id);
    await dispatcher.runOnce();
    const before = sink.received.length;

    const other = await makeToken(db(), 'organiser', [await publishedEvent(call, organiser, { title: 'Lớp khác' })]);
    expect((await call('POST', `/api/v1/admin/registrations/${squatter.id}/reissue`, { token: other, body: {} })).status).toBe(403);
    expect(
      (await call('POST', `/api/v1/admin/registrations/${squatter.id}/reissue`, { token: organiser, body: { email: 'not an email' } }))
        .status,
    ).toBe(422);

    const res = await call('POST', `/api/v1/admin/registrations/${squatter.id}/reissue`, {
      token: organiser,
      body: { fullName: 'Trần Văn Chủ', email: 'chu@khuyencong.test' },
    });
    expect(res.status, res.text).toBe(200);
    expect(res.json.registration).toMatchObject({ id: squatter.id, status: 'confirmed', emailed: true, manageUrl: null });
    expect(res.json.registration.ticket.code).not.toBe(old.short_code);
    const now = await row(squatter.id);
    expect(now).toMatchObject({ full_name: 'Trần Văn Chủ', email: 'chu@khuyencong.test', phone: '+84912345678', status: 'confirmed' });

    await dispatcher.runOnce();
    const mail = (await sink.parsed()).slice(before);
    expect(mail.map((m) => [m.to && 'value' in m.to ? m.to.value[0]!.address : null, m.subject])).toEqual([
      ['chu@khuyencong.test', 'Vé và đường dẫn mới: Lớp quản trị doanh nghiệp nông thôn'],
    ]);
    const newLink = mail[0]!.text!.match(/http:\/\/localhost:3000\/manage\/[A-Za-z0-9_-]{43}/)![0];
    expect((await call('GET', `/api/v1/manage/${newLink.split('/manage/')[1]}`)).json.registration.person.fullName).toBe('Trần Văn Chủ');
    expect((await call('GET', `/api/v1/manage/${squatter.manageUrl.split('/manage/')[1]}`)).status).toBe(404);

    // At the door: the old QR and code are unknown, the new ones admit.
    const scanner = await makeToken(db(), 'scanner', [eventId]);
    clock.set('2026-12-14T01:10:00Z');
    let nonce = 0;
    const scan = (code: string) =>
      call('POST', '/api/v1/checkins', { token: scanner, body: { code, eventId, deviceId: 'cua-1', nonce: `n-${++nonce}-abcdef` } });
    expect((await scan(oldQr)).json.result).toBe('unknown');
    expect((await scan(old.short_code)).json.result).toBe('unknown');
    expect((await scan(qrOf(mail[0]!)!)).json).toMatchObject({ result: 'ok', attendee: { name: 'Trần Văn Chủ' } });

    const audit = await db()
      .selectFrom('audit_log')
      .select(['action', 'data'])
      .where('entity_id', '=', squatter.id)
      .where('action', '=', 'registration.reissue')
      .executeTakeFirstOrThrow();
    expect(audit.data).toEqual({ status: 'confirmed', changed: ['full_name', 'email'], emailed: true });
    expect(JSON.stringify(audit.data)).not.toContain('mao.danh');
  });

  it('from the registrations page: the row offers it, the form corrects the holder, and without an email the new link is shown once', async () => {
    const { register, call, organiser, eventId, row } = await setup();
    const squatter = (await register(person('Kẻ Mạo Danh', OWNER_PHONE, 'mao.danh@khuyencong.test'))).json.registration;
    const taken = (await register(person('Người Khác', '0988 000 111', 'khac@khuyencong.test'))).json.registration;
    const href = `/admin/events/${eventId}/registrations/${squatter.id}/reissue`;
    expect((await call('GET', `/admin/events/${eventId}/registrations`, { token: organiser })).text).toContain(`href="${href}"`);
    const form = await call('GET', href, { token: organiser });
    expect(form.status).toBe(200);
    expect(form.text).toContain('Cấp lại đăng ký cho đúng người');
    expect(form.text).toContain('value="mao.danh@khuyencong.test"');
    const post = (fields: Record<string, string>) =>
      call('POST', href, {
        token: organiser,
        headers: { origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(fields).toString(),
      });

    const clash = await post({ fullName: 'Trần Văn Chủ', phone: '0912 345 678', email: 'khac@khuyencong.test' });
    expect(clash.status).toBe(422);
    expect(clash.text).toContain('Email này đã có một đăng ký khác của sự kiện');
    expect((await row(squatter.id)).email).toBe('mao.danh@khuyencong.test');
    void taken;

    const done = await post({ fullName: 'Trần Văn Chủ', phone: '0912 345 678', email: '' });
    expect(done.status).toBe(200);
    expect(done.headers.get('cache-control')).toBe('private, no-store');
    const link = done.text.match(/http:\/\/localhost:3000\/manage\/[A-Za-z0-9_-]{43}/)?.[0];
    expect(link).toBeDefined();
    expect(done.text).toContain('Đăng ký không có email');
    expect(await row(squatter.id)).toMatchObject({ full_name: 'Trần Văn Chủ', email: null });
    expect((await call('GET', `/api/v1/manage/${link!.split('/manage/')[1]}`)).status).toBe(200);
    // Nothing left for the old holder's address: no email queued to it.
    const queued = await db()
      .selectFrom('mail_outbox')
      .select('kind')
      .where('registration_id', '=', squatter.id)
      .where('kind', '=', 'reissued')
      .execute();
    expect(queued).toHaveLength(0);
  });

  it('an Idempotency-Key is a secret: long enough, answered again for a day, and stored sealed', async () => {
    const { register, row, clock } = await setup();
    const body = person('Lê Thị Hạnh', OWNER_PHONE, 'hanh@khuyencong.test');
    expect((await register(body, { 'idempotency-key': '0912345678' })).status).toBe(422);
    const key = '6f1c2d3e-4b5a-4c6d-8e7f-90a1b2c3d4e5';
    const first = await register(body, { 'idempotency-key': key });
    expect(first.status).toBe(201);
    const token = first.json.registration.manageUrl.split('/manage/')[1] as string;
    const stored = await db().selectFrom('idempotency_keys').select('body').executeTakeFirstOrThrow();
    expect(stored.body).not.toContain(token);
    expect(stored.body).not.toContain(first.json.registration.ticket.code);

    clock.advance(23 * 3600_000);
    expect((await register(body, { 'idempotency-key': key })).text).toBe(first.text);
    // A day on, the key no longer opens the answer: the caller is the same person again.
    clock.advance(2 * 3600_000);
    const late = await register(body, { 'idempotency-key': key });
    expect(late.status).toBe(200);
    expect(late.json.registration).toMatchObject({ existing: true, manageUrl: null, ticket: null, id: null });
    expect((await row(first.json.registration.id)).status).toBe('confirmed');
  });
});
