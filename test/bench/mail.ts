/**
 * Mail throughput: emails rendered (HTML + text + QR PNG + invite) and handed to SMTP per
 * second by two dispatchers over one PostgreSQL, against a local smtp-server sink on
 * 127.0.0.1 that accepts everything. Everything runs in this one process (sink included), so
 * the figure is a floor. Exits 0 whatever the figure, non-zero only on errors.
 *
 *   npx tsx test/bench/mail.ts                       (npm run bench:mail)
 *   BENCH_MAIL_COUNT=2000 TEST_DATABASE_URL=postgres://… npx tsx test/bench/mail.ts
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { parseConfig } from '../../src/config.js';
import { openPostgres } from '../../src/db/engines.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { composeMessage } from '../../src/mail/compose.js';
import { createDispatcher } from '../../src/mail/dispatcher.js';
import { smtpTransport } from '../../src/node/mail-transports.js';
import { registrationSchema } from '../../src/registrations/registrations.schemas.js';
import { register } from '../../src/registrations/registrations.usecases.js';
import { createSeatBatcher } from '../../src/registrations/seat-batches.js';
import { systemClock } from '../../src/shared/clock.js';
import { deriveKeys } from '../../src/shared/keys.js';
import { silentLogger } from '../../src/shared/logger.js';
import { TEST_DATABASE_URL } from '../support/postgres.js';
import { smtpSink } from '../support/smtp-sink.js';

const COUNT = Number(process.env.BENCH_MAIL_COUNT ?? 1000);
const WATCHDOG_MS = 5 * 60_000;

async function main() {
  const parsed = parseConfig({ NODE_ENV: 'test', SECRET_KEY: randomBytes(32).toString('hex'), MAIL_POLL_MS: '50', LOG_LEVEL: 'silent' });
  if (!parsed.ok) throw new Error(parsed.message);
  const config = parsed.config;
  const keys = deriveKeys(config);
  const schema = `bench_mail_${randomBytes(4).toString('hex')}`;
  const admin = await openPostgres({ url: TEST_DATABASE_URL, max: 1 });
  await sql`create schema ${sql.id(schema)}`.execute(admin.db);
  const handle = await openPostgres({ url: TEST_DATABASE_URL, searchPath: schema, max: 20 });
  const sink = await smtpSink();
  const watchdog = setTimeout(() => {
    process.stderr.write('bench: watchdog fired\n');
    process.exit(2);
  }, WATCHDOG_MS);
  try {
    await migrateToLatest(handle.db, schema);
    const db = handle.db;
    const now = new Date();
    const day = 24 * 3600 * 1000;
    const venue = await db
      .insertInto('venues')
      .values({ name: 'Trung tâm Khuyến công', address: '16 Lý Tự Trọng', district: 'Hồng Bàng' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const event = await db
      .insertInto('events')
      .values({
        kind: 'training_class',
        title: 'Lớp quản trị doanh nghiệp nông thôn',
        topic: 'business_management',
        capacity: COUNT,
        status: 'published',
        venue_id: venue.id,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('event_sessions')
      .values(
        [0, 1].map((i) => ({
          event_id: event.id,
          position: i,
          starts_at: new Date(now.getTime() + (14 + i) * day),
          ends_at: new Date(now.getTime() + (14 + i) * day + 3 * 3600 * 1000),
        })),
      )
      .execute();
    const ctx = { db, clock: systemClock, keys, seats: createSeatBatcher(db) };
    for (let i = 0; i < COUNT; i++) {
      const input = registrationSchema.parse({
        person: { fullName: 'Nguyễn Thị Hoa', phone: `09${String(i).padStart(8, '0')}`, email: `hoc.vien.${i}@khuyencong.test` },
        consent: { processing: true },
      });
      await register(ctx, event.id, input);
    }
    process.stdout.write(`queued ${COUNT} confirmations (2 sessions each)\n`);

    // Rendering alone, one at a time, for scale.
    const sample = await db.selectFrom('mail_outbox').selectAll().limit(200).execute();
    const renderStart = performance.now();
    for (const row of sample) await composeMessage({ db, config, keys }, row, new Date());
    const renderPerSecond = sample.length / ((performance.now() - renderStart) / 1000);

    const transports = [smtpTransport(sink.url), smtpTransport(sink.url)];
    const dispatchers = transports.map((transport, i) =>
      createDispatcher({
        db,
        config,
        keys,
        clock: systemClock,
        log: silentLogger,
        transport,
        workerId: `bench-${i}`,
        batchSize: 20,
        concurrency: 4,
      }),
    );
    const started = performance.now();
    for (const d of dispatchers) d.start();
    while (sink.received.length < COUNT) await new Promise((r) => setTimeout(r, 20));
    const seconds = (performance.now() - started) / 1000;
    await Promise.all(dispatchers.map((d) => d.stop()));
    await Promise.all(transports.map((t) => t.close()));

    const byWorker = await db
      .selectFrom('mail_outbox')
      .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('status')
      .execute();
    const ids = new Set((await sink.parsed()).map((m) => m.messageId));
    process.stdout.write(
      [
        `render only (one at a time): ${renderPerSecond.toFixed(0)} emails/s`,
        `two dispatchers → SMTP sink: ${COUNT} emails in ${seconds.toFixed(2)} s = ${(COUNT / seconds).toFixed(0)} emails/s`,
        `received ${sink.received.length}, distinct Message-IDs ${ids.size}; outbox ${byWorker.map((r) => `${r.status}=${r.n}`).join(' ')}`,
        '',
      ].join('\n'),
    );
    if (ids.size !== COUNT || sink.received.length !== COUNT) throw new Error('duplicates or losses');
  } finally {
    clearTimeout(watchdog);
    await sink.stop();
    await handle.close();
    await sql`drop schema ${sql.id(schema)} cascade`.execute(admin.db);
    await admin.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${(err as Error).stack ?? err}\n`);
  process.exit(1);
});
