import { Kysely, PostgresDialect } from 'kysely';
import { simpleParser } from 'mailparser';
import { expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import type { Database } from '../src/db/schema.js';
import { mailboxTransport } from '../src/node/mail-transports.js';
import { fixedClock } from '../src/shared/clock.js';
import { createLogger } from '../src/shared/logger.js';
import { buildTestApp, makeToken, ORIGIN, publishedEvent, registrationPayload, testConfig } from './support/app.js';
import { describeEachEngine } from './support/db.js';
import { testDispatcher } from './support/mail.js';

/** The app over `db` with a logger whose JSON lines the test reads. */
function appWithLog(db: Kysely<Database>) {
  const lines: string[] = [];
  const app = createApp({
    db,
    config: testConfig({ LOG_LEVEL: 'info' }),
    clock: fixedClock('2026-12-01T02:00:00Z'),
    log: createLogger('info', (l) => lines.push(l)),
  });
  const request = (method: string, path: string) => app.request(`${ORIGIN}${path}`, { method, headers: { accept: 'text/html' } });
  return { lines, request };
}

/** A database that is never there: every query fails, so a request that needs one ends in a 5xx. */
function unreachableDatabase(): Kysely<Database> {
  const pool = {
    connect: async () => {
      throw new Error('connect ECONNREFUSED 127.0.0.1:1');
    },
    end: async () => {},
  };
  // The pg Pool interface: connect() and end() are all Kysely calls here.
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool: pool as never }) });
}

