import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import postgres from 'postgres';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { eventPayload, registrationPayload } from './support/app.js';
import { TEST_DATABASE_URL } from './support/postgres.js';
import { freePort, type Running, runNode, waitForHealthy } from './support/processes.js';

// The door scanner as staff meet it on a new phone: what it says before anyone signed in, how
// long a refusal stays, what a reload keeps, and what a failing camera tells them.
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const dir = mkdtempSync(join(tmpdir(), 'kc-scanner-polish-'));
const SHOTS = process.env.SCANNER_SCREENSHOTS; // a folder: the test saves what the door saw

const dbName = `kc_scanner_polish_${process.pid}_${randomBytes(4).toString('hex')}`;
const dbUrl = Object.assign(new URL(TEST_DATABASE_URL), { pathname: `/${dbName}` }).href;
const pgAdmin = postgres(TEST_DATABASE_URL, { max: 1, onnotice: () => {} });

let server: Running | undefined;
let browser: Browser | undefined;
let url = '';
let admin = '';
let env: Record<string, string> = {};

async function api<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: { authorization: `Bearer ${admin}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return (text ? JSON.parse(text) : null) as T;
}

async function cli(args: string[]) {
  const run = runNode('src/node/cli.ts', args, env);
  if ((await run.exited) !== 0) throw new Error(run.output());
  return run.output();
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium is needed for the scanner page test and is not at ${CHROMIUM} (set CHROMIUM_PATH)`);
  const port = await freePort();
  url = `http://127.0.0.1:${port}`;
  await pgAdmin`create database ${pgAdmin(dbName)}`;
  env = { DATABASE_URL: dbUrl, DATA_DIR: join(dir, 'data'), PORT: String(port), HOST: '127.0.0.1', PUBLIC_URL: url };
  admin = (await cli(['token:create', '--name', 'Quản trị kiểm thử', '--role', 'admin'])).match(/token \(shown once\): (\S+)/)?.[1] ?? '';
  server = runNode('src/node/server.ts', [], env);
  await waitForHealthy(url, server);
});

afterEach(async () => {
  await browser?.close();
  browser = undefined;
});

afterAll(async () => {
  await browser?.close();
  server?.child.kill('SIGTERM');
  await server?.exited;
  await pgAdmin`drop database if exists ${pgAdmin(dbName)} with (force)`;
  await pgAdmin.end({ timeout: 1 });
  rmSync(dir, { recursive: true, force: true });
});

const BASE_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** An event whose session is open now, with a scanner token and a few confirmed people. */
async function openEvent(title: string, people: string[]) {
  const now = Date.now();
  const created = await api<{ event: { id: string } }>(
    'POST',
    '/api/v1/admin/events',
    eventPayload({
      title,
      capacity: 20,
      sessions: [
        { title: 'Buổi sáng', startsAt: new Date(now - 10 * 60_000).toISOString(), endsAt: new Date(now + 3 * 3600_000).toISOString() },
      ],
      registrationClosesAt: new Date(now + 2 * 3600_000).toISOString(),
    }),
  );
  const eventId = created.event.id;
  await api('POST', `/api/v1/admin/events/${eventId}/publish`);
  const token = (
    await api<{ token: string }>('POST', '/api/v1/auth/tokens', { name: `Máy quét ${title}`, role: 'scanner', eventIds: [eventId] })
  ).token;
  const codes: Record<string, string> = {};
  for (const fullName of people) {
    const body = registrationPayload();
    body.person = { ...body.person, fullName };
    const { registration } = await api<{ registration: { ticket: { code: string } } }>(
      'POST',
      `/api/v1/events/${eventId}/registrations`,
      body,
    );
    codes[fullName] = registration.ticket.code;
  }
  return { eventId, token, codes };
}

function watch(page: Page) {
  const problems: string[] = [];
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  return problems;
}

async function startWithToken(page: Page, token: string) {
  await page.fill('#token-form input[name=token]', token);
  await page.click('#token-form button[type=submit]');
  await page.waitForSelector('#start:not([disabled])', { timeout: 10_000 });
  await page.click('#start');
  await page.waitForSelector('#screen-scan', { state: 'visible' });
}

async function handScan(page: Page, text: string) {
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
}

const answerShown = (page: Page, result: string) =>
  page.waitForFunction(
    (r) => {
      const el = document.getElementById('answer') as HTMLElement;
      return !el.hidden && el.dataset.result === r;
    },
    result,
    { timeout: 10_000 },
  );
