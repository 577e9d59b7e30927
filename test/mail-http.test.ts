import { afterEach, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { mailDelivery } from '../src/mail/delivery.js';
import { httpTransport } from '../src/mail/http-transport.js';
import { createMailTransport } from '../src/node/mail-transports.js';
import { deriveKeys } from '../src/shared/keys.js';
import { verifyTicket } from '../src/tickets/ticket-token.js';
import { buildTestApp, makeToken, publishedEvent, registrationPayload } from './support/app.js';
import { describeEachEngine } from './support/db.js';
import { testDispatcher } from './support/mail.js';
import { type MailProvider, mailProvider, type ProviderReply, postmarkReply, readPostmarkMessage } from './support/mail-provider.js';

describeEachEngine("mail through the provider's HTTP API", ({ db }) => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const fn of cleanup.splice(0).reverse()) await fn();
  });

  /** The app and a dispatcher sending to a local provider; `replies` are answered in turn, then 200s. */
  async function setup(replies: ProviderReply[] = [], transportOptions: { timeoutMs?: number } = {}) {
    const provider = await mailProvider();
    const queue = [...replies];
    provider.answer = (request) => queue.shift() ?? postmarkReply(request, provider.token);
    const config = { MAIL_HTTP_URL: provider.url, MAIL_HTTP_KEY: provider.token };
    const t = buildTestApp(db(), { now: '2026-12-01T02:00:00Z', config });
    const token = await makeToken(db(), 'organiser');
    const eventId = await publishedEvent(t.call, token);
    const transport = httpTransport({ url: provider.url, key: provider.token, ...transportOptions });
    cleanup.push(() => provider.stop());
    const register = async (overrides: Record<string, unknown> = {}) => {
      const res = await t.call('POST', `/api/v1/events/${eventId}/registrations`, { body: registrationPayload(overrides) });
      expect(res.status, res.text).toBe(201);
      return res.json.registration as { id: string; manageUrl: string };
    };
    const outbox = () => db().selectFrom('mail_outbox').selectAll().orderBy('id').execute();
    return { ...t, token, provider, register, outbox, dispatcher: testDispatcher(t, transport) };
  }

  const deliveredOnce = (provider: MailProvider, count: number) => {
    const ids = provider.accepted().map((m) => readPostmarkMessage(m).messageId);
    expect(ids).toHaveLength(count);
    expect(new Set(ids).size).toBe(count);
  };

  it('a confirmation reaches the provider with its key, the QR as an inline image the HTML shows, and the invite as invite.ics', async () => {
    const { register, dispatcher, provider, outbox, deps } = await setup();
    const reg = await register({ person: { fullName: 'Nguyễn Thị "Hoa"', phone: '0912345201', email: 'hoa@khuyencong.test' } });
    expect(createMailTransport(deps.config, db(), buildTestApp(db()).clock).name).toBe('http');
    expect(await dispatcher.runOnce()).toMatchObject({ claimed: 1, sent: 1 });

    const [request] = provider.requests;
    expect(request!.token).toBe(provider.token);
    expect(request!.contentType).toBe('application/json');
    const message = request!.message;
    expect(message.To).toBe('"Nguyễn Thị \\"Hoa\\"" <hoa@khuyencong.test>');
    expect(message.Subject).toBe('Xác nhận đăng ký: Lớp quản trị doanh nghiệp nông thôn');
    expect(message.TextBody).toContain(reg.manageUrl);
    // Link tracking would route the manage link, a secret, through the provider.
    expect(message).toMatchObject({ TrackLinks: 'None', TrackOpens: false });

    const read = readPostmarkMessage(message);
    expect(read.inlineCids).toHaveLength(1);
    expect(message.HtmlBody).toContain(`src="cid:${read.inlineCids[0]}"`);
    const stored = await db().selectFrom('registrations').select('ticket_id').where('id', '=', reg.id).executeTakeFirstOrThrow();
    expect(verifyTicket(deriveKeys(deps.config).tickets, read.qr!)).toMatchObject({ ok: true, ticketId: stored.ticket_id });
    expect(read.invite!.method).toBe('REQUEST');
    expect(read.inviteContentType).toBe('text/calendar; charset=utf-8; method=REQUEST');
    expect(read.invite!.events.map((e) => e.uid)).toEqual([`${reg.id}@localhost`, `${reg.id}@localhost`]);
    const [row] = await outbox();
    expect(read.messageId).toBe(`<kc-${row!.id}.${reg.id}@localhost>`);
    expect(row).toMatchObject({ status: 'sent', attempts: 1, recipient: 'hoa@khuyencong.test', last_error: null });
  });

  it('5xx answers and a provider that cannot be reached are retried with backoff, never marked failed', async () => {
    const { register, dispatcher, provider, outbox, clock } = await setup([
      { status: 500, body: { ErrorCode: 0, Message: 'Internal server error' } },
      { status: 503, body: { ErrorCode: 100, Message: 'Maintenance' } },
    ]);
    await register();
    await register();
    expect(await dispatcher.runOnce()).toMatchObject({ claimed: 2, retried: 2, sent: 0 });
    const errors = (await outbox()).map((r) => [r.status, r.attempts, r.last_error]);
    expect(errors).toEqual(
      expect.arrayContaining([
        ['queued', 1, 'HTTP 500: Internal server error (ErrorCode 0)'],
        ['queued', 1, 'HTTP 503: Maintenance (ErrorCode 100)'],
      ]),
    );
    // Backoff: nothing is due again at once.
    expect(await dispatcher.runOnce()).toMatchObject({ claimed: 0 });

    await provider.stop();
    clock.advance(60_000);
    expect(await dispatcher.runOnce()).toMatchObject({ claimed: 2, retried: 2 });
    expect((await outbox()).every((r) => r.status === 'queued' && r.attempts === 2 && r.last_error?.includes('unreachable'))).toBe(true);
  });

  it('a 429 is retried, no sooner than the Retry-After the provider asked for, then sent once', async () => {
    const { register, dispatcher, provider, outbox, clock } = await setup([
      { status: 429, body: { ErrorCode: 429, Message: 'Rate limit exceeded' }, headers: { 'retry-after': '600' } },
    ]);
    await register();
    expect(await dispatcher.runOnce()).toMatchObject({ retried: 1 });
    const [row] = await outbox();
    expect(row).toMatchObject({ status: 'queued', attempts: 1, last_error: 'HTTP 429: Rate limit exceeded (ErrorCode 429)' });
    // Our own first delay is 30–36 s; the provider asked for ten minutes.
    expect(row!.available_at.getTime() - clock.now().getTime()).toBeGreaterThanOrEqual(600_000);
    clock.advance(599_000);
    expect(await dispatcher.runOnce()).toMatchObject({ claimed: 0 });
    clock.advance(150_000);
    expect(await dispatcher.runOnce()).toMatchObject({ claimed: 1, sent: 1 });
    deliveredOnce(provider, 1);
  });

  it('a provider that never answers fails the attempt within the timeout, and the message is retried', async () => {
    const { register, dispatcher, outbox } = await setup([{ status: 200, hang: true }], { timeoutMs: 300 });
    await register();
    expect(await dispatcher.runOnce()).toMatchObject({ retried: 1 });
    expect((await outbox())[0]!.last_error).toContain('no answer within 0.3 s');
  });

  it('a problem with our provider account (bad token, maintenance, no credits) is retried with backoff, never burns the outbox', async () => {
    const { register, dispatcher, outbox } = await setup([
      {
        status: 401,
        body: { ErrorCode: 10, Message: 'The Server Token you provided in the X-Postmark-Server-Token request header was invalid.' },
      },
      { status: 422, body: { ErrorCode: 100, Message: 'Maintenance' } },
      { status: 422, body: { ErrorCode: 405, Message: 'Not allowed to send' } },
    ]);
    for (let i = 0; i < 3; i++) await register();
    expect(await dispatcher.runOnce()).toMatchObject({ claimed: 3, failed: 0, retried: 3 });
    const rows = await outbox();
    expect(rows.every((r) => r.status === 'queued' && r.attempts === 1)).toBe(true);
    expect(rows.map((r) => r.last_error).sort()).toEqual([
      'HTTP 401: The Server Token you provided in the X-Postmark-Server-Token request header was invalid. (ErrorCode 10)',
      'HTTP 422: Maintenance (ErrorCode 100)',
      'HTTP 422: Not allowed to send (ErrorCode 405)',
    ]);
  });

  it("a 4xx about the message is permanent: a refused recipient or a malformed request marks the email failed at once, in the provider's words; organisers resend it", async () => {
    const { register, dispatcher, provider, outbox, call, token } = await setup([
      { status: 422, body: { ErrorCode: 406, Message: 'You tried to send to recipient(s) that have been marked as inactive.' } },
      { status: 400, body: 'Bad Request' },
    ]);
    for (let i = 0; i < 2; i++) await register();
    expect(await dispatcher.runOnce()).toMatchObject({ claimed: 2, failed: 2, retried: 0 });
    const rows = await outbox();
    expect(rows.every((r) => r.status === 'failed' && r.attempts === 1)).toBe(true);
    expect(rows.map((r) => r.last_error).sort()).toEqual([
      'HTTP 400: "Bad Request"',
      'HTTP 422: You tried to send to recipient(s) that have been marked as inactive. (ErrorCode 406)',
    ]);

    const html = { accept: 'text/html' };
    const page = await call('GET', '/admin/mail?status=failed', { token, headers: html });
    expect(page.text).toContain('(ErrorCode 406)');
    const form = { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost:3000', accept: 'text/html' };
    expect((await call('POST', `/admin/mail/${rows[0]!.id}/resend`, { token, headers: form, body: '' })).status).toBe(303);
    expect(await dispatcher.runOnce()).toMatchObject({ claimed: 1, sent: 1 });
    deliveredOnce(provider, 1);
  });

  it('a cron run drains what is due but claims no batch past its limits; the next run takes the rest', async () => {
    const { register, provider, outbox, deps, clock } = await setup();
    const transport = httpTransport({ url: provider.url, key: provider.token });
    for (let i = 0; i < 5; i++) await register();
    const run = () => testDispatcher({ deps, clock }, transport, { batchSize: 2 });
    expect(await run().drain({ maxClaimed: 4 })).toMatchObject({ claimed: 4, sent: 4 });
    expect((await outbox()).filter((r) => r.status === 'queued')).toHaveLength(1);
    expect(await run().drain()).toMatchObject({ claimed: 1, sent: 1 });
    for (let i = 0; i < 5; i++) await register();
    // Past its time window a run finishes the batch in hand and claims no other.
    expect(await run().drain({ until: clock.now() })).toMatchObject({ claimed: 2, sent: 2 });
    expect(await run().drain()).toMatchObject({ claimed: 3, sent: 3 });
    deliveredOnce(provider, 10);
  });

  it('the mail page says which way mail leaves: provider API, SMTP, the local mailbox, or, on a Worker without a provider, nowhere', async () => {
    const { call, token, deps } = await setup();
    const html = { accept: 'text/html' };
    const page = await call('GET', '/admin/mail', { token, headers: html });
    expect(page.text).toContain('data-transport="http"');
    expect(page.text).toContain(new URL(deps.config.MAIL_HTTP_URL!).host);
    expect(page.text).toContain('API HTTP của dịch vụ gửi thư');
    // Never the key.
    expect(page.text).not.toContain(deps.config.MAIL_HTTP_KEY);

    const pageWith = async (config: Record<string, string>, runtime: 'node' | 'workers') => {
      const built = buildTestApp(db(), { config });
      const app = createApp({ ...built.deps, mailDelivery: mailDelivery(built.deps.config, runtime) });
      const res = await app.request('http://localhost:3000/admin/mail', { headers: { ...html, authorization: `Bearer ${token}` } });
      return res.text();
    };
    const smtp = await pageWith({ SMTP_URL: 'smtp://user:secret-password@mail.example.org:587' }, 'node');
    expect(smtp).toContain('data-transport="smtp"');
    expect(smtp).toContain('mail.example.org:587');
    expect(smtp).not.toContain('secret-password');
    expect(await pageWith({}, 'node')).toContain('data-transport="mailbox"');
    const worker = await pageWith({}, 'workers');
    expect(worker).toContain('data-transport="none"');
    expect(worker).toContain('không gửi thư nào');
    expect(worker).not.toContain('hộp thư nội bộ dưới đây');
  });
});
