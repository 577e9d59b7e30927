import { expect, it } from 'vitest';
import { pairingQrSvg } from '../src/auth/door-devices.usecases.js';
import { ticketSvg } from '../src/tickets/qr.js';
import { buildTestApp, eventPayload, makeToken, makeUser, ORIGIN, PASSWORD, publishedEvent } from './support/app.js';
import { describeEachEngine } from './support/db.js';

describeEachEngine('door device tokens, issued from the back office', ({ db }) => {
  async function setup() {
    const t = buildTestApp(db(), { now: '2026-12-01T02:00:00Z' });
    await makeUser(db(), 'admin');
    const admin = await t.login('admin@khuyencong.test', PASSWORD);
    const organiser = await makeToken(db(), 'organiser');
    const fair = await publishedEvent(t.call, organiser, { title: 'Lớp kỹ năng bán hàng' });
    const other = await publishedEvent(t.call, organiser, { title: 'Hội thảo sản xuất sạch hơn' });
    const draft = (await t.call('POST', '/api/v1/admin/events', { token: organiser, body: eventPayload({ title: 'Lớp còn nháp' }) })).json
      .event.id as string;
    const form = (fields: [string, string][], cookie = admin, origin = ORIGIN) =>
      t.call('POST', '/admin/devices', {
        cookie,
        headers: { origin, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(fields).toString(),
      });
    return { ...t, admin, organiser, fair, other, draft, form };
  }

  it('an admin gives a door phone a token for chosen events, shown once; it scans those events only, until revoked', async () => {
    const { call, admin, fair, other, draft, form } = await setup();
    const page = await call('GET', '/admin/devices', { cookie: admin });
    expect(page.status).toBe(200);
    // Only published events that are not over may be given; drafts are not offered.
    expect(page.text).toContain(`value="${fair}"`);
    expect(page.text).toContain(`value="${other}"`);
    expect(page.text).not.toContain(`value="${draft}"`);

    // Issued, then shown once on the page it redirects to; a refresh there issues nothing more.
    const posted = await form([
      ['name', 'Máy quét cửa 1'],
      ['eventIds', fair],
    ]);
    expect(posted.status).toBe(303);
    expect(posted.headers.get('location')).toBe('/admin/devices');
    const carrier = posted.headers.get('set-cookie')!.split(';')[0]!;
    expect(posted.headers.get('set-cookie')).toMatch(/HttpOnly/i);
    expect(posted.headers.get('set-cookie')).toMatch(/Path=\/admin\/devices/);
    const issued = await call('GET', '/admin/devices', { cookie: `${admin}; ${carrier}` });
    expect(issued.headers.get('cache-control')).toBe('private, no-store');
    expect(issued.headers.get('set-cookie')).toMatch(/kc_issued_token=;/);
    const token = issued.text.match(/<p class="manage-url" id="issued-token">\s*([^<\s]+)\s*<\/p>/)![1]!;
    expect(issued.text).toContain('Đã cấp mã cho <strong>Máy quét cửa 1</strong>');
    // The same token as a QR code for the phone's camera, behind the device prefix (never a ticket's text).
    expect(issued.text).toContain(await pairingQrSvg(token));
    expect(await pairingQrSvg(token)).toBe(await ticketSvg(`kce-device:${token}`));
    expect((await call('GET', `/api/v1/events/${fair}/checkin-list`, { token })).status).toBe(200);
    expect((await call('GET', `/api/v1/events/${other}/checkin-list`, { token })).status).toBe(403);
    // The list names the device, what it may do and its event; the token itself is not shown again.
    const list = await call('GET', '/admin/devices', { cookie: admin });
    expect(list.text).toContain('<td>Máy quét cửa 1</td><td>soát vé</td><td>Lớp kỹ năng bán hàng</td>');
    expect(list.text).not.toContain(token);
    expect(list.text).not.toContain('id="pairing-qr"');
    expect(await db().selectFrom('api_tokens').select('name').where('role', '=', 'scanner').execute()).toHaveLength(1);

    // Two events ticked: both given.
    const both = await form([
      ['name', 'Máy quét cửa 2'],
      ['eventIds', fair],
      ['eventIds', other],
    ]);
    expect(both.status).toBe(303);
    const stored = await db().selectFrom('api_tokens').select('event_ids').where('name', '=', 'Máy quét cửa 2').executeTakeFirstOrThrow();
    expect([...stored.event_ids!].sort()).toEqual([fair, other].sort());

    // Revoked: the page says so, and the phone is signed out at its next request.
    const id = (await db().selectFrom('api_tokens').select('id').where('name', '=', 'Máy quét cửa 1').executeTakeFirstOrThrow()).id;
    // …but only once it is: a crafted link about a live token says nothing.
    expect((await call('GET', `/admin/devices?revoked=${id}`, { cookie: admin })).text).not.toContain('Đã thu hồi mã');
    const revoked = await call('POST', `/admin/devices/${id}/revoke`, { cookie: admin, headers: { origin: ORIGIN } });
    expect(revoked.status).toBe(303);
    expect((await call('GET', revoked.headers.get('location')!, { cookie: admin })).text).toContain('Đã thu hồi mã: Máy quét cửa 1');
    expect((await call('GET', `/api/v1/events/${fair}/checkin-list`, { token })).status).toBe(401);
    // Again, a bad id or one that names no token: a clear 404, nothing changes.
    for (const bad of [id, 'not-a-uuid', '00000000-0000-4000-8000-000000000000']) {
      const res = await call('POST', `/admin/devices/${bad}/revoke`, { cookie: admin, headers: { origin: ORIGIN } });
      expect(res.status).toBe(404);
      expect(res.text).toContain('Không tìm thấy');
    }
    expect(await db().selectFrom('audit_log').select('action').where('action', '=', 'token.revoke').execute()).toHaveLength(1);
  });

  it('a token without events is refused on the page with the reason, and nothing is stored; only admins reach the page', async () => {
    const { call, admin, fair, organiser, form } = await setup();
    const refused = await form([['name', 'Máy quét cửa 3']]);
    expect(refused.status).toBe(422);
    expect(refused.text).toContain('Người soát vé cần được giao ít nhất một sự kiện');
    expect(refused.text).toContain('value="Máy quét cửa 3"'); // what was typed stays
    expect(await db().selectFrom('api_tokens').select('name').where('role', '=', 'scanner').execute()).toEqual([]);
    expect(
      (
        await form([
          ['name', 'x'],
          ['eventIds', fair],
        ])
      ).status,
    ).toBe(422);
    expect(
      (
        await form([
          ['name', 'Máy quét'],
          ['eventIds', 'not-a-uuid'],
        ])
      ).status,
    ).toBe(422);
    expect(
      (
        await form(
          [
            ['name', 'Máy quét'],
            ['eventIds', fair],
          ],
          admin,
          'https://evil.example',
        )
      ).status,
    ).toBe(403);
    expect(await db().selectFrom('api_tokens').select('name').where('role', '=', 'scanner').execute()).toEqual([]);

    expect((await call('GET', '/admin/devices', { token: organiser })).status).toBe(403);
    const signedOut = await call('GET', '/admin/devices');
    expect(signedOut.status).toBe(303);
    expect(signedOut.headers.get('location')).toBe('/login?next=%2Fadmin%2Fdevices');
    // The front door links here for admins only, and names roles in the page's language.
    const desk = (await call('GET', '/admin', { cookie: admin })).text;
    expect(desk).toContain('href="/admin/devices"');
    expect(desk).toContain('(quản trị)');
    expect((await call('GET', '/admin', { token: organiser })).text).not.toContain('href="/admin/devices"');
  });
});