const answerVisible = (page: Page) => page.$eval('#answer', (el) => !(el as HTMLElement).hidden);
const answerGone = (page: Page) => page.waitForSelector('#answer', { state: 'hidden', timeout: 5_000 });
const recentNames = (page: Page) =>
  page.$$eval('#recent li', (items) => items.map((li) => `${li.querySelector('.who')?.textContent} ${(li as HTMLElement).dataset.result}`));

async function shots(page: Page, name: string) {
  if (!SHOTS) return;
  const size = page.viewportSize() ?? { width: 390, height: 780 };
  for (const width of [390, 1280]) {
    await page.setViewportSize({ width, height: width === 390 ? 780 : 800 });
    await page.screenshot({ path: join(SHOTS, `scanner-${name}-${width}.png`) });
  }
  await page.setViewportSize(size);
}

describe('the scanner page on a door phone', () => {
  it('says nothing of an ended sign-in on a new phone, and says it once a real sign-in has ended', async () => {
    const { eventId } = await openEvent('Lớp an toàn lao động', []);
    const email = `cua-${randomBytes(3).toString('hex')}@example.vn`;
    const password = 'mat-khau-cua-1';
    await cli([
      'user:create',
      '--email',
      email,
      '--role',
      'scanner',
      '--password',
      password,
      '--name',
      'Nhân viên cửa',
      '--event',
      eventId,
    ]);

    browser = await chromium.launch({ executablePath: CHROMIUM, args: BASE_ARGS });
    // A fresh profile: nothing stored, no cookie; a hand-scanner door (no camera asked for).
    const context = await browser.newContext({ viewport: { width: 390, height: 780 }, locale: 'vi-VN' });
    await context.addInitScript(() => localStorage.getItem('kc.scan.camera') ?? localStorage.setItem('kc.scan.camera', 'false'));
    const page = await context.newPage();
    const problems = watch(page);
    const meAnswered = page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/me'));
    await page.goto(`${url}/scan`);
    expect((await meAnswered).status()).toBe(401);
    await page.waitForSelector('#screen-signin', { state: 'visible' });
    await page.waitForLoadState('networkidle');
    expect(await page.isVisible('#notice')).toBe(false);
    expect(await page.textContent('body')).not.toContain('Phiên đăng nhập đã hết');

    // Signed in with email and password; the session then ends (its cookie is gone).
    await page.fill('#login-form input[name=email]', email);
    await page.fill('#login-form input[name=password]', password);
    await page.click('#login-form button[type=submit]');
    await page.waitForSelector('#start:not([disabled])', { timeout: 10_000 });
    await context.clearCookies();
    await page.reload();
    await page.waitForSelector('#screen-signin', { state: 'visible' });
    await page.waitForSelector('#notice', { state: 'visible' });
    expect(await page.textContent('#notice')).toContain('Phiên đăng nhập đã hết');

    // Signed out on purpose: the next visit is a plain sign-in screen again.
    await page.fill('#login-form input[name=email]', email);
    await page.fill('#login-form input[name=password]', password);
    await page.click('#login-form button[type=submit]');
    await page.waitForSelector('#start:not([disabled])', { timeout: 10_000 });
    await page.click('#sign-out');
    await page.waitForSelector('#screen-signin', { state: 'visible' });
    await page.reload();
    await page.waitForSelector('#screen-signin', { state: 'visible' });
    await page.waitForLoadState('networkidle');
    expect(await page.isVisible('#notice')).toBe(false);
    expect(problems).toEqual([]);
  });

  it('keeps a refusal on screen until dismissed or the next scan, lets green go by itself, and keeps the last answers across a reload', async () => {
    const { token, codes } = await openEvent('Lớp quản trị doanh nghiệp nhỏ', ['Đỗ Thị Lan', 'Ngô Văn Sơn', 'Bùi Thị Mai']);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: BASE_ARGS });
    const context = await browser.newContext({ viewport: { width: 390, height: 780 }, locale: 'vi-VN' });
    await context.addInitScript(() => localStorage.getItem('kc.scan.camera') ?? localStorage.setItem('kc.scan.camera', 'false'));
    const page = await context.newPage();
    const problems = watch(page);
    // The page's timers run on a clock the test moves: "still there after 3 s" is then exact.
    await page.clock.install();
    await page.goto(`${url}/scan`);
    await startWithToken(page, token);

    // Green: goes by itself once its 1.2 s are over.
    await handScan(page, codes['Đỗ Thị Lan'] as string);
    await answerShown(page, 'ok');
    expect(await page.isVisible('#answer .dismiss')).toBe(false);
    await page.clock.fastForward(1300);
    await answerGone(page);

    // Red: a code nobody holds stays, well past the green's time, with a button to put it away.
    await handScan(page, 'WXYWXYWX');
    await answerShown(page, 'unknown');
    await page.clock.fastForward(5000);
    expect(await answerVisible(page)).toBe(true);
    expect(await page.$eval('#answer', (el) => el.className)).toBe('answer bad');
    expect(await page.isVisible('#answer .dismiss')).toBe(true);
    await shots(page, 'refusal');
    await page.click('#answer .dismiss');
    await answerGone(page);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('code');

    // Amber (already in) waits too; the keyboard reaches the button and Enter on it dismisses.
    await handScan(page, codes['Đỗ Thị Lan'] as string);
    await answerShown(page, 'already_checked_in');
    await page.clock.fastForward(5000);
    expect(await answerVisible(page)).toBe(true);
    await page.focus('#answer .dismiss');
    await page.clock.fastForward(100); // the code field's focus keeper has had its turn
    expect(await page.evaluate(() => document.activeElement?.className)).toBe('dismiss');
    await page.keyboard.press('Enter');
    await answerGone(page);

    // Escape puts a refusal away as well.
    await handScan(page, 'WXYWXYWX');
    await answerShown(page, 'unknown');
    await page.keyboard.press('Escape');
    await answerGone(page);

    // The next scan replaces a waiting refusal: the next person gets their own answer.
    await handScan(page, 'WXYWXYWX');
    await answerShown(page, 'unknown');
    await handScan(page, codes['Ngô Văn Sơn'] as string);
    await page.waitForFunction(() => document.querySelector('#answer .name')?.textContent === 'Ngô Văn Sơn');
    await page.clock.fastForward(1300);
    await answerGone(page);

    // A reload keeps the last answers, newest first.
    const before = await recentNames(page);
    expect(before).toEqual(['Ngô Văn Sơn ok', '— unknown', '— unknown', 'Đỗ Thị Lan already_checked_in', '— unknown', 'Đỗ Thị Lan ok']);
    await page.reload();
    await page.waitForSelector('#screen-scan', { state: 'visible' });
    expect(await recentNames(page)).toEqual(before);

    // Signing out takes the names with it.
    await page.click('#sign-out');
    await page.waitForSelector('#screen-signin', { state: 'visible' });
    expect(await page.evaluate(() => localStorage.getItem('kc.scan.recent'))).toBeNull();
    await startWithToken(page, token);
    expect(await recentNames(page)).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('tells the door in plain words what to do when there is no camera, or it is not allowed', async () => {
    const { token } = await openEvent('Lớp kỹ thuật hàn', []);

    // A device without any camera.
    browser = await chromium.launch({ executablePath: CHROMIUM, args: [...BASE_ARGS, '--use-fake-ui-for-media-stream'] });
    let context = await browser.newContext({ viewport: { width: 390, height: 780 }, locale: 'vi-VN' });
    await context.grantPermissions(['camera'], { origin: url });
    let page = await context.newPage();
    let problems = watch(page);
    await page.goto(`${url}/scan`);
    await startWithToken(page, token);
    await page.waitForSelector('#notice[data-kind="camera-none"]', { timeout: 10_000 });
    const none = (await page.textContent('#notice')) ?? '';
    expect(none).toContain('Máy này không có camera dùng được');
    expect(none).toContain('This device has no camera');
    expect(none).not.toMatch(/NotFoundError|Requested device/);
    // Vietnamese first, then English.
    expect(none.indexOf('Máy này')).toBeLessThan(none.indexOf('This device'));
    expect(await page.textContent('#camera-off')).toContain('Không mở được camera');
    await shots(page, 'no-camera');
    expect(problems).toEqual([]);
    await browser.close();

    // A camera the browser is not allowed to use (the permission refused).
    browser = await chromium.launch({ executablePath: CHROMIUM, args: [...BASE_ARGS, '--use-fake-device-for-media-stream'] });
    context = await browser.newContext({ viewport: { width: 390, height: 780 }, locale: 'vi-VN' });
    page = await context.newPage();
    problems = watch(page);
    await page.goto(`${url}/scan`);
    await startWithToken(page, token);
    await page.waitForSelector('#notice[data-kind="camera-denied"]', { timeout: 10_000 });
    const denied = (await page.textContent('#notice')) ?? '';
    expect(denied).toContain('Trình duyệt đang chặn camera');
    expect(denied).toContain('Cho phép');
    expect(denied).toContain('The browser is blocking the camera');
    expect(denied).not.toMatch(/NotAllowedError|Permission denied/);
    await shots(page, 'camera-denied');
    expect(problems).toEqual([]);
  });
});
