import http from 'node:http';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventPayload, sessionsFromToday } from './support/app.js';
import { TEST_DATABASE_URL } from './support/postgres.js';
import { freePort, type Running, runNode, waitForHealthy } from './support/processes.js';

/**
 * The capacity rule under real concurrency: two server processes over one PostgreSQL
 * database, hundreds of registrations at once. PGlite serialises everything, so this runs on
 * PostgreSQL only. The control run switches the seat lock off and must oversell, which shows
 * the test can see a race at all.
 */
const SECRET = 'a'.repeat(64);
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
const admin = postgres(TEST_DATABASE_URL.replace(/\/[^/]*$/, '/postgres'), { max: 1, onnotice: () => {} });
const databases: string[] = [];

afterAll(async () => {
  agent.destroy();
  for (const name of databases) await admin.unsafe(`drop database if exists "${name}" with (force)`);
  await admin.end();
});

// biome-ignore lint/suspicious/noExplicitAny: the answers are read field by field in assertions.
function post(url: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: any }> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const req = http.request(url, {
      method: 'POST',
      agent,
      headers: { ...(payload && { 'content-type': 'application/json', 'content-length': payload.length }), ...headers },
    });
    req.on('response', (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, json: text ? JSON.parse(text) : undefined }));
    });
    req.on('error', reject);
    req.end(payload);
  });
}

interface Cluster {
  urls: string[];
  sql: postgres.Sql;
  eventId: string;
  stop(): Promise<void>;
}

async function startCluster(name: string, extraEnv: Record<string, string>): Promise<Cluster> {
  const database = `kc_race_${name}_${process.pid}`;
  await admin.unsafe(`drop database if exists "${database}" with (force)`);
  await admin.unsafe(`create database "${database}"`);
  databases.push(database);
  const url = TEST_DATABASE_URL.replace(/\/[^/]*$/, `/${database}`);
  const env = { DATABASE_URL: url, SECRET_KEY: SECRET, DATABASE_POOL_SIZE: '10', LOG_LEVEL: 'error', ...extraEnv };
  const cli = runNode('src/node/cli.ts', ['token:create', '--name', 'race', '--role', 'organiser'], env);
  expect(await cli.exited, cli.output()).toBe(0);
  const token = cli.output().match(/token \(shown once\): (\S+)/)![1]!;

  const servers: Running[] = [];
  const urls: string[] = [];
  for (let i = 0; i < 2; i++) {
    const port = await freePort();
    const server = runNode('src/node/server.ts', [], {
      ...env,
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: `http://127.0.0.1:${port}`,
    });
    await waitForHealthy(`http://127.0.0.1:${port}`, server);
    servers.push(server);
    urls.push(`http://127.0.0.1:${port}`);
  }
  const created = await post(
    `${urls[0]}/api/v1/admin/events`,
    eventPayload({ capacity: 50, emailRequired: false, sessions: sessionsFromToday() }),
    { authorization: `Bearer ${token}` },
  );
  expect(created.status).toBe(201);
  const eventId = created.json.event.id as string;
  expect((await post(`${urls[0]}/api/v1/admin/events/${eventId}/publish`, undefined, { authorization: `Bearer ${token}` })).status).toBe(
    200,
  );
  const sql = postgres(url, { max: 2, onnotice: () => {} });
  return {
    urls,
    sql,
    eventId,
    async stop() {
      await sql.end();
      for (const s of servers) s.child.kill('SIGTERM');
      await Promise.all(servers.map((s) => s.exited));
    },
  };
}

let phoneSeq = 0;
function person() {
  phoneSeq++;
  return {
    person: { fullName: `Học viên số ${phoneSeq}`, phone: `097${String(phoneSeq).padStart(7, '0')}` },
    consent: { processing: true },
  };
}

/** 500 people at once, alternating between the two servers. */
async function stampede(cluster: Cluster, count: number) {
  return Promise.all(
    Array.from({ length: count }, (_, i) => post(`${cluster.urls[i % 2]}/api/v1/events/${cluster.eventId}/registrations`, person())),
  );
}

async function statusCounts(sql: postgres.Sql, eventId: string) {
  const rows = await sql<
    { status: string; n: number }[]
  >`select status, count(*)::int as n from registrations where event_id = ${eventId} group by status`;
  return Object.fromEntries(rows.map((r) => [r.status, r.n])) as Record<string, number>;
}

