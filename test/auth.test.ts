import { expect, it } from 'vitest';
import { buildTestApp, eventPayload, makeQuickUser, makeToken, makeUser, PASSWORD } from './support/app.js';
import { describeEachEngine } from './support/db.js';

describeEachEngine('signing in', ({ db }) => {
  it('a right password opens a server-side session in an HttpOnly, SameSite=Lax cookie', async () => {
    await makeUser(db(), 'organiser', 'can.bo@khuyencong.test');
    const { call } = buildTestApp(db());
    const res = await call('POST', '/api/v1/auth/login', { body: { email: 'Can.Bo@khuyencong.test', password: PASSWORD } });
    expect(res.status).toBe(200);
    expect(res.json.user).toMatchObject({ email: 'can.bo@khuyencong.test', role: 'organiser' });
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^kc_session=/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    const stored = await db().selectFrom('auth_sessions').selectAll().execute();
    expect(stored).toHaveLength(1);
    // Only the hash is stored: the cookie value itself is nowhere in the database.
    expect(stored[0]!.id_hash).not.toBe(cookie.split(';')[0]!.split('=')[1]);
  });

  it('on HTTPS the cookie is __Host- prefixed and Secure', async () => {
    await makeUser(db(), 'organiser');
    const { call } = buildTestApp(db(), { config: { PUBLIC_URL: 'https://sukien.khuyencong.vn' } });
    const res = await call('POST', '/api/v1/auth/login', { body: { email: 'organiser@khuyencong.test', password: PASSWORD } });
    expect(res.headers.get('set-cookie')).toMatch(/^__Host-session=.*; Path=\/; .*Secure/);
  });

  it('a wrong password or an unknown email gets 401 and no session', async () => {
    await makeUser(db(), 'organiser');
    const { call } = buildTestApp(db());
    const wrong = await call('POST', '/api/v1/auth/login', { body: { email: 'organiser@khuyencong.test', password: 'sai-mật-khẩu' } });
    expect(wrong.status).toBe(401);
    expect(wrong.json.error.code).toBe('auth.invalid_credentials');
    const unknown = await call('POST', '/api/v1/auth/login', { body: { email: 'ai.do@khuyencong.test', password: PASSWORD } });
    expect(unknown.status).toBe(401);
    expect(wrong.headers.get('set-cookie')).toBeNull();
    expect(await db().selectFrom('auth_sessions').selectAll().execute()).toHaveLength(0);
  });

  it('10 wrong passwords for an account from one address: that address is refused (429, Retry-After) for the rest of the 15 minutes, even with the right password', async () => {
    await makeQuickUser(db(), 'organiser');
    const { call, clock } = buildTestApp(db());
    for (let i = 0; i < 10; i++) {
      const res = await call('POST', '/api/v1/auth/login', { body: { email: 'organiser@khuyencong.test', password: `sai-${i}` } });
      expect(res.status).toBe(401);
    }
    const blocked = await call('POST', '/api/v1/auth/login', { body: { email: 'organiser@khuyencong.test', password: PASSWORD } });
    expect(blocked.status).toBe(429);
    expect(blocked.json.error.code).toBe('auth.throttled');
    expect(blocked.headers.get('retry-after')).toBe('900');
    clock.advance(10 * 60 * 1000);
    const stillBlocked = await call('POST', '/api/v1/auth/login', { body: { email: 'organiser@khuyencong.test', password: PASSWORD } });
    expect(stillBlocked.headers.get('retry-after')).toBe('300');
    clock.advance(5 * 60 * 1000 + 1000);
    const later = await call('POST', '/api/v1/auth/login', { body: { email: 'organiser@khuyencong.test', password: PASSWORD } });
    expect(later.status).toBe(200);
  });

  it("a right password gives its attempt back and clears that address's count for the account", async () => {
    await makeQuickUser(db(), 'organiser');
    const { call } = buildTestApp(db());
    const attempt = (password: string) => call('POST', '/api/v1/auth/login', { body: { email: 'organiser@khuyencong.test', password } });
    for (let i = 0; i < 9; i++) expect((await attempt(`sai-${i}`)).status).toBe(401);
    expect((await attempt(PASSWORD)).status).toBe(200);
    for (let i = 0; i < 9; i++) expect((await attempt(`sai-lai-${i}`)).status).toBe(401);
    expect((await attempt(PASSWORD)).status).toBe(200);
  });

  it('an attacker at other addresses cannot lock the organiser out of an address they have signed in from', async () => {
    await makeQuickUser(db(), 'organiser');
    // Behind one proxy, so each request can come from its own address.
    const { call } = buildTestApp(db(), { config: { TRUST_PROXY: '1' } });
    const from = (address: string, password: string) =>
      call('POST', '/api/v1/auth/login', {
        body: { email: 'organiser@khuyencong.test', password },
        headers: { 'x-forwarded-for': address },
      });
    expect((await from('192.0.2.10', PASSWORD)).status).toBe(200); // the office, yesterday

    // Ten wrong guesses from one address use up that address, not the account.
    for (let i = 0; i < 10; i++) expect((await from('198.51.100.1', `sai-${i}`)).status).toBe(401);
    expect((await from('198.51.100.1', PASSWORD)).status).toBe(429);
    expect((await from('203.0.113.50', PASSWORD)).status).toBe(200); // a phone at the venue

    // Many addresses together: the account is closed to addresses new to it after 50 failures…
    const answers: number[] = [];
    for (let a = 2; a <= 7; a++) for (let i = 0; i < 10; i++) answers.push((await from(`198.51.100.${a}`, `sai-${a}-${i}`)).status);
    expect(answers.filter((s) => s === 401)).toHaveLength(40);
    expect(answers.filter((s) => s === 429)).toHaveLength(20);
    const newcomer = await from('203.0.113.99', PASSWORD);
    expect(newcomer.status).toBe(429);
    expect(Number(newcomer.headers.get('retry-after'))).toBeGreaterThan(0);
    // …and stays open from the addresses it has signed in from.
    expect((await from('192.0.2.10', PASSWORD)).status).toBe(200);
    expect((await from('203.0.113.50', PASSWORD)).status).toBe(200);
  });

  it('one address guessing across many accounts is refused after 30 failures, on every app instance; another address is not', async () => {
    for (let i = 0; i < 31; i++) await makeQuickUser(db(), 'organiser', `nguoi${i}@khuyencong.test`);
    // Two app instances over one database: the limit holds across them.
    const a = buildTestApp(db(), { client: '198.51.100.9' });
    const b = buildTestApp(db(), { client: '198.51.100.9' });
    for (let i = 0; i < 30; i++) {
      const res = await (i % 2 ? a : b).call('POST', '/api/v1/auth/login', {
        body: { email: `nguoi${i}@khuyencong.test`, password: 'sai' },
      });
      expect(res.status).toBe(401);
    }
    const res = await a.call('POST', '/api/v1/auth/login', { body: { email: 'nguoi30@khuyencong.test', password: PASSWORD } });
    expect(res.status).toBe(429);
    const other = buildTestApp(db(), { client: '192.0.2.1' });
    expect(
      (await other.call('POST', '/api/v1/auth/login', { body: { email: 'nguoi30@khuyencong.test', password: PASSWORD } })).status,
    ).toBe(200);
  });

  it('behind a proxy the address it appended is counted, whatever the client wrote before it; IPv6 counts by /64', async () => {
    await makeQuickUser(db(), 'organiser');
    const { call } = buildTestApp(db(), { config: { TRUST_PROXY: '1' } });
    const attempt = (forwardedFor: string, password = 'sai') =>
      call('POST', '/api/v1/auth/login', {
        body: { email: 'organiser@khuyencong.test', password },
        headers: { 'x-forwarded-for': forwardedFor },
      });
    // A new made-up address in front with each guess changes nothing.
    for (let i = 0; i < 10; i++) expect((await attempt(`10.9.8.${i}, 198.51.100.20`)).status).toBe(401);
    expect((await attempt('10.9.8.77, 198.51.100.20', PASSWORD)).status).toBe(429);
    expect((await attempt('198.51.100.20', PASSWORD)).status).toBe(429);
    // Another client behind the same proxy is not affected.
    expect((await attempt('198.51.100.20, 198.51.100.21', PASSWORD)).status).toBe(200);

    // A host moving through addresses of its /64 is one client.
    for (let i = 1; i <= 10; i++) expect((await attempt(`2001:db8:5:6::${i.toString(16)}`)).status).toBe(401);
    expect((await attempt('2001:db8:5:6:abcd::1', PASSWORD)).status).toBe(429);
    expect((await attempt('2001:db8:5:7::1', PASSWORD)).status).toBe(200);
  });

  it('logout kills the session: the same cookie is refused afterwards', async () => {
    await makeUser(db(), 'organiser');
    const { call, login } = buildTestApp(db());
    const cookie = await login('organiser@khuyencong.test', PASSWORD);
    expect((await call('GET', '/api/v1/admin/events', { cookie })).status).toBe(200);
    const out = await call('POST', '/api/v1/auth/logout', { cookie });
    expect(out.status).toBe(204);
    const after = await call('GET', '/api/v1/admin/events', { cookie });
    expect(after.status).toBe(401);
    expect(after.json.error.code).toBe('auth.unauthenticated');
  });

  it('an expired session is refused', async () => {
    await makeUser(db(), 'organiser');
    const { call, login, clock } = buildTestApp(db(), { config: { SESSION_TTL_HOURS: '1' } });
    const cookie = await login('organiser@khuyencong.test', PASSWORD);
    clock.advance(61 * 60 * 1000);
    expect((await call('GET', '/api/v1/admin/events', { cookie })).status).toBe(401);
  });
});

