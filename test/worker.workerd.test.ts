import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../src/auth/auth.usecases.js';
import { type DatabaseHandle, openPostgres } from '../src/db/engines.js';
import { systemClock } from '../src/shared/clock.js';
import { deriveKeys } from '../src/shared/keys.js';
import { verifyTicket } from '../src/tickets/ticket-token.js';
import { parseInvite, qrTextOfPng } from './support/mail.js';
import { type MailProvider, mailProvider, readPostmarkMessage } from './support/mail-provider.js';
import { pdfText } from './support/pdf-text.js';
import { assertPostgresReachable, createThrowawayDatabase } from './support/postgres.js';
import { runNode } from './support/processes.js';
import { startWranglerDev, type WranglerDev } from './support/wrangler-dev.js';

/**
 * `npm run test:worker`: the Worker as Cloudflare runs it — the bundle wrangler builds, in local
 * workerd, over a fresh PostgreSQL database through the Hyperdrive binding — driven over HTTP
 * from outside, then its Cron Trigger (`/__scheduled`) sending the outbox through the HTTP mail
 * transport to a provider endpoint this test runs. The Node-side wiring is test/worker.test.ts.
 */
const SECRET_KEY = 'workerd-smoke-secret-workerd-smoke-secret-0123456789';
const ADMIN = { email: 'quan.tri@khuyencong.test', password: 'mật-khẩu-quản-trị-2026' };

