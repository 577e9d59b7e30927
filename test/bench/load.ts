import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import { freePort, type Running } from '../support/processes.js';
import { rawHttpClient } from './raw-http.js';

/**
 * Shared pieces of the benchmarks: a load generator (closed loop, or paced at a given rate),
 * a keep-alive HTTP client and CPU sampling from /proc. Every loop here stops by itself: by
 * time, by count, and each request by its own timeout.
 */

export interface LoadOptions {
  /** Clients, each an async loop that sends its next request when the last one answered. */
  concurrency: number;
  /**
   * Paced (open) load: the clients together send this many requests per second, each on its
   * own fixed schedule, still one request at a time. Latency counts from when a request was
   * due, not from when it went out, so an answer that comes late is charged both to itself
   * and to the requests it held back. Without it, each client sends again at once (closed loop).
   */
  ratePerSecond?: number;
  /** Measured window, after the warm-up. */
  durationMs: number;
  /** Requests during the warm-up are checked for errors but not measured. */
  warmupMs: number;
  /** Sends request number `i` (unique across clients) and resolves to its status. */
  request: (i: number) => Promise<number>;
  /** No more than this many requests in all (warm-up included). */
  maxRequests?: number;
  /** A request taking longer counts as an error and its client moves on. */
  requestTimeoutMs?: number;
  /** Called when the measured window opens and closes (CPU sampling). */
  onWindowStart?: () => void;
  onWindowEnd?: () => void;
}

export interface Latency {
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
}

export interface LoadResult {
  /** Requests answered 2xx inside the measured window. */
  ok: number;
  /** Per second, over the measured window. */
  perSecond: number;
  /** Milliseconds, of the requests completed inside the window (any status). */
  latency: Latency;
  /** The whole run, warm-up included. */
  sent: number;
  statuses: Record<string, number>;
  non2xx: number;
  errors: number;
  firstError: string | null;
  windowMs: number;
  /** True when `maxRequests` ended the run before its time. */
  hitMaxRequests: boolean;
}

export function percentiles(samples: Float64Array): Latency {
  if (samples.length === 0) return { p50: NaN, p90: NaN, p99: NaN, max: NaN, mean: NaN };
  const sorted = Float64Array.from(samples).sort();
  // Nearest-rank: the smallest sample at or above the given share of all samples.
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
  let sum = 0;
  for (const v of sorted) sum += v;
  return { p50: at(0.5), p90: at(0.9), p99: at(0.99), max: sorted[sorted.length - 1]!, mean: sum / sorted.length };
}

