import { expect, it } from 'vitest';
import { buildTestApp, eventPayload, makeToken, makeUser, ORIGIN, PASSWORD, publishedEvent, registrationPayload } from './support/app.js';
import { describeEachEngine } from './support/db.js';

describeEachEngine('the HTTP edge', ({ db }) => {
  it('a form posted from another site is refused with 403 and signs no one in', async () => {
    await makeUser(db(), 'organiser');
    const { app } = buildTestApp(db());
    const form = new URLSearchParams({ email: 'organiser@khuyencong.test', password: PASSWORD });
    const crossSite = await app.request(`${ORIGIN}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
      body: form,
    });
    expect(crossSite.status).toBe(403);
    expect(crossSite.headers.get('set-cookie')).toBeNull();
    expect(await crossSite.text()).toContain('Yêu cầu được gửi từ một trang khác');
    expect(await db().selectFrom('auth_sessions').selectAll().execute()).toHaveLength(0);

    const sameSite = await app.request(`${ORIGIN}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN },
      body: form,
    });
    expect(sameSite.status).toBe(303);
    expect(sameSite.headers.get('location')).toBe('/admin');
    expect(sameSite.headers.get('set-cookie')).toMatch(/kc_session=/);
  });

  it('a request with the session cookie from another origin of the same site is refused with 403 on the API too, even with an empty body', async () => {
    await makeUser(db(), 'organiser');
    const { app, call, login } = buildTestApp(db());
    const cookie = await login('organiser@khuyencong.test', PASSWORD);
    const eventId = await publishedEvent(call, await makeToken(db(), 'organiser'));
    // What a sibling page (another port or subdomain of our site) sends when an empty form there
    // posts to us: our SameSite=Lax cookie rides along, the body is empty.
    const sibling = { origin: 'http://localhost:8080', 'sec-fetch-site': 'same-site' };
    const attempts: { method: string; headers: Record<string, string> }[] = [
      { method: 'POST', headers: { ...sibling, 'content-type': 'application/x-www-form-urlencoded', 'content-length': '0' } },
      { method: 'POST', headers: { ...sibling, 'content-length': '0' } },
      { method: 'POST', headers: { ...sibling, 'content-type': 'text/plain' } },
      // No Origin and no Sec-Fetch-Site: not our pages either (every browser sends one on a POST).
      { method: 'POST', headers: { 'content-length': '0' } },
    ];
    for (const attempt of attempts) {
      // Exactly these headers: the test helper would add our Origin to a cookie request.
      const res = await app.request(`${ORIGIN}/api/v1/admin/events/${eventId}/cancel`, {
        method: attempt.method,
        headers: { ...attempt.headers, cookie },
      });
      expect(res.status, JSON.stringify(attempt.headers)).toBe(403);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('request.cross_origin');
      expect(body.error.message).toContain('Yêu cầu được gửi từ một trang khác');
    }
    const patch = await call('PATCH', `/api/v1/admin/events/${eventId}`, { cookie, body: { capacity: 1 }, headers: sibling });
    expect(patch.status).toBe(403);
    const events = await db().selectFrom('events').select(['status', 'capacity']).execute();
    expect(events).toEqual([{ status: 'published', capacity: 30 }]);

    // From our own pages the same cookie works.
    const ours = await call('POST', `/api/v1/admin/events/${eventId}/cancel`, { cookie, headers: { 'sec-fetch-site': 'same-origin' } });
    expect(ours.status).toBe(200);
    expect(ours.json.event.status).toBe('cancelled');
  });

  it('bearer tokens and anonymous API calls need no Origin; a bearer token wins over a cookie from another site', async () => {
    await makeUser(db(), 'organiser');
    const { call, login } = buildTestApp(db());
    const token = await makeToken(db(), 'organiser');
    const eventId = await publishedEvent(call, token);
    // A script with its token, from anywhere: no ambient authority, nothing to forge.
    const scripted = await call('POST', '/api/v1/admin/events', {
      token,
      body: eventPayload(),
      headers: { origin: 'https://tool.example' },
    });
    expect(scripted.status).toBe(201);
    // Registering needs no sign-in: apps and scripts post without an Origin.
    const registered = await call('POST', `/api/v1/events/${eventId}/registrations`, { body: registrationPayload() });
    expect(registered.status).toBe(201);
    const cookie = await login('organiser@khuyencong.test', PASSWORD);
    const both = await call('POST', `/api/v1/admin/events/${eventId}/cancel`, {
      cookie,
      token,
      headers: { origin: 'https://tool.example' },
    });
    expect(both.status).toBe(200);
  });

  it('the sign-in form keeps the email and says what went wrong, in Vietnamese', async () => {
    await makeUser(db(), 'organiser');
    const { app } = buildTestApp(db());
    const res = await app.request(`${ORIGIN}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN },
      body: new URLSearchParams({ email: 'organiser@khuyencong.test', password: 'sai' }),
    });
    expect(res.status).toBe(401);
    const html = await res.text();
    expect(html).toContain('Email hoặc mật khẩu không đúng');
    expect(html).toContain('value="organiser@khuyencong.test"');
  });

  it('the API refuses bodies that are not JSON with 415, and writes nothing', async () => {
    const token = await makeToken(db(), 'organiser');
    const { call } = buildTestApp(db());
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml']) {
      const res = await call('POST', '/api/v1/admin/events', {
        token,
        body: JSON.stringify(eventPayload()),
        headers: { 'content-type': type },
      });
      expect(res.status, type).toBe(415);
      expect(res.json.error.code).toBe('request.unsupported_media_type');
    }
    expect(await db().selectFrom('events').selectAll().execute()).toHaveLength(0);
    const ok = await call('POST', '/api/v1/admin/events', {
      token,
      body: eventPayload(),
      headers: { 'content-type': 'application/json; charset=utf-8' },
    });
    expect(ok.status).toBe(201);
  });

  it('a body over the limit is refused with 413 before it is read', async () => {
    const token = await makeToken(db(), 'organiser');
    const { call } = buildTestApp(db(), { config: { BODY_LIMIT_BYTES: '4096' } });
    const res = await call('POST', '/api/v1/admin/events', { token, body: eventPayload({ description: 'x'.repeat(5000) }) });
    expect(res.status).toBe(413);
    expect(res.json.error.code).toBe('request.too_large');
    expect(await db().selectFrom('events').selectAll().execute()).toHaveLength(0);
  });

  it('text the database cannot store (NUL, a lone surrogate) is a 422 naming the field, and nothing is written', async () => {
    const token = await makeToken(db(), 'organiser');
    const { call } = buildTestApp(db(), { now: '2026-12-01T02:00:00Z' });
    const eventId = await publishedEvent(call, token);
    const person = registrationPayload().person;
    const nul = await call('POST', `/api/v1/events/${eventId}/registrations`, {
      body: registrationPayload({ person: { ...person, fullName: 'Nguyễn Văn\u0000 An' } }),
    });
    expect(nul.status).toBe(422);
    expect(nul.json.error.details.fields.map((f: { field: string }) => f.field)).toEqual(['person.fullName']);
    expect(await db().selectFrom('registrations').selectAll().execute()).toHaveLength(0);

    const surrogate = await call('POST', '/api/v1/admin/events', { token, body: eventPayload({ title: 'Hội chợ \ud800 2027' }) });
    expect(surrogate.status).toBe(422);
    expect(surrogate.json.error.details.fields[0]).toMatchObject({ field: 'title', code: 'invalid_characters' });
    expect(await db().selectFrom('events').select('id').execute()).toHaveLength(1);
  });

  it('every response carries a request id, and keeps one the client sent', async () => {
    const { call } = buildTestApp(db());
    const a = await call('GET', '/healthz');
    expect(a.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const b = await call('GET', '/api/v1/nothing', { headers: { 'x-request-id': 'door-7-abc' } });
    expect(b.headers.get('x-request-id')).toBe('door-7-abc');
  });

  it('an unknown API path is a JSON 404; an unknown page is an HTML 404 in Vietnamese', async () => {
    const { call } = buildTestApp(db());
    const api = await call('GET', '/api/v1/khong-co');
    expect(api.status).toBe(404);
    expect(api.headers.get('content-type')).toMatch(/application\/json/);
    expect(api.json).toEqual({ error: { code: 'route.not_found', message: expect.stringContaining('Không tìm thấy') } });
    const page = await call('GET', '/khong-co-trang-nay', { headers: { accept: 'text/html' } });
    expect(page.status).toBe(404);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(page.text).toContain('<html lang="vi">');
    expect(page.text).toContain('Không tìm thấy địa chỉ này');
  });

  it('pages carry a strict content security policy and the other security headers', async () => {
    const { call } = buildTestApp(db());
    const res = await call('GET', '/');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(res.headers.get('referrer-policy')).toBe('same-origin');
  });

  it('/healthz answers 200 while the database answers', async () => {
    const { call } = buildTestApp(db());
    const res = await call('GET', '/healthz');
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ status: 'ok' });
  });

  it('a wrong HTTP method on an API route gets a JSON error, not a crash', async () => {
    const token = await makeToken(db(), 'organiser');
    const { call } = buildTestApp(db());
    const res = await call('PUT', '/api/v1/admin/events', { token, body: eventPayload() });
    expect(res.status).toBe(404);
    expect(res.json.error.code).toBe('route.not_found');
  });
});
