import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type ServerType, serve } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { nodeAssets } from '../src/node/assets.js';
import { fixedClock } from '../src/shared/clock.js';
import { silentLogger } from '../src/shared/logger.js';
import { makeToken, makeUser, PASSWORD, publishedEvent, registrationPayload, testConfig } from './support/app.js';
import { launchChromium } from './support/browser.js';
import { openTestDatabase, type TestDatabase } from './support/db.js';
import { freePort } from './support/processes.js';

/**
 * An organiser writes to an event's people from the messages page in Chromium: a ready text,
 * the preview, the send and its confirmation. Screenshots at 390 px and 1280 px go to
 * test/artifacts/. The app's clock is fixed so the class can have sessions already held.
 */
const SHOTS = join(import.meta.dirname, 'artifacts');
const FIVE_SESSIONS = [14, 15, 16, 17, 18].map((d) => ({ startsAt: `2026-12-${d}T08:00:00+07:00`, endsAt: `2026-12-${d}T11:30:00+07:00` }));

let testDb: TestDatabase | undefined;
let server: ServerType | undefined;
let browser: Browser | undefined;
let appUrl = '';
const clock = fixedClock('2026-12-01T02:00:00Z');

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  testDb = await openTestDatabase('postgres');
  const port = await freePort();
  appUrl = `http://localhost:${port}`;
  const app = createApp({
    db: testDb.handle.db,
    config: testConfig({ PUBLIC_URL: appUrl }),
    clock,
    log: silentLogger,
    clientAddress: (c) => getConnInfo(c).remote.address,
    assets: nodeAssets,
  });
  server = serve({ port, hostname: '127.0.0.1', fetch: app.fetch });
  browser = await launchChromium();
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

describe('messages page in Chromium', () => {
  it('an organiser starts from the thanks text, previews it for the first attendee, sends it and sees it listed', {
    timeout: 180_000,
  }, async () => {
    const db = testDb!.handle.db;
    await makeUser(db, 'organiser');
    const token = await makeToken(db, 'organiser');
    const eventId = await publishedEvent(bearer, token, {
      title: 'Lớp khởi sự doanh nghiệp nông thôn — khóa 3',
      topic: 'startup',
      capacity: 6,
      sessions: FIVE_SESSIONS,
    });
    const names = ['Nguyễn Thị Hoa', 'Trần Văn Nam', 'Lê Thị Lan', 'Phạm Văn Minh', 'Đỗ Thị Mai', 'Vũ Văn Hùng', 'Hoàng Thị Thu'];
    const regs: string[] = [];
    for (const [i, fullName] of names.entries()) {
      const body = registrationPayload();
      const res = await bearer('POST', `/api/v1/events/${eventId}/registrations`, {
        body: { ...body, person: { ...body.person, fullName, email: `hv${i}@khuyencong.test` } },
      });
      expect(res.status, res.text).toBe(201);
      regs.push(res.json.registration.id);
    }
    const sessions = (await bearer('GET', `/api/v1/events/${eventId}`)).json.event.sessions as { id: string }[];
    clock.set('2026-12-18T06:00:00Z');
    // Present at 5, 5, 4, 3, 1 and 0 sessions; the seventh waits for a seat.
    for (const [i, count] of [5, 5, 4, 3, 1, 0].entries()) {
      for (const s of sessions.slice(0, count)) {
        const res = await bearer('POST', `/api/v1/admin/events/${eventId}/attendance`, {
          token,
          body: { registrationId: regs[i], sessionId: s.id, status: 'present' },
        });
        expect(res.status, res.text).toBe(204);
      }
    }

    const context = await browser!.newContext({ locale: 'vi-VN', viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${appUrl}/login`);
    await page.fill('input[name=email]', 'organiser@khuyencong.test');
    await page.fill('input[name=password]', PASSWORD);
    await Promise.all([page.waitForURL(`${appUrl}/admin`), page.click('button[type=submit]')]);

    await page.goto(`${appUrl}/admin/events/${eventId}`);
    await Promise.all([page.waitForURL(/\/messages$/), page.getByRole('link', { name: 'Gửi thông báo' }).click()]);
    const count = (audience: string) => page.locator(`[data-audience=${audience}]`).getAttribute('data-recipients');
    expect(await count('confirmed')).toBe('6');
    expect(await count('attended')).toBe('5');
    expect(await count('no_show')).toBe('1');
    expect(await count('completed')).toBe('3');
    expect(await count('waitlisted')).toBe('1');

    await page.getByRole('link', { name: 'Cảm ơn và gửi tài liệu' }).click();
    await expect(page.locator('#audience-attended').isChecked()).resolves.toBe(true);
    const body = await page.locator('#message-body').inputValue();
    await page.fill(
      '#message-body',
      body
        .replace('[[đường dẫn tài liệu]]', 'https://khuyencong.haiphong.gov.vn/tai-lieu/ksdn-3')
        .replace('[[materials link]]', 'https://khuyencong.haiphong.gov.vn/tai-lieu/ksdn-3'),
    );
    await page.getByRole('button', { name: 'Xem trước' }).click();
    await expect(page.locator('.message-preview').textContent()).resolves.toContain(
      'Cảm ơn anh/chị đã tham dự Lớp khởi sự doanh nghiệp nông thôn — khóa 3',
    );
    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: 900 });
      await page.screenshot({ path: join(SHOTS, `messages-preview-${width}.png`), fullPage: true });
      if (width === 1280) expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    }

    await page.setViewportSize({ width: 1280, height: 900 });
    await Promise.all([page.waitForURL(/queued=5/), page.getByRole('button', { name: 'Gửi', exact: true }).click()]);
    await expect(page.getByRole('status').textContent()).resolves.toContain('Đã xếp hàng gửi 5 thư.');
    await expect(page.locator('table.messages-sent tbody tr').count()).resolves.toBe(1);
    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: 900 });
      await page.screenshot({ path: join(SHOTS, `messages-sent-${width}.png`), fullPage: true });
      if (width === 1280) expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    }
    // The registrations page links here from its operations bar, beside "add".
    await page.goto(`${appUrl}/admin/events/${eventId}/registrations`);
    await expect(page.locator('.ops-bar a[href$="/messages"]').count()).resolves.toBe(1);
    await page.setViewportSize({ width: 390, height: 900 });
    await page.screenshot({ path: join(SHOTS, 'messages-link-registrations-390.png') });
    await context.close();
  });
});