describeEachEngine('personal data: logs, caches, erasure and the mail pages', ({ db }) => {
  async function setup() {
    const t = buildTestApp(db(), { now: '2026-12-01T02:00:00Z' });
    const organiser = await makeToken(db(), 'organiser');
    const eventId = await publishedEvent(t.call, organiser);
    const register = async (overrides: Record<string, unknown> = {}) => {
      const res = await t.call('POST', `/api/v1/events/${eventId}/registrations`, { body: registrationPayload(overrides) });
      expect(res.status, res.text).toBe(201);
      const reg = res.json.registration as { id: string; manageUrl: string };
      return { ...reg, token: reg.manageUrl.split('/manage/')[1]! };
    };
    return { ...t, organiser, eventId, register };
  }

  it('the access log names the path of a manage link without its key, well-formed or not', async () => {
    const { register } = await setup();
    const { token } = await register();
    const { lines, request } = appWithLog(db());
    expect((await request('GET', `/manage/${token}`)).status).toBe(200);
    expect((await request('GET', `/api/v1/manage/${token}`)).status).toBe(200);
    expect((await request('GET', `/api/v1/manage/${token}/ticket.svg`)).status).toBe(200);
    expect((await request('GET', `/manage/${token}x`)).status).toBe(404);
    const paths = lines
      .map((l) => JSON.parse(l) as { msg: string; path?: string })
      .filter((l) => l.msg === 'request')
      .map((l) => l.path);
    expect(paths).toEqual([
      '/manage/[redacted]',
      '/api/v1/manage/[redacted]',
      '/api/v1/manage/[redacted]/ticket.svg',
      '/manage/[redacted]',
    ]);
    expect(lines.join('\n')).not.toContain(token.slice(0, 12));
  });

  it('a request that fails on the server logs its path without the key too', async () => {
    const token = 'A'.repeat(43);
    const { lines, request } = appWithLog(unreachableDatabase());
    const res = await request('GET', `/manage/${token}`);
    expect(res.status).toBeGreaterThanOrEqual(500);
    const failed = lines.map((l) => JSON.parse(l) as { msg: string; path?: string }).find((l) => l.msg === 'request failed');
    expect(failed?.path).toBe('/manage/[redacted]');
    expect(lines.join('\n')).not.toContain(token);
  });

  it('JSON, CSV and back-office answers with people in them are never cached; the public catalogue is left alone', async () => {
    const { call, organiser, eventId, register } = await setup();
    await register();
    const scanner = await makeToken(db(), 'scanner', [eventId]);
    const privateAnswers = [
      await call('GET', `/api/v1/admin/events/${eventId}/registrations`, { token: organiser }),
      await call('GET', `/api/v1/admin/events/${eventId}/registrations?format=csv`, { token: organiser }),
      await call('GET', `/api/v1/admin/events/${eventId}/attendance`, { token: organiser }),
      await call('GET', `/api/v1/events/${eventId}/checkin-list`, { token: scanner }),
      await call('GET', `/api/v1/events/${eventId}/checkin-search?q=hoa`, { token: scanner }),
      await call('GET', '/api/v1/auth/me', { token: organiser }),
      await call('GET', '/admin/mail', { token: organiser }),
      await call('GET', '/admin', { token: organiser }),
      // Refusals too: a 401 must not be kept in place of the answer either.
      await call('GET', `/api/v1/admin/events/${eventId}/registrations`),
    ];
    for (const res of privateAnswers) {
      expect(res.status).toBeLessThan(500);
      expect(res.headers.get('cache-control')).toBe('private, no-store');
    }
    expect(privateAnswers[1]!.headers.get('content-type')).toContain('text/csv');
    for (const path of ['/api/v1/events', `/api/v1/events/${eventId}`]) {
      const res = await call('GET', path);
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBeNull();
    }
  });

  it('erasing one’s data clears the facility’s representative and address when they are that person', async () => {
    const { call, register } = await setup();
    const facility = (representative: string) => ({
      name: 'Cơ sở mây tre đan Phú Nghĩa',
      district: 'Chương Mỹ',
      address: 'Thôn 3, xã Phú Nghĩa',
      sector: 'Mây tre đan',
      representative,
    });
    const own = await register({
      person: { ...registrationPayload().person, fullName: 'Nguyễn Văn Bình' },
      facility: facility('nguyen van  binh'),
    });
    const byName = (name: string) => db().selectFrom('facilities').selectAll().where('name', '=', name).executeTakeFirstOrThrow();
    expect(await byName('Cơ sở mây tre đan Phú Nghĩa')).toMatchObject({
      representative: 'nguyen van binh',
      address: 'Thôn 3, xã Phú Nghĩa',
    });
    expect((await call('POST', `/api/v1/manage/${own.token}/erase`)).status).toBe(200);
    expect(await byName('Cơ sở mây tre đan Phú Nghĩa')).toMatchObject({
      representative: null,
      address: null,
      sector: 'Mây tre đan',
      district: 'Chương Mỹ',
    });

    // A staff member registering for their facility: the representative is someone else and stays.
    const other = { name: 'Hợp tác xã gốm Bát Tràng', district: 'Gia Lâm', address: 'Xóm 2, Bát Tràng', representative: 'Lê Thị Mai' };
    const staff = await register({ person: { ...registrationPayload().person, fullName: 'Phạm Văn Tú' }, facility: other });
    await call('POST', `/api/v1/manage/${staff.token}/erase`);
    expect(await byName('Hợp tác xã gốm Bát Tràng')).toMatchObject({ representative: 'Lê Thị Mai', address: 'Xóm 2, Bát Tràng' });
  });

  it('the mail pages show organisers each email without the registrant’s manage link, in every form', async () => {
    const { call, organiser, register, deps, clock } = await setup();
    const reg = await register({
      person: { ...registrationPayload().person, fullName: 'Đặng Thị Thu Hường', email: 'huong@khuyencong.test' },
    });
    expect(await testDispatcher({ deps, clock }, mailboxTransport(db(), clock)).runOnce()).toMatchObject({ sent: 1 });
    const id = (await db().selectFrom('mail_outbox').select('id').executeTakeFirstOrThrow()).id;
    const html = { accept: 'text/html' };

    const view = await call('GET', `/admin/mail/${id}`, { token: organiser, headers: html });
    const rendered = await call('GET', `/admin/mail/${id}/html`, { token: organiser, headers: html });
    const eml = await call('GET', `/admin/mail/${id}/message.eml`, { token: organiser });
    for (const res of [view, rendered, eml]) {
      expect(res.status).toBe(200);
      expect(res.text).not.toContain(reg.token.slice(0, 12));
      expect(res.headers.get('cache-control')).toBe('private, no-store');
    }
    expect(view.text).toContain('Kính gửi Đặng Thị Thu Hường,');
    expect(view.text).toContain('http://localhost:3000/manage/[redacted]');
    expect(rendered.text).toContain('href="http://localhost:3000/manage/[redacted]"');
    const parsed = await simpleParser(eml.text);
    expect(parsed.text).toContain('http://localhost:3000/manage/[redacted]');
    expect(parsed.text).not.toContain(reg.token.slice(0, 12));
    // Nothing in the stored copy either: the database holds the link hashed and sealed only.
    const stored = await db().selectFrom('mail_mailbox').select(['html', 'text', 'raw']).executeTakeFirstOrThrow();
    for (const part of Object.values(stored)) expect(part.replace(/=\r\n/g, '')).not.toContain(reg.token.slice(0, 12));
  });
});