describeEachEngine('roles and tokens', ({ db }) => {
  /** An event made by an organiser's token, for door staff to be given. */
  async function anEvent(call: ReturnType<typeof buildTestApp>['call']) {
    const res = await call('POST', '/api/v1/admin/events', { token: await makeToken(db(), 'organiser'), body: eventPayload() });
    expect(res.status, res.text).toBe(201);
    return res.json.event.id as string;
  }

  it('a scanner token may not create events (403); an organiser may (201)', async () => {
    await makeUser(db(), 'organiser');
    const { call, login } = buildTestApp(db());
    const scanner = await makeToken(db(), 'scanner', [await anEvent(call)]);
    const refused = await call('POST', '/api/v1/admin/events', { token: scanner, body: eventPayload() });
    expect(refused.status).toBe(403);
    expect(refused.json.error.code).toBe('auth.forbidden');
    expect(await db().selectFrom('events').selectAll().execute()).toHaveLength(1);

    const cookie = await login('organiser@khuyencong.test', PASSWORD);
    const created = await call('POST', '/api/v1/admin/events', { cookie, body: eventPayload() });
    expect(created.status).toBe(201);
    expect(created.json.event.status).toBe('draft');
  });

  it('a signed-in scanner account is refused event creation too', async () => {
    const { call, login } = buildTestApp(db());
    await makeUser(db(), 'scanner', undefined, [await anEvent(call)]);
    const cookie = await login('scanner@khuyencong.test', PASSWORD);
    expect((await call('POST', '/api/v1/admin/events', { cookie, body: eventPayload() })).status).toBe(403);
  });

  it('only an admin issues tokens; the token is shown once, stored hashed, and works until revoked', async () => {
    await makeUser(db(), 'admin');
    await makeUser(db(), 'organiser');
    const { call, login } = buildTestApp(db());
    const organiser = await login('organiser@khuyencong.test', PASSWORD);
    expect((await call('POST', '/api/v1/auth/tokens', { cookie: organiser, body: { name: 'Máy quét 1', role: 'scanner' } })).status).toBe(
      403,
    );

    const admin = await login('admin@khuyencong.test', PASSWORD);
    const made = await call('POST', '/api/v1/auth/tokens', { cookie: admin, body: { name: 'Script báo cáo', role: 'organiser' } });
    expect(made.status).toBe(201);
    const token: string = made.json.token;
    expect(token.length).toBeGreaterThanOrEqual(43);
    const row = await db().selectFrom('api_tokens').selectAll().executeTakeFirstOrThrow();
    expect(row.token_hash).not.toContain(token);

    expect((await call('GET', '/api/v1/admin/events', { token })).status).toBe(200);
    expect((await call('DELETE', `/api/v1/auth/tokens/${made.json.id}`, { cookie: admin })).status).toBe(204);
    expect((await call('GET', '/api/v1/admin/events', { token })).status).toBe(401);
  });

  it('a revoked token stops at once where it was revoked, and on another app instance within AUTH_CACHE_SECONDS', async () => {
    await makeUser(db(), 'admin');
    const a = buildTestApp(db());
    const b = buildTestApp(db(), { config: { AUTH_CACHE_SECONDS: '5' } });
    const admin = await a.login('admin@khuyencong.test', PASSWORD);
    const made = await a.call('POST', '/api/v1/auth/tokens', { cookie: admin, body: { name: 'Máy quét cửa 2', role: 'organiser' } });
    const token: string = made.json.token;
    // Both instances have looked the token up (and remember it).
    expect((await a.call('GET', '/api/v1/admin/events', { token })).status).toBe(200);
    expect((await b.call('GET', '/api/v1/admin/events', { token })).status).toBe(200);

    expect((await a.call('DELETE', `/api/v1/auth/tokens/${made.json.id}`, { cookie: admin })).status).toBe(204);
    expect((await a.call('GET', '/api/v1/admin/events', { token })).status).toBe(401);
    // Instance b learns of it when its memory of the token runs out, not later.
    b.clock.advance(4_000);
    expect((await b.call('GET', '/api/v1/admin/events', { token })).status).toBe(200);
    b.clock.advance(1_001);
    expect((await b.call('GET', '/api/v1/admin/events', { token })).status).toBe(401);
  });

  it('with AUTH_CACHE_SECONDS=0 every request asks the database', async () => {
    const token = await makeToken(db(), 'organiser');
    const { call } = buildTestApp(db(), { config: { AUTH_CACHE_SECONDS: '0' } });
    expect((await call('GET', '/api/v1/admin/events', { token })).status).toBe(200);
    await db().updateTable('api_tokens').set({ revoked_at: new Date() }).execute();
    expect((await call('GET', '/api/v1/admin/events', { token })).status).toBe(401);
  });

  it('a token limited to some events cannot touch another event', async () => {
    await makeUser(db(), 'organiser');
    const { call, login } = buildTestApp(db());
    const cookie = await login('organiser@khuyencong.test', PASSWORD);
    const mine = (await call('POST', '/api/v1/admin/events', { cookie, body: eventPayload() })).json.event.id;
    const other = (await call('POST', '/api/v1/admin/events', { cookie, body: eventPayload({ title: 'Lớp khác' }) })).json.event.id;
    const token = await makeToken(db(), 'organiser', [mine]);
    expect((await call('PATCH', `/api/v1/admin/events/${mine}`, { token, body: { capacity: 40 } })).status).toBe(200);
    expect((await call('PATCH', `/api/v1/admin/events/${other}`, { token, body: { capacity: 40 } })).status).toBe(403);
    expect((await call('POST', '/api/v1/admin/events', { token, body: eventPayload() })).status).toBe(403);
    const listed = (await call('GET', '/api/v1/admin/events', { token })).json.events.map((e: { id: string }) => e.id);
    expect(listed).toEqual([mine]);
  });

  it('a token naming an unknown event is refused with 422 and not stored', async () => {
    await makeUser(db(), 'admin');
    const { call, login } = buildTestApp(db());
    const admin = await login('admin@khuyencong.test', PASSWORD);
    const res = await call('POST', '/api/v1/auth/tokens', {
      cookie: admin,
      body: { name: 'Máy quét', role: 'scanner', eventIds: ['00000000-0000-4000-8000-000000000000'] },
    });
    expect(res.status).toBe(422);
    expect(res.json.error.details.fields[0].field).toBe('eventIds');
    expect(await db().selectFrom('api_tokens').selectAll().execute()).toHaveLength(0);
  });

  it('door staff must be given their events: a scanner token or account without any is refused, and an old one reaches none', async () => {
    await makeUser(db(), 'admin');
    const { call, login } = buildTestApp(db());
    const admin = await login('admin@khuyencong.test', PASSWORD);
    const organiser = await makeToken(db(), 'organiser');
    const created = await call('POST', '/api/v1/admin/events', { token: organiser, body: eventPayload() });
    const eventId = created.json.event.id as string;
    await call('POST', `/api/v1/admin/events/${eventId}/publish`, { token: organiser });

    for (const body of [
      { name: 'Máy quét', role: 'scanner' },
      { name: 'Máy quét', role: 'scanner', eventIds: [] },
    ]) {
      const res = await call('POST', '/api/v1/auth/tokens', { cookie: admin, body });
      expect(res.status).toBe(422);
      expect(res.json.error.details.fields[0]).toMatchObject({ field: 'eventIds', code: 'required' });
      expect(res.json.error.details.fields[0].message).toContain('Người soát vé cần được giao ít nhất một sự kiện');
    }
    await expect(makeUser(db(), 'scanner')).rejects.toMatchObject({ code: 'validation.failed' });
    expect(await db().selectFrom('api_tokens').select('role').execute()).toEqual([{ role: 'organiser' }]);
    expect(await db().selectFrom('users').select('role').execute()).toEqual([{ role: 'admin' }]);
    // An organiser's token without a list still reaches every event.
    expect((await call('POST', '/api/v1/auth/tokens', { cookie: admin, body: { name: 'Báo cáo', role: 'organiser' } })).status).toBe(201);

    // A scanner row written before this rule, with no list, reaches no event.
    const legacy = await makeToken(db(), 'organiser');
    await db()
      .updateTable('api_tokens')
      .set({ role: 'scanner' })
      .where('event_ids', 'is', null)
      .where('name', '=', 'organiser device')
      .execute();
    const refused = await call('GET', `/api/v1/events/${eventId}/checkin-list`, { token: legacy });
    expect(refused.status).toBe(403);
    expect((await call('GET', '/api/v1/checkins/events', { token: legacy })).json.events).toEqual([]);
    // The same device given the event scans as before.
    const given = await makeToken(db(), 'scanner', [eventId]);
    expect((await call('GET', `/api/v1/events/${eventId}/checkin-list`, { token: given })).status).toBe(200);
    expect((await call('GET', '/api/v1/checkins/events', { token: given })).json.events.map((e: { id: string }) => e.id)).toEqual([
      eventId,
    ]);
  });
});
