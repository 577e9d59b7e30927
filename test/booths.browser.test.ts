import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type ServerType, serve } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { nodeAssets } from '../src/node/assets.js';
import { systemClock } from '../src/shared/clock.js';
import { silentLogger } from '../src/shared/logger.js';
import { makeToken, makeUser, PASSWORD, publishedEvent, registrationPayload, sessionsFromToday, testConfig } from './support/app.js';
import { openTestDatabase, type TestDatabase } from './support/db.js';
import { freePort } from './support/processes.js';

/**
 * An organiser allocates booths from the map in Chromium, and the facility's manage page then
 * shows them. Screenshots of both pages at 390 px and 1280 px go to test/artifacts/.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SHOTS = join(import.meta.dirname, 'artifacts');

let testDb: TestDatabase | undefined;
let server: ServerType | undefined;
let browser: Browser | undefined;
let appUrl = '';

beforeAll(async () => {
  if (!existsSync(CHROMIUM))
    throw new Error(`Chromium is needed and is not at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH)`);
  mkdirSync(SHOTS, { recursive: true });
  testDb = await openTestDatabase('postgres');
  const port = await freePort();
  appUrl = `http://localhost:${port}`;
  const app = createApp({
    db: testDb.handle.db,
    config: testConfig({ PUBLIC_URL: appUrl }),
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

async function bearer(method: string, path: string, opts: { body?: unknown; token?: string | undefined } = {}) {
  const res = await fetch(`${appUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${opts.token}`, ...(opts.body !== undefined && { 'content-type': 'application/json' }) },
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
  });
  const text = await res.text();
  // biome-ignore lint/suspicious/noExplicitAny: set-up answers are read field by field.
  return { status: res.status, headers: res.headers, text, json: (text ? JSON.parse(text) : undefined) as any };
}

describe('booth map in Chromium', () => {
  it('an organiser ticks booths on the map and allocates them; the facility’s manage page shows them', { timeout: 180_000 }, async () => {
    const db = testDb!.handle.db;
    await makeUser(db, 'organiser');
    const token = await makeToken(db, 'organiser');
    const eventId = await publishedEvent(bearer, token, {
      kind: 'fair',
      topic: 'fair_hosted',
      scope: 'district',
      title: 'Hội chợ sản phẩm công nghiệp nông thôn tiêu biểu Thủy Nguyên 2026',
      capacity: 1,
      sessions: sessionsFromToday(),
    });
    const booths = [
      ...Array.from({ length: 16 }, (_, i) => ({ code: `A${String(i + 1).padStart(2, '0')}`, zone: 'A' })),
      ...Array.from({ length: 6 }, (_, i) => ({
        code: `B${i + 1}`,
        zone: 'B',
        type: 'outdoor',
        size: '6x6',
        supportLevel: 'fully_supported',
      })),
    ];
    expect((await bearer('POST', `/api/v1/admin/events/${eventId}/booths`, { token, body: { booths } })).status).toBe(201);
    const request = async (name: string, count: number) =>
      (
        await bearer('POST', `/api/v1/events/${eventId}/registrations`, {
          body: registrationPayload({
            facility: { name, district: 'Thủy Nguyên' },
            booth: { type: 'standard', size: '3x3', count, products: 'Nước mắm truyền thống' },
          }),
        })
      ).json.registration;
    const fish = await request('Cơ sở chế biến nước mắm Cát Hải', 2);
    const pottery = await request('Hợp tác xã gốm sứ Chu Đậu', 1);
    const other = await request('Cơ sở mây tre đan Tiên Lãng', 1);
    // One request already confirmed with its booth, so the map shows all three states.
    const pick = (await bearer('GET', `/api/v1/admin/events/${eventId}/booths`, { token })).json.booths;
    await bearer('POST', `/api/v1/admin/registrations/${pottery.id}/booths`, { token, body: { boothIds: [pick[5].id] } });
    await bearer('POST', `/api/v1/admin/registrations/${pottery.id}/approve`, { token });
    void other;

    const context = await browser!.newContext({ locale: 'vi-VN', viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${appUrl}/login`);
    await page.fill('input[name=email]', 'organiser@khuyencong.test');
    await page.fill('input[name=password]', PASSWORD);
    await Promise.all([page.waitForURL(`${appUrl}/admin`), page.click('button[type=submit]')]);

    await page.goto(`${appUrl}/admin/events/${eventId}/booths`);
    await page.selectOption('select[name=registrationId]', fish.id);
    await page.getByRole('checkbox', { name: 'A01' }).check();
    await page.getByRole('checkbox', { name: 'A02' }).check();
    await Promise.all([page.waitForURL(/done=allocated/), page.getByRole('button', { name: /Giao các gian đã chọn/ }).click()]);
    await expect(page.locator('g[data-code="A01"]').getAttribute('data-state')).resolves.toBe('held');
    await expect(page.locator('g[data-code="A06"]').getAttribute('data-state')).resolves.toBe('allocated');
    await expect(page.locator('g[data-code="A03"]').getAttribute('data-state')).resolves.toBe('free');
    expect(await page.locator('#b-A01').textContent()).toContain('Cơ sở chế biến nước mắm Cát Hải');
    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: 900 });
      await page.screenshot({ path: join(SHOTS, `booth-map-${width}.png`), fullPage: true });
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: join(SHOTS, `booth-map-${width}-top.png`) });
      await page.locator('#list-heading').scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(SHOTS, `booth-map-${width}-list.png`) });
      // Main tables fit without sideways scrolling at 1280 px.
      if (width === 1280) expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    }

    const facility = await browser!.newContext({ locale: 'vi-VN', viewport: { width: 390, height: 900 } });
    const phone = await facility.newPage();
    await phone.goto(fish.manageUrl);
    const held = phone.locator('ul.booths-held');
    await expect(held.textContent()).resolves.toMatch(/A01[\s\S]*A02/);
    expect(await phone.getByText('Gian hàng được giao').count()).toBe(1);
    for (const width of [390, 1280]) {
      await phone.setViewportSize({ width, height: 900 });
      await phone.screenshot({ path: join(SHOTS, `manage-booths-${width}.png`), fullPage: true });
    }
    await context.close();
    await facility.close();
  });
});
