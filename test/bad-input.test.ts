import { inspectRoutes } from 'hono/dev';
import { expect, it } from 'vitest';
import { seedProgrammes } from '../db/seed/programmes.js';
import { loadProgrammes } from '../src/programmes/programmes.usecases.js';
import { buildTestApp, makeToken, makeUser, ORIGIN, PASSWORD, publishedEvent, registrationPayload } from './support/app.js';
import { describeEachEngine } from './support/db.js';
import { BODY_FAMILIES, badBody, badHeaders, badQuery, fillPath, type RealValues, seededRandom } from './support/fuzz.js';

/** Another seed explores other inputs: FUZZ_SEED=123 npx vitest run test/bad-input.test.ts */
const SEED = Number(process.env.FUZZ_SEED ?? 19);
/**
 * Requests per route and caller: one of each body family where there is a body, fewer where
 * only the path, query and headers vary; about 600 per caller on each engine.
 */
const perRoute = (method: string) => (method === 'GET' ? 4 : BODY_FAMILIES.length);

type Identity = 'admin' | 'scanner' | 'anonymous';

/**
 * Every route the app has, as Hono lists them (so a new route is fuzzed without anyone adding
 * it here); middleware entries are left out, and a route registered for every method is tried
 * with each.
 */
function routesOf(app: ReturnType<typeof buildTestApp>['app']) {
  const seen = new Set<string>();
  const routes: { method: string; path: string }[] = [];
  for (const r of inspectRoutes(app)) {
    if (r.isMiddleware || r.path === '/*') continue;
    const methods = r.method === 'ALL' ? ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] : [r.method];
    for (const method of methods) {
      const key = `${method} ${r.path}`;
      if (seen.has(key)) continue;
      seen.add(key);
      routes.push({ method, path: r.path });
    }
  }
  return routes;
}

describeEachEngine('bad input on every route', ({ db }) => {
  // Seconds alone; a loaded machine running the whole suite has taken several times that.
  it.each<Identity>(['admin', 'scanner', 'anonymous'])(
    'no route answers bad input with a 5xx: %s',
    { timeout: 240_000 },
    async (identity) => {
      await loadProgrammes(db(), seedProgrammes);
      await makeUser(db(), 'admin');
      const adminToken = await makeToken(db(), 'admin');
      // Half an hour before the first session: registration is open and so is the door. The
      // fuzzed app's client address is soon throttled by its own failed sign-ins, so setting up
      // (and signing the admin in again after a fuzzed logout) goes through another address.
      const { app } = buildTestApp(db(), { now: '2026-12-14T00:30:00Z' });
      const setup = buildTestApp(db(), { now: '2026-12-14T00:30:00Z', client: '198.51.100.20' });
      const eventId = await publishedEvent(setup.call, adminToken);
      const scannerToken = await makeToken(db(), 'scanner', [eventId]);
      const registered = await setup.call('POST', `/api/v1/events/${eventId}/registrations`, { body: registrationPayload() });
      expect(registered.status).toBe(201);
      const event = (await setup.call('GET', `/api/v1/events/${eventId}`)).json.event;
      const programme = (await setup.call('GET', '/api/v1/programmes', { token: adminToken })).json.programmes[0];
      const mail = await db().selectFrom('mail_outbox').select('id').executeTakeFirstOrThrow();
      const scan = await setup.call('POST', '/api/v1/checkins', {
        token: scannerToken,
        body: { code: registered.json.registration.ticket.code, eventId, deviceId: 'door-1', nonce: 'nonce-setup-1' },
      });
      expect(scan.json.result).toBe('ok');
      const scanRow = await db().selectFrom('scans').select('id').executeTakeFirstOrThrow();
      const regId: string = registered.json.registration.id;
      const sessionId: string = event.sessions[0].id;
      const spareToken = (
        await setup.call('POST', '/api/v1/auth/tokens', {
          token: adminToken,
          body: { name: 'Máy dự phòng', role: 'scanner', eventIds: [eventId] },
        })
      ).json;
      const spareTokenId = (await db().selectFrom('api_tokens').select('id').where('name', '=', 'Máy dự phòng').executeTakeFirstOrThrow())
        .id;
      expect(spareToken.token).toBeTruthy();
      const real: RealValues = {
        byCollection: {
          events: [eventId],
          registrations: [regId],
          sessions: [sessionId],
          programmes: [programme.id],
          targets: [programme.targets[0].code],
          mail: [String(mail.id)],
          manage: [registered.json.registration.manageUrl.split('/manage/')[1]],
          conflicts: [String(scanRow.id)],
          tokens: [spareTokenId],
          devices: [spareTokenId],
          assets: ['app.css', 'jsQR.js'],
        },
        ids: [eventId, regId, sessionId, programme.id],
        codes: [registered.json.registration.ticket.code, programme.targets[0].code],
      };

      const signIn = () => setup.login('admin@khuyencong.test', PASSWORD);
      let adminCookie = await signIn();
      const random = seededRandom(SEED + ['admin', 'scanner', 'anonymous'].indexOf(identity));
      const failures: string[] = [];
      let requests = 0;
      for (const route of routesOf(app)) {
        for (let i = 0; i < perRoute(route.method); i++) {
          const url = `${ORIGIN}${fillPath(route.path, random, real)}${badQuery(random)}`;
          const headers = badHeaders(random);
          // Form posts outside the API must carry our origin; most fuzzed requests do, to get past it.
          if (random.chance(0.9)) headers.origin = ORIGIN;
          if (identity === 'admin') headers.cookie = adminCookie;
          if (identity === 'scanner') headers.authorization = `Bearer ${scannerToken}`;
          if (identity === 'anonymous' && random.chance(0.1))
            headers.cookie = random.pick(['kc_session=%00', 'kc_session=x', 'lang=%FF', 'kc_session']);
          const sent = route.method === 'GET' ? undefined : badBody(BODY_FAMILIES[i % BODY_FAMILIES.length]!, random, real);
          if (sent?.contentType !== undefined) headers['content-type'] = sent.contentType;
          const res = await app.request(url, { method: route.method, headers, body: sent?.body });
          requests++;
          if (res.status >= 500) {
            const text = await res.text();
            const shown = typeof sent?.body === 'string' ? sent.body.slice(0, 200) : sent ? `<${sent.body.byteLength} bytes>` : '';
            failures.push(
              `${res.status} ${route.method} ${url.slice(0, 200)} [${headers['content-type'] ?? ''}] ${shown} → ${text.slice(0, 200)}`,
            );
          } else {
            await res.arrayBuffer();
          }
        }
        if (identity === 'admin' && (await app.request(`${ORIGIN}/api/v1/auth/me`, { headers: { cookie: adminCookie } })).status !== 200) {
          adminCookie = await signIn();
        }
      }
      expect(requests).toBeGreaterThan(500);
      expect(failures, `seed ${SEED}: ${failures.length} of ${requests} requests got a 5xx`).toEqual([]);
    },
  );
});

