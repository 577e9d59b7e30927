/**
 * The Worker in local workerd (`wrangler dev`) beside the Node server, in the same run, over the
 * same fresh PostgreSQL database: registrations on one event, then door check-ins of distinct
 * tickets, each runtime in turn with the same clients (closed loop). Prints requests per second
 * and latency percentiles; exits 0 whatever they are, non-zero only on errors.
 *
 *   npm run bench:worker
 *   BENCH_CONCURRENCY=10 BENCH_WARMUP_MS=2000 BENCH_DURATION_MS=8000 npm run bench:worker
 *
 * Local workerd connects straight to PostgreSQL for every request (the Hyperdrive binding's
 * local connection string has no pool in front of it): the figures say what the Worker's own
 * code costs, not what Hyperdrive does (README, Deployment).
 */
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import postgres from 'postgres';
import { deriveKeys } from '../../src/shared/keys.js';
import { newShortCode, newTicketId, signTicket } from '../../src/tickets/ticket-token.js';
import { freePort, runNode, waitForHealthy } from '../support/processes.js';
import { startWranglerDev, type WranglerDev } from '../support/wrangler-dev.js';
import { cleanUpOnExit, intFromEnv, sleep, stopProcess } from './harness.js';
import { type CpuSplit, cpuSampler, formatCpu, httpClient, type LoadResult, machineBusyPercent, runLoad } from './load.js';

const int = intFromEnv;
// Ten clients: each Worker request opens its own database connection(s), and the shared
// server allows 100 in all.
const CONCURRENCY = int('BENCH_CONCURRENCY', 10);
const WARMUP_MS = int('BENCH_WARMUP_MS', 2_000);
const DURATION_MS = int('BENCH_DURATION_MS', 8_000);
/** Tickets loaded per runtime for the check-in phase; a phase stops early if it runs out. */
const TICKETS = int('BENCH_TICKETS', 40_000);
const ADMIN_URL = process.env.BENCH_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const WATCHDOG_MS = 8 * 60_000;

const { cleanups, cleanUp } = cleanUpOnExit();
const stop = stopProcess;

/** The process and its descendants (wrangler runs workerd as children), for CPU sampling. */
function processTree(root: number): Record<string, number> {
  const parents = new Map<number, number>();
  const names = new Map<number, string>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      names.set(Number(entry), stat.slice(stat.indexOf('(') + 1, close));
      parents.set(Number(entry), Number(stat.slice(close + 2).split(' ')[1]));
    } catch {
      // gone meanwhile
    }
  }
  const tree: Record<string, number> = {};
  const visit = (pid: number) => {
    tree[`${names.get(pid) ?? 'process'} ${pid}`] = pid;
    for (const [child, parent] of parents) if (parent === pid) visit(child);
  };
  visit(root);
  return tree;
}

const f0 = (n: number) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : 'n/a');
const f1 = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : 'n/a');
function print(title: string, unit: string, r: LoadResult, cpu: CpuSplit | null) {
  const l = r.latency;
  console.log(`\n${title}`);
  console.log(
    `  ${f0(r.perSecond)} ${unit}/s over ${(r.windowMs / 1000).toFixed(1)} s (${f0(r.ok)} ok in window, ${f0(r.sent)} sent in all)`,
  );
  console.log(`  latency ms: p50 ${f1(l.p50)}  p90 ${f1(l.p90)}  p99 ${f1(l.p99)}  max ${f1(l.max)}`);
  console.log(`  statuses: ${JSON.stringify(r.statuses)}  errors: ${r.errors}${r.firstError ? `  first error: ${r.firstError}` : ''}`);
  if (r.hitMaxRequests) console.log('  (stopped early: out of tickets)');
  console.log(formatCpu(cpu));
}

interface Target {
  name: string;
  url: string;
  pids: () => Record<string, number>;
}

