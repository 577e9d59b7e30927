/**
 * Registration throughput on one hot event, against the machine's own limits measured in the
 * same run:
 *   1. the real server (child process, PostgreSQL) under 50 clients POSTing new people;
 *   2. the same SQL the use case issues for a new registration, in a raw postgres.js loop
 *      (the database's limit for this shape of work);
 *   3. a bare Hono hello route (the HTTP limit).
 * Prints figures and ratios; exits 0 whatever they are, non-zero only on errors.
 *
 *   npx tsx test/bench/registration.ts
 *   BENCH_POOL_SIZE=20 BENCH_DURATION_MS=10000 BENCH_WARMUP_MS=3000 BENCH_CONCURRENCY=50 npx tsx test/bench/registration.ts
 * BENCH_ADMIN_URL names the maintenance database (default postgres://postgres@127.0.0.1:5432/postgres);
 * the run creates and drops its own database next to it.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import os from 'node:os';
import { DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler } from 'kysely';
import postgres from 'postgres';
import type { Database } from '../../src/db/schema.js';
import { manyWithSeatsStatement, type SeatRow } from '../../src/registrations/seat-groups.repository.js';
import { freePort, type Running, runNode, waitForHealthy } from '../support/processes.js';
import { type CpuSplit, cpuSampler, formatCpu, httpClient, type LoadResult, machineBusyPercent, measureHello, runLoad } from './load.js';

function envInt(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive whole number`);
  return value;
}

const CONCURRENCY = envInt('BENCH_CONCURRENCY', 50);
const WARMUP_MS = envInt('BENCH_WARMUP_MS', 3_000);
const DURATION_MS = envInt('BENCH_DURATION_MS', 10_000);
const POOL_SIZE = envInt('BENCH_POOL_SIZE', 10);
const ADMIN_URL = process.env.BENCH_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
/** The API's largest capacity; every request of a run is capped below it, so all get seats. */
const CAPACITY = 100_000;
const TARGET_PER_SECOND = 1_000;
const TARGET_SHARE_OF_RAW = 0.4;
/** The whole run stops by itself after this, cleaning up, whatever hangs. */
const WATCHDOG_MS = 10 * 60_000;

const NAMES = [
  'Nguyễn Thị Hoa',
  'Trần Văn Đức',
  'Lê Thị Ánh Tuyết',
  'Phạm Quốc Hưng',
  'Vũ Thị Thu Hằng',
  'Đỗ Minh Khôi',
  'Hoàng Thị Lụa',
  'Bùi Văn Thưởng',
];
const DISTRICTS = ['Thủy Nguyên', 'Hồng Bàng', 'An Dương', 'Kiến Thụy', 'Tiên Lãng', 'Vĩnh Bảo'];

/** Distinct, valid Vietnamese mobile numbers: 09 + 8 digits. */
const phoneFor = (i: number) => `09${String(i).padStart(8, '0')}`;

function registrationBody(i: number): string {
  return JSON.stringify({
    person: {
      fullName: NAMES[i % NAMES.length],
      phone: phoneFor(i),
      gender: i % 2 ? 'male' : 'female',
      birthYear: 1970 + (i % 35),
      district: DISTRICTS[i % DISTRICTS.length],
    },
    consent: { processing: true },
  });
}

// ---------------------------------------------------------------------------------------
// Clean-up: every child and the database go, on success, failure, signal or watchdog.

