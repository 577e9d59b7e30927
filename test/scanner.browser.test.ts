import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ticketPng } from '../src/tickets/qr.js';
import { eventPayload, registrationPayload, sessionsFromToday } from './support/app.js';
import { qrTextOfPng } from './support/mail.js';
import { TEST_DATABASE_URL } from './support/postgres.js';
import { freePort, type Running, runNode, waitForHealthy } from './support/processes.js';
import { pngToY4m } from './support/y4m.js';

// Debian's Chromium, driven by playwright-core (which brings no browser of its own).
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const dir = mkdtempSync(join(tmpdir(), 'kc-scanner-'));
const SHOTS = process.env.SCANNER_SCREENSHOTS; // a folder: the test saves what the door saw

// A database of its own on the test PostgreSQL: the server migrates it at start, and the test
// reads rows while the server runs (PGlite would mean a slow initdb and one process only).
const dbName = `kc_scanner_${process.pid}_${randomBytes(4).toString('hex')}`;
const dbUrl = Object.assign(new URL(TEST_DATABASE_URL), { pathname: `/${dbName}` }).href;
const pgAdmin = postgres(TEST_DATABASE_URL, { max: 1, onnotice: () => {} });
let db: ReturnType<typeof postgres> | undefined;

let server: Running | undefined;
let browser: Browser | undefined;
let url = '';
let admin = '';

/** The fields of the API's answers this test reads; each answer has some of them (an empty one, none). */
interface Answer {
  event: { id: string };
  token: string;
  id: string;
  registration: { id: string; status: string; manageUrl: string; ticket: { code: string } };
  registrations: { registrationId: string; present: number }[];
}

async function api(method: string, path: string, body?: unknown, token = admin): Promise<Answer> {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return (text ? JSON.parse(text) : null) as Answer;
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium is needed for the scanner page test and is not at ${CHROMIUM}: install it with: apt-get update && apt-get install -y chromium (or set CHROMIUM_PATH)`,
    );
  }
  const port = await freePort();
  url = `http://127.0.0.1:${port}`;
  await pgAdmin`create database ${pgAdmin(dbName)}`;
  db = postgres(dbUrl, { max: 2, onnotice: () => {} });
  const env = { DATABASE_URL: dbUrl, DATA_DIR: join(dir, 'data'), PORT: String(port), HOST: '127.0.0.1', PUBLIC_URL: url };
  const cli = runNode('src/node/cli.ts', ['token:create', '--name', 'Quản trị kiểm thử', '--role', 'admin'], env);
  if ((await cli.exited) !== 0) throw new Error(cli.output());
  admin = cli.output().match(/token \(shown once\): (\S+)/)![1]!;
  server = runNode('src/node/server.ts', [], env);
  await waitForHealthy(url, server);
});

afterAll(async () => {
  await browser?.close();
  server?.child.kill('SIGTERM');
  await server?.exited;
  await db?.end({ timeout: 1 });
  await pgAdmin`drop database if exists ${pgAdmin(dbName)} with (force)`;
  await pgAdmin.end({ timeout: 1 });
  rmSync(dir, { recursive: true, force: true });
});

/** The overlay's answer once it shows `result` (and `name`, if given). */
async function answerShown(page: Page, result: string, name?: string, timeout = 10_000) {
  await page
    .waitForFunction(
      ([r, n]) => {
        const el = document.getElementById('answer')!;
        return !el.hidden && el.dataset.result === r && (!n || el.querySelector('.name')!.textContent === n);
      },
      [result, name] as const,
      { timeout },
    )
    .catch(async (err: Error) => {
      // Say what the door showed instead, not only that the wait ran out.
      await shot(page, 'failure');
      const seen = await page.evaluate(() => {
        // biome-ignore lint/performance/useDomNodeTextContent: what the door showed is the rendered text, without hidden nodes.
        const [answer, notice, recent] = ['answer', 'notice', 'recent'].map((id) => document.getElementById(id)!.innerText);
        return { answer, notice, recent, cameraOff: !document.getElementById('camera-off')!.hidden };
      });
      throw new Error(`${err.message}\nwaited for ${result} ${name ?? ''}; the page shows ${JSON.stringify(seen)}`);
    });
  return page.$eval('#answer', (el) => ({
    name: el.querySelector('.name')!.textContent,
    detail: el.querySelector('.detail')!.textContent,
    offline: el.querySelector('.offline-mark')!.textContent,
  }));
}

