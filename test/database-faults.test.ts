import http from 'node:http';
import { sql } from 'kysely';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgres } from '../src/db/engines.js';
import { eventPayload, makeToken, sessionsFromToday } from './support/app.js';
import { startThrowawayCluster, type ThrowawayCluster } from './support/pg-cluster.js';
import { freePort, type Running, runNode, waitForHealthy } from './support/processes.js';

/**
 * Faults a busy door meets: the database restarting under load, the server killed mid-rush.
 * Each run drives the real Node server over a PostgreSQL cluster of its own (the shared one at
 * 5432 is never stopped). Every request goes to 127.0.0.1 and the load is bounded in clients,
 * requests and seconds.
 */
const CLIENTS = 20;
const PAUSE_MS = 50; // between one client's requests: 20 clients × at most 20 a second
const MAX_PER_CLIENT = 400;
const REQUEST_TIMEOUT_MS = 8_000;
const SECRET = 'b'.repeat(64);

let cluster: ThrowawayCluster;
const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS + 2 });

beforeAll(async () => {
  cluster = await startThrowawayCluster();
});
afterAll(() => {
  agent.destroy();
  cluster?.destroy();
});

interface Answer {
  client: number;
  phone: string;
  sentAt: number;
  at: number;
  status: number | 'no answer';
  error?: string;
  retryAfter?: string | null;
  code?: string;
  registrationStatus?: string;
}

function request(method: string, url: string, body?: unknown, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; text: string }>((resolve, reject) => {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const req = http.request(url, {
      method,
      agent,
      timeout: REQUEST_TIMEOUT_MS,
      headers: { ...(payload && { 'content-type': 'application/json', 'content-length': payload.length }), ...headers },
    });
    req.on('response', (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${REQUEST_TIMEOUT_MS} ms`)));
    req.on('error', reject);
    req.end(payload);
  });
}

async function startServer(port: number): Promise<Running> {
  const server = runNode('src/node/server.ts', [], {
    DATABASE_URL: cluster.url,
    SECRET_KEY: SECRET,
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    LOG_LEVEL: 'error',
  });
  await waitForHealthy(`http://127.0.0.1:${port}`, server).catch((err: unknown) => {
    server.child.kill('SIGKILL');
    throw err;
  });
  return server;
}

/** A published event on the cluster, created through the API with a token made in the database. */
async function publishedEvent(base: string, capacity: number): Promise<string> {
  const handle = await openPostgres({ url: cluster.url, max: 1 });
  const token = await makeToken(handle.db, 'organiser').finally(() => handle.close());
  const auth = { authorization: `Bearer ${token}` };
  const created = await request(
    'POST',
    `${base}/api/v1/admin/events`,
    eventPayload({ capacity, emailRequired: false, sessions: sessionsFromToday(30) }),
    auth,
  );
  expect(created.status, created.text).toBe(201);
  const id = (JSON.parse(created.text) as { event: { id: string } }).event.id;
  expect((await request('POST', `${base}/api/v1/admin/events/${id}/publish`, undefined, auth)).status).toBe(200);
  return id;
}

/** The two fields the test reads from an answer, when they are there. */
function parseJson(text: string): { error?: { code?: string }; registration?: { status?: string } } {
  try {
    return JSON.parse(text);
  } catch {
    return {};
  }
}

let phoneSeq = 0;
const runTag = String(process.pid % 100).padStart(2, '0');

/**
 * CLIENTS people registering one after another while `going()` says so (60 s at most), each
 * a new person.
 */
async function rush(base: () => string, eventId: string, going: () => boolean): Promise<Answer[]> {
  const answers: Answer[] = [];
  const deadline = Date.now() + 60_000;
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, client) => {
      for (let n = 0; n < MAX_PER_CLIENT && Date.now() < deadline && going(); n++) {
        phoneSeq++;
        const phone = `098${runTag}${String(phoneSeq).padStart(5, '0')}`;
        const sentAt = Date.now();
        let answered = true;
        try {
          // A quarter of the clients send an Idempotency-Key: their registrations take the
          // transaction path (BEGIN … COMMIT), the others the grouped single statement.
          const res = await request(
            'POST',
            `${base()}/api/v1/events/${eventId}/registrations`,
            { person: { fullName: `Người đăng ký ${phoneSeq}`, phone }, consent: { processing: true } },
            client % 4 === 0 ? { 'idempotency-key': `fault-test-key-${phone}` } : {},
          );
          const json = parseJson(res.text);
          answers.push({
            client,
            phone,
            sentAt,
            at: Date.now(),
            status: res.status,
            retryAfter: res.headers['retry-after'] ?? null,
            code: json.error?.code,
            registrationStatus: json.registration?.status,
          });
        } catch (err) {
          answered = false;
          answers.push({ client, phone, sentAt, at: Date.now(), status: 'no answer', error: (err as Error).message });
        }
        // Clients come back sooner than Retry-After asks, so the test sees the first moment the
        // server serves again; a server that is not there is tried again less often.
        await new Promise((r) => setTimeout(r, answered ? PAUSE_MS : 250));
      }
    }),
  );
  return answers;
}

