/**
 * Door check-in: 50 scanners posting distinct tickets to the real server (child process,
 * PostgreSQL), beside a bare Hono hello route measured in the same run (the HTTP limit of this
 * machine). Two loads on the same server, one after the other:
 *
 *   1. capacity: each scanner sends its next scan as soon as it has an answer (closed loop), so
 *      the rate is the most the machine does; the latency is then 50 ÷ that rate by
 *      construction (Little's law), a queue the scanners make themselves;
 *   2. latency at the target rate: the same 50 scanners together send 2,000 scans/s, each on
 *      its own schedule and one at a time; latency counts from when a scan was due, so a slow
 *      answer is charged to the scans it held back as well.
 *
 * Prints figures and ratios; exits 0 whatever they are, non-zero only on errors.
 * Target: at least 2,000 scans/s, and p99 under 20 ms at that rate.
 *
 *   npx tsx test/bench/checkin.ts
 *   BENCH_CONCURRENCY=50 BENCH_RATE=2000 BENCH_DURATION_MS=10000 BENCH_WARMUP_MS=3000 BENCH_POOL_SIZE=10 npx tsx test/bench/checkin.ts
 *
 * BENCH_ADMIN_URL's role creates the database, runs CHECKPOINT and reads pg_ls_waldir(): a
 * superuser, or CREATEDB with pg_checkpoint and pg_monitor.
 *
 * For investigation: BENCH_SERVER_NODE_FLAGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the
 * server; BENCH_SQL="…" runs SQL in the bench database after the tickets are loaded (to try
 * a schema change, say) and is printed with the results.
 */
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import postgres from 'postgres';
import { deriveKeys } from '../../src/shared/keys.js';
import { newShortCode, newTicketId, signTicket } from '../../src/tickets/ticket-token.js';
import { freePort, runNode, waitForHealthy } from '../support/processes.js';
import { cleanUpOnExit, intFromEnv, sleep, stopProcess } from './harness.js';
import { type CpuSplit, cpuSampler, formatCpu, httpClient, type LoadResult, machineBusyPercent, measureHello, runLoad } from './load.js';

const int = intFromEnv;
const CONCURRENCY = int('BENCH_CONCURRENCY', 50);
const WARMUP_MS = int('BENCH_WARMUP_MS', 3_000);
const DURATION_MS = int('BENCH_DURATION_MS', 10_000);
const POOL_SIZE = int('BENCH_POOL_SIZE', 10);
const RATE = int('BENCH_RATE', 2_000);
const TICKETS = int('BENCH_TICKETS', 200_000);
// The paced phase carries the latency target: its tickets are set aside before the capacity phase
// (which takes what it can of the rest), with a tenth more for scanners running late.
const PACED_TICKETS = Math.ceil((RATE * (WARMUP_MS + DURATION_MS) * 1.1) / 1000);
// The capacity phase gets at least as many tickets as the paced one.
if (TICKETS <= 2 * PACED_TICKETS) throw new Error(`BENCH_TICKETS must be more than ${2 * PACED_TICKETS} for this rate and duration`);
const ADMIN_URL = process.env.BENCH_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const WATCHDOG_MS = 8 * 60_000;

const { cleanups, cleanUp } = cleanUpOnExit();
const stop = stopProcess;
function spawn(entry: string, args: string[], env: Record<string, string>, nodeFlags: string[] = []) {
  const running = runNode(entry, args, env, nodeFlags);
  cleanups.push(() => stop(running));
  return running;
}

/** Where the write-ahead log is, and how many segment files it holds. */
async function walState(sql: postgres.Sql) {
  const [row] = await sql<{ lsn: string; files: number }[]>`
    select pg_current_wal_lsn() - '0/0'::pg_lsn as lsn,
           (select count(*)::int from pg_ls_waldir() where name ~ '^[0-9A-F]{24}$') as files`;
  return { lsn: BigInt(String(row!.lsn).split('.')[0]!), files: row!.files };
}

