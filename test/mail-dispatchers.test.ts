import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { smtpTransport } from '../src/node/mail-transports.js';
import { fixedClock } from '../src/shared/clock.js';
import { buildTestApp, makeToken, publishedEvent, registrationPayload, testConfig } from './support/app.js';
import { openTestDatabase, type TestDatabase, truncateAll } from './support/db.js';
import { testDispatcher } from './support/mail.js';
import { TEST_DATABASE_URL } from './support/postgres.js';
import { runNode } from './support/processes.js';
import { type SmtpSink, smtpSink } from './support/smtp-sink.js';

// Several dispatchers at once only mean something where claims really run in parallel: on
// PostgreSQL (PGlite serialises every statement).
describe('several dispatchers over one PostgreSQL', () => {
  let testDb: TestDatabase;
  const cleanup: (() => Promise<void>)[] = [];
  const dataDir = mkdtempSync(join(tmpdir(), 'kc-mailer-'));
  beforeAll(async () => {
    testDb = await openTestDatabase('postgres', { max: 20 });
  });
  afterAll(async () => {
    await testDb.dispose();
    rmSync(dataDir, { recursive: true, force: true });
  });
  beforeEach(() => truncateAll(testDb.handle.db));
  afterEach(async () => {
    for (const fn of cleanup.splice(0).reverse()) await fn();
  });
  const db = () => testDb.handle.db;

  async function setup(count: number, sinkOptions: Parameters<typeof smtpSink>[0] = {}, now = new Date('2026-12-01T02:00:00Z')) {
    const t = buildTestApp(db(), { now: now.toISOString() });
    const token = await makeToken(db(), 'organiser');
    const day = 24 * 3600 * 1000;
    const session = {
      startsAt: new Date(now.getTime() + 14 * day).toISOString(),
      endsAt: new Date(now.getTime() + 14 * day + 3 * 3600 * 1000).toISOString(),
    };
    const eventId = await publishedEvent(t.call, token, { capacity: 1000, sessions: [session] });
    for (let i = 0; i < count; i++) {
      const res = await t.call('POST', `/api/v1/events/${eventId}/registrations`, { body: registrationPayload() });
      expect(res.status).toBe(201);
    }
    const sink = await smtpSink(sinkOptions);
    cleanup.push(() => sink.stop());
    const outbox = () => db().selectFrom('mail_outbox').selectAll().orderBy('id').execute();
    return { t, sink, outbox, eventId };
  }

  /** Two dispatchers in lockstep until nothing is due; what the sink received, by Message-ID. */
  async function race(t: ReturnType<typeof buildTestApp>, sink: SmtpSink, unsafeNoLock: boolean) {
    const [ta, tb] = [smtpTransport(sink.url), smtpTransport(sink.url)];
    cleanup.push(
      () => ta.close(),
      () => tb.close(),
    );
    const a = testDispatcher(t, ta, { workerId: 'a', batchSize: 10, unsafeNoLock });
    const b = testDispatcher(t, tb, { workerId: 'b', batchSize: 10, unsafeNoLock });
    const sent = { a: 0, b: 0 };
    for (let round = 0; round < 50; round++) {
      const [ra, rb] = await Promise.all([a.runOnce(), b.runOnce()]);
      sent.a += ra.sent;
      sent.b += rb.sent;
      if (ra.claimed + rb.claimed === 0) break;
    }
    const ids = (await sink.parsed()).map((m) => m.messageId);
    return { ids, unique: new Set(ids).size, sent };
  }

  it('two dispatchers running together send every message exactly once', async () => {
    const { t, sink, outbox } = await setup(60);
    const { ids, unique, sent } = await race(t, sink, false);
    expect(ids).toHaveLength(60);
    expect(unique).toBe(60);
    expect(sent.a).toBeGreaterThan(0);
    expect(sent.b).toBeGreaterThan(0);
    expect((await outbox()).every((r) => r.status === 'sent' && r.attempts === 1)).toBe(true);
  });

  it('control: claiming without the row locks sends duplicates, so the test above can fail', async () => {
    const { t, sink } = await setup(60);
    const { ids, unique } = await race(t, sink, true);
    expect(unique).toBe(60);
    expect(ids.length).toBeGreaterThan(60);
  });

  function mailerEnv(sink: SmtpSink, schema: string) {
    const url = new URL(TEST_DATABASE_URL);
    url.searchParams.set('search_path', schema);
    return {
      DATABASE_URL: url.toString(),
      SMTP_URL: sink.url,
      SECRET_KEY: testConfig().SECRET_KEY,
      PUBLIC_URL: 'http://localhost:3000',
      MAIL_POLL_MS: '100',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'info',
    };
  }

  it('`npm run mailer` killed mid-send: another dispatcher sends the message after the in-flight timeout; SIGTERM stops it cleanly', async () => {
    // A real process reads the real clock, so this test's data is made at the real time too.
    const { t, sink, outbox, eventId } = await setup(1, { mode: 'hang' }, new Date());
    const schema = (await sql<{ s: string }>`select current_schema() as s`.execute(db())).rows[0]!.s;
    const killed = runNode('src/node/mailer.ts', [], mailerEnv(sink, schema));
    await expect.poll(async () => (await outbox())[0]!.status, { timeout: 30_000, interval: 100 }).toBe('sending');
    killed.child.kill('SIGKILL');
    await killed.exited;
    expect((await outbox())[0]!.locked_by).toBe(`pid-${killed.child.pid}`);

    sink.mode = 'accept';
    const timeout = t.deps.config.MAIL_INFLIGHT_TIMEOUT_SECONDS * 1000;
    const transport = smtpTransport(sink.url);
    cleanup.push(() => transport.close());
    const early = testDispatcher({ ...t, clock: fixedClock(new Date(Date.now() + timeout - 10_000)) }, transport);
    expect(await early.runOnce()).toMatchObject({ released: 0, claimed: 0 });
    const later = testDispatcher({ ...t, clock: fixedClock(new Date(Date.now() + timeout + 1_000)) }, transport);
    expect(await later.runOnce()).toMatchObject({ released: 1, sent: 1 });
    expect(sink.received).toHaveLength(1);

    // A fresh mailer delivers new mail at once and stops cleanly on SIGTERM.
    t.clock.set(new Date());
    const res = await t.call('POST', `/api/v1/events/${eventId}/registrations`, { body: registrationPayload() });
    expect(res.status).toBe(201);
    const mailer = runNode('src/node/mailer.ts', [], mailerEnv(sink, schema));
    await expect.poll(() => sink.received.length, { timeout: 30_000, interval: 100 }).toBe(2);
    mailer.child.kill('SIGTERM');
    expect(await mailer.exited, mailer.output()).toBe(0);
    expect(mailer.output()).toContain('"msg":"stopped"');
    expect((await outbox()).map((r) => r.status)).toEqual(['sent', 'sent']);
  });
});
