import type { Kysely } from 'kysely';
import { createApp } from '../../src/app.js';
import { insertUser } from '../../src/auth/auth.repository.js';
import { createApiToken, createUser } from '../../src/auth/auth.usecases.js';
import { hashPassword } from '../../src/auth/passwords.js';
import { type Config, parseConfig } from '../../src/config.js';
import type { Database, Role } from '../../src/db/schema.js';
import type { AppDeps } from '../../src/http/env.js';
import { fixedClock } from '../../src/shared/clock.js';
import { silentLogger } from '../../src/shared/logger.js';
import { inZone, toIsoInZone } from '../../src/shared/time.js';

export const ORIGIN = 'http://localhost:3000';

export function testConfig(overrides: Record<string, string> = {}): Config {
  const parsed = parseConfig({
    NODE_ENV: 'test',
    SECRET_KEY: 'test-secret-test-secret-test-secret-0123',
    LOG_LEVEL: 'silent',
    // The test runs' cheaper scrypt cost (vitest.config.ts); production's when unset.
    PASSWORD_HASH_COST: process.env.PASSWORD_HASH_COST,
    ...overrides,
  });
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.config;
}

export type TestClock = ReturnType<typeof fixedClock>;

/** The real app over a test database, with a clock the test controls. */
export function buildTestApp(db: Kysely<Database>, options: { now?: string; config?: Record<string, string>; client?: string } = {}) {
  const clock = fixedClock(options.now ?? '2026-12-01T02:00:00Z');
  const deps: AppDeps = {
    db,
    config: testConfig(options.config),
    clock,
    log: silentLogger,
    clientAddress: () => options.client ?? '203.0.113.7',
    assets: async (name) => (name === 'app.css' ? { body: 'body{}', type: 'text/css' } : null),
  };
  const app = createApp(deps);

  interface Call {
    body?: unknown;
    cookie?: string | undefined;
    token?: string | undefined;
    headers?: Record<string, string>;
  }
  const call = async (method: string, path: string, opts: Call = {}) => {
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.body !== undefined && !headers['content-type']) headers['content-type'] = 'application/json';
    // A signed-in browser sends the cookie from our own pages, which send their Origin with it;
    // a test about another site's page names its origin in `headers`.
    if (opts.cookie) {
      headers.cookie = opts.cookie;
      if (!('origin' in headers) && !('sec-fetch-site' in headers)) headers.origin = ORIGIN;
    }
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    const body = opts.body === undefined ? undefined : typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
    const res = await app.request(`${ORIGIN}${path}`, { method, headers, body });
    const text = await res.text();
    // biome-ignore lint/suspicious/noExplicitAny: every test reads its own answers' fields (some 290 reads); a type per answer would be a cast at each.
    let json: any;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: res.status, headers: res.headers, text, json };
  };

  /** Signs in through the API and returns the cookie header to send back. */
  const login = async (email: string, password: string) => {
    const res = await call('POST', '/api/v1/auth/login', { body: { email, password } });
    if (res.status !== 200) throw new Error(`login failed: ${res.status} ${res.text}`);
    const setCookie = res.headers.get('set-cookie') ?? '';
    return setCookie.split(';')[0]!;
  };

  return { app, deps, clock, call, login };
}

export const PASSWORD = 'đúng-mật-khẩu-123';

export async function makeUser(db: Kysely<Database>, role: Role, email = `${role}@khuyencong.test`, eventIds?: string[]) {
  return createUser({ db, clock: fixedClock('2026-12-01T00:00:00Z'), config: testConfig() }, { email, role, password: PASSWORD, eventIds });
}

/**
 * A user whose password hash was made at a low scrypt cost, as an account from before a cost
 * rise would have (the cost is read from each hash): a check takes about a millisecond, so a
 * test can make hundreds of wrong guesses. The login path is the same as for any account.
 */
export async function makeQuickUser(db: Kysely<Database>, role: Role, email = `${role}@khuyencong.test`) {
  return insertUser(db, { email, role, passwordHash: await hashPassword(PASSWORD, { N: 2 ** 10, r: 8, p: 1 }) });
}

export async function makeToken(db: Kysely<Database>, role: Role, eventIds?: string[]) {
  const created = await createApiToken({ db, clock: fixedClock('2026-12-01T00:00:00Z') }, null, { name: `${role} device`, role, eventIds });
  return created.token;
}

/**
 * A valid event payload for POST /api/v1/admin/events; override what a test is about. Its two
 * mornings are fixed days, 14 and 15 Dec 2026, in step with `buildTestApp`'s fixed clock; a test
 * whose app reads the real clock passes `sessions: sessionsFromToday()` instead.
 */
export function eventPayload(overrides: Record<string, unknown> = {}) {
  return {
    kind: 'training_class',
    title: 'Lớp quản trị doanh nghiệp nông thôn',
    topic: 'business_management',
    capacity: 30,
    venue: { name: 'Trung tâm Khuyến công', address: '16 Lý Tự Trọng', district: 'Hồng Bàng' },
    sessions: [
      { startsAt: '2026-12-14T08:00:00+07:00', endsAt: '2026-12-14T11:30:00+07:00' },
      { startsAt: '2026-12-15T08:00:00+07:00', endsAt: '2026-12-15T11:30:00+07:00' },
    ],
    ...overrides,
  };
}

/**
 * The same two mornings (08:00–11:30 in Hanoi) `daysAhead` days after today on the real clock,
 * for a server in another process or an app on `systemClock`: fixed days would close
 * registration, and move the door window, once they are past.
 */
export function sessionsFromToday(daysAhead = 14) {
  const first = inZone(new Date()).startOf('day').plus({ days: daysAhead });
  return [0, 1].map((i) => {
    const day = first.plus({ days: i });
    return {
      startsAt: toIsoInZone(day.set({ hour: 8 }).toJSDate()),
      endsAt: toIsoInZone(day.set({ hour: 11, minute: 30 }).toJSDate()),
    };
  });
}

let personCounter = 0;

/** A valid registration body for a new, distinct person (unique phone each call). */
export function registrationPayload(overrides: Record<string, unknown> = {}) {
  personCounter++;
  const n = String(1_000_000 + personCounter).slice(-7);
  return {
    person: {
      fullName: 'Nguyễn Thị Hoa',
      phone: `091${n}`,
      email: `hoc.vien.${n}@khuyencong.test`,
      gender: 'female',
      birthYear: 1988,
      district: 'Thủy Nguyên',
    },
    consent: { processing: true },
    ...overrides,
  };
}

/** A published event made through the API; returns its id. */
export async function publishedEvent(
  call: ReturnType<typeof buildTestApp>['call'],
  token: string,
  overrides: Record<string, unknown> = {},
) {
  const created = await call('POST', '/api/v1/admin/events', { token, body: eventPayload(overrides) });
  if (created.status !== 201) throw new Error(`event not created: ${created.text}`);
  const id = created.json.event.id as string;
  const published = await call('POST', `/api/v1/admin/events/${id}/publish`, { token });
  if (published.status !== 200) throw new Error(`event not published: ${published.text}`);
  return id;
}