describeEachEngine('forms the pages cannot read', ({ db }) => {
  const multipart =
    '--real\r\nContent-Disposition: form-data; name="email"\r\n\r\nadmin@khuyencong.test\r\n--real\r\nContent-Disposition: form-data; name="password"\r\n\r\nx\r\n--real--\r\n';

  it('a multipart post without its boundary, or with another one, is a 400 that says the form could not be read', async () => {
    await makeUser(db(), 'admin');
    const { app, call } = buildTestApp(db(), { now: '2026-12-14T00:30:00Z' });
    const eventId = await publishedEvent(call, await makeToken(db(), 'admin'));
    for (const path of ['/login', `/events/${eventId}/register`]) {
      for (const type of ['multipart/form-data', 'multipart/form-data; boundary=wrong', 'multipart/form-data; boundary=re']) {
        const res = await app.request(`${ORIGIN}${path}`, {
          method: 'POST',
          headers: { origin: ORIGIN, 'content-type': type },
          body: multipart,
        });
        expect(res.status, `${path} ${type}`).toBe(400);
        expect(res.headers.get('set-cookie')).toBeNull();
        expect(await res.text()).toContain('Không đọc được biểu mẫu gửi lên');
      }
    }
    expect(await db().selectFrom('registrations').select('id').execute()).toHaveLength(0);
    expect(await db().selectFrom('login_throttle').selectAll().execute()).toHaveLength(0);
  });

  it('a NUL byte in the sign-in form shows the form again with 422 and never reaches the database', async () => {
    await makeUser(db(), 'admin');
    const { app } = buildTestApp(db());
    for (const body of ['email=admin%00%40khuyencong.test&password=x', 'email=admin%40khuyencong.test&password=a%00b']) {
      const res = await app.request(`${ORIGIN}/login`, {
        method: 'POST',
        headers: { origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' },
        body,
      });
      expect(res.status, body).toBe(422);
      const html = await res.text();
      expect(html).toContain('<form');
      expect(html).toContain('Dữ liệu gửi lên chưa hợp lệ');
    }
    expect(await db().selectFrom('login_throttle').selectAll().execute()).toHaveLength(0);
  });
});
