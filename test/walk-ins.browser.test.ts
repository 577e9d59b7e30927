import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventPayload } from './support/app.js';
import { TEST_DATABASE_URL } from './support/postgres.js';
import { freePort, type Running, runNode, waitForHealthy } from './support/processes.js';
import { pngToY4m } from './support/y4m.js';

// Debian's Chromium, driven by playwright-core (which brings no browser of its own).
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const dir = mkdtempSync(join(tmpdir(), 'kc-walkins-'));
// Screenshots of the walk-in form and the pairing QR, at a phone's and a laptop's width.
const SHOTS = join(import.meta.dirname, 'artifacts');
const PASSWORD = 'mật-khẩu-quản-trị-123';

const dbName = `kc_walkins_${process.pid}_${randomBytes(4).toString('hex')}`;
const dbUrl = Object.assign(new URL(TEST_DATABASE_URL), { pathname: `/${dbName}` }).href;
const pgAdmin = postgres(TEST_DATABASE_URL, { max: 1, onnotice: () => {} });
let db: ReturnType<typeof postgres> | undefined;
let server: Running | undefined;
const browsers: Browser[] = [];
let url = '';
let adminToken = '';

async function api(method: string, path: string, body?: unknown) {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: { authorization: `Bearer ${adminToken}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

const launch = async (args: string[] = []) => {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-sync',
      ...args,
    ],
  });
  browsers.push(browser);
  return browser;
};

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium is needed for this test and is not at ${CHROMIUM} (set CHROMIUM_PATH)`);
  mkdirSync(SHOTS, { recursive: true });
  const port = await freePort();
  url = `http://127.0.0.1:${port}`;
  await pgAdmin`create database ${pgAdmin(dbName)}`;
  db = postgres(dbUrl, { max: 2, onnotice: () => {} });
  const env = { DATABASE_URL: dbUrl, DATA_DIR: join(dir, 'data'), PORT: String(port), HOST: '127.0.0.1', PUBLIC_URL: url };
  const token = runNode('src/node/cli.ts', ['token:create', '--name', 'Quản trị kiểm thử', '--role', 'admin'], env);
  if ((await token.exited) !== 0) throw new Error(token.output());
  adminToken = token.output().match(/token \(shown once\): (\S+)/)![1]!;
  const user = runNode(
    'src/node/cli.ts',
    ['user:create', '--email', 'quantri@khuyencong.test', '--role', 'admin', '--password', PASSWORD],
    env,
  );
  if ((await user.exited) !== 0) throw new Error(user.output());
  server = runNode('src/node/server.ts', [], env);
  await waitForHealthy(url, server);
}, 120_000);

afterAll(async () => {
  for (const b of browsers) await b.close();
  server?.child.kill('SIGTERM');
  await server?.exited;
  await db?.end({ timeout: 1 });
  await pgAdmin`drop database if exists ${pgAdmin(dbName)} with (force)`;
  await pgAdmin.end({ timeout: 1 });
  rmSync(dir, { recursive: true, force: true });
});

async function answerShown(page: Page, result: string, name: string) {
  await page.waitForFunction(
    ([r, n]) => {
      const el = document.getElementById('answer')!;
      return !el.hidden && el.dataset.result === r && el.querySelector('.name')!.textContent === n;
    },
    [result, name] as const,
    { timeout: 15_000 },
  );
  return page.$eval('#answer', (el) => ({ offline: el.querySelector('.offline-mark')!.textContent }));
}

