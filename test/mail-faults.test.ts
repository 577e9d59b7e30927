import { afterEach, expect, it } from 'vitest';
import type { MailTransport } from '../src/mail/transport.js';
import { smtpTransport } from '../src/node/mail-transports.js';
import { buildTestApp, makeToken, publishedEvent, registrationPayload } from './support/app.js';
import { describeEachEngine } from './support/db.js';
import { testDispatcher } from './support/mail.js';
import { type SmtpSink, smtpSink } from './support/smtp-sink.js';

describeEachEngine('mail delivery when the SMTP server misbehaves', ({ db }) => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const fn of cleanup.splice(0).reverse()) await fn();
  });

  async function setup(sinkOptions: Parameters<typeof smtpSink>[0] = {}) {
    const t = buildTestApp(db(), { now: '2026-12-01T02:00:00Z' });
    const token = await makeToken(db(), 'organiser');
    const eventId = await publishedEvent(t.call, token, { capacity: 100 });
    const sink = await smtpSink(sinkOptions);
    const transport = smtpTransport(sink.url);
    cleanup.push(
      () => sink.stop(),
      () => transport.close(),
    );
    const register = async () => {
      const res = await t.call('POST', `/api/v1/events/${eventId}/registrations`, { body: registrationPayload() });
      expect(res.status, res.text).toBe(201);
      return res.json.registration as { id: string };
    };
    const outbox = () => db().selectFrom('mail_outbox').selectAll().orderBy('id').execute();
    return { ...t, token, sink, transport, register, outbox, dispatcher: testDispatcher(t, transport) };
  }

  const messageIds = async (sink: SmtpSink) => (await sink.parsed()).map((m) => m.messageId);

  async function expectEachDeliveredOnce(sink: SmtpSink, count: number) {
    const ids = await messageIds(sink);
    expect(ids).toHaveLength(count);
    expect(new Set(ids).size).toBe(count);
  }

  it('with the SMTP server down, every registration succeeds at once; mail goes out once it is back, each message once', async () => {
    const { sink, register, outbox, dispatcher, clock } = await setup({ listen: false });
    const started = Date.now();
    for (let i = 0; i < 5; i++) await register();
    expect(Date.now() - started).toBeLessThan(5_000);
    expect((await outbox()).map((r) => r.status)).toEqual(Array(5).fill('queued'));

    expect(await dispatcher.runOnce()).toMatchObject({ claimed: 5, retried: 5, sent: 0 });
    const afterFirst = await outbox();
    expect(afterFirst.every((r) => r.status === 'queued' && r.attempts === 1 && r.last_error?.includes('ECONNREFUSED'))).toBe(true);
    // Backoff: nothing is due again straight away.
    expect(await dispatcher.runOnce()).toMatchObject({ claimed: 0 });
    clock.advance(60_000);
    expect(await dispatcher.runOnce()).toMatchObject({ claimed: 5, retried: 5 });
    const delays = (await outbox()).map((r) => r.available_at.getTime() - clock.now().getTime());
    // The second delay is about twice the first (60 s + up to 20% jitter).
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(60_000);

    await sink.start();
    clock.advance(3 * 60_000);
    expect(await dispatcher.runOnce()).toMatchObject({ claimed: 5, sent: 5 });
    clock.advance(3_600_000);
    expect(await dispatcher.runOnce()).toMatchObject({ claimed: 0 });
    await expectEachDeliveredOnce(sink, 5);
    expect((await outbox()).every((r) => r.status === 'sent' && r.last_error === null)).toBe(true);
  });

  it('a server answering 421 (busy) is retried until it accepts, then each message goes once', async () => {
    const { sink, register, outbox, dispatcher, clock } = await setup({ mode: 'busy' });
    for (let i = 0; i < 3; i++) await register();
    expect(await dispatcher.runOnce()).toMatchObject({ retried: 3 });
    expect((await outbox())[0]!.last_error).toContain('421');
    sink.mode = 'accept';
    clock.advance(60_000);
    expect(await dispatcher.runOnce()).toMatchObject({ sent: 3 });
    await expectEachDeliveredOnce(sink, 3);
  });

  it('temporary failures stop after MAIL_MAX_ATTEMPTS and the email is marked failed', async () => {
    const { register, outbox, clock, deps, transport } = await setup({ listen: false });
    const dispatcher = testDispatcher({ deps: { ...deps, config: { ...deps.config, MAIL_MAX_ATTEMPTS: 2 } }, clock }, transport);
    await register();
    expect(await dispatcher.runOnce()).toMatchObject({ retried: 1 });
    clock.advance(3_600_000);
    expect(await dispatcher.runOnce()).toMatchObject({ failed: 1 });
    expect((await outbox())[0]).toMatchObject({ status: 'failed', attempts: 2 });
  });

  it('a 550 reply marks the email failed; organisers see it and resend it', async () => {
    const { sink, register, outbox, dispatcher, call, token } = await setup({ mode: 'reject' });
    await register();
    expect(await dispatcher.runOnce()).toMatchObject({ failed: 1 });
    const [row] = await outbox();
    expect(row).toMatchObject({ status: 'failed', attempts: 1 });
    expect(row!.last_error).toContain('550');

    const page = await call('GET', '/admin/mail?status=failed', { token, headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(page.text).toContain('data-status="failed"');
    expect(page.text).toContain('550');
    expect(page.text).toContain(`action="/admin/mail/${row!.id}/resend"`);
    const scanner = await makeToken(db(), 'scanner', [(await db().selectFrom('events').select('id').executeTakeFirstOrThrow()).id]);
    expect((await call('GET', '/admin/mail', { token: scanner, headers: { accept: 'text/html' } })).status).toBe(403);
    expect((await call('GET', '/admin/mail', { headers: { accept: 'text/html' } })).status).toBe(303);

    sink.mode = 'accept';
    const form = { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost:3000', accept: 'text/html' };
    const resend = await call('POST', `/admin/mail/${row!.id}/resend`, { token, headers: form, body: '' });
    expect(resend.status).toBe(303);
    expect((await outbox())[0]).toMatchObject({ status: 'queued', attempts: 0 });
    expect(await dispatcher.runOnce()).toMatchObject({ sent: 1 });
    await expectEachDeliveredOnce(sink, 1);
    // Only failed mail can be resent.
    expect((await call('POST', `/admin/mail/${row!.id}/resend`, { token, headers: form, body: '' })).status).toBe(409);
  });

  it('a dispatcher that dies mid-send leaves the row in flight; another takes it back after the in-flight timeout', async () => {
    const { sink, register, outbox, dispatcher: survivor, clock, deps } = await setup();
    await register();
    // Never reports back, as a process killed after claiming would not.
    const dead: MailTransport = { name: 'smtp', send: () => new Promise<void>(() => {}), close: async () => {} };
    void testDispatcher({ deps, clock }, dead, { workerId: 'doomed' }).runOnce();
    await expect.poll(async () => (await outbox())[0]!.status).toBe('sending');
    expect((await outbox())[0]!.locked_by).toBe('doomed');

    clock.advance((deps.config.MAIL_INFLIGHT_TIMEOUT_SECONDS - 1) * 1000);
    expect(await survivor.runOnce()).toMatchObject({ released: 0, claimed: 0 });
    clock.advance(2_000);
    expect(await survivor.runOnce()).toMatchObject({ released: 1, claimed: 1, sent: 1 });
    expect((await outbox())[0]).toMatchObject({ status: 'sent', attempts: 2, locked_by: null });
    await expectEachDeliveredOnce(sink, 1);
  });
});
