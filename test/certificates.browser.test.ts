import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ServerType, serve } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { nodeAssets } from '../src/node/assets.js';
import { buildTestApp, makeUser, PASSWORD, registrationPayload } from './support/app.js';
import { launchChromium } from './support/browser.js';
import { openTestDatabase, type TestDatabase } from './support/db.js';
import { factories } from './support/factories.js';
import { freePort } from './support/processes.js';

/**
 * The printable certificate, the public verification page and the organiser's certificates page
 * in Chromium: Vietnamese with its diacritics, one A4 landscape sheet when printed, "ĐÃ THU HỒI"
 * once revoked. Screenshots at 390 px and 1280 px (and the print layout) go to test/artifacts/.
 */
const SHOTS = join(import.meta.dirname, 'artifacts');
const FIVE = [17, 18, 19, 20, 21].map((d) => ({ startsAt: `2025-11-${d}T08:00:00+07:00`, endsAt: `2025-11-${d}T11:30:00+07:00` }));

let testDb: TestDatabase | undefined;
let server: ServerType | undefined;
let browser: Browser | undefined;
let appUrl = '';
let t: ReturnType<typeof buildTestApp> | undefined;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  testDb = await openTestDatabase('postgres');
  const port = await freePort();
  appUrl = `http://localhost:${port}`;
  // The test's clock serves the browser too: the course is made before it, the pages read after it.
  t = buildTestApp(testDb.handle.db, { now: '2025-11-01T02:00:00Z', config: { PUBLIC_URL: appUrl } });
  const app = createApp({ ...t.deps, clientAddress: (c) => getConnInfo(c).remote.address, assets: nodeAssets });
  server = serve({ port, hostname: '127.0.0.1', fetch: app.fetch });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  await testDb?.dispose();
});