async function main(): Promise<number> {
  const watchdog = setTimeout(() => void cleanUp().finally(() => process.exit(1)), WATCHDOG_MS);
  cleanups.push(async () => clearTimeout(watchdog));
  const dbName = `kc_bench_worker_${process.pid}`;
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
  cleanups.push(() => admin.end({ timeout: 5 }));
  await admin.unsafe(`create database "${dbName}"`);
  cleanups.push(async () => void (await admin.unsafe(`drop database if exists "${dbName}" with (force)`)));
  const dbUrl = new URL(ADMIN_URL);
  dbUrl.pathname = `/${dbName}`;
  const workerDbUrl = new URL(dbUrl);
  // Miniflare refuses a Hyperdrive URL without a password; trust authentication ignores it.
  if (!workerDbUrl.password) workerDbUrl.password = 'unused';

  const secret = randomBytes(32).toString('hex');
  const port = await freePort();
  const nodeUrl = `http://127.0.0.1:${port}`;
  const env = {
    DATABASE_URL: dbUrl.toString(),
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    SECRET_KEY: secret,
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_URL: nodeUrl,
    MAIL_DISPATCH: '0',
  };
  const versions = (await admin`select current_setting('server_version') as v`) as unknown as [{ v: string }];
  console.log('Worker benchmark — local workerd (wrangler dev) beside the Node server, same database');
  console.log(
    `  node ${process.version}, ${os.cpus().length} cores, PostgreSQL ${versions[0].v}; ${CONCURRENCY} clients, warm-up ${WARMUP_MS / 1000} s, measured ${DURATION_MS / 1000} s`,
  );
  const busy = await machineBusyPercent();
  console.log(`  machine ${busy === null ? 'n/a' : `${busy.toFixed(0)}%`} busy before the run (other jobs make the figures noisy)`);

  // The CLI migrates the fresh database and prints the token once.
  const cli = runNode('src/node/cli.ts', ['token:create', '--name', 'bench', '--role', 'admin'], env);
  cleanups.push(() => stop(cli));
  await Promise.race([cli.exited, sleep(60_000)]);
  const token = cli.output().match(/token \(shown once\): (\S+)/)?.[1];
  if (!token) throw new Error(`token:create failed:\n${cli.output()}`);

  const server = runNode('src/node/server.ts', [], env);
  cleanups.push(() => stop(server));
  await waitForHealthy(nodeUrl, server, 60_000);
  // No mail provider: these events need no email, and nothing should leave.
  const worker: WranglerDev = await startWranglerDev({
    databaseUrl: workerDbUrl.toString(),
    vars: { SECRET_KEY: secret, LOG_LEVEL: 'warn', PUBLIC_URL: 'http://127.0.0.1', MAIL_HTTP_URL: '' },
  });
  cleanups.push(() => worker.stop());
  const targets: Target[] = [
    { name: 'Node server (@hono/node-server, pool of 10)', url: nodeUrl, pids: () => ({ server: server.child.pid! }) },
    { name: 'local workerd (wrangler dev, a client per request)', url: worker.url, pids: () => processTree(worker.pid) },
  ];

  const sql = postgres(dbUrl.toString(), { max: 2, onnotice: () => {} });
  cleanups.push(() => sql.end({ timeout: 5 }));
  const keys = deriveKeys({ SECRET_KEY: secret, TICKET_KEYS: undefined });
  const auth = { 'content-type': 'application/json', authorization: `Bearer ${token}` };

  // One event per runtime, open for registration and at the door at once: its session starts
  // in 30 minutes (the door opens 60 minutes before).
  const events = new Map<string, { eventId: string; scanner: string; codes: string[] }>();
  for (const target of targets) {
    const start = new Date(Date.now() + 30 * 60_000);
    const created = await fetch(`${nodeUrl}/api/v1/admin/events`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({
        kind: 'training_class',
        topic: 'business_management',
        title: `Lớp bồi dưỡng — đo tải ${target.name}`,
        capacity: 100_000,
        emailRequired: false,
        sessions: [{ startsAt: start.toISOString(), endsAt: new Date(start.getTime() + 3 * 3600_000).toISOString() }],
      }),
    });
    if (created.status !== 201) throw new Error(`event: ${created.status} ${await created.text()}`);
    const eventId = ((await created.json()) as { event: { id: string } }).event.id;
    await fetch(`${nodeUrl}/api/v1/admin/events/${eventId}/publish`, { method: 'POST', headers: { authorization: auth.authorization } });
    const issued = await fetch(`${nodeUrl}/api/v1/auth/tokens`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ name: 'Máy quét đo tải', role: 'scanner', eventIds: [eventId] }),
    });
    const scanner = `Bearer ${((await issued.json()) as { token: string }).token}`;
    events.set(target.name, { eventId, scanner, codes: await loadTickets(sql, keys, eventId) });
  }
  await sql`vacuum (analyze)`;
  await sql`checkpoint`;
  console.log(`  ${f0(TICKETS)} confirmed tickets loaded per runtime for the door`);

  const results: { target: string; phase: string; run: LoadResult; sessionsPerRequest: number }[] = [];
  let phoneCounter = 0;
  for (const phase of ['registration', 'check-in'] as const) {
    for (const target of targets) {
      const { eventId, scanner, codes } = events.get(target.name)!;
      const client = await httpClient(target.url, CONCURRENCY);
      let firstBad: string | null = null;
      const cpu = cpuSampler(target.pids(), dbName);
      const sessionsBefore = await sessionsOpened(sql);
      const request =
        phase === 'registration'
          ? async () => {
              const n = ++phoneCounter;
              const body = JSON.stringify({
                person: {
                  fullName: 'Nguyễn Thị Hoa',
                  phone: `09${String(n).padStart(8, '0')}`,
                  gender: 'female',
                  birthYear: 1985,
                  district: 'Thủy Nguyên',
                },
                consent: { processing: true },
              });
              const res = await client.request(
                'POST',
                `/api/v1/events/${eventId}/registrations`,
                { 'content-type': 'application/json' },
                body,
              );
              if (res.status !== 201) firstBad ??= `${res.status} ${res.body.slice(0, 200)}`;
              return res.status;
            }
          : async (i: number) => {
              const body = JSON.stringify({ code: codes[i], eventId, deviceId: `may-${i % CONCURRENCY}`, nonce: `bench-${eventId}-${i}` });
              const res = await client.request(
                'POST',
                '/api/v1/checkins',
                { 'content-type': 'application/json', authorization: scanner },
                body,
              );
              if (res.status !== 200 || !res.body.includes('"result":"ok"')) firstBad ??= `${res.status} ${res.body.slice(0, 200)}`;
              return res.status;
            };
      const run = await runLoad({
        concurrency: CONCURRENCY,
        warmupMs: WARMUP_MS,
        durationMs: DURATION_MS,
        maxRequests: phase === 'registration' ? 100_000 : codes.length,
        requestTimeoutMs: 15_000,
        onWindowStart: cpu.start,
        onWindowEnd: cpu.stop,
        request,
      });
      await client.close();
      await sleep(500);
      const sessions = (await sessionsOpened(sql)) - sessionsBefore;
      print(
        `${phase === 'registration' ? 'POST /api/v1/events/:id/registrations' : 'POST /api/v1/checkins'} — ${target.name}`,
        phase === 'registration' ? 'registrations' : 'scans',
        run,
        cpu.result(),
      );
      if (firstBad) console.log(`  first unexpected answer: ${firstBad}`);
      console.log(`  PostgreSQL sessions opened: ${f0(sessions)} (${f1(sessions / Math.max(1, run.sent))} a request)`);
      results.push({ target: target.name, phase, run, sessionsPerRequest: sessions / Math.max(1, run.sent) });
    }
  }

  console.log('\nSummary (closed loop, the same clients for both)');
  const row = (phase: string, target: Target) => results.find((r) => r.phase === phase && r.target === target.name)!;
  for (const phase of ['registration', 'check-in']) {
    for (const target of targets) {
      const { run: r, sessionsPerRequest } = row(phase, target);
      console.log(
        `  ${phase.padEnd(12)} ${target.name.padEnd(52)} ${f0(r.perSecond).padStart(6)}/s  p50 ${f1(r.latency.p50).padStart(6)} ms  p99 ${f1(r.latency.p99).padStart(6)} ms  ` +
          `${f1(sessionsPerRequest)} new database sessions a request`,
      );
    }
  }
  const failed = results.filter((r) => r.run.errors > 0 || r.run.non2xx > 0);
  if (failed.length) {
    console.log(`\nErrors: ${failed.map((r) => `${r.phase} on ${r.target}: ${r.run.non2xx} non-2xx, ${r.run.errors} errors`).join('; ')}`);
    return 1;
  }
  return 0;
}