describe('walk-ins and pairing at the door, in Chromium', () => {
  it('an admin issues a door phone its pairing QR; the phone pairs by camera, admits a walk-in online and one offline, each counted once', async () => {
    const now = Date.now();
    const created = await api(
      'POST',
      '/api/v1/admin/events',
      eventPayload({
        title: 'Lớp kỹ năng bán hàng trực tuyến',
        capacity: 10,
        sessions: [
          { title: 'Buổi sáng', startsAt: new Date(now - 10 * 60_000).toISOString(), endsAt: new Date(now + 3 * 3600_000).toISOString() },
        ],
        registrationClosesAt: new Date(now + 2 * 3600_000).toISOString(),
      }),
    );
    const eventId = created.event.id as string;
    await api('POST', `/api/v1/admin/events/${eventId}/publish`);

    // The admin, on a laptop: signs in, issues a token for the door phone, sees it as a QR once.
    const office = await launch();
    const desk = await (await office.newContext({ viewport: { width: 1280, height: 900 }, locale: 'vi-VN' })).newPage();
    await desk.goto(`${url}/login?next=/admin/devices`);
    await desk.fill('input[name=email]', 'quantri@khuyencong.test');
    await desk.fill('input[name=password]', PASSWORD);
    await Promise.all([desk.waitForURL(/\/admin\/devices/), desk.click('form[action="/login"] button[type=submit]')]);
    await desk.fill('input[name=name]', 'Điện thoại cửa 1');
    await desk.check(`input[name=eventIds][value="${eventId}"]`);
    await Promise.all([desk.waitForSelector('#pairing-qr svg'), desk.click('.devices-form button[type=submit]')]);
    const token = (await desk.textContent('#issued-token'))!.trim();
    await desk.screenshot({ path: join(SHOTS, 'devices-pairing-1280.png'), fullPage: true });
    await desk.setViewportSize({ width: 390, height: 844 });
    await desk.screenshot({ path: join(SHOTS, 'devices-pairing-390.png'), fullPage: true });
    await desk.setViewportSize({ width: 1280, height: 900 });
    // What the phone's camera sees: the page's own QR code.
    const qrPng = await desk.locator('#pairing-qr').screenshot();
    const video = join(dir, 'pairing.y4m');
    writeFileSync(video, pngToY4m(qrPng));

    // The door phone, its camera pointed at the admin's screen.
    const door = await launch([
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      `--use-file-for-fake-video-capture=${video}`,
    ]);
    const context = await door.newContext({ viewport: { width: 390, height: 844 }, locale: 'vi-VN' });
    await context.grantPermissions(['camera'], { origin: url });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
    await page.goto(`${url}/scan`);
    await page.waitForSelector('#screen-signin', { state: 'visible' });
    await page.click('#pair-start');
    await page.waitForSelector('#start:not([disabled])', { timeout: 20_000 }); // paired: its events and sessions loaded
    expect(await page.evaluate(() => JSON.parse(localStorage.getItem('kc.scan.token') ?? 'null'))).toBe(token);
    await page.click('#start');
    await page.waitForSelector('#screen-scan', { state: 'visible' });
    // The camera still sees the pairing code: never sent as a ticket.
    await page.click('#camera-toggle');
    await page.waitForSelector('#camera-off', { state: 'visible' });
    expect(await db!`select count(*)::int as n from scans`).toEqual([{ n: 0 }]);

    // Online: someone unregistered, with a phone, registered and admitted in one step.
    await page.click('#walk-in summary');
    await page.fill('#walk-in-form input[name=fullName]', 'Vũ Thị Lan');
    await page.fill('#walk-in-form input[name=phone]', '0987 654 321');
    await page.fill('#walk-in-form input[name=facility]', 'Hộ kinh doanh Lan Anh');
    await page.fill('#walk-in-form input[name=district]', 'Thủy Nguyên');
    await page.screenshot({ path: join(SHOTS, 'scanner-walk-in-390.png'), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.screenshot({ path: join(SHOTS, 'scanner-walk-in-1280.png'), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.click('#walk-in-form button[type=submit]');
    expect((await answerShown(page, 'ok', 'Vũ Thị Lan')).offline).toBe('');
    const lan =
      await db!`select r.id, r.phone, r.walk_in_at is not null as walk_in, f.name as facility from registrations r left join facilities f on f.id = r.facility_id where r.full_name = 'Vũ Thị Lan'`;
    expect(lan).toEqual([{ id: expect.any(String), phone: '+84987654321', walk_in: true, facility: 'Hộ kinh doanh Lan Anh' }]);

    // A name too short is said at the form, and nothing is sent.
    await page.click('#walk-in summary');
    await page.fill('#walk-in-form input[name=fullName]', 'X');
    await page.click('#walk-in-form button[type=submit]');
    await page.waitForSelector('#walk-in-problems:not([hidden])');
    expect(await page.textContent('#walk-in-problems')).toContain('Cần họ và tên');
    await page.screenshot({ path: join(SHOTS, 'scanner-walk-in-problems-390.png'), fullPage: true });

    // Offline: the walk-in is admitted from the device and waits in its queue.
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
    await context.setOffline(true);
    await page.waitForSelector('#net', { state: 'visible' });
    await page.fill('#walk-in-form input[name=fullName]', 'Đặng Văn Sơn');
    await page.fill('#walk-in-form input[name=phone]', '');
    await page.fill('#walk-in-form input[name=facility]', '');
    await page.fill('#walk-in-form input[name=district]', '');
    await page.click('#walk-in-form button[type=submit]');
    expect((await answerShown(page, 'ok', 'Đặng Văn Sơn')).offline).toContain('Không có mạng');
    expect(await page.$eval('#queue', (el: HTMLElement) => el.dataset.count)).toBe('1');
    const queued = await page.evaluate(() => JSON.parse(localStorage.getItem('kc.scan.walk-ins') ?? '[]'));
    expect(queued).toHaveLength(1);
    expect(await db!`select count(*)::int as n from registrations where full_name = 'Đặng Văn Sơn'`).toEqual([{ n: 0 }]);

    // Back online: uploaded once; the next uploads (every 5 s) send nothing more.
    await context.setOffline(false);
    await page.waitForFunction(() => JSON.parse(localStorage.getItem('kc.scan.walk-ins') ?? '[]').length === 0, null, { timeout: 20_000 });
    await page.waitForTimeout(6_000);
    const son = await db!`select r.id, r.walk_in_at is not null as walk_in from registrations r where r.full_name = 'Đặng Văn Sơn'`;
    expect(son).toHaveLength(1);
    expect(await db!`select count(*)::int as n from scans where registration_id = ${son[0]!.id}`).toEqual([{ n: 1 }]);
    const report = await api('GET', `/api/v1/admin/events/${eventId}/attendance`);
    expect(report.totals).toMatchObject({ confirmed: 2, attendedAny: 2 });
    expect(report.sessions[0]).toMatchObject({ present: 2 });
    expect(report.conflicts).toEqual([]);
    expect(await page.$eval('#queue', (el: HTMLElement) => el.hidden)).toBe(true);
    expect(problems).toEqual([]);
  }, 180_000);
});