describe('certificates in Chromium', () => {
  it('the learner’s certificate prints on one A4 landscape sheet; the verify page shows it, then shows it revoked', {
    timeout: 180_000,
  }, async () => {
    const app = t!;
    const db = testDb!.handle.db;
    const make = factories(app);
    const event = await make.publishedEvent({
      sessions: FIVE,
      title: 'Lớp bồi dưỡng kỹ năng quản trị cho cơ sở công nghiệp nông thôn',
      titleEn: 'Management skills for rural industrial facilities',
    });
    const res = await app.call('POST', `/api/v1/events/${event.id}/registrations`, {
      body: registrationPayload({ person: { ...registrationPayload().person, fullName: 'Nguyễn Thị Hoa' } }),
    });
    const manageUrl = String(res.json.registration.manageUrl);
    app.clock.set('2025-11-21T05:00:00Z');
    for (const s of event.sessions.slice(0, 4)) await make.mark(event.id, res.json.registration.id, s.id);
    await makeUser(db, 'organiser');

    const context = await browser!.newContext({ locale: 'vi-VN', viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    // Signed in on today's clock: the session cookie's expiry is a real date the browser checks.
    app.clock.set(new Date());
    await page.goto(`${appUrl}/login`);
    await page.fill('input[name=email]', 'organiser@khuyencong.test');
    await page.fill('input[name=password]', PASSWORD);
    await Promise.all([page.waitForURL(`${appUrl}/admin`), page.click('button[type=submit]')]);
    app.clock.set('2025-11-21T05:00:00Z');
    await page.goto(`${appUrl}/admin/events/${event.id}/certificates`);
    expect(await page.locator('strong.due').textContent()).toBe('1');
    await Promise.all([page.waitForURL(/done=issued/), page.getByRole('button', { name: /Cấp giấy chứng nhận/ }).click()]);
    const number = (await page.locator('td.certificate-number').first().textContent()) ?? '';
    expect(number).toMatch(/^KC-2025-0001-[0-9A-HJKMNP-TV-Z]{5}$/);
    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: 900 });
      await page.screenshot({ path: join(SHOTS, `certificates-admin-${width}.png`), fullPage: true });
    }

    // The learner's printable certificate, from the manage link.
    const learner = await browser!.newContext({ locale: 'vi-VN', viewport: { width: 390, height: 900 } });
    const phone = await learner.newPage();
    await phone.goto(manageUrl);
    await phone.screenshot({ path: join(SHOTS, 'manage-certificate-390.png'), fullPage: true });
    await Promise.all([phone.waitForURL(/\/certificate$/), phone.getByRole('link', { name: 'Giấy chứng nhận' }).click()]);
    const sheet = phone.locator('article.certificate-sheet');
    await expect(sheet.locator('h1').textContent()).resolves.toContain('GIẤY CHỨNG NHẬN');
    await expect(sheet.locator('.certificate-name').textContent()).resolves.toBe('Nguyễn Thị Hoa');
    await expect(sheet.textContent()).resolves.toContain('Lớp bồi dưỡng kỹ năng quản trị cho cơ sở công nghiệp nông thôn');
    await expect(sheet.textContent()).resolves.toContain('17/11/2025 – 21/11/2025');
    expect(await phone.locator('img.certificate-qr').evaluate((img) => (img as HTMLImageElement).naturalWidth > 0)).toBe(true);
    // Each line is drawn in one face: no Vietnamese letter falls back to another font (as Liberation
    // Serif, behind "Times New Roman", did for some of "GIẤY CHỨNG NHẬN" on Linux).
    const cdp = await phone.context().newCDPSession(phone);
    await cdp.send('DOM.enable');
    await cdp.send('CSS.enable');
    const { root } = await cdp.send('DOM.getDocument');
    for (const selector of [
      'article.certificate-sheet h1',
      'article.certificate-sheet .certificate-name',
      'article.certificate-sheet .certificate-course',
    ]) {
      const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector });
      const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
      expect(new Set(fonts.map((f) => f.familyName)).size, `${selector}: ${JSON.stringify(fonts)}`).toBe(1);
    }
    await cdp.detach();
    for (const width of [390, 1280]) {
      await phone.setViewportSize({ width, height: 900 });
      await phone.screenshot({ path: join(SHOTS, `certificate-${width}.png`), fullPage: true });
      // Nothing runs off the side of the screen.
      expect(await phone.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    }
    // The same certificate as a file: the "Tải PDF" link downloads it.
    const [file] = await Promise.all([phone.waitForEvent('download'), phone.getByRole('link', { name: 'Tải PDF' }).click()]);
    expect(file.suggestedFilename()).toMatch(/^giay-chung-nhan-[A-Za-z0-9-]+\.pdf$/);
    await file.saveAs(join(SHOTS, 'certificate.pdf'));
    expect(readFileSync(join(SHOTS, 'certificate.pdf')).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    // Printed: one A4 landscape page (297 × 210 mm at 96 dpi is 1123 × 794 px), without the site's header.
    await phone.emulateMedia({ media: 'print' });
    await phone.setViewportSize({ width: 1123, height: 794 });
    await phone.screenshot({ path: join(SHOTS, 'certificate-print-a4.png') });
    expect(await phone.locator('header.site').isVisible()).toBe(false);
    const pdf = await phone.pdf({ preferCSSPageSize: true, printBackground: true });
    expect(pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g)?.length).toBe(1);
    const box = pdf.toString('latin1').match(/\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/);
    // A4 landscape in points: 842 × 595.
    expect([Math.round(Number(box?.[1])), Math.round(Number(box?.[2]))]).toEqual([842, 595]);
    await phone.emulateMedia({ media: 'screen' });

    // Anyone scanning the QR code: the verify page.
    const visitor = await browser!.newContext({ locale: 'vi-VN', viewport: { width: 390, height: 900 } });
    const verify = await visitor.newPage();
    await verify.goto(`${appUrl}/verify/${number}`);
    await expect(verify.locator('main').textContent()).resolves.toContain('Nguyễn Thị Hoa');
    await expect(verify.locator('main').textContent()).resolves.toContain('Giấy chứng nhận hợp lệ');
    for (const width of [390, 1280]) {
      await verify.setViewportSize({ width, height: 900 });
      await verify.screenshot({ path: join(SHOTS, `verify-${width}.png`), fullPage: true });
    }

    // The organiser revokes it with a reason; the verify page and the certificate then say so.
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.fill('input[name=reason]', 'Cấp nhầm người');
    await Promise.all([page.waitForURL(/done=revoked/), page.getByRole('button', { name: 'Thu hồi' }).click()]);
    await expect(page.locator('table.certificates').textContent()).resolves.toContain('Đã thu hồi');
    await page.screenshot({ path: join(SHOTS, 'certificates-admin-revoked-1280.png'), fullPage: true });
    await verify.reload();
    await expect(verify.locator('.verify-stamp').textContent()).resolves.toBe('ĐÃ THU HỒI / Revoked');
    for (const width of [390, 1280]) {
      await verify.setViewportSize({ width, height: 900 });
      await verify.screenshot({ path: join(SHOTS, `verify-revoked-${width}.png`), fullPage: true });
    }
    await page.goto(`${appUrl}/admin/events/${event.id}/certificates`);
    await page.getByRole('link', { name: 'Xem, in' }).click();
    await expect(page.locator('.certificate-stamp').textContent()).resolves.toBe('ĐÃ THU HỒI / Revoked');
    await page.screenshot({ path: join(SHOTS, 'certificate-revoked-1280.png'), fullPage: true });

    // A forged number: the page says not found.
    const forged = await verify.goto(`${appUrl}/verify/${number.slice(0, -5)}${number.endsWith('ZZZZZ') ? 'YYYYY' : 'ZZZZZ'}`);
    expect(forged?.status()).toBe(404);
    await expect(verify.locator('h1').textContent()).resolves.toBe('Không tìm thấy giấy chứng nhận');
    await verify.screenshot({ path: join(SHOTS, 'verify-not-found-1280.png'), fullPage: true });
    await context.close();
    await learner.close();
    await visitor.close();
  });
});