/** Database sessions (connections) started so far, counted by PostgreSQL itself. */
async function sessionsOpened(sql: postgres.Sql): Promise<number> {
  const [row] = await sql<
    { sessions: number }[]
  >`select sessions::int as sessions from pg_stat_database where datname = current_database()`;
  return row?.sessions ?? 0;
}

/** Confirmed tickets straight into the table (registration speed is measured on its own). */
const shortCodes = new Set<string>();
async function loadTickets(sql: postgres.Sql, keys: ReturnType<typeof deriveKeys>, eventId: string): Promise<string[]> {
  const codes: string[] = [];
  const now = new Date();
  for (let from = 0; from < TICKETS; from += 5_000) {
    const rows = Array.from({ length: Math.min(5_000, TICKETS - from) }, (_, k) => {
      const ticketId = newTicketId();
      codes.push(signTicket(keys.tickets, ticketId));
      let short = newShortCode();
      while (shortCodes.has(short)) short = newShortCode();
      shortCodes.add(short);
      const i = from + k;
      return {
        event_id: eventId,
        status: 'confirmed',
        full_name: `Đại biểu số ${i}`,
        phone: `+8493${String(i).padStart(7, '0')}`,
        person_key: `bench-${eventId}-${i}`,
        consent_version: 'bench',
        consent_processing_at: now,
        ticket_id: ticketId,
        short_code: short,
        manage_token_hash: randomBytes(32).toString('hex'),
        created_at: now,
        updated_at: now,
      };
    });
    await sql`insert into registrations ${sql(rows)}`;
  }
  return codes;
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
