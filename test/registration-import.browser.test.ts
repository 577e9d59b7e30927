import { existsSync, mkdirSync } from 'node:fs';
import { type ServerType, serve } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { nodeAssets } from '../src/node/assets.js';
import { systemClock } from '../src/shared/clock.js';
import { silentLogger } from '../src/shared/logger.js';
import { makeToken, makeUser, PASSWORD, publishedEvent, registrationPayload, sessionsFromToday, testConfig } from './support/app.js';
import { openTestDatabase, type TestDatabase } from './support/db.js';
import { freePort, ROOT } from './support/processes.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS = `${ROOT}test/artifacts`;

let testDb: TestDatabase | undefined;
let server: ServerType | undefined;
let browser: Browser | undefined;
let url = '';

beforeAll(async () => {
  if (!existsSync(CHROMIUM))
    throw new Error(`Chromium is needed and is not at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  mkdirSync(ARTIFACTS, { recursive: true });
  testDb = await openTestDatabase('postgres');
  const port = await freePort();
  url = `http://localhost:${port}`;
  const app = createApp({
    db: testDb.handle.db,
    config: testConfig({ PUBLIC_URL: url }),
    clock: systemClock,
    log: silentLogger,
    clientAddress: (c) => getConnInfo(c).remote.address,
    assets: nodeAssets,
  });
  server = serve({ port, hostname: '127.0.0.1', fetch: app.fetch });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  await testDb?.dispose();
});

async function bearerCall(method: string, path: string, opts: { body?: unknown; token?: string | undefined } = {}) {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: { authorization: `Bearer ${opts.token}`, ...(opts.body !== undefined && { 'content-type': 'application/json' }) },
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
  });
  const text = await res.text();
  // biome-ignore lint/suspicious/noExplicitAny: the test reads its own answers' fields.
  return { status: res.status, headers: res.headers, text, json: (text ? JSON.parse(text) : undefined) as any };
}

async function shoot(page: Page, name: string) {
  for (const width of [390, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: `${ARTIFACTS}/${name}-${width}.png`, fullPage: true });
    // At 1280 px nothing scrolls sideways; at 390 px only a table's own box may.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, `${name} at ${width} px`).toBeLessThanOrEqual(0);
  }
}

/** Pages in a PDF: its page objects (not the /Pages tree). */
const pdfPages = (pdf: Buffer) => (pdf.toString('latin1').match(/\/Type\s*\/Page(?![s\w])/g) ?? []).length;

describe('importing a commune list in Chromium', () => {
  it('dry run then commit from the page; the printed sheet is 2 A4 pages for 10 people', { timeout: 180_000 }, async () => {
    const db = testDb!.handle.db;
    await makeUser(db, 'organiser');
    const token = await makeToken(db, 'organiser');
    const eventId = await publishedEvent(bearerCall, token, { sessions: sessionsFromToday(), emailRequired: false });

    const names = [
      'Nguyễn Thị Ánh',
      'Trần Văn Bình',
      'Lê Thị Cúc',
      'Phạm Văn Dũng',
      'Hoàng Thị Én',
      'Vũ Văn Phúc',
      'Đặng Thị Giang',
      'Bùi Văn Hùng',
      'Đỗ Thị Yến',
      'Ngô Văn Khải',
    ];
    const csv = [
      '\uFEFFHọ và tên;Số điện thoại;Năm sinh;Huyện/Quận;Cơ sở',
      ...names.map((n, i) => `${n};${i % 3 === 2 ? '' : `0912 100 ${String(100 + i)}`};${1970 + i};Thủy Nguyên;`),
      'Trần Văn Bình;0912100101;1971;Thủy Nguyên;',
      'Người Sai Số;0123;1980;An Dương;',
    ].join('\r\n');

    const context = await browser!.newContext({ locale: 'vi-VN' });
    const page = await context.newPage();
    await page.goto(`${url}/login`);
    await page.fill('input[name=email]', 'organiser@khuyencong.test');
    await page.fill('input[name=password]', PASSWORD);
    await Promise.all([page.waitForURL(`${url}/admin`), page.click('button[type=submit]')]);

    await page.goto(`${url}/admin/events/${eventId}/registrations/import`);
    await page.setInputFiles('input[name=file]', { name: 'danh-sach-xa.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await Promise.all([page.waitForLoadState('load'), page.click('form.import-upload button[type=submit]')]);
    await expect.poll(() => page.textContent('.import-summary')).toContain('Mới: 10');
    expect(await page.textContent('.import-summary')).toContain('Trùng: 1');
    expect(await page.textContent('.import-summary')).toContain('Không hợp lệ: 1');
    expect(await page.locator('table.import-rows tbody tr').count()).toBe(12);
    expect((await db.selectFrom('registrations').select('id').execute()).length).toBe(0);
    await shoot(page, 'import-preview');

    await Promise.all([page.waitForURL(/\/import\/confirm$/), page.click('text=Xác nhận nhập: 10 người mới')]);
    expect(await page.textContent('.import-summary')).toContain('Đã thêm: 10');
    expect((await db.selectFrom('registrations').select('id').execute()).length).toBe(10);
    await shoot(page, 'import-done');

    await page.goto(`${url}/admin/events/${eventId}/tickets/print?who=all`);
    expect(await page.locator('article.print-ticket').count()).toBe(10);
    await shoot(page, 'ticket-sheet');
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
    expect(pdfPages(pdf)).toBe(2);
    await context.close();

    // The manage page of someone registered on the form: the card and the calendar links.
    const registered = await bearerCall('POST', `/api/v1/events/${eventId}/registrations`, { body: registrationPayload() });
    expect(registered.status).toBe(201);
    const holder = await browser!.newPage();
    await holder.goto(registered.json.registration.manageUrl);
    const google = await holder.getAttribute('a[href^="https://calendar.google.com/calendar/render"]', 'href');
    const params = new URL(google!).searchParams;
    expect(params.get('action')).toBe('TEMPLATE');
    expect(params.get('text')).toBe('Lớp quản trị doanh nghiệp nông thôn');
    expect(params.get('dates')).toMatch(/^\d{8}T010000Z\/\d{8}T043000Z$/);
    expect(params.get('location')).toContain('Trung tâm Khuyến công');
    expect(await holder.getAttribute('a[href$="/invite.ics"]', 'download')).toBe('invite.ics');
    await holder.waitForFunction(() => (document.querySelector('img.qr') as HTMLImageElement | null)?.naturalWidth === 400);
    await shoot(holder, 'manage-calendar');
    await holder.close();
  });
});