class Timeout extends Error {}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Timeout(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Closed-loop load: `concurrency` clients, each waiting for its answer before sending again
 * (or paced, with `ratePerSecond`). Throughput is what completed inside [warm-up end, end)
 * divided by the window; requests still in flight at the end are awaited (bounded by their
 * timeout) and checked, not counted.
 */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const { concurrency, durationMs, warmupMs, request } = options;
  const maxRequests = options.maxRequests ?? 10_000_000;
  const requestTimeoutMs = options.requestTimeoutMs ?? 15_000;

  const start = performance.now();
  const windowStart = start + warmupMs;
  const windowEnd = windowStart + durationMs;
  const startTimer = setTimeout(() => options.onWindowStart?.(), warmupMs);
  const endTimer = setTimeout(() => options.onWindowEnd?.(), warmupMs + durationMs);

  // Room for the expected samples; grows if a run is faster than guessed.
  let latencies = new Float64Array(1 << 16);
  let measured = 0;
  let ok = 0;
  let next = 0;
  let non2xx = 0;
  let errors = 0;
  let firstError: string | null = null;
  const statuses: Record<string, number> = {};

  const record = (startedAt: number, endedAt: number, status: number | null) => {
    if (status === null) errors++;
    else {
      statuses[status] = (statuses[status] ?? 0) + 1;
      if (status < 200 || status > 299) non2xx++;
    }
    if (endedAt < windowStart || endedAt >= windowEnd) return;
    if (measured === latencies.length) {
      const bigger = new Float64Array(latencies.length * 2);
      bigger.set(latencies);
      latencies = bigger;
    }
    latencies[measured++] = endedAt - startedAt;
    if (status !== null && status >= 200 && status <= 299) ok++;
  };

  // Paced: client c is due every `interval` ms, the clients spread evenly over one interval.
  const interval = options.ratePerSecond ? (concurrency * 1000) / options.ratePerSecond : 0;
  const client = async (_: unknown, c: number) => {
    let due = start + (interval * c) / concurrency;
    while (performance.now() < windowEnd && next < maxRequests) {
      if (interval > 0) {
        const wait = due - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        if (performance.now() >= windowEnd) break;
      }
      const i = next++;
      // A timer may fire a little early: then the scan went out before it was due.
      const startedAt = interval > 0 ? Math.min(due, performance.now()) : performance.now();
      due += interval;
      let status: number | null = null;
      try {
        status = await withTimeout(request(i), requestTimeoutMs);
      } catch (err) {
        firstError ??= err instanceof Error ? `${err.name}: ${err.message}` : String(err);
      }
      record(startedAt, performance.now(), status);
    }
  };

  await Promise.all(Array.from({ length: concurrency }, client));
  clearTimeout(startTimer);
  clearTimeout(endTimer);
  const stoppedAt = performance.now();
  const hitMaxRequests = stoppedAt < windowEnd;
  // A run cut short by maxRequests still fires onWindowEnd, so CPU samples close.
  if (hitMaxRequests) options.onWindowEnd?.();
  const windowMs = Math.max(1, Math.min(stoppedAt, windowEnd) - windowStart);
  return {
    ok,
    perSecond: (ok * 1000) / windowMs,
    latency: percentiles(latencies.subarray(0, measured)),
    sent: next,
    statuses,
    non2xx,
    errors,
    firstError,
    windowMs,
    hitMaxRequests,
  };
}

export interface HttpAnswer {
  status: number;
  body: string;
}

export interface HttpClient {
  /**
   * Which implementation: the lean one of raw-http.ts unless BENCH_HTTP_CLIENT asks for
   * undici's Pool (when it is installed) or node:http, to compare.
   */
  kind: 'raw' | 'undici' | 'node:http';
  request(method: string, path: string, headers?: Record<string, string>, body?: string): Promise<HttpAnswer>;
  close(): Promise<void>;
}

// The part of undici's Pool the client uses; undici is not a declared dependency, so it is
// loaded by a computed name and typed here.
interface UndiciPool {
  request(options: {
    path: string;
    method: string;
    headers?: Record<string, string>;
    body?: string;
  }): Promise<{ statusCode: number; body: { text(): Promise<string> } }>;
  close(): Promise<void>;
}
interface UndiciModule {
  Pool: new (origin: string, options: Record<string, unknown>) => UndiciPool;
}

/** A keep-alive client with exactly `connections` sockets to one origin. */
export async function httpClient(origin: string, connections: number, timeoutMs = 15_000): Promise<HttpClient> {
  const choice = process.env.BENCH_HTTP_CLIENT ?? 'raw';
  if (!['raw', 'undici', 'node'].includes(choice)) throw new Error('BENCH_HTTP_CLIENT must be raw, undici or node');
  if (choice === 'raw') return { kind: 'raw', ...rawHttpClient(origin, connections, timeoutMs) };
  const name = 'undici';
  const undici = choice === 'undici' ? ((await import(name).catch(() => null)) as UndiciModule | null) : null;
  if (choice === 'undici' && !undici?.Pool) throw new Error('BENCH_HTTP_CLIENT=undici: undici is not installed');
  if (undici?.Pool) {
    let closed = false;
    const pool = new undici.Pool(origin, {
      connections,
      pipelining: 1,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
      keepAliveTimeout: 60_000,
    });
    return {
      kind: 'undici',
      async request(method, path, headers, body) {
        const res = await pool.request({ path, method, ...(headers && { headers }), ...(body !== undefined && { body }) });
        return { status: res.statusCode, body: await res.body.text() };
      },
      close: async () => {
        if (closed) return;
        closed = true;
        await pool.close();
      },
    };
  }
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections, maxFreeSockets: connections });
  const base = new URL(origin);
  return {
    kind: 'node:http',
    request(method, path, headers = {}, body) {
      return new Promise((resolve, reject) => {
        const req = http.request(
          {
            host: base.hostname,
            port: base.port,
            path,
            method,
            agent,
            timeout: timeoutMs,
            headers: body === undefined ? headers : { ...headers, 'content-length': Buffer.byteLength(body) },
          },
          (res) => {
            let text = '';
            res.setEncoding('utf8');
            res.on('data', (d: string) => (text += d));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
            res.on('error', reject);
          },
        );
        req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
        req.on('error', reject);
        req.end(body);
      });
    },
    close: async () => agent.destroy(),
  };
}