describe('the Worker in local workerd (wrangler dev)', () => {
  let database: Awaited<ReturnType<typeof createThrowawayDatabase>> | undefined;
  let handle: DatabaseHandle | undefined;
  let provider: MailProvider | undefined;
  let worker: WranglerDev | undefined;
  let base = '';

  beforeAll(async () => {
    await assertPostgresReachable();
    database = await createThrowawayDatabase('kc_worker');
    // As a deployment does it: migrations and the seed from a machine that reaches the database.
    const migrate = runNode('src/node/migrate.ts', [], { DATABASE_URL: database.url });
    const code = await migrate.exited;
    if (code !== 0) throw new Error(`db:migrate failed (${code}):\n${migrate.output()}`);
    handle = await openPostgres({ url: database.url, max: 2 });
    await createUser({ db: handle.db, clock: systemClock }, { email: ADMIN.email, role: 'admin', password: ADMIN.password });
    provider = await mailProvider();
    worker = await startWranglerDev({
      databaseUrl: database.url,
      testScheduled: true,
      vars: {
        SECRET_KEY,
        PUBLIC_URL: 'http://127.0.0.1',
        MAIL_HTTP_URL: provider.url,
        MAIL_HTTP_KEY: provider.token,
        MAIL_FROM: 'Trung tâm Khuyến công <no-reply@khuyencong.test>',
        LOG_LEVEL: 'warn',
      },
    });
    base = worker.url;
  }, 180_000);

  afterAll(async () => {
    await worker?.stop();
    await provider?.stop();
    await handle?.close();
    await database?.drop();
  });

  const db = () => handle!.db;
  /** Every request as a browser or script would send it to the deployed Worker. */
  async function call(method: string, path: string, opts: { body?: unknown; cookie?: string; token?: string; accept?: string } = {}) {
    const headers: Record<string, string> = { origin: 'http://127.0.0.1' };
    if (opts.body !== undefined) headers['content-type'] = 'application/json';
    if (opts.cookie) headers.cookie = opts.cookie;
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    if (opts.accept) headers.accept = opts.accept;
    const res = await fetch(`${base}${path}`, {
      method,
      headers,
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      redirect: 'manual',
    });
    const bytes = Buffer.from(await res.arrayBuffer());
    const text = bytes.toString('utf8');
    // biome-ignore lint/suspicious/noExplicitAny: like the test app's call, a smoke test reads arbitrary answers field by field.
    let json: any;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: res.status, headers: res.headers, bytes, text, json };
  }

  const person = (n: number, email: string) => ({
    person: {
      fullName: `Nguyễn Thị Hoa ${n}`,
      phone: `09123450${String(n).padStart(2, '0')}`,
      email,
      gender: 'female',
      birthYear: 1990,
      district: 'Thủy Nguyên',
    },
    consent: { processing: true },
  });

  it('serves the pages and the API, sends no mail until its Cron Trigger runs, then drains the outbox through the HTTP transport', async () => {
    // Admin sign-in, then an event made through the API with that session.
    const login = await call('POST', '/api/v1/auth/login', { body: ADMIN });
    expect(login.status, login.text).toBe(200);
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
    expect(cookie).toMatch(/=/);
    // The door opens 60 minutes before the session; registration stays open until it starts.
    const startsAt = new Date(Date.now() + 30 * 60_000);
    const created = await call('POST', '/api/v1/admin/events', {
      cookie,
      body: {
        kind: 'training_class',
        title: 'Lớp khởi sự doanh nghiệp — thử trên Workers',
        topic: 'startup',
        capacity: 10,
        venue: { name: 'Trung tâm Khuyến công', address: '16 Lý Tự Trọng', district: 'Hồng Bàng' },
        sessions: [{ startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + 3 * 3600_000).toISOString() }],
      },
    });
    expect(created.status, created.text).toBe(201);
    const eventId = created.json.event.id as string;
    expect((await call('POST', `/api/v1/admin/events/${eventId}/publish`, { cookie })).status).toBe(200);

    // The catalogue, as a page and as JSON.
    const page = await call('GET', '/', { accept: 'text/html' });
    expect(page.status).toBe(200);
    expect(page.text).toContain('Lớp khởi sự doanh nghiệp — thử trên Workers');
    const listed = await call('GET', '/api/v1/events');
    expect(listed.json.events.map((e: { id: string }) => e.id)).toContain(eventId);

    // Registration, and the same person again.
    const first = await call('POST', `/api/v1/events/${eventId}/registrations`, { body: person(1, 'hoa1@khuyencong.test') });
    expect(first.status, first.text).toBe(201);
    expect(first.json.registration.status).toBe('confirmed');
    const again = await call('POST', `/api/v1/events/${eventId}/registrations`, { body: person(1, 'hoa1@khuyencong.test') });
    expect(again.status).toBe(200);
    // Already registered: said so, and nothing of the first registration (its id, ticket or link) is handed out.
    expect(again.json.registration).toMatchObject({ existing: true, id: null, ticket: null, manageUrl: null });
    const second = await call('POST', `/api/v1/events/${eventId}/registrations`, { body: person(2, 'hoa2@khuyencong.test') });
    const third = await call('POST', `/api/v1/events/${eventId}/registrations`, { body: person(3, 'hoa3@khuyencong.test') });
    expect([second.status, third.status]).toEqual([201, 201]);

    // The ticket and the invite through the manage link.
    const manage = (reg: { manageUrl: string }) => `/api/v1/manage/${new URL(reg.manageUrl).pathname.split('/').pop()}`;
    const png = await call('GET', `${manage(first.json.registration)}/ticket.png`);
    expect(png.headers.get('content-type')).toBe('image/png');
    const ticketText = qrTextOfPng(png.bytes)!;
    const ticketRow = await db()
      .selectFrom('registrations')
      .select('ticket_id')
      .where('id', '=', first.json.registration.id)
      .executeTakeFirstOrThrow();
    expect(verifyTicket(deriveKeys({ SECRET_KEY, TICKET_KEYS: undefined }).tickets, ticketText)).toMatchObject({
      ok: true,
      ticketId: ticketRow.ticket_id,
    });
    const svg = await call('GET', `${manage(first.json.registration)}/ticket.svg`);
    expect(svg.headers.get('content-type')).toContain('image/svg+xml');
    expect(svg.text).toContain('<svg');
    const ics = await call('GET', `${manage(first.json.registration)}/invite.ics`);
    expect(ics.headers.get('content-type')).toContain('text/calendar');
    expect(parseInvite(ics.text)).toMatchObject({ method: 'REQUEST' });

    // The certificate as a PDF, drawn by jsPDF with the embedded Vietnamese font inside workerd. The row is
    // written straight in: issuing needs a finished class, which this event is not.
    await db()
      .insertInto('certificates')
      .values({
        number: 'WORKERD-2026-0001',
        registration_id: first.json.registration.id,
        event_id: eventId,
        full_name: 'Nguyễn Thị Hoa',
        event_title: 'Lớp bồi dưỡng kỹ năng quản trị',
        event_title_en: 'Management skills',
        starts_on: '2026-12-14',
        completed_on: '2026-12-18',
        issuer: 'Trung tâm Khuyến công',
        issuer_en: 'Industrial Promotion Centre',
        issued_at: new Date(),
      })
      .execute();
    const holderPage = `/manage/${new URL(first.json.registration.manageUrl).pathname.split('/').pop()}/certificate`;
    const certificatePdf = await call('GET', `${holderPage}.pdf`);
    expect(certificatePdf.status, certificatePdf.text).toBe(200);
    expect(certificatePdf.headers.get('content-type')).toBe('application/pdf');
    expect(pdfText(certificatePdf.bytes)).toEqual(
      expect.arrayContaining(['GIẤY CHỨNG NHẬN', 'Nguyễn Thị Hoa', 'Lớp bồi dưỡng kỹ năng quản trị', 'WORKERD-2026-0001']),
    );

    // The door: a scanner token for this event, a scan by QR, the same ticket again, an offline batch.
    const issued = await call('POST', '/api/v1/auth/tokens', {
      cookie,
      body: { name: 'Máy quét cửa 1', role: 'scanner', eventIds: [eventId] },
    });
    expect(issued.status, issued.text).toBe(201);
    const scanner = issued.json.token as string;
    const scan = (code: string) => ({ code, eventId, deviceId: 'door-1', nonce: randomUUID() });
    const ok = await call('POST', '/api/v1/checkins', { token: scanner, body: scan(ticketText) });
    expect(ok.json, ok.text).toMatchObject({ result: 'ok', attendee: { name: 'Nguyễn Thị Hoa 1' } });
    const repeat = await call('POST', '/api/v1/checkins', { token: scanner, body: scan(first.json.registration.ticket.code) });
    expect(repeat.json.result).toBe('already_checked_in');
    const batch = await call('POST', '/api/v1/checkins/batch', {
      token: scanner,
      body: { scans: [{ ...scan(third.json.registration.ticket.code), scannedAt: new Date().toISOString(), offlineResult: 'ok' }] },
    });
    expect(batch.status, batch.text).toBe(200);
    expect(batch.json.results.map((r: { result: string }) => r.result)).toEqual(['ok']);

    // The holder of the second link cancels.
    const cancelled = await call('POST', `${manage(second.json.registration)}/cancel`);
    expect(cancelled.status, cancelled.text).toBe(200);
    expect((await call('GET', manage(second.json.registration))).json.registration.status).toBe('cancelled');

    // The first registrant was confirmed days ago (backdated here), so their reminder is due:
    // the cron run queues it.
    await sql`update registrations set confirmed_at = now() - interval '3 days' where id = ${first.json.registration.id}`.execute(db());

    // Nothing has left yet: requests only write the outbox.
    const before = await db().selectFrom('mail_outbox').select(['kind', 'status']).orderBy('id').execute();
    expect(before.map((r) => r.kind).sort()).toEqual(['cancelled', 'confirmed', 'confirmed', 'confirmed']);
    expect(before.every((r) => r.status === 'queued')).toBe(true);
    expect(provider!.requests).toHaveLength(0);
    const mailPage = await call('GET', '/admin/mail', { cookie, accept: 'text/html' });
    expect(mailPage.text).toContain('data-transport="http"');
    expect(mailPage.text).toContain(new URL(provider!.url).host);

    // The Cron Trigger, as Cloudflare fires it every minute.
    const cron = await call('GET', '/__scheduled?cron=*+*+*+*+*');
    expect(cron.status, `${cron.text}\n${worker!.output()}`).toBe(200);
    await expect
      .poll(
        async () => (await db().selectFrom('mail_outbox').select('status').where('status', 'in', ['queued', 'sending']).execute()).length,
        {
          timeout: 30_000,
          message: `the scheduled handler did not drain the outbox; wrangler said:\n${worker!.output()}`,
        },
      )
      .toBe(0);

    const after = await db()
      .selectFrom('mail_outbox')
      .innerJoin('registrations as r', 'r.id', 'mail_outbox.registration_id')
      .select(['mail_outbox.kind', 'mail_outbox.status', 'r.email'])
      .orderBy('mail_outbox.id')
      .execute();
    expect(after.map((r) => `${r.email} ${r.kind} ${r.status}`).sort()).toEqual([
      'hoa1@khuyencong.test confirmed sent',
      'hoa1@khuyencong.test reminder sent',
      // The confirmation queued before the cancellation is no longer true when the cron runs.
      'hoa2@khuyencong.test cancelled sent',
      'hoa2@khuyencong.test confirmed skipped',
      'hoa3@khuyencong.test confirmed sent',
    ]);

    const received = provider!.accepted().map((m) => ({ subject: m.Subject, ...readPostmarkMessage(m) }));
    expect(provider!.requests.every((r) => r.token === provider!.token)).toBe(true);
    expect(received).toHaveLength(4);
    const confirmation = received.find((m) => m.to.includes('hoa1@') && m.invite)!;
    expect(confirmation.qr).toBe(ticketText);
    expect(confirmation.invite!.method).toBe('REQUEST');
    const cancellation = received.find((m) => m.to.includes('hoa2@'))!;
    expect(cancellation.invite!.method).toBe('CANCEL');
    expect(cancellation.qr).toBeNull();
    expect(
      received
        .filter((m) => m.to.includes('hoa1@'))
        .map((m) => m.subject)
        .sort(),
    ).toEqual([expect.stringContaining('Nhắc lịch'), expect.stringContaining('Xác nhận đăng ký')]);
  }, 120_000);
});
