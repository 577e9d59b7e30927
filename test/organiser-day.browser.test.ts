import { existsSync, mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ServerType, serve } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import type { AppDeps } from '../src/http/env.js';
import { createDispatcher } from '../src/mail/dispatcher.js';
import type { MailMessage, MailTransport } from '../src/mail/transport.js';
import { nodeAssets } from '../src/node/assets.js';
import { systemClock } from '../src/shared/clock.js';
import { deriveKeys } from '../src/shared/keys.js';
import { silentLogger } from '../src/shared/logger.js';
import { inZone } from '../src/shared/time.js';
import { makeUser, PASSWORD, registrationPayload, testConfig } from './support/app.js';
import { openTestDatabase, type TestDatabase } from './support/db.js';
import { type ParsedInvite, parseInvite } from './support/mail.js';
import { freePort } from './support/processes.js';
import { readXlsx } from './support/xlsx.js';

/**
 * An organiser's day in Chromium, as one story: each step leaves the shared `day` as the next
 * one needs it: the class, its registrations, a session moved, someone moved up from the waiting
 * list, the XLSX export, a door account deactivated, and the audit log that records all of it.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS = join(dirname(fileURLToPath(import.meta.url)), 'artifacts');

let testDb: TestDatabase | undefined;
let appServer: ServerType | undefined;
let browser: Browser | undefined;
let appUrl = '';
let deps: AppDeps | undefined;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium is needed for this test and is not at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  }
  mkdirSync(ARTIFACTS, { recursive: true });
  testDb = await openTestDatabase('postgres');
  const port = await freePort();
  appUrl = `http://localhost:${port}`;
  deps = {
    db: testDb.handle.db,
    config: testConfig({ PUBLIC_URL: appUrl }),
    clock: systemClock,
    log: silentLogger,
    clientAddress: (c) => getConnInfo(c).remote.address,
    assets: nodeAssets,
  };
  const app = createApp(deps);
  appServer = serve({ port, hostname: '127.0.0.1', fetch: app.fetch });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => appServer?.close(resolve) ?? resolve(undefined));
  await testDb?.dispose();
});

/** What the story shares from step to step. */
interface Day {
  context: BrowserContext;
  page: Page;
  /** The class made in step 2. */
  eventId: string;
  /** Registrations made along the way, by name. */
  registrations: Record<string, { id: string; status: string; manageUrl: string }>;
  /** Every email sent so far, in order (the dispatcher runs when a step asks). */
  sent: MailMessage[];
  sendMail: () => Promise<void>;
}