let clockTicks: number | undefined;
function ticksPerSecond(): number {
  if (clockTicks === undefined) {
    try {
      clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      clockTicks = 100;
    }
  }
  return clockTicks;
}

/** utime + stime of a process, in seconds; null if it is gone or /proc is not readable. */
function processCpuSeconds(pid: number): { comm: string; seconds: number } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const close = stat.lastIndexOf(')');
    const comm = stat.slice(stat.indexOf('(') + 1, close);
    // Fields after "(comm)": state is field 3, utime 14, stime 15.
    const fields = stat.slice(close + 2).split(' ');
    return { comm, seconds: (Number(fields[11]) + Number(fields[12])) / ticksPerSecond() };
  } catch {
    return null;
  }
}

/** Busy and total CPU seconds of the whole machine (all cores), from /proc/stat. */
function machineCpuSeconds(): { busy: number; total: number } | null {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
    const [, ...values] = line.trim().split(/\s+/);
    const n = values.map(Number);
    const total = n.slice(0, 8).reduce((a, b) => a + b, 0);
    const idle = (n[3] ?? 0) + (n[4] ?? 0);
    return { busy: (total - idle) / ticksPerSecond(), total: total / ticksPerSecond() };
  } catch {
    return null;
  }
}

const POSTGRES_SHARED = /: (walwriter|checkpointer|background writer|autovacuum launcher|logical replication launcher)\s*$/;

/**
 * Local PostgreSQL processes that work for `database`: its backends (their title names the
 * database), the postmaster and the shared helpers (WAL writer, checkpointer). Other
 * databases' backends belong to other jobs.
 */
function postgresPids(database: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() !== 'postgres') continue;
      const title = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
      // "postgres: 15/main: <user> <database> <client> <state>", or the postmaster's own command line.
      const words = title.split(/\s+/);
      const isPostmaster = !title.startsWith('postgres:');
      if (isPostmaster || POSTGRES_SHARED.test(title) || words.slice(2, 6).includes(database)) pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

export interface CpuSplit {
  seconds: number;
  /** Each share in % of one core over the window (200% = both cores of a 2-core machine). */
  shares: Record<string, number>;
  machineBusyPercent: number | null;
  cores: number | null;
}

/**
 * Samples CPU use of named processes, of the local PostgreSQL processes that serve
 * `postgresDatabase` (when given) and of this process, between `start()` and `stop()`.
 */
