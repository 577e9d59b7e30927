import { existsSync, mkdirSync } from 'node:fs';
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

/**
 * An organiser's day in Chromium, as one story: each step leaves the shared `day` as the next
 * one needs it. Steps other features add (the waiting list, exports, door accounts, the audit
 * log) go after the last one here, reading `day`.
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
  it('sign in, create a two-session class with a question, preview, publish, take a registration, move a session', {
    timeout: 240_000,
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

    // Further steps of the day continue here with `day` (same page, same event, mail so far).
    await context.close();
  });
});