/** Full-page screenshots at a phone's and a desk's width, into test/artifacts/. */
async function screenshots(page: Page, name: string) {
  for (const width of [390, 1280]) {
    await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
    await page.screenshot({ path: join(ARTIFACTS, `organiser-day-${name}-${width}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

/** "YYYY-MM-DDTHH:mm" (a datetime-local value, Vietnam time) `days` from today at `hour`:`minute`. */
function localDay(days: number, hour: number, minute = 0): string {
  return inZone(new Date()).startOf('day').plus({ days }).set({ hour, minute }).toFormat("yyyy-MM-dd'T'HH:mm");
}

function inviteOf(message: MailMessage | undefined): ParsedInvite {
  if (!message?.calendar) throw new Error('no invite in this email');
  return parseInvite(message.calendar.content);
}

describe("an organiser's day in Chromium", () => {
  it('sign in, create a two-session class with a question, preview, publish, take a registration, move a session, promote, export, deactivate a door account, read the audit log', {
    timeout: 420_000,
  }, async () => {
    const db = testDb!.handle.db;
    await makeUser(db, 'organiser', 'to.chuc@khuyencong.test');
    const context = await browser!.newContext({ locale: 'vi-VN', viewport: { width: 1280, height: 900 } });
    const sent: MailMessage[] = [];
    const transport: MailTransport = { name: 'smtp', send: async (m) => void sent.push(m), close: async () => {} };
    const dispatcher = createDispatcher({
      db,
      config: deps!.config,
      keys: deriveKeys(deps!.config),
      clock: systemClock,
      log: silentLogger,
      transport,
    });
    const day: Day = {
      context,
      page: await context.newPage(),
      eventId: '',
      registrations: {},
      sent,
      sendMail: async () => {
        await dispatcher.runOnce();
      },
    };
    const { page } = day;

    // Step 1: sign in.
    await page.goto(`${appUrl}/login`);
    await page.fill('input[name=email]', 'to.chuc@khuyencong.test');
    await page.fill('input[name=password]', PASSWORD);
    await Promise.all([page.waitForURL(`${appUrl}/admin`), page.click('button[type=submit]')]);

    // Step 2: a two-session class with one custom question, from the form.
    await Promise.all([page.waitForURL(`${appUrl}/admin/events/new`), page.click('a[href="/admin/events/new"]')]);
    await page.selectOption('select[name=kind]', 'training_class');
    await page.fill('input[name=title]', 'Lớp kỹ năng bán hàng trực tuyến');
    await page.fill('input[name=titleEn]', 'Online sales skills class');
    await page.fill('textarea[name=description]', 'Dành cho chủ cơ sở công nghiệp nông thôn muốn bán hàng qua mạng.');
    await page.selectOption('select[name=topic]', 'business_management');
    await page.fill('input[name="venue.name"]', 'Trung tâm Khuyến công');
    await page.fill('input[name="venue.address"]', '16 Lý Tự Trọng');
    await page.fill('input[name="venue.district"]', 'Hồng Bàng');
    await page.fill('input[name=capacity]', '2');
    await page.fill('input[name="sessions.0.startsAt"]', localDay(14, 8));
    await page.fill('input[name="sessions.0.endsAt"]', localDay(14, 11, 30));
    await page.fill('input[name="sessions.0.title"]', 'Khai giảng');
    await page.fill('input[name="sessions.1.startsAt"]', localDay(15, 8));
    await page.fill('input[name="sessions.1.endsAt"]', localDay(15, 11, 30));
    await page.fill('input[name="questions.0.label"]', 'Anh/chị đang bán hàng qua kênh nào?');
    await page.fill('input[name="questions.0.labelEn"]', 'Where do you sell today?');
    await page.selectOption('select[name="questions.0.type"]', 'choice');
    await page.fill('textarea[name="questions.0.options"]', 'Chợ\nSàn thương mại điện tử\nMạng xã hội');
    await screenshots(page, 'editor');
    await Promise.all([page.waitForURL(/\/admin\/events\/[0-9a-f-]{36}\?done=created$/), page.click('button.primary[type=submit]')]);
    day.eventId = page.url().match(/\/admin\/events\/([0-9a-f-]{36})/)![1]!;
    expect(await page.textContent('.notice.ok')).toContain('Đã tạo bản nháp');
    await screenshots(page, 'event-home');

    // Step 3: preview the draft as the public will see it.
    await Promise.all([page.waitForURL(`${appUrl}/admin/events/${day.eventId}/preview`), page.click(`a[href$="/preview"]`)]);
    expect(await page.textContent('.preview-banner')).toContain('Bản xem trước / Preview');
    expect(await page.textContent('h1')).toBe('Lớp kỹ năng bán hàng trực tuyến');
    expect(await page.getAttribute('meta[name=robots]', 'content')).toBe('noindex');
    await screenshots(page, 'preview');
    await page.goto(`${appUrl}/admin/events/${day.eventId}`);

    // Step 4: publish.
    await Promise.all([page.waitForURL(/\?done=published$/), page.click('form[action$="/publish"] button')]);
    expect(await page.textContent('[data-status]')).toBe('Đã công bố');

    // Step 5: a public registration arrives, answering the question.
    const question = await db.selectFrom('event_questions').select('id').where('event_id', '=', day.eventId).executeTakeFirstOrThrow();
    const res = await fetch(`${appUrl}/api/v1/events/${day.eventId}/registrations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(registrationPayload({ answers: { [question.id]: 'Mạng xã hội' } })),
    });
    expect(res.status).toBe(201);
    const hoa = ((await res.json()) as { registration: Day['registrations'][string] }).registration;
    expect(hoa.status).toBe('confirmed');
    day.registrations.hoa = hoa;
    await day.sendMail();
    const confirmation = inviteOf(day.sent.at(-1));
    expect(confirmation.events[0]).toMatchObject({ uid: `${hoa.id}@localhost`, sequence: 0 });

    // Step 6: move the first session to the afternoon; the registrant's invite follows.
    await page.goto(`${appUrl}/admin/events/${day.eventId}/edit`);
    await page.fill('input[name="sessions.0.startsAt"]', localDay(14, 13, 30));
    await page.fill('input[name="sessions.0.endsAt"]', localDay(14, 17));
    await Promise.all([page.waitForURL(/\?done=saved$/), page.click('button.primary[type=submit]')]);
    await day.sendMail();
    const moved = inviteOf(day.sent.at(-1));
    expect(day.sent.at(-1)!.to.address).toBe(day.sent.at(-2)!.to.address);
    expect(moved.method).toBe('REQUEST');
    expect(moved.events.every((e) => e.uid === `${hoa.id}@localhost`)).toBe(true);
    expect(Math.min(...moved.events.map((e) => e.sequence))).toBeGreaterThan(confirmation.events[0]!.sequence);
    expect(inZone(moved.events[0]!.start).toFormat("yyyy-MM-dd'T'HH:mm")).toBe(localDay(14, 13, 30));

    // Step 7: the class fills (capacity 2) and a third person waits; the organiser moves them up
    // from the registrations page, past capacity, through the page that asks first.
    const arrive = async (fullName: string, answer: string) => {
      const payload = registrationPayload({ answers: { [question.id]: answer } });
      payload.person.fullName = fullName;
      const r = await fetch(`${appUrl}/api/v1/events/${day.eventId}/registrations`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(payload),
      });
      expect(r.status).toBe(201);
      return ((await r.json()) as { registration: Day['registrations'][string] }).registration;
    };
    day.registrations.nam = await arrive('Trần Văn Nam', 'Chợ');
    expect(day.registrations.nam.status).toBe('confirmed');
    day.registrations.lan = await arrive('Phạm Thị Lan', 'Sàn thương mại điện tử');
    expect(day.registrations.lan.status).toBe('waitlisted');
    const lan = day.registrations.lan;
    const lanEmail = (await db.selectFrom('registrations').select('email').where('id', '=', lan.id).executeTakeFirstOrThrow()).email;
    await day.sendMail();
    const mailBefore = day.sent.length;
    await page.goto(`${appUrl}/admin/events/${day.eventId}/registrations`);
    expect(await page.textContent(`#r-${lan.id}`)).toContain('Phạm Thị Lan');
    await Promise.all([
      page.waitForURL(`${appUrl}/admin/events/${day.eventId}/registrations/${lan.id}/promote/confirm`),
      page.click(`#r-${lan.id} a[href$="/promote/confirm"]`),
    ]);
    expect(await page.textContent('h1')).toBe('Chuyển lên khi sự kiện đã đủ chỗ?');
    expect(await page.textContent('.notice.warn')).toContain('3/2');
    await Promise.all([
      page.waitForURL(new RegExp(`/registrations\\?op=promote&who=${lan.id}`)),
      page.click('form[action$="/promote"] button.primary'),
    ]);
    expect(await page.textContent('.notice.ok')).toContain('Đã chuyển lên từ danh sách chờ: Phạm Thị Lan');
    expect(await page.textContent(`#r-${lan.id}`)).not.toContain('Chuyển lên');
    const promoted = await db.selectFrom('registrations').select('status').where('id', '=', lan.id).executeTakeFirstOrThrow();
    expect(promoted.status).toBe('confirmed');
    day.registrations.lan = { ...lan, status: 'confirmed' };
    await day.sendMail();
    const promotedMail = day.sent.slice(mailBefore);
    expect(promotedMail.map((m) => m.to.address)).toEqual([lanEmail]);

    // The registrations table at a desk's width: its columns fit, no sideways scrolling.
    await screenshots(page, 'registrations');
    const fit = await page.evaluate(() => {
      const root = document.scrollingElement!;
      const table = document.querySelector('table.registrations')!;
      const box = table.parentElement!;
      return { page: root.scrollWidth - root.clientWidth, table: table.scrollWidth - box.clientWidth };
    });
    expect(fit).toEqual({ page: 0, table: 0 });

    // Step 8: export XLSX from the page's link; the three rows and the question's answers are in it.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('.ops-downloads a[href*="/registrations?"][href*="format=xlsx"]'),
    ]);
    const workbook = readXlsx(await readFile((await download.path())!));
    const rows = workbook.sheets[0]!.rows;
    const header = rows[0]!.map(String);
    const nameCol = header.indexOf('Họ tên / Name');
    const answerCol = header.indexOf('Anh/chị đang bán hàng qua kênh nào? / Where do you sell today?');
    expect(nameCol).toBeGreaterThanOrEqual(0);
    expect(answerCol).toBeGreaterThanOrEqual(0);
    const answers = Object.fromEntries(rows.slice(1).map((r) => [r[nameCol], r[answerCol]]));
    expect(answers).toEqual({ 'Nguyễn Thị Hoa': 'Mạng xã hội', 'Trần Văn Nam': 'Chợ', 'Phạm Thị Lan': 'Sàn thương mại điện tử' });

    // Step 9: an admin makes a door account for the class and gives it a scanner token; once the
    // account is deactivated, its next scan answers 401.
    await makeUser(db, 'admin', 'quan.tri@khuyencong.test');
    const adminContext = await browser!.newContext({ locale: 'vi-VN', viewport: { width: 1280, height: 900 } });
    const admin = await adminContext.newPage();
    await admin.goto(`${appUrl}/login`);
    await admin.fill('input[name=email]', 'quan.tri@khuyencong.test');
    await admin.fill('input[name=password]', PASSWORD);
    await Promise.all([admin.waitForURL(`${appUrl}/admin`), admin.click('button[type=submit]')]);
    await admin.goto(`${appUrl}/admin/users`);
    const createForm = 'form[action="/admin/users"]';
    await admin.fill(`${createForm} input[name=email]`, 'cua.lop@khuyencong.test');
    await admin.fill(`${createForm} input[name=fullName]`, 'Lê Văn Cửa');
    await admin.check(`${createForm} input[name=role][value=scanner]`);
    await admin.check(`${createForm} input[name=eventIds][value="${day.eventId}"]`);
    await Promise.all([admin.waitForURL(`${appUrl}/admin/users`), admin.click(`${createForm} button[type=submit]`)]);
    const doorPassword = (await admin.textContent('#shown-once'))!.trim();
    expect(doorPassword.length).toBeGreaterThanOrEqual(10);
    const door = await db.selectFrom('users').select('id').where('email', '=', 'cua.lop@khuyencong.test').executeTakeFirstOrThrow();
    const tokenForm = 'form[action="/admin/users/tokens"]';
    await admin.fill(`${tokenForm} input[name=name]`, 'Máy quét cửa lớp');
    await admin.check(`${tokenForm} input[name=role][value=scanner]`);
    await admin.selectOption(`${tokenForm} select[name=holderId]`, door.id);
    await admin.check(`${tokenForm} input[name=eventIds][value="${day.eventId}"]`);
    await Promise.all([admin.waitForURL(`${appUrl}/admin/users`), admin.click(`${tokenForm} button[type=submit]`)]);
    const doorToken = (await admin.textContent('#shown-once'))!.trim();
    const login = await fetch(`${appUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'cua.lop@khuyencong.test', password: doorPassword }),
    });
    expect(login.status).toBe(200);
    const doorCookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const ticket = await db.selectFrom('registrations').select('short_code').where('id', '=', hoa.id).executeTakeFirstOrThrow();
    let nonce = 0;
    const scan = (auth: { authorization: string } | { cookie: string }) =>
      fetch(`${appUrl}/api/v1/checkins`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: appUrl, ...auth },
        body: JSON.stringify({ code: ticket.short_code, eventId: day.eventId, deviceId: 'cua-lop', nonce: `cua-lop-${++nonce}-abcdef` }),
      });
    expect((await scan({ authorization: `Bearer ${doorToken}` })).status).toBe(200);
    expect((await scan({ cookie: doorCookie })).status).toBe(200);
    await Promise.all([
      admin.waitForURL(new RegExp(`/admin/users\\?deactivated=${door.id}`)),
      admin.click(`form[action="/admin/users/${door.id}/deactivate"] button`),
    ]);
    expect(await admin.textContent('.notice.ok')).toContain('cua.lop@khuyencong.test');
    expect((await scan({ authorization: `Bearer ${doorToken}` })).status).toBe(401);
    expect((await scan({ cookie: doorCookie })).status).toBe(401);

    // Step 10: the audit log shows the day's actions: the session moved, the promotion, the deactivation.
    await admin.goto(`${appUrl}/admin/audit`);
    const actions = await admin.$$eval('table.audit tbody tr', (trs) => trs.map((tr) => tr.textContent ?? ''));
    const row = (action: string, about: string) => actions.find((t) => t.includes(action) && t.includes(about));
    expect(row('Sửa sự kiện', 'Lớp kỹ năng bán hàng trực tuyến')).toContain('to.chuc@khuyencong.test');
    expect(row('Chuyển lên từ danh sách chờ', 'Phạm Thị Lan')).toContain('to.chuc@khuyencong.test');
    expect(row('Khoá tài khoản', 'quan.tri@khuyencong.test')).toBeDefined();
    await screenshots(admin, 'audit');
    // The organiser sees their own event's edits and promotion in the log too.
    await page.goto(`${appUrl}/admin/audit?eventId=${day.eventId}`);
    expect(await page.textContent('table.audit')).toContain('Chuyển lên từ danh sách chờ');

    await adminContext.close();
    await context.close();
  });
});
