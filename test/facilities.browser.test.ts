import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { seedProgrammes } from '../db/seed/programmes.js';
import { loadProgrammes } from '../src/programmes/programmes.usecases.js';
import { buildTestApp, makeToken, makeUser, ORIGIN, PASSWORD, publishedEvent, registrationPayload } from './support/app.js';
import { describeEachEngine } from './support/db.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SHOTS = join(import.meta.dirname, 'artifacts');
const CSS = readFileSync(join(import.meta.dirname, '../web/app.css'), 'utf8');

describeEachEngine('facility registry pages in a browser', ({ db, engine }) => {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('the registry, a facility and a selection round fit 1280 px without sideways scrolling and stay usable at 390 px', async () => {
    if (engine !== 'pglite') return; // one engine is enough to look at the pages
    await loadProgrammes(db(), seedProgrammes);
    const programme = await db().selectFrom('programmes').select('id').executeTakeFirstOrThrow();
    const t = buildTestApp(db(), { now: '2026-12-01T02:00:00Z' });
    const token = await makeToken(db(), 'organiser');
    const fair = await publishedEvent(t.call, token, {
      kind: 'fair',
      topic: 'fair_hosted',
      scope: 'district',
      title: 'Hội chợ hàng CNNT huyện Cát Hải',
    });
    const course = await publishedEvent(t.call, token, { title: 'Lớp quản trị doanh nghiệp nông thôn' });
    const booth = { type: 'standard', size: '3x3', count: 2, products: 'Nước mắm' };
    const reg = (eventId: string, facility: Record<string, string>, extra: Record<string, unknown> = {}) =>
      t.call('POST', `/api/v1/events/${eventId}/registrations`, { body: registrationPayload({ facility, ...extra }) });
    await reg(fair, { name: 'Nước mắm Cát Hải', district: 'Cát Hải', taxCode: '0100109106' }, { booth });
    await reg(fair, { name: 'CƠ SỞ NƯỚC MẮM CÁT HẢI', district: 'Cát Hải', taxCode: '0100109106' }, { booth });
    await reg(course, { name: 'Nước mắm Cát Hải', district: 'Cát Hải', taxCode: '0100109106' });
    await reg(fair, { name: 'Hợp tác xã Mây tre đan Tiên Lãng', district: 'Tiên Lãng' }, { booth });
    await reg(fair, { name: 'Công ty TNHH Gốm sứ Chu Đậu Hải Phòng', district: 'An Lão', taxCode: '0100112437' }, { booth });
    await makeUser(db(), 'admin');
    const cookie = await t.login('admin@khuyencong.test', PASSWORD);
    const form = (path: string, fields: Record<string, string>) =>
      t.call('POST', path, {
        cookie,
        headers: { origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(fields).toString(),
      });
    const created = await form('/admin/facilities/selection-rounds', {
      title: 'Bình chọn sản phẩm CNNT tiêu biểu huyện Cát Hải năm 2023',
      level: 'district',
      district: 'Cát Hải',
      heldOn: '2023-09-20',
      programmeId: programme.id,
    });
    const roundPath = created.headers.get('location')!;
    await form(`${roundPath}/entries`, {
      facilityName: 'Nước mắm Cát Hải',
      taxCode: '0100109106',
      district: 'Cát Hải',
      productName: 'Nước mắm cốt nhĩ 40 độ đạm',
      category: 'processing',
    });
    await form(`${roundPath}/entries`, {
      facilityName: 'Mây tre Cát Bà',
      district: 'Cát Hải',
      productName: 'Giỏ mây',
      category: 'handicraft',
    });
    const fish = await db().selectFrom('selection_entries').select('id').where('product_name', 'like', 'Nước%').executeTakeFirstOrThrow();
    await form(`${roundPath}/entries/${fish.id}/result`, { result: 'awarded', awardLevel: 'district', certificateNo: '15/GCN-UBND' });
    const facility = await db().selectFrom('facilities').select('id').where('tax_code', '=', '0100109106').executeTakeFirstOrThrow();

    const pages = {
      registry: '/admin/facilities',
      facility: `/admin/facilities/${facility.id}`,
      round: roundPath,
    };
    for (const width of [390, 1280]) {
      const context = await browser!.newContext({ viewport: { width, height: 900 } });
      await context.addCookies([{ name: cookie.split('=')[0]!, value: cookie.split('=').slice(1).join('='), url: ORIGIN }]);
      const page = await context.newPage();
      // The app answers in-process: no server, no port.
      await page.route('**/*', async (route) => {
        const url = new URL(route.request().url());
        if (url.pathname === '/assets/app.css') return route.fulfill({ body: CSS, contentType: 'text/css' });
        const res = await t.call(route.request().method(), url.pathname + url.search, { cookie });
        return route.fulfill({
          status: res.status,
          body: res.text,
          headers: { 'content-type': res.headers.get('content-type') ?? 'text/html' },
        });
      });
      for (const [name, path] of Object.entries(pages)) {
        await page.goto(`${ORIGIN}${path}`);
        await page.screenshot({ path: join(SHOTS, `facilities-${name}-${width}.png`), fullPage: true });
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        if (width === 1280) expect(overflow, `${name} at ${width}px`).toBeLessThanOrEqual(0);
        if (width === 390) expect(overflow, `${name} at ${width}px`).toBeLessThanOrEqual(0);
      }
      await context.close();
    }
  });
});