/** Polls /healthz every 100 ms until the deadline. */
async function probeHealth(base: string, durationMs: number) {
  const probes: { at: number; status: number | 'no answer'; retryAfter?: string | null }[] = [];
  const deadline = Date.now() + durationMs;
  while (Date.now() < deadline) {
    try {
      const res = await request('GET', `${base}/healthz`);
      probes.push({ at: Date.now(), status: res.status, retryAfter: res.headers['retry-after'] ?? null });
    } catch {
      probes.push({ at: Date.now(), status: 'no answer' });
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return probes;
}

async function stored(eventId: string, phones: string[]) {
  const sql = postgres(cluster.url, { max: 1, onnotice: () => {} });
  try {
    const found = await sql<{ phone: string }[]>`
      select phone from registrations where event_id = ${eventId} and phone = any(${phones.map((p) => `+84${p.slice(1)}`)})`;
    const [counts] = await sql<{ confirmed: number; capacity: number; counter: number }[]>`
      select (select count(*)::int from registrations r where r.event_id = e.id and r.status = 'confirmed') as confirmed,
             e.capacity, e.confirmed_count as counter
      from events e where e.id = ${eventId}`;
    return { found: new Set(found.map((r) => r.phone)), ...counts! };
  } finally {
    await sql.end();
  }
}

const seconds = (ms: number) => Math.round(ms / 100) / 10;

/** How many answers of each kind, for the log. */
function tally(answers: Answer[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const a of answers) {
    const key = `${a.status} ${a.code ?? a.error ?? ''}`.trim();
    out[key] = (out[key] ?? 0) + 1;
  }
  return out;
}

describe('a connection that dies inside a transaction [own PostgreSQL cluster]', () => {
  // kysely-postgres-js reserves a postgres.js connection for every query and transaction; the
  // driver's reserved path is what db/patches/postgres+3.4.9.patch repairs (porsager/postgres#1208).
  it('fails that transaction with a catchable error, and the next queries are answered', { timeout: 20_000 }, async () => {
    const handle = await openPostgres({ url: cluster.url, max: 1 });
    const killer = postgres(cluster.url, { max: 1, onnotice: () => {} });
    try {
      const failed = await handle.db
        .transaction()
        .execute(async (trx) => {
          const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx);
          await killer`select pg_terminate_backend(${rows[0]!.pid})`;
          await new Promise((r) => setTimeout(r, 200));
          await sql`select 1`.execute(trx);
        })
        .then(
          () => null,
          (err: { code?: string }) => err.code ?? String(err),
        );
      expect(failed).toMatch(/^(CONNECTION_CLOSED|57P01|ECONNRESET)$/);
      for (let i = 0; i < 3; i++) {
        const { rows } = await sql<{ n: number }>`select ${i}::int as n`.execute(handle.db);
        expect(rows[0]!.n).toBe(i);
      }
    } finally {
      await killer.end();
      await handle.close();
    }
  });
});

describe('the Node server when PostgreSQL goes away [own PostgreSQL cluster]', { timeout: 120_000 }, () => {
  it('a database restart under 20 registering clients: the server stays up, answers 503 with Retry-After while it is away, serves again within 5 s, loses nothing it acknowledged', async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const server = await startServer(port);
    try {
      const eventId = await publishedEvent(base, 1500);
      const start = Date.now();
      let away = 0;
      let back = 0;
      const restarted = (async () => {
        await new Promise((r) => setTimeout(r, 7_000));
        away = Date.now();
        await cluster.restart();
        back = Date.now();
      })();
      const [answers, probes] = await Promise.all([
        rush(
          () => base,
          eventId,
          () => Date.now() < start + 20_000,
        ),
        probeHealth(base, 20_000),
        restarted,
      ]);

      const by = (status: Answer['status']) => answers.filter((a) => a.status === status);
      const unexpected = answers.filter((a) => a.status !== 201 && a.status !== 503);
      const unavailable = by(503);
      // The first registration sent after the database was back and answered 201.
      const firstServed = answers.filter((a) => a.sentAt >= back && a.status === 201).sort((a, b) => a.at - b.at)[0];
      const lateFailures = answers.filter((a) => a.sentAt >= back + 5_000 && a.status !== 201);
      const acknowledged = by(201);
      const db = await stored(
        eventId,
        acknowledged.map((a) => a.phone),
      );
      console.info(
        `database restart: ${answers.length} registrations in ${seconds(Date.now() - start)} s; database away ${seconds(back - away)} s ` +
          `(from ${seconds(away - start)} s); ${unavailable.length} answered 503 (${unavailable.filter((a) => a.at >= away && a.at <= back).length} while it was away), ` +
          `${unexpected.length} other; first 201 ${firstServed ? seconds(firstServed.at - back) : '—'} s after it was back; ` +
          `${acknowledged.length} acknowledged, ${db.found.size} found; confirmed ${db.confirmed} of ${db.capacity}; ` +
          `health 503 ×${probes.filter((p) => p.status === 503).length}, unanswered ×${probes.filter((p) => p.status === 'no answer').length}`,
      );
      if (unexpected.length) console.info(tally(unexpected));

      expect(server.child.exitCode, server.output().slice(-3000)).toBeNull();
      expect(server.output()).not.toMatch(/TypeError|uncaught/i);
      expect(unexpected.slice(0, 5), `${unexpected.length} answers neither 201 nor 503`).toEqual([]);
      expect(unavailable.length, 'the restart was seen by no request').toBeGreaterThan(0);
      for (const a of unavailable) {
        expect(a.code).toBe('database.unavailable');
        expect(Number(a.retryAfter)).toBeGreaterThan(0);
      }
      expect(firstServed, 'no registration succeeded after the database came back').toBeDefined();
      expect(firstServed!.at - back).toBeLessThan(5_000);
      expect(lateFailures.slice(0, 5), `${lateFailures.length} failures sent 5 s or more after the database was back`).toEqual([]);

      expect(probes.filter((p) => p.status !== 200 && p.status !== 503)).toEqual([]);
      expect(probes.filter((p) => p.status === 503).every((p) => Number(p.retryAfter) > 0)).toBe(true);
      expect(probes.filter((p) => p.at >= back + 5_000 && p.status !== 200)).toEqual([]);

      expect(acknowledged.filter((a) => !db.found.has(`+84${a.phone.slice(1)}`)).map((a) => a.phone)).toEqual([]);
      expect(db.confirmed).toBeLessThanOrEqual(db.capacity);
      expect(db.counter).toBe(db.confirmed);

      // It also still stops cleanly: no connection is left waiting on the database that went away.
      server.child.kill('SIGTERM');
      expect(await Promise.race([server.exited, new Promise((r) => setTimeout(() => r('still running'), 15_000))])).toBe(0);
    } finally {
      if (server.child.exitCode === null) server.child.kill('SIGKILL');
    }
  });

  it('a server killed with SIGKILL mid-rush and started again: every registration it answered 201 is in the database', async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    let server = await startServer(port);
    try {
      const eventId = await publishedEvent(base, 400);
      let restartedAt = 0;
      const killed = (async () => {
        await new Promise((r) => setTimeout(r, 3_000));
        server.child.kill('SIGKILL');
        await server.exited;
        server = await startServer(port).catch((err: unknown) => {
          restartedAt = -1;
          throw err;
        });
        restartedAt = Date.now();
      })();
      // Until the restarted server has served for 3 s, however long it took to start.
      const going = () => restartedAt === 0 || (restartedAt > 0 && Date.now() < restartedAt + 3_000);
      const [answers] = await Promise.all([rush(() => base, eventId, going), killed]);

      const acknowledged = answers.filter((a) => a.status === 201);
      const db = await stored(
        eventId,
        acknowledged.map((a) => a.phone),
      );
      const missing = acknowledged.filter((a) => !db.found.has(`+84${a.phone.slice(1)}`)).map((a) => a.phone);
      console.info(
        `server killed: ${answers.length} registrations, ${answers.filter((a) => a.status === 'no answer').length} unanswered around the kill; ` +
          `${acknowledged.length} acknowledged, ${acknowledged.length - missing.length} found; confirmed ${db.confirmed} of ${db.capacity}`,
      );

      expect(missing).toEqual([]);
      expect(answers.filter((a) => a.status !== 201 && a.status !== 'no answer' && a.status !== 503)).toEqual([]);
      expect(acknowledged.filter((a) => a.sentAt >= restartedAt).length, 'the restarted server registered nobody').toBeGreaterThan(0);
      expect(db.confirmed).toBeLessThanOrEqual(db.capacity);
      expect(db.counter).toBe(db.confirmed);
    } finally {
      server.child.kill('SIGTERM');
      await Promise.race([server.exited, new Promise((r) => setTimeout(r, 15_000))]);
      if (server.child.exitCode === null) server.child.kill('SIGKILL');
    }
  });
});
