import { existsSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { type ServerType, serve } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { systemClock } from '../src/shared/clock.js';
import { silentLogger } from '../src/shared/logger.js';
import { makeToken, makeUser, PASSWORD, publishedEvent, sessionsFromToday, testConfig } from './support/app.js';
import { openTestDatabase, type TestDatabase } from './support/db.js';
import { freePort } from './support/processes.js';

/**
 * The attack of issue 19 in a real browser: an organiser signed in to the app at
 * http://localhost:APP visits a page on another origin of the same site,
 * http://localhost:OTHER (ports do not make a site: a site is the scheme and the registrable
 * domain, so this stands for any sibling subdomain or app on the organiser's machine). That page
 * holds an empty form that posts itself to the API. Being same-site, the browser sends our
 * SameSite=Lax cookie with it, and an empty form has no body for a JSON-only check to see.
 * A page on 127.0.0.1 is another site: there the browser withholds the cookie by itself, which
 * is why the attacker here must be on localhost.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

let testDb: TestDatabase | undefined;
let appServer: ServerType | undefined;
let attacker: http.Server | undefined;
let browser: Browser | undefined;
let appUrl = '';
let attackerPort = 0;
/** What reached the app for each cancel request: the browser's own headers, unedited. */
const seen: { cookie: boolean; origin: string | undefined; secFetchSite: string | undefined; status: number }[] = [];
/** The form the attacker's page submits as soon as it loads, to whatever `target` names. */
let target = '';

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium is needed for the CSRF browser test and is not at ${CHROMIUM}: install it with: apt-get update && apt-get install -y chromium (or set CHROMIUM_PATH)`,
    );
  }
  testDb = await openTestDatabase('postgres');
  const port = await freePort();
  appUrl = `http://localhost:${port}`;
  const app = createApp({
    db: testDb.handle.db,
    config: testConfig({ PUBLIC_URL: appUrl }),
    clock: systemClock,
    log: silentLogger,
    clientAddress: (c) => getConnInfo(c).remote.address,
  });
  appServer = serve({
    port,
    hostname: '127.0.0.1',
    fetch: async (req, env) => {
      const res = await app.fetch(req, env);
      if (new URL(req.url).pathname.endsWith('/cancel')) {
        seen.push({
          cookie: /kc_session=/.test(req.headers.get('cookie') ?? ''),
          origin: req.headers.get('origin') ?? undefined,
          secFetchSite: req.headers.get('sec-fetch-site') ?? undefined,
          status: res.status,
        });
      }
      return res;
    },
  });

  attacker = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><title>Ảnh hội chợ</title>
      <form id="f" method="post" action="${target}"></form>
      <script>document.getElementById('f').submit()</script>`);
  });
  await new Promise<void>((resolve) => attacker!.listen(0, '127.0.0.1', resolve));
  attackerPort = (attacker.address() as AddressInfo).port;

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
  await new Promise((resolve) => attacker?.close(resolve) ?? resolve(undefined));
  await new Promise((resolve) => appServer?.close(resolve) ?? resolve(undefined));
  await testDb?.dispose();
});

/** The app over HTTP with a bearer token, in the shape of the test app's `call`, to set things up. */
async function bearerCall(method: string, path: string, opts: { body?: unknown; token?: string | undefined } = {}) {
  const res = await fetch(`${appUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${opts.token}`, ...(opts.body !== undefined && { 'content-type': 'application/json' }) },
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: (text ? JSON.parse(text) : undefined) as unknown };
}

/** Opens the attacker's page at `origin` and waits for the answer to its form. */
async function visitAttacker(page: Page, origin: string) {
  const answer = page.waitForResponse((r) => r.url().endsWith('/cancel'));
  await page.goto(`${origin}/anh-hoi-cho`);
  const res = await answer;
  return { status: res.status(), body: (await res.json()) as { error?: { code: string }; event?: { status: string } } };
}

describe('CSRF in Chromium: a page of the same site posting an empty form to the API', () => {
  it('reaches the API with the signed-in organiser cookie and is refused (403); the event stays published; our own page may still cancel', {
    timeout: 120_000,
  }, async () => {
    const db = testDb!.handle.db;
    await makeUser(db, 'organiser');
    const token = await makeToken(db, 'organiser');
    const eventId = await publishedEvent(bearerCall, token, { sessions: sessionsFromToday() });
    target = `${appUrl}/api/v1/admin/events/${eventId}/cancel`;

    const context = await browser!.newContext({ locale: 'vi-VN' });
    const page = await context.newPage();
    // The organiser signs in through the sign-in page, as every morning.
    await page.goto(`${appUrl}/login`);
    await page.fill('input[name=email]', 'organiser@khuyencong.test');
    await page.fill('input[name=password]', PASSWORD);
    await Promise.all([page.waitForURL(`${appUrl}/admin`), page.click('button[type=submit]')]);
    const cookies = await context.cookies(appUrl);
    expect(cookies.find((c) => c.name === 'kc_session')?.sameSite).toBe('Lax');

    // Another origin of the same site: the browser sends the cookie, and the app refuses.
    const sameSite = await visitAttacker(page, `http://localhost:${attackerPort}`);
    expect(seen.at(-1)).toEqual({ cookie: true, origin: `http://localhost:${attackerPort}`, secFetchSite: 'same-site', status: 403 });
    expect(sameSite.status).toBe(403);
    expect(sameSite.body.error?.code).toBe('request.cross_origin');
    expect((await db.selectFrom('events').select('status').where('id', '=', eventId).executeTakeFirstOrThrow()).status).toBe('published');

    // Another site (127.0.0.1 is not localhost): SameSite=Lax keeps the cookie home by itself.
    const crossSite = await visitAttacker(page, `http://127.0.0.1:${attackerPort}`);
    expect(seen.at(-1)).toMatchObject({ cookie: false, secFetchSite: 'cross-site' });
    expect(crossSite.status).toBe(401);
    expect((await db.selectFrom('events').select('status').where('id', '=', eventId).executeTakeFirstOrThrow()).status).toBe('published');

    // The same empty POST from our own page, with the same cookie, goes through.
    await page.goto(`${appUrl}/admin`);
    const ours = await page.evaluate(async (url) => {
      const res = await fetch(url, { method: 'POST' });
      return { status: res.status, body: await res.json() };
    }, target);
    expect(seen.at(-1)).toMatchObject({ cookie: true, secFetchSite: 'same-origin' });
    expect(ours).toMatchObject({ status: 200, body: { event: { status: 'cancelled' } } });
    await context.close();
  });
});
