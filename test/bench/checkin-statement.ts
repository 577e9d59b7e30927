/**
 * The grouped check-in statement alone (`recordScans`), on one PostgreSQL connection, one
 * group after another, for several group sizes: what a scan costs the database and this
 * process's driver, without HTTP. It is the evidence behind writing scan groups one at a time
 * (src/checkins/scan-batches.ts). Prints figures; exits 0 whatever they are.
 *
 *   npx tsx test/bench/checkin-statement.ts
 *   BENCH_GROUPS=4,16,64 BENCH_SCANS=12000 npx tsx test/bench/checkin-statement.ts
 */
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import type { ScanRecord } from '../../src/checkins/checkins.repository.js';
import { recordScans } from '../../src/checkins/scan-groups.repository.js';
import { openPostgres } from '../../src/db/engines.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { newShortCode, newTicketId } from '../../src/tickets/ticket-token.js';

const ADMIN_URL = process.env.BENCH_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const GROUPS = (process.env.BENCH_GROUPS ?? '4,16,64').split(',').map(Number);
const SCANS = Number(process.env.BENCH_SCANS ?? 12_000);
const WARMUP = 1_000;
if (GROUPS.some((g) => !Number.isInteger(g) || g < 1) || !Number.isInteger(SCANS) || SCANS < 2 * WARMUP) {
  throw new Error('BENCH_GROUPS must list positive whole numbers; BENCH_SCANS a whole number of at least 2,000');
}

async function measure(admin: postgres.Sql, group: number) {
  const name = `kc_bench_scan_statement_${process.pid}_${group}`;
  await admin.unsafe(`create database "${name}"`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const handle = await openPostgres({ url: url.toString(), max: 1 });
  const sql = postgres(url.toString(), { max: 1, onnotice: () => {} });
  try {
    await migrateToLatest(handle.db);
    const [event] = await sql`insert into events (kind, topic, title, capacity, status)
      values ('conference', 'technology', 'Đo câu lệnh soát vé', ${SCANS + WARMUP}, 'published') returning id`;
    const eventId = event!.id as string;
    await sql`insert into event_sessions (event_id, starts_at, ends_at, position)
      values (${eventId}, now() - interval '10 minutes', now() + interval '3 hours', 1)`;
    const tickets: string[] = [];
    const codes = new Set<string>();
    for (let from = 0; from < SCANS + WARMUP; from += 5_000) {
      const rows = Array.from({ length: Math.min(5_000, SCANS + WARMUP - from) }, (_, k) => {
        const i = from + k;
        const ticketId = newTicketId();
        tickets.push(ticketId);
        let code = newShortCode();
        while (codes.has(code)) code = newShortCode();
        codes.add(code);
        return {
          event_id: eventId,
          status: 'confirmed',
          full_name: `Đại biểu số ${i}`,
          phone: `+8493${String(i).padStart(7, '0')}`,
          person_key: `bench-${i}`,
          consent_version: 'bench',
          consent_processing_at: new Date(),
          ticket_id: ticketId,
          short_code: code,
          manage_token_hash: randomBytes(32).toString('hex'),
          created_at: new Date(),
          updated_at: new Date(),
        };
      });
      await sql`insert into registrations ${sql(rows)}`;
    }
    await sql`analyze`;
    const scan = (i: number): ScanRecord => ({
      eventId,
      sessionId: null,
      opensMinutes: 60,
      ticketId: tickets[i]!,
      shortCode: null,
      codeKind: 'qr',
      deviceId: `may-${i % 50}`,
      nonce: `bench-${i}`,
      actorUserId: null,
      actorTokenId: null,
      scannedAt: new Date(),
      receivedAt: new Date(),
      offline: false,
      offlineResult: null,
      method: 'qr',
    });
    let i = 0;
    const run = async (until: number) => {
      while (i + group <= until)
        await recordScans(
          handle.db,
          Array.from({ length: group }, () => scan(i++)),
        );
    };
    await run(WARMUP);
    const [wal0] = await sql`select wal_records::float8 as records, wal_bytes::float8 as bytes from pg_stat_wal`;
    const first = i;
    const started = performance.now();
    const cpu = process.cpuUsage();
    await run(WARMUP + SCANS);
    const ms = performance.now() - started;
    const used = process.cpuUsage(cpu);
    const n = i - first;
    // pg_stat_wal is flushed by the server now and then; wait for it to catch up.
    await new Promise((r) => setTimeout(r, 1_000));
    const [wal1] = await sql`select wal_records::float8 as records, wal_bytes::float8 as bytes from pg_stat_wal`;
    const [check] = await sql`select count(*)::int as n from attendance`;
    return {
      group,
      perSecond: (n * 1000) / ms,
      usPerScan: (ms * 1000) / n,
      nodeUsPerScan: (used.user + used.system) / n,
      walRecords: (wal1!.records - wal0!.records) / n,
      walBytes: (wal1!.bytes - wal0!.bytes) / n,
      attendance: check!.n as number,
      scans: i,
    };
  } finally {
    await sql.end({ timeout: 5 });
    await handle.close();
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
  }
}

const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
try {
  console.log(`Check-in statement alone: one connection, groups one after another, ${SCANS.toLocaleString('en-US')} new tickets a size`);
  console.log("  (WAL figures are the whole server's: run it on a quiet machine)");
  for (const group of GROUPS) {
    const r = await measure(admin, group);
    if (r.attendance !== r.scans) throw new Error(`group ${group}: ${r.attendance} attendance rows for ${r.scans} scans`);
    console.log(
      `  groups of ${String(group).padStart(3)}: ${Math.round(r.perSecond).toLocaleString('en-US')} scans/s, ${r.usPerScan.toFixed(0)} µs a scan ` +
        `(of which this process ${r.nodeUsPerScan.toFixed(0)} µs); WAL ${r.walRecords.toFixed(1)} records, ${r.walBytes.toFixed(0)} bytes a scan`,
    );
  }
} finally {
  await admin.end({ timeout: 5 });
}