export function cpuSampler(processes: Record<string, number | undefined>, postgresDatabase?: string) {
  let began = 0;
  let before = new Map<string, number>();
  let pgBefore = new Map<number, number>();
  let machineBefore: { busy: number; total: number } | null = null;
  let selfBefore = process.cpuUsage();
  let result: CpuSplit | null = null;

  const snapshot = () => {
    const named = new Map<string, number>();
    for (const [label, pid] of Object.entries(processes)) {
      const s = pid === undefined ? null : processCpuSeconds(pid);
      if (s) named.set(label, s.seconds);
    }
    const pg = new Map<number, number>();
    if (postgresDatabase) for (const pid of postgresPids(postgresDatabase)) pg.set(pid, processCpuSeconds(pid)?.seconds ?? 0);
    return { named, pg };
  };

  return {
    start() {
      const s = snapshot();
      before = s.named;
      pgBefore = s.pg;
      machineBefore = machineCpuSeconds();
      selfBefore = process.cpuUsage();
      began = performance.now();
    },
    stop() {
      if (result || began === 0) return;
      const seconds = (performance.now() - began) / 1000;
      const selfUsed = process.cpuUsage(selfBefore);
      const after = snapshot();
      const machineAfter = machineCpuSeconds();
      const pct = (s: number) => (100 * s) / seconds;
      const shares: Record<string, number> = {};
      for (const [label, value] of after.named) shares[label] = pct(value - (before.get(label) ?? value));
      if (postgresDatabase) {
        // Backends that started during the window count whole; ones that ended are lost (few: pools persist).
        let pg = 0;
        for (const [pid, value] of after.pg) pg += value - (pgBefore.get(pid) ?? 0);
        shares.postgres = pct(pg);
      }
      shares['bench (load generator)'] = pct((selfUsed.user + selfUsed.system) / 1e6);
      let machineBusyPercent: number | null = null;
      let cores: number | null = null;
      if (machineBefore && machineAfter) {
        const total = machineAfter.total - machineBefore.total;
        cores = Math.round(total / seconds);
        machineBusyPercent = total > 0 ? (100 * (machineAfter.busy - machineBefore.busy)) / total : null;
        // Whatever else ran meanwhile (other jobs on a shared machine make the figures noisy).
        const ours = Object.values(shares).reduce((a, b) => a + b, 0);
        shares['everything else'] = Math.max(0, pct(machineAfter.busy - machineBefore.busy) - ours);
      }
      result = { seconds, shares, machineBusyPercent, cores };
    },
    result(): CpuSplit | null {
      return result;
    },
  };
}

/** How busy the machine is over `ms` before a run, in % of all cores: other jobs make figures noisy. */
export async function machineBusyPercent(ms = 1_000): Promise<number | null> {
  const before = machineCpuSeconds();
  await new Promise((r) => setTimeout(r, ms));
  const after = machineCpuSeconds();
  if (!before || !after || after.total === before.total) return null;
  return (100 * (after.busy - before.busy)) / (after.total - before.total);
}

export function formatCpu(split: CpuSplit | null): string {
  if (!split) return '  CPU: not sampled';
  const parts = Object.entries(split.shares).map(([label, pct]) => `${label} ${pct.toFixed(0)}%`);
  const machine = split.machineBusyPercent === null ? '' : `; machine ${split.machineBusyPercent.toFixed(0)}% busy of ${split.cores} cores`;
  return `  CPU (% of one core): ${parts.join(', ')}${machine}`;
}

/**
 * The bare Hono hello route (test/bench/hello-server.ts) under the same closed loop: the HTTP
 * limit of this machine, measured in the same run as the app. `spawn` and `stop` are the
 * benchmark's own, so an interrupted run still stops the hello server.
 */
export async function measureHello(o: {
  concurrency: number;
  warmupMs: number;
  durationMs: number;
  spawn: (entry: string, args: string[], env: Record<string, string>) => Running;
  stop: (running: Running) => Promise<void>;
  /** Also a paced run at this rate: the latency floor of this machine's HTTP at that rate. */
  pacedRate?: number;
}): Promise<{ run: LoadResult; cpu: CpuSplit | null; paced?: LoadResult }> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const hello = o.spawn('test/bench/hello-server.ts', [], { PORT: String(port) });
  try {
    for (
      let tries = 0;
      !(await fetch(url)
        .then((r) => r.ok)
        .catch(() => false));
      tries++
    ) {
      if (hello.child.exitCode !== null || tries > 150) throw new Error(`hello server did not answer:\n${hello.output()}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    const client = await httpClient(url, o.concurrency);
    const getHello = async () => (await client.request('GET', '/')).status;
    try {
      const cpu = cpuSampler({ 'hello server': hello.child.pid });
      const run = await runLoad({
        concurrency: o.concurrency,
        warmupMs: o.warmupMs,
        durationMs: o.durationMs,
        onWindowStart: cpu.start,
        onWindowEnd: cpu.stop,
        request: getHello,
      });
      if (!o.pacedRate) return { run, cpu: cpu.result() };
      const paced = await runLoad({
        concurrency: o.concurrency,
        ratePerSecond: o.pacedRate,
        warmupMs: o.warmupMs,
        durationMs: o.durationMs,
        request: getHello,
      });
      return { run, cpu: cpu.result(), paced };
    } finally {
      await client.close();
    }
  } finally {
    await o.stop(hello);
  }
}