const cleanups: (() => Promise<void>)[] = [];
let cleaning: Promise<void> | null = null;
function cleanUp(): Promise<void> {
  cleaning ??= (async () => {
    for (const fn of cleanups.reverse()) {
      try {
        await fn();
      } catch (err) {
        process.stderr.write(`clean-up: ${(err as Error).message}\n`);
      }
    }
  })();
  return cleaning;
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    process.stderr.write(`\n${signal}: cleaning up\n`);
    void cleanUp().finally(() => process.exit(130));
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function stopChild(running: Running): Promise<void> {
  if (running.child.exitCode !== null || running.child.signalCode !== null) return;
  running.child.kill('SIGTERM');
  if ((await Promise.race([running.exited.then(() => true), sleep(12_000).then(() => false)])) === false) {
    running.child.kill('SIGKILL');
    await Promise.race([running.exited, sleep(3_000)]);
  }
}

function spawnTracked(entry: string, args: string[], env: Record<string, string>): Running {
  const running = runNode(entry, args, env);
  cleanups.push(() => stopChild(running));
  return running;
}

// ---------------------------------------------------------------------------------------
// Setup through the real entry points: CLI for the token, API for the events.

function futureEvent(title: string) {
  const day = new Date(Date.now() + 180 * 24 * 3600_000);
  day.setUTCHours(1, 0, 0, 0);
  return {
    kind: 'training_class',
    title,
    topic: 'business_management',
    capacity: CAPACITY,
    emailRequired: false,
    venue: { name: 'Trung tâm Khuyến công Hải Phòng', address: '16 Lý Tự Trọng', district: 'Hồng Bàng' },
    sessions: [{ startsAt: day.toISOString(), endsAt: new Date(day.getTime() + 3.5 * 3600_000).toISOString() }],
  };
}

async function publishedEvent(url: string, token: string, title: string): Promise<string> {
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
  const created = await fetch(`${url}/api/v1/admin/events`, { method: 'POST', headers, body: JSON.stringify(futureEvent(title)) });
  const text = await created.text();
  if (created.status !== 201) throw new Error(`event not created: ${created.status} ${text}`);
  const id = (JSON.parse(text) as { event: { id: string } }).event.id;
  const published = await fetch(`${url}/api/v1/admin/events/${id}/publish`, {
    method: 'POST',
    headers: { authorization: headers.authorization },
  });
  if (published.status !== 200) throw new Error(`event not published: ${published.status} ${await published.text()}`);
  return id;
}

// ---------------------------------------------------------------------------------------
// The raw loop: the statements `register()` issues for a new person on an open event with
// no questions, in the same order, sent directly with postgres.js. The server groups the
// registrations that arrive while its previous statement runs (src/registrations/seat-batches.ts, seat-groups.repository.ts);
// the loop groups its requests the same way and sends the very same SQL text, compiled from the
// same builder, so the comparison is with what the database can do for this shape of work.

type Sql = postgres.Sql;
const compiler = new Kysely<Database>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (db) => new PostgresIntrospector(db),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
});

function rawRegistration(sql: Sql, eventId: string, withReads: boolean) {
  const personSecret = randomBytes(32);
  type Waiting = { row: SeatRow; done: (err?: unknown) => void };
  let queue: Waiting[] | null = null;
  async function drain(waiting: Waiting[]) {
    while (waiting.length > 0) {
      const group = waiting.splice(0, 64);
      const compiled = manyWithSeatsStatement(
        eventId,
        group.map((w) => ({ row: w.row, mail: null })),
      ).compile(compiler);
      try {
        await sql.unsafe(compiled.sql, compiled.parameters as never[], { prepare: true });
        for (const w of group) w.done();
      } catch (err) {
        for (const w of group) w.done(err);
      }
    }
    queue = null;
  }
  const send = (row: SeatRow) =>
    new Promise<void>((resolve, reject) => {
      const w: Waiting = { row, done: (err) => (err ? reject(err) : resolve()) };
      if (queue) queue.push(w);
      else {
        queue = [w];
        void drain(queue);
      }
    });
  return async (i: number): Promise<number> => {
    const phone = `+849${String(i).padStart(8, '0')}`;
    const now = new Date();
    if (withReads) {
      const [event] = await sql`
        select e.id, e.kind, e.status, e.requires_approval, e.email_required, e.registration_opens_at, e.registration_closes_at,
               (select min(s.starts_at) from event_sessions s where s.event_id = e.id) as starts_at,
               coalesce((select json_agg(json_build_object('id', q.id, 'label', q.label, 'label_en', q.label_en, 'type', q.type,
                                                           'required', q.required, 'options', q.options) order by q.position)
                         from event_questions q where q.event_id = e.id), '[]'::json) as questions
        from events e where e.id = ${eventId}`;
      if (event?.status !== 'published') throw new Error('raw loop: event not open');
    }
    const manageToken = randomBytes(32).toString('base64url');
    await send({
      event_id: eventId,
      full_name: NAMES[i % NAMES.length]!,
      phone,
      gender: i % 2 ? 'male' : 'female',
      birth_year: 1970 + (i % 35),
      district: DISTRICTS[i % DISTRICTS.length]!,
      person_key: createHmac('sha256', personSecret).update(phone).digest('base64url'),
      answers: '{}',
      lang: 'vi',
      consent_version: 'bench',
      consent_processing_at: now,
      ticket_id: randomBytes(16).toString('base64url'),
      short_code: `r${(withReads ? 'a' : 'b') + i.toString(36).padStart(7, '0')}`,
      manage_token_hash: createHash('sha256').update(manageToken).digest('hex'),
      manage_token_sealed: null,
      created_at: now,
      updated_at: now,
    });
    return 201;
  };
}