const answerGone = (page: Page) => page.waitForSelector('#answer', { state: 'hidden', timeout: 5_000 });
/** Amber and red wait for the staff: put away with the overlay's button. */
const dismiss = async (page: Page) => {
  await page.click('#answer .dismiss');
  await answerGone(page);
};
const shot = async (page: Page, name: string, fullPage = false) =>
  SHOTS && page.screenshot({ path: join(SHOTS, `scanner-${name}.png`), fullPage });

describe('the scanner page in Chromium, with a fake camera showing a real ticket', () => {
  it('checks in by camera, says already checked in with the first time, takes hand-scanner keystrokes and name search, and queues offline scans until the network is back', async () => {
    const started = Date.now();
    // A class whose session opened ten minutes ago; registration stays open during it.
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
    const scanner = (await api('POST', '/api/v1/auth/tokens', { name: 'Máy quét cửa 1', role: 'scanner', eventIds: [eventId] }))
      .token as string;
    const register = async (fullName: string, extra: Record<string, unknown> = {}) => {
      const body = registrationPayload(extra);
      body.person = { ...body.person, fullName };
      const reg = (await api('POST', `/api/v1/events/${eventId}/registrations`, body)).registration;
      expect(reg.status).toBe('confirmed');
      return { id: reg.id as string, shortCode: reg.ticket.code as string, manageToken: new URL(reg.manageUrl).pathname.split('/').pop()! };
    };
    const hoa = await register('Nguyễn Thị Hoa');
    const binh = await register('Trần Văn Bình', { facility: { name: 'Cơ sở cơ khí Tiến Đạt', district: 'An Dương' } });
    const cuong = await register('Lê Minh Cường');
    const dung = await register('Phạm Thu Dung');
    const present = async (registrationId: string) =>
      (await api('GET', `/api/v1/admin/events/${eventId}/attendance`)).registrations.find(
        (r: { registrationId: string }) => r.registrationId === registrationId,
      )?.present as number;

    // Hoa's ticket, as the registrant downloads it: the camera is pointed at its QR, which
    // reads as the same text as the card's (the card's own decoding is tested beside it).
    const card = Buffer.from(await (await fetch(`${url}/api/v1/manage/${hoa.manageToken}/ticket.png`)).arrayBuffer());
    const qrText = qrTextOfPng(card);
    if (!qrText) throw new Error('the ticket card holds no readable QR');
    const video = join(dir, 'ticket.y4m');
    writeFileSync(video, pngToY4m(Buffer.from(await ticketPng(qrText))));

    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--use-fake-ui-for-media-stream',
        '--use-fake-device-for-media-stream',
        `--use-file-for-fake-video-capture=${video}`,
      ],
    });
    const context: BrowserContext = await browser.newContext({ viewport: { width: 390, height: 780 }, locale: 'vi-VN' });
    await context.grantPermissions(['camera'], { origin: url });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
    page.on('console', (msg) => /Content Security Policy|Uncaught/i.test(msg.text()) && problems.push(msg.text()));

    // Sign in with the device token, keep the event and the session that is open now.
    await page.goto(`${url}/scan`);
    await page.waitForSelector('#screen-signin', { state: 'visible' });
    await shot(page, 'signin');
    await page.fill('#token-form input[name=token]', scanner);
    await page.click('#token-form button[type=submit]');
    await page.waitForSelector('#start:not([disabled])', { timeout: 10_000 }); // sessions loaded
    expect(await page.$eval('#session-select', (s: HTMLSelectElement) => s.selectedOptions[0]?.textContent)).toContain('Buổi sáng');
    await shot(page, 'pick');
    await page.click('#start');

    // The camera reads the ticket: green, with the name; the server recorded it.
    const green = await answerShown(page, 'ok', 'Nguyễn Thị Hoa', 15_000);
    expect(green.offline).toBe('');
    await shot(page, 'green');
    expect(await present(hoa.id)).toBe(1);

    // Still under the camera: once the answer has cleared and the 3 s pause is over, the same
    // ticket is answered again, amber, with the first check-in time.
    await answerGone(page);
    const amber = await answerShown(page, 'already_checked_in', 'Nguyễn Thị Hoa', 10_000);
    await shot(page, 'amber');
    expect(amber.detail).toMatch(/^Đã vào lúc \d\d:\d\d$/);
    await dismiss(page);
    await page.click('#camera-toggle');
    await page.waitForSelector('#camera-off', { state: 'visible' });

    // A hand scanner types into the focused field and ends with Enter.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('code');
    const typedAt = Date.now();
    await page.keyboard.type(binh.shortCode);
    await page.keyboard.press('Enter');
    const typed = await answerShown(page, 'ok', 'Trần Văn Bình');
    const answerMs = Date.now() - typedAt;
    expect(await page.$eval('#answer .facility', (el) => el.textContent)).toBe('Cơ sở cơ khí Tiến Đạt');
    // Back to scanning by itself: the answer clears and the emptied field has the focus again,
    // so the hand scanner's next code lands there. (How long it takes is printed, not asserted.)
    await answerGone(page);
    const backMs = Date.now() - typedAt;
    expect(
      await page.evaluate(() => ({
        focused: document.activeElement?.id,
        value: (document.getElementById('code') as HTMLInputElement).value,
      })),
    ).toEqual({
      focused: 'code',
      value: '',
    });
    expect(typed.offline).toBe('');

    // Someone without their ticket: found by name, checked in with a tap.
    await page.fill('#q', 'Thu Dung');
    await page.press('#q', 'Enter');
    await page.click('#matches .match:has-text("Phạm Thu Dung")');
    await answerShown(page, 'ok', 'Phạm Thu Dung');
    await answerGone(page);
    expect(await present(dung.id)).toBe(1);

    // Offline: a typed code (lower case, with a dash) is answered from the stored list and queued.
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => true)); // the page's files are cached
    await context.setOffline(true);
    await page.waitForSelector('#net', { state: 'visible' });
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('code');
    await page.keyboard.type(`${cuong.shortCode.slice(0, 4).toLowerCase()}-${cuong.shortCode.slice(4).toLowerCase()}`);
    await page.keyboard.press('Enter');
    const offline = await answerShown(page, 'ok', 'Lê Minh Cường');
    expect(offline.offline).toContain('Không có mạng');
    expect(await page.$eval('#queue', (el: HTMLElement) => el.dataset.count)).toBe('1');
    await shot(page, 'offline');
    await answerGone(page);
    await shot(page, 'offline-queue', true);
    const queued = JSON.parse((await page.evaluate(() => localStorage.getItem('kc.scan.queue')))!) as {
      nonce: string;
      offlineResult: string;
      scannedAt: string;
    }[];
    expect(queued).toHaveLength(1);
    expect(queued[0]!.offlineResult).toBe('ok');
    expect(await present(cuong.id)).toBe(0);
    expect(await page.$eval('#counter', (el: HTMLElement) => el.dataset.present)).toBe('4');
    // A code not on this door's list is red, but offline the door cannot call it a forgery.
    await page.keyboard.type('WXYWXYWX');
    await page.keyboard.press('Enter');
    const notListed = await answerShown(page, 'unknown');
    // Amber, not red: the device cannot tell; the staff look, and the server decides at upload.
    expect(notListed.detail).toBe('Không có trong danh sách trên máy; máy chủ kiểm tra khi có mạng');
    expect(await page.$eval('#answer', (el) => el.className)).toBe('answer warn');
    await dismiss(page);
    expect(await page.$eval('#queue', (el: HTMLElement) => el.dataset.count)).toBe('2');

    // A reload without network opens the page from the device and keeps the queue.
    expect((await page.reload())?.fromServiceWorker()).toBe(true);
    await page.waitForSelector('#screen-scan', { state: 'visible', timeout: 10_000 });
    expect(await page.$eval('#queue', (el: HTMLElement) => el.dataset.count)).toBe('2');
    expect(await page.$eval('#counter', (el: HTMLElement) => el.dataset.present)).toBe('4');
    expect(await page.isVisible('#camera-off')).toBe(true); // turned off by the staff, it stays off

    // Back online: the queue is uploaded and empties.
    await context.setOffline(false);
    await page.waitForSelector('#queue', { state: 'hidden', timeout: 15_000 });
    expect(await present(cuong.id)).toBe(1);
    expect(await page.$eval('#counter', (el: HTMLElement) => `${el.dataset.present}/${el.dataset.expected}`)).toBe('4/4');
    expect(problems).toEqual([]);
    await browser.close();
    browser = undefined;

    // Exactly one attendance row and one scan row for the queued scan, kept with its device time.
    const attendance = await db!`select checked_in_at from attendance where registration_id = ${cuong.id}`;
    const scans = await db!`select nonce, offline, conflict, result, scanned_at from scans where registration_id = ${cuong.id}`;
    expect(attendance).toHaveLength(1);
    expect(scans.map(({ scanned_at, ...s }) => s)).toEqual([{ nonce: queued[0]!.nonce, offline: true, conflict: null, result: 'ok' }]);
    expect(new Date(scans[0]!.scanned_at).toISOString()).toBe(queued[0]!.scannedAt);
    // The amber answer showed the first check-in time, in Hanoi time.
    const [first] = await db!`select checked_in_at from attendance where registration_id = ${hoa.id}`;
    const hcm = new Intl.DateTimeFormat('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    expect(amber.detail).toBe(`Đã vào lúc ${hcm.format(new Date(first!.checked_in_at))}`);
    console.log(
      `scanner browser test: ${Date.now() - started} ms; typed code answered in ${answerMs} ms, back to scanning in ${backMs} ms`,
    );
  });
  it('a hand scanner sends the QR text; each answer sounds; a ticket the server called cancelled stays refused offline; the door changes session offline', async () => {
    const now = Date.now();
    const created = await api(
      'POST',
      '/api/v1/admin/events',
      eventPayload({
        title: 'Hội thảo sản xuất sạch hơn',
        capacity: 10,
        sessions: [
          { title: 'Buổi chiều', startsAt: new Date(now - 5 * 60_000).toISOString(), endsAt: new Date(now + 2 * 3600_000).toISOString() },
        ],
        registrationClosesAt: new Date(now + 3600_000).toISOString(),
      }),
    );
    const eventId = created.event.id as string;
    await api('POST', `/api/v1/admin/events/${eventId}/publish`);
    const issued = await api('POST', '/api/v1/auth/tokens', { name: 'Máy quét cửa 2', role: 'scanner', eventIds: [eventId] });
    const scanner = issued.token as string;
    const register = async (fullName: string) => {
      const body = registrationPayload();
      body.person = { ...body.person, fullName };
      const reg = (await api('POST', `/api/v1/events/${eventId}/registrations`, body)).registration;
      const manageToken = new URL(reg.manageUrl).pathname.split('/').pop()!;
      // The QR text, as a hand scanner reads it off the registrant's ticket.
      const png = Buffer.from(await (await fetch(`${url}/api/v1/manage/${manageToken}/ticket.png`)).arrayBuffer());
      return { id: reg.id as string, qr: qrTextOfPng(png)! };
    };
    const an = await register('Vũ Đức An');
    const bao = await register('Hoàng Gia Bảo');
    expect(an.qr).toContain('.');

    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    const context = await browser.newContext({ viewport: { width: 390, height: 780 }, locale: 'vi-VN' });
    // A door with a hand scanner and no camera; every tone the page plays is noted.
    await context.addInitScript(() => {
      localStorage.setItem('kc.scan.camera', 'false');
      const tones: number[] = [];
      (window as unknown as { tones: number[] }).tones = tones;
      const start = OscillatorNode.prototype.start;
      OscillatorNode.prototype.start = function (this: OscillatorNode, ...args: Parameters<OscillatorNode['start']>) {
        tones.push(this.frequency.value);
        return start.apply(this, args);
      };
    });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
    const tones = () => page.evaluate(() => (window as unknown as { tones: number[] }).tones.splice(0));
    const handScan = async (text: string) => {
      await page.keyboard.type(text);
      await page.keyboard.press('Enter');
    };
    const counter = () => page.$eval('#counter', (el: HTMLElement) => `${el.dataset.present}/${el.dataset.expected}`);

    await page.goto(`${url}/scan`);
    await page.fill('#token-form input[name=token]', scanner);
    await page.click('#token-form button[type=submit]');
    await page.waitForSelector('#start:not([disabled])', { timeout: 10_000 });
    await page.click('#start');
    await page.waitForSelector('#screen-scan', { state: 'visible' });
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('code');

    // The hand scanner types the whole QR text and Enter: green, with one high chirp.
    await handScan(an.qr);
    await answerShown(page, 'ok', 'Vũ Đức An');
    expect(await tones()).toEqual([1320]);
    await answerGone(page);

    // A ticket for another event: red, and the door is told which event it is for.
    const other = await api(
      'POST',
      '/api/v1/admin/events',
      eventPayload({ title: 'Lớp tập huấn chính sách khuyến công', topic: 'policy', capacity: 5, sessions: sessionsFromToday() }),
    );
    await api('POST', `/api/v1/admin/events/${other.event.id}/publish`);
    const stranger = (await api('POST', `/api/v1/events/${other.event.id}/registrations`, registrationPayload())).registration;
    const strangerPng = Buffer.from(
      await (await fetch(`${url}/api/v1/manage/${new URL(stranger.manageUrl).pathname.split('/').pop()}/ticket.png`)).arrayBuffer(),
    );
    await handScan(qrTextOfPng(strangerPng)!);
    expect((await answerShown(page, 'wrong_event')).detail).toBe('Vé của: Lớp tập huấn chính sách khuyến công');
    expect(await tones()).toEqual([220]);
    await dismiss(page);

    // The organiser cancels Bảo's registration; at the door the server says so: red, a low buzz.
    await api('POST', `/api/v1/admin/registrations/${bao.id}/cancel`);
    await handScan(bao.qr);
    await answerShown(page, 'cancelled', 'Hoàng Gia Bảo');
    expect(await tones()).toEqual([220]);
    await dismiss(page);
    expect(await counter()).toBe('1/1');

    // The network drops before the next list download: Bảo tries again, and is still refused.
    await context.setOffline(true);
    await page.waitForSelector('#net', { state: 'visible' });
    await handScan(bao.qr);
    const stale = await answerShown(page, 'cancelled', 'Hoàng Gia Bảo');
    expect(stale.offline).toContain('Không có mạng');
    await dismiss(page);
    // The QR text is matched offline by its digest: An is already in, amber with two beeps.
    await handScan(an.qr);
    await answerShown(page, 'already_checked_in', 'Vũ Đức An');
    expect(await tones()).toEqual([220, 660, 660]);
    await dismiss(page);
    expect(await counter()).toBe('1/1');

    // Changing session offline offers the events stored on the device, and a way back.
    await page.click('#change-event');
    await page.waitForSelector('#start:not([disabled])', { timeout: 5_000 });
    expect(await page.$eval('#event-select', (s: HTMLSelectElement) => s.selectedOptions[0]?.textContent)).toContain(
      'Hội thảo sản xuất sạch hơn',
    );
    expect(await page.$eval('#session-select', (s: HTMLSelectElement) => s.selectedOptions[0]?.textContent)).toContain('Buổi chiều');
    await page.click('#back-to-scan');
    await page.waitForSelector('#screen-scan', { state: 'visible' });
    expect(await page.$eval('#queue', (el: HTMLElement) => el.dataset.count)).toBe('2');

    // Back online: both queued scans go up; Bảo has no attendance, An has one.
    await context.setOffline(false);
    await page.waitForSelector('#queue', { state: 'hidden', timeout: 15_000 });

    // The phone is lost and its token revoked: at its next scan it is signed out, and the
    // registrants' names and codes leave it.
    await api('DELETE', `/api/v1/auth/tokens/${issued.id}`);
    await handScan(an.qr);
    await page.waitForSelector('#screen-signin', { state: 'visible', timeout: 5_000 });
    expect(await page.$eval('#notice', (el) => el.textContent)).toContain('Mã thiết bị không còn hiệu lực');
    expect(
      await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('kc.scan.list.') || k === 'kc.scan.token')),
    ).toEqual([]);
    expect(await page.isVisible('#counter')).toBe(false);
    expect(await page.$eval('#session-label', (el) => el.textContent)).toBe('');
    expect(problems).toEqual([]);
    await browser.close();
    browser = undefined;
    const rows = await db!`select registration_id from attendance where event_id = ${eventId}`;
    expect(rows.map((r) => r.registration_id)).toEqual([an.id]);
    const offline =
      await db!`select registration_id, result, conflict from scans where event_id = ${eventId} and offline order by scanned_at`;
    expect(offline.map((s) => [s.registration_id, s.result, s.conflict])).toEqual([
      [bao.id, 'cancelled', null],
      [an.id, 'already_checked_in', null],
    ]);
  });
});