const f0 = (n: number) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : 'n/a');
const f1 = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : 'n/a');
function print(title: string, unit: string, r: LoadResult, cpu: CpuSplit | null) {
  const l = r.latency;
  console.log(`\n${title}`);
  console.log(`  ${f0(r.perSecond)} ${unit}/s over ${(r.windowMs / 1000).toFixed(1)} s (${f0(r.ok)} ok in window)`);
  console.log(`  latency ms: p50 ${f1(l.p50)}  p90 ${f1(l.p90)}  p99 ${f1(l.p99)}  max ${f1(l.max)}`);
  console.log(`  statuses: ${JSON.stringify(r.statuses)}  errors: ${r.errors}${r.firstError ? `  first error: ${r.firstError}` : ''}`);
  console.log(formatCpu(cpu));
}

async function main(): Promise<number> {
  const watchdog = setTimeout(() => void cleanUp().finally(() => process.exit(1)), WATCHDOG_MS);
  cleanups.push(async () => clearTimeout(watchdog));
  const dbName = `kc_bench_checkin_${process.pid}`;
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
  cleanups.push(() => admin.end({ timeout: 5 }));
  await admin.unsafe(`create database "${dbName}"`);
  cleanups.push(async () => void (await admin.unsafe(`drop database if exists "${dbName}" with (force)`)));
  const dbUrl = new URL(ADMIN_URL);
  dbUrl.pathname = `/${dbName}`;

  const secret = randomBytes(32).toString('hex');
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env = {
    DATABASE_URL: dbUrl.toString(),
    DATABASE_POOL_SIZE: String(POOL_SIZE),
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    SECRET_KEY: secret,
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_URL: url,
    MAIL_DISPATCH: '0',
  };
  console.log('Check-in benchmark — one session, distinct tickets');
  console.log(
    `  node ${process.version}, ${os.cpus().length} cores; ${CONCURRENCY} scanners, warm-up ${WARMUP_MS / 1000} s, measured ${DURATION_MS / 1000} s; pool ${POOL_SIZE}`,
  );
  const busy = await machineBusyPercent();
  console.log(`  machine ${busy === null ? 'n/a' : `${busy.toFixed(0)}%`} busy before the run`);

  const cli = spawn('src/node/cli.ts', ['token:create', '--name', 'bench', '--role', 'admin'], env);
  await Promise.race([cli.exited, sleep(60_000)]);
  const token = cli.output().match(/token \(shown once\): (\S+)/)?.[1];
  if (!token) throw new Error(`token:create failed:\n${cli.output()}`);
  // BENCH_SERVER_NODE_FLAGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the server.
  const server = spawn('src/node/server.ts', [], env, process.env.BENCH_SERVER_NODE_FLAGS?.split(/\s+/).filter(Boolean));
  await waitForHealthy(url, server, 60_000);

  // A session open right now: started ten minutes ago, ends in three hours.
  const start = new Date(Date.now() - 10 * 60_000);
  const auth = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
  const created = await fetch(`${url}/api/v1/admin/events`, {
    method: 'POST',
    headers: auth,
    body: JSON.stringify({
      kind: 'conference',
      topic: 'technology',
      title: 'Hội nghị giới thiệu thiết bị — đo tải soát vé',
      // The tickets go straight into the table below; the form's own limit is 100,000 seats.
      capacity: Math.min(TICKETS, 100_000),
      emailRequired: false,
      registrationClosesAt: new Date(Date.now() + 60_000).toISOString(),
      sessions: [{ startsAt: start.toISOString(), endsAt: new Date(start.getTime() + 3 * 3600_000).toISOString() }],
    }),
  });
  if (created.status !== 201) throw new Error(`event: ${created.status} ${await created.text()}`);
  const eventId = ((await created.json()) as { event: { id: string } }).event.id;
  await fetch(`${url}/api/v1/admin/events/${eventId}/publish`, { method: 'POST', headers: { authorization: auth.authorization } });
  // The scanners hold what a door device holds: a scanner token given this event only.
  const issued = await fetch(`${url}/api/v1/auth/tokens`, {
    method: 'POST',
    headers: auth,
    body: JSON.stringify({ name: 'Máy quét đo tải', role: 'scanner', eventIds: [eventId] }),
  });
  if (issued.status !== 201) throw new Error(`scanner token: ${issued.status} ${await issued.text()}`);
  const scannerAuth = `Bearer ${((await issued.json()) as { token: string }).token}`;

  // Tickets straight into the table (registration speed is another benchmark).
  const sql = postgres(dbUrl.toString(), { max: 2, onnotice: () => {} });
  cleanups.push(() => sql.end({ timeout: 5 }));
  const keys = deriveKeys({ SECRET_KEY: secret, TICKET_KEYS: undefined });
  const codes: string[] = [];
  // Short codes are unique in the table; a bulk load must not draw the same one twice.
  const shortCodes = new Set<string>();
  const uniqueShortCode = () => {
    let code = newShortCode();
    while (shortCodes.has(code)) code = newShortCode();
    shortCodes.add(code);
    return code;
  };
  const now = new Date();
  for (let from = 0; from < TICKETS; from += 5_000) {
    const rows = Array.from({ length: Math.min(5_000, TICKETS - from) }, (_, k) => {
      const ticketId = newTicketId();
      codes.push(signTicket(keys.tickets, ticketId));
      const i = from + k;
      return {
        event_id: eventId,
        status: 'confirmed',
        full_name: `Đại biểu số ${i}`,
        phone: `+8493${String(i).padStart(7, '0')}`,
        person_key: `bench-${i}`,
        consent_version: 'bench',
        consent_processing_at: now,
        ticket_id: ticketId,
        short_code: uniqueShortCode(),
        manage_token_hash: randomBytes(32).toString('hex'),
        created_at: now,
        updated_at: now,
      };
    });
    await sql`insert into registrations ${sql(rows)}`;
  }
  if (process.env.BENCH_SQL) {
    await sql.unsafe(process.env.BENCH_SQL);
    console.log(`  BENCH_SQL ran before the load: ${process.env.BENCH_SQL}`);
  }
  // The tickets stand for registrations made over the weeks before the door opens: vacuumed,
  // and written out long ago. Without this the kernel writes the bulk load back about 30 s
  // later and autovacuum visits it, in the middle of the measured phases: not a door's cost.
  await sql`vacuum (freeze, analyze)`;
  await sql`checkpoint`;
  console.log(`  ${f0(TICKETS)} confirmed tickets loaded`);

  const client = await httpClient(url, CONCURRENCY);
  console.log(`  HTTP client: ${client.kind}, ${CONCURRENCY} keep-alive connections`);
  cleanups.push(() => client.close());
  const cpu = cpuSampler({ server: server.child.pid }, dbName);
  let firstBad: string | null = null;
  const scan = async (i: number) => {
    const body = JSON.stringify({ code: codes[i], eventId, deviceId: `may-${i % CONCURRENCY}`, nonce: `bench-${i}-nonce` });
    const res = await client.request('POST', '/api/v1/checkins', { 'content-type': 'application/json', authorization: scannerAuth }, body);
    if (res.status !== 200 || !res.body.includes('"result":"ok"')) firstBad ??= `${res.status} ${res.body.slice(0, 200)}`;
    return res.status;
  };
  const scans = await runLoad({
    concurrency: CONCURRENCY,
    warmupMs: WARMUP_MS,
    durationMs: DURATION_MS,
    maxRequests: TICKETS - PACED_TICKETS,
    onWindowStart: cpu.start,
    onWindowEnd: cpu.stop,
    request: scan,
  });
  print(
    '1. Capacity: POST /api/v1/checkins, each scanner again as soon as answered (a new ticket each scan)',
    'scans',
    scans,
    cpu.result(),
  );
  const used = scans.sent;
  const pacedCpu = cpuSampler({ server: server.child.pid }, dbName);
  const walBefore = await walState(sql);
  const walFrom = performance.now();
  const paced = await runLoad({
    concurrency: CONCURRENCY,
    ratePerSecond: RATE,
    warmupMs: WARMUP_MS,
    durationMs: DURATION_MS,
    maxRequests: TICKETS - used,
    onWindowStart: pacedCpu.start,
    onWindowEnd: pacedCpu.stop,
    request: (i) => scan(used + i),
  });
  const walAfter = await walState(sql);
  const walSeconds = (performance.now() - walFrom) / 1000;
  print(
    `2. At the target rate: the ${CONCURRENCY} scanners together send ${f0(RATE)} scans/s (latency from when each scan was due)`,
    'scans',
    paced,
    pacedCpu.result(),
  );
  const walBytes = Number(walAfter.lsn - walBefore.lsn);
  console.log(
    `  write-ahead log: ${f1(walBytes / 1024 / Math.max(1, paced.sent))} KB a scan, ${f1(walBytes / 1048576 / walSeconds)} MB/s; ` +
      `segment files in pg_wal ${walBefore.files} → ${walAfter.files} (each new one is written in full before commits go on; README "Benchmarks")`,
  );
  if (scans.hitMaxRequests || paced.hitMaxRequests) {
    const phase = [scans.hitMaxRequests && 'the capacity phase', paced.hitMaxRequests && 'the paced phase'].filter(Boolean).join(' and ');
    console.log(
      `  ${phase} ran out of tickets before its time: raise BENCH_TICKETS (${f0(TICKETS)}); those figures cover a shorter window`,
    );
  }
  if (firstBad) console.log(`  first answer other than ok: ${firstBad}`);
  const [check] = await sql`select count(*)::int as attendance, (select count(*)::int from scans) as scans from attendance`;
  console.log(`  check: ${check?.attendance} attendance rows, ${check?.scans} scan rows`);
  await client.close();
  await stop(server);

  const hello = await measureHello({
    concurrency: CONCURRENCY,
    warmupMs: WARMUP_MS,
    durationMs: DURATION_MS,
    spawn,
    stop,
    pacedRate: RATE,
  });
  const helloRun = hello.run;
  print('3. Bare Hono: GET / → "ok", each client again as soon as answered', 'requests', helloRun, hello.cpu);
  if (hello.paced)
    print(
      `4. Bare Hono at the target rate: ${f0(RATE)} requests/s from ${CONCURRENCY} clients (the latency floor of HTTP here)`,
      'requests',
      hello.paced,
      null,
    );

  console.log('\nSummary');
  console.log(
    `  capacity ${f0(scans.perSecond)} scans/s (target ≥ 2,000: ${scans.perSecond >= 2000 ? 'met' : 'not met'}); share of the bare HTTP rate: ${((100 * scans.perSecond) / helloRun.perSecond).toFixed(0)}%`,
  );
  // The paced run keeps up when it answered (nearly) every scan it was due to send.
  const keptUp = paced.perSecond >= 0.98 * RATE;
  console.log(
    `  at ${f0(RATE)} scans/s offered: ${f0(paced.perSecond)} answered per s (${keptUp ? 'kept up' : 'fell behind'}), ` +
      `p50 ${f1(paced.latency.p50)} ms, p99 ${f1(paced.latency.p99)} ms (target < 20 ms: ${keptUp && paced.latency.p99 < 20 ? 'met' : 'not met'})`,
  );
  if (hello.paced)
    console.log(
      `  bare Hono at ${f0(RATE)} requests/s: p99 ${f1(hello.paced.latency.p99)} ms (what this machine's HTTP alone adds at that rate)`,
    );
  // Closed loop: each scanner waits for its answer, so mean latency = scanners / rate.
  console.log(
    `  at capacity (closed loop) p99 ${f1(scans.latency.p99)} ms: the mean there is ${CONCURRENCY} scanners / ${f0(scans.perSecond)} per s = ${f1(scans.latency.mean)} ms ` +
      `by construction; under 20 ms would need more than ${f0(CONCURRENCY / 0.02)} scans/s`,
  );
  return [scans, paced].some((r) => r.errors > 0 || (r.statuses['500'] ?? 0) > 0) ? 1 : 0;
}

main()
  .catch((err: unknown) => {
    process.stderr.write(`benchmark failed: ${(err as Error).stack ?? err}\n`);
    return 1;
  })
  .then(async (code) => {
    await cleanUp();
    process.exit(code);
  });