describe('capacity under concurrency [postgres, two server processes]', { timeout: 180_000 }, () => {
  let cluster: Cluster;
  beforeAll(async () => {
    cluster = await startCluster('locked', {});
  });
  afterAll(async () => cluster?.stop());

  it('500 registrations at once for 50 seats: exactly 50 confirmed, 450 waitlisted in arrival order, no 5xx', async () => {
    const answers = await stampede(cluster, 500);
    expect(answers.filter((a) => a.status >= 500)).toEqual([]);
    expect(answers.every((a) => a.status === 201)).toBe(true);
    const statuses = answers.map((a) => a.json.registration.status);
    expect(statuses.filter((s) => s === 'confirmed')).toHaveLength(50);
    expect(statuses.filter((s) => s === 'waitlisted')).toHaveLength(450);
    expect(await statusCounts(cluster.sql, cluster.eventId)).toEqual({ confirmed: 50, waitlisted: 450 });
    const [event] = await cluster.sql`select confirmed_count from events where id = ${cluster.eventId}`;
    expect(event!.confirmed_count).toBe(50);
    // Arrival order is the order the database served them: every confirmed seat was taken
    // before anyone was put on the waitlist.
    const [order] = await cluster.sql`
      select max(seq) filter (where status = 'confirmed') as last_confirmed, min(seq) filter (where status = 'waitlisted') as first_waitlisted
      from registrations where event_id = ${cluster.eventId}`;
    expect(Number(order!.last_confirmed)).toBeLessThan(Number(order!.first_waitlisted));
  });

  it('20 cancellations interleaved with 20 new registrations: never above 50, promotions in waitlist order', async () => {
    const waitlistBefore = await cluster.sql<{ id: string }[]>`
      select id from registrations where event_id = ${cluster.eventId} and status = 'waitlisted' order by seq`;
    // Cancel through the organiser API (the manage links were only in the first answers).
    const confirmed = await cluster.sql<{ id: string }[]>`
      select id from registrations where event_id = ${cluster.eventId} and status = 'confirmed' order by random() limit 20`;
    const token = await organiserToken(cluster);
    const work: ReturnType<typeof post>[] = [];
    for (let i = 0; i < 20; i++) {
      work.push(
        post(`${cluster.urls[i % 2]}/api/v1/admin/registrations/${confirmed[i]!.id}/cancel`, undefined, {
          authorization: `Bearer ${token}`,
        }),
      );
      work.push(post(`${cluster.urls[(i + 1) % 2]}/api/v1/events/${cluster.eventId}/registrations`, person()));
    }
    const answers = await Promise.all(work);
    expect(answers.filter((a) => a.status >= 500)).toEqual([]);
    const counts = await statusCounts(cluster.sql, cluster.eventId);
    expect(counts.confirmed).toBe(50);
    expect(counts.cancelled).toBe(20);
    expect(counts.waitlisted).toBe(450);
    const promoted = await cluster.sql<{ id: string }[]>`
      select id from registrations where event_id = ${cluster.eventId} and status = 'confirmed' and id = any(${waitlistBefore.map((w) => w.id)}) order by seq`;
    expect(promoted.map((p) => p.id)).toEqual(waitlistBefore.slice(0, 20).map((w) => w.id));
  });
});

async function organiserToken(cluster: Cluster): Promise<string> {
  const [db] = await cluster.sql`select current_database() as name`;
  const url = TEST_DATABASE_URL.replace(/\/[^/]*$/, `/${db!.name}`);
  const cli = runNode('src/node/cli.ts', ['token:create', '--name', 'race-2', '--role', 'organiser'], {
    DATABASE_URL: url,
    SECRET_KEY: SECRET,
    LOG_LEVEL: 'error',
  });
  expect(await cli.exited, cli.output()).toBe(0);
  return cli.output().match(/token \(shown once\): (\S+)/)![1]!;
}

describe('control: the same stampede with the seat lock switched off [postgres]', { timeout: 180_000 }, () => {
  let cluster: Cluster;
  beforeAll(async () => {
    cluster = await startCluster('racy', { NODE_ENV: 'test', UNSAFE_RACY_SEATS: '1' });
  });
  afterAll(async () => cluster?.stop());

  it('oversells, so the test above would catch a broken lock', async () => {
    const answers = await stampede(cluster, 500);
    expect(answers.filter((a) => a.status >= 500)).toEqual([]);
    const counts = await statusCounts(cluster.sql, cluster.eventId);
    expect(counts.confirmed).toBeGreaterThan(50);
  });
});