// ---------------------------------------------------------------------------------------
// Printing.

const f0 = (n: number) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : 'n/a');
const f1 = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : 'n/a');
const pct = (n: number) => (Number.isFinite(n) ? `${(100 * n).toFixed(0)}%` : 'n/a');

function printResult(title: string, unit: string, r: LoadResult, cpu: CpuSplit | null) {
  const l = r.latency;
  console.log(`\n${title}`);
  console.log(
    `  ${f0(r.perSecond)} ${unit}/s over ${(r.windowMs / 1000).toFixed(1)} s (${f0(r.ok)} ok in window, ${f0(r.sent)} sent in all)`,
  );
  console.log(`  latency ms: p50 ${f1(l.p50)}  p90 ${f1(l.p90)}  p99 ${f1(l.p99)}  max ${f1(l.max)}  mean ${f1(l.mean)}`);
  console.log(
    `  statuses: ${JSON.stringify(r.statuses)}  non-2xx: ${r.non2xx}  errors: ${r.errors}${r.firstError ? `  first error: ${r.firstError}` : ''}`,
  );
  if (r.hitMaxRequests) console.log('  (stopped early: request cap reached)');
  console.log(formatCpu(cpu));
}

// ---------------------------------------------------------------------------------------

async function main(): Promise<number> {
  const watchdog = setTimeout(() => {
    process.stderr.write(`watchdog: the benchmark ran for ${WATCHDOG_MS / 1000} s; stopping\n`);
    void cleanUp().finally(() => process.exit(1));
  }, WATCHDOG_MS);
  cleanups.push(async () => clearTimeout(watchdog));

  const dbName = `kc_bench_${process.pid}`;
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
  cleanups.push(() => admin.end({ timeout: 5 }));
  await admin.unsafe(`create database "${dbName}"`);
  cleanups.push(async () => {
    await admin.unsafe(`drop database if exists "${dbName}" with (force)`);
  });
  const dbUrl = new URL(ADMIN_URL);
  dbUrl.pathname = `/${dbName}`;
  const [{ version }] = (await admin`select current_setting('server_version') as version`) as unknown as [{ version: string }];

  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env = {
    DATABASE_URL: dbUrl.toString(),
    DATABASE_POOL_SIZE: String(POOL_SIZE),
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    SECRET_KEY: randomBytes(32).toString('hex'),
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_URL: url,
  };

  const busyBefore = await machineBusyPercent();
  console.log('Registration benchmark — one hot event');
  console.log(
    `  node ${process.version}, ${os.cpus().length} cores, PostgreSQL ${version}; ${CONCURRENCY} clients, ` +
      `warm-up ${WARMUP_MS / 1000} s, measured ${DURATION_MS / 1000} s; DATABASE_POOL_SIZE ${POOL_SIZE} (server and raw loop)`,
  );
  console.log(
    `  machine ${busyBefore === null ? 'n/a' : `${busyBefore.toFixed(0)}%`} busy before the run (other jobs make the figures noisy)`,
  );

  // The CLI migrates the fresh database and prints the token once.
  const cli = spawnTracked('src/node/cli.ts', ['token:create', '--name', 'bench', '--role', 'organiser'], env);
  const cliExit = await Promise.race([cli.exited, sleep(60_000).then(() => 'timeout' as const)]);
  const token = cli.output().match(/token \(shown once\): (\S+)/)?.[1];
  if (cliExit !== 0 || !token) throw new Error(`token:create failed (${cliExit}):\n${cli.output()}`);

  const server = spawnTracked('src/node/server.ts', [], env);
  await waitForHealthy(url, server, 60_000);
  const hotEvent = await publishedEvent(url, token, 'Lớp bồi dưỡng kỹ năng quản lý — đo tải HTTP');
  const rawEvent = await publishedEvent(url, token, 'Lớp bồi dưỡng kỹ năng quản lý — đo SQL trực tiếp');
  const rawTxEvent = await publishedEvent(url, token, 'Lớp bồi dưỡng kỹ năng quản lý — chỉ giao dịch');

  // 1. HTTP registrations on one event.
  const client = await httpClient(url, CONCURRENCY);
  cleanups.push(() => client.close());
  console.log(`  HTTP client: ${client.kind}, ${CONCURRENCY} keep-alive connections`);
  const path = `/api/v1/events/${hotEvent}/registrations`;
  const headers = { 'content-type': 'application/json' };
  let firstBad: string | null = null;
  const serverCpu = cpuSampler({ server: server.child.pid }, dbName);
  const http = await runLoad({
    concurrency: CONCURRENCY,
    warmupMs: WARMUP_MS,
    durationMs: DURATION_MS,
    maxRequests: CAPACITY,
    onWindowStart: serverCpu.start,
    onWindowEnd: serverCpu.stop,
    request: async (i) => {
      const res = await client.request('POST', path, headers, registrationBody(i));
      if (res.status !== 201) firstBad ??= `${res.status} ${res.body.slice(0, 300)}`;
      return res.status;
    },
  });
  printResult(`1. HTTP: POST ${path.replace(hotEvent, ':id')} (real server, new person each)`, 'registrations', http, serverCpu.result());
  if (firstBad) console.log(`  first answer other than 201: ${firstBad}`);

  // JSON parameters travel as JSON text, as in the app (src/db/engines.ts).
  const sql = postgres(dbUrl.toString(), {
    max: POOL_SIZE,
    onnotice: () => {},
    types: {
      json: {
        to: 114,
        from: [114, 3802],
        serialize: (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v)),
        parse: (v: string) => JSON.parse(v) as unknown,
      },
    },
  });
  cleanups.push(() => sql.end({ timeout: 5 }));
  const [check] = await sql`
    select e.confirmed_count, count(r.id)::int as rows, count(r.id) filter (where r.status = 'confirmed')::int as confirmed
    from events e left join registrations r on r.event_id = e.id where e.id = ${hotEvent} group by e.id`;
  console.log(`  check: ${check?.rows} rows, ${check?.confirmed} confirmed, events.confirmed_count ${check?.confirmed_count}`);
  await client.close();
  await stopChild(server);

  // 2. The same SQL in a raw postgres.js loop, on a second event in the same database.
  await Promise.all(Array.from({ length: POOL_SIZE }, () => sql`select 1`));
  const rawCpu = cpuSampler({}, dbName);
  const raw = await runLoad({
    concurrency: CONCURRENCY,
    warmupMs: WARMUP_MS,
    durationMs: DURATION_MS,
    maxRequests: CAPACITY,
    onWindowStart: rawCpu.start,
    onWindowEnd: rawCpu.stop,
    request: rawRegistration(sql, rawEvent, true),
  });
  printResult('2. Raw postgres.js: the same event read + the same grouped seat-and-insert statement', 'transactions', raw, rawCpu.result());

  // 2b. Only the locked transaction: what the hot row allows when nothing else is sent.
  const txCpu = cpuSampler({}, dbName);
  const rawTx = await runLoad({
    concurrency: CONCURRENCY,
    warmupMs: WARMUP_MS,
    durationMs: DURATION_MS,
    maxRequests: CAPACITY,
    onWindowStart: txCpu.start,
    onWindowEnd: txCpu.stop,
    request: rawRegistration(sql, rawTxEvent, false),
  });
  printResult('2b. Raw postgres.js: the grouped seat-and-insert statement only (no read)', 'transactions', rawTx, txCpu.result());
  await sql.end({ timeout: 5 });

  // 3. The bare Hono hello route.
  const hello = await measureHello({
    concurrency: CONCURRENCY,
    warmupMs: WARMUP_MS,
    durationMs: DURATION_MS,
    spawn: spawnTracked,
    stop: stopChild,
  });
  const helloRun = hello.run;
  printResult('3. Bare Hono: GET / → "ok" (@hono/node-server)', 'requests', helloRun, hello.cpu);

  const ratioRaw = raw.perSecond > 0 ? http.perSecond / raw.perSecond : NaN;
  const ratioHello = http.perSecond / helloRun.perSecond;
  const rows: [string, string][] = [
    ['HTTP registrations/s (one event)', f0(http.perSecond)],
    ['  p50 / p99 ms', `${f1(http.latency.p50)} / ${f1(http.latency.p99)}`],
    ['raw transactions/s (same SQL)', f0(raw.perSecond)],
    ['  p50 / p99 ms', `${f1(raw.latency.p50)} / ${f1(raw.latency.p99)}`],
    ['raw locked transaction only/s', f0(rawTx.perSecond)],
    ['hello requests/s', f0(helloRun.perSecond)],
    ['  p50 / p99 ms', `${f1(helloRun.latency.p50)} / ${f1(helloRun.latency.p99)}`],
    [
      `registration / raw (target ≥ ${pct(TARGET_SHARE_OF_RAW)})`,
      `${pct(ratioRaw)} — ${ratioRaw >= TARGET_SHARE_OF_RAW ? 'met' : 'NOT met'}`,
    ],
    ['registration / hello', pct(ratioHello)],
    [`≥ ${f0(TARGET_PER_SECOND)} registrations/s`, http.perSecond >= TARGET_PER_SECOND ? 'met' : 'NOT met'],
  ];
  const others = [serverCpu.result(), rawCpu.result(), txCpu.result(), hello.cpu].map((c) => c?.shares['everything else']);
  rows.push([
    'other jobs on the machine (% of a core, phases 1/2/2b/3)',
    others.map((o) => (o === undefined ? 'n/a' : o.toFixed(0))).join(' / '),
  ]);
  const width = Math.max(...rows.map(([k]) => k.length));
  console.log('\nSummary');
  for (const [k, v] of rows) console.log(`  ${k.padEnd(width)}  ${v}`);

  if (others.some((o) => o !== undefined && o > 25)) {
    console.log('  Note: other jobs took CPU during the run; the figures understate this machine. Run again when it is idle.');
  }

  const failures = [
    http.non2xx || http.errors ? `HTTP: ${http.non2xx} non-2xx, ${http.errors} errors` : '',
    raw.non2xx || raw.errors || rawTx.errors ? `raw loop: ${raw.errors + rawTx.errors} errors` : '',
    helloRun.non2xx || helloRun.errors ? `hello: ${helloRun.non2xx} non-2xx, ${helloRun.errors} errors` : '',
    check && check.rows !== check.confirmed ? 'HTTP: some registrations were not confirmed' : '',
  ].filter(Boolean);
  if (failures.length) {
    console.log(`\nErrors: ${failures.join('; ')}`);
    return 1;
  }
  return 0;
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
