import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type ServerType, serve } from '@hono/node-server';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haiPhong2021To2025 } from '../db/seed/programmes.js';
import { createApp } from '../src/app.js';
import { nodeAssets } from '../src/node/assets.js';
import { loadProgrammes } from '../src/programmes/programmes.usecases.js';
import { buildTestApp, makeUser, PASSWORD, registrationPayload } from './support/app.js';
import { launchChromium } from './support/browser.js';
import { openTestDatabase, type TestDatabase } from './support/db.js';
import { factories } from './support/factories.js';
import { freePort } from './support/processes.js';

/**
 * A learner answers the survey on a phone in Chromium, and the organiser reads the event's
 * results. Screenshots at 390 px and 1280 px go to test/artifacts/. The app runs on a clock the
 * test sets: during the class's first morning, after the learner was checked in.
 */
const SHOTS = join(import.meta.dirname, 'artifacts');

let testDb: TestDatabase | undefined;
let server: ServerType | undefined;
let browser: Browser | undefined;
let appUrl = '';

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  testDb = await openTestDatabase('postgres');
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  await testDb?.dispose();
});

describe('the feedback survey in Chromium', () => {
  it('a learner taps a mark per question and sends; the organiser reads the results', { timeout: 180_000 }, async () => {
    const db = testDb!.handle.db;
    const port = await freePort();
    appUrl = `http://localhost:${port}`;
    const t = buildTestApp(db, { now: '2026-12-01T02:00:00Z', config: { PUBLIC_URL: appUrl } });
    server = serve({ port, hostname: '127.0.0.1', fetch: createApp({ ...t.deps, assets: nodeAssets }).fetch });
    const make = factories(t);
    // The same targets over 2026, so the class counts toward one and the dashboard shows its answers.
    await loadProgrammes(db, [
      {
        ...haiPhong2021To2025,
        code: 'hai-phong-2026',
        nameVi: 'Chương trình khuyến công năm 2026 (thử)',
        nameEn: 'Extension programme 2026 (test)',
        startsOn: '2026-01-01',
        endsOn: '2026-12-31',
      },
    ]);
    const programme = await db.selectFrom('programmes').select('id').executeTakeFirstOrThrow();
    const event = await make.publishedEvent({ title: 'Lớp quản trị doanh nghiệp nông thôn Thủy Nguyên', programmeId: programme.id });
    const enrol = async (fullName: string) => {
      const body = registrationPayload();
      const res = await t.call('POST', `/api/v1/events/${event.id}/registrations`, {
        body: { ...body, person: { ...body.person, fullName } },
      });
      const token = String(res.json.registration.manageUrl).split('/manage/')[1] as string;
      t.clock.set(event.sessions[0]!.startsAt);
      await make.mark(event.id, res.json.registration.id, event.sessions[0]!.id);
      t.clock.set('2026-12-01T02:00:00Z');
      return token;
    };
    const hoa = await enrol('Nguyễn Thị Hoa');
    const others = [await enrol('Trần Văn Nam'), await enrol('Lê Thị Mai'), await enrol('Phạm Văn Đức')];
    t.clock.set('2026-12-14T03:00:00Z');

    const learner = await browser!.newContext({ locale: 'vi-VN', viewport: { width: 390, height: 844 } });
    const phone = await learner.newPage();
    await phone.goto(`${appUrl}/manage/${hoa}`);
    await phone.screenshot({ path: join(SHOTS, 'feedback-offer-390.png') });
    await Promise.all([
      phone.waitForURL(`${appUrl}/manage/${hoa}/feedback`),
      phone.getByRole('link', { name: 'Cho ý kiến về khóa học' }).click(),
    ]);
    await phone.screenshot({ path: join(SHOTS, 'feedback-survey-390.png'), fullPage: true });
    // Each mark is a large target: the whole button, not a small radio, takes the tap.
    const box = await phone.locator('#q-content .mark').first().boundingBox();
    expect(box?.height).toBeGreaterThanOrEqual(56);
    expect(box?.width).toBeGreaterThanOrEqual(56);
    // The page fits the phone without sideways scrolling.
    expect(await phone.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);

    // A question left out: the form comes back saying which, with the other marks kept.
    await phone.locator('#q-content label', { hasText: 'Tốt' }).first().click();
    await phone.locator('#q-trainer label', { hasText: '5' }).click();
    await phone.getByRole('button', { name: 'Gửi ý kiến' }).click();
    await phone.waitForLoadState();
    // The browser's own check stops a form with a required choice left out; the server says the same without it.
    expect(phone.url()).toBe(`${appUrl}/manage/${hoa}/feedback`);
    await phone.locator('#q-usefulness label', { hasText: 'Rất tốt' }).click();
    await phone.fill('#comment', 'Giảng viên nhiệt tình, ví dụ sát thực tế. Mong có thêm buổi thực hành.');
    await phone.screenshot({ path: join(SHOTS, 'feedback-survey-filled-390.png'), fullPage: true });
    await Promise.all([phone.waitForURL(/sent=1/), phone.getByRole('button', { name: 'Gửi ý kiến' }).click()]);
    expect(await phone.locator('h1').textContent()).toBe('Cảm ơn anh/chị!');
    await phone.screenshot({ path: join(SHOTS, 'feedback-thanks-390.png'), fullPage: true });
    const stored = await db.selectFrom('feedback').select(['content', 'trainer', 'usefulness']).executeTakeFirstOrThrow();
    expect(stored).toEqual({ content: 4, trainer: 5, usefulness: 5 });

    const laptop = await browser!.newContext({ locale: 'vi-VN', viewport: { width: 1280, height: 900 } });
    const wide = await laptop.newPage();
    await wide.goto(`${appUrl}/manage/${others[0]}/feedback`);
    await wide.screenshot({ path: join(SHOTS, 'feedback-survey-1280.png'), fullPage: true });
    const answers: [number, number, number, string | null][] = [
      [3, 4, 4, 'Nội dung hơi nhiều lý thuyết; <b>cần</b> thêm tài liệu.'],
      [5, 5, 4, null],
    ];
    for (const [i, [content, trainer, usefulness, comment]] of answers.entries()) {
      await t.call('POST', `/api/v1/manage/${others[i]}/feedback`, { body: { content, trainer, usefulness, comment } });
    }

    await makeUser(db, 'organiser');
    const organiser = await laptop.newPage();
    await organiser.goto(`${appUrl}/login`);
    await organiser.fill('input[name=email]', 'organiser@khuyencong.test');
    await organiser.fill('input[name=password]', PASSWORD);
    await Promise.all([organiser.waitForURL(`${appUrl}/admin`), organiser.click('button[type=submit]')]);
    await organiser.goto(`${appUrl}/admin/events/${event.id}`);
    await Promise.all([organiser.waitForURL(/\/feedback$/), organiser.getByRole('link', { name: 'Ý kiến học viên' }).click()]);
    expect(await organiser.locator('.feedback-facts').textContent()).toContain('75%');
    expect(await organiser.locator('ul.comments').textContent()).toContain('<b>cần</b>');
    for (const width of [1280, 390]) {
      await organiser.setViewportSize({ width, height: 900 });
      await organiser.screenshot({ path: join(SHOTS, `feedback-results-${width}.png`), fullPage: true });
    }
    await organiser.setViewportSize({ width: 1280, height: 900 });
    await organiser.goto(`${appUrl}/admin/programmes/${programme.id}`);
    const line = organiser.locator('.target-feedback').first();
    expect(await line.textContent()).toContain('3 ý kiến');
    await line.scrollIntoViewIfNeeded();
    await organiser.evaluate(() => window.scrollBy(0, -200));
    await organiser.screenshot({ path: join(SHOTS, 'feedback-dashboard-1280.png') });
    await learner.close();
    await laptop.close();
  });
});
