import { expect, it } from 'vitest';
import { buildTestApp, makeToken, ORIGIN, publishedEvent, registrationPayload } from './support/app.js';
import { describeEachEngine } from './support/db.js';

/** The registrations table's rows, cell by cell, tags removed. */
function rowsOf(html: string): string[][] {
  const table = html.match(/<table class="registrations">[\s\S]*?<\/table>/)?.[0] ?? '';
  const body = table.match(/<tbody>([\s\S]*?)<\/tbody>/)?.[1] ?? '';
  return [...body.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((m) =>
    [...m[1]!.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((c) =>
      c[1]!
        .replace(/<[^>]+>/g, ' ')
        .replace(/\s+/g, ' ')
        .trim(),
    ),
  );
}

describeEachEngine('the registrations page for organisers', ({ db }) => {
  async function setup(overrides: Record<string, unknown> = {}) {
    const t = buildTestApp(db(), { now: '2026-12-01T02:00:00Z' });
    const organiser = await makeToken(db(), 'organiser');
    const eventId = await publishedEvent(t.call, organiser, overrides);
    const register = async (fullName: string, phone: string, extra: Record<string, unknown> = {}) => {
      const res = await t.call('POST', `/api/v1/events/${eventId}/registrations`, {
        body: registrationPayload({ person: { ...registrationPayload().person, fullName, phone }, ...extra }),
      });
      expect(res.status, res.text).toBe(201);
      return res.json.registration as { id: string; status: string };
    };
    const page = (query = '') => t.call('GET', `/admin/events/${eventId}/registrations${query}`, { token: organiser });
    const decide = (
      regId: string,
      decision: string,
      fields: Record<string, string> = {},
      extra: { token?: string; origin?: string } = {},
    ) =>
      t.call('POST', `/admin/events/${eventId}/registrations/${regId}/${decision}`, {
        token: extra.token ?? organiser,
        headers: { origin: extra.origin ?? ORIGIN, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(fields).toString(),
      });
    const follow = async (res: { headers: Headers }) =>
      (await t.call('GET', res.headers.get('location')!.split('#')[0]!, { token: organiser })).text;
    return { ...t, organiser, eventId, register, page, decide, follow };
  }

  it('lists, filters and finds registrations; cancelling a seat promotes the first waiting, told and audited', async () => {
    const { register, page, decide, follow, eventId, call, organiser } = await setup({ capacity: 1 });
    const lan = await register('Bùi Thị Lan', '0912000501');
    const minh = await register('Đặng Văn Minh', '0912000502');
    expect([lan.status, minh.status]).toEqual(['confirmed', 'waitlisted']);

    const all = await page();
    expect(all.status).toBe(200);
    expect(all.headers.get('cache-control')).toBe('private, no-store');
    expect(rowsOf(all.text).map((r) => [r[1], r[2], r[4]!.split(' hoc.vien')[0]])).toEqual([
      ['Bùi Thị Lan', 'Đã xác nhận', '0912 000 501'],
      ['Đặng Văn Minh', 'Trong danh sách chờ', '0912 000 502'],
    ]);
    expect(all.text).toContain('Chỗ: 1 · 0 còn trống · 1 đang chờ');
    expect(rowsOf((await page('?status=waitlisted')).text).map((r) => r[1])).toEqual(['Đặng Văn Minh']);
    expect(rowsOf((await page('?q=dang%20van&status=')).text).map((r) => r[1])).toEqual(['Đặng Văn Minh']);
    // The CSV of what is shown: the same filters.
    const filtered = await page('?q=dang%20van&status=waitlisted');
    expect(filtered.text).toContain(`href="/api/v1/admin/events/${eventId}/registrations?format=csv&amp;status=waitlisted&amp;q=dang+van"`);

    // Working through the confirmed ones: Lan cancels by phone. The row's button asks first, on
    // a page of its own that says what will follow; then Minh takes her seat.
    const listed = (await page('?status=confirmed')).text;
    const confirmHref = `/admin/events/${eventId}/registrations/${lan.id}/cancel/confirm?status=confirmed`;
    expect(listed).toContain(`href="${confirmHref}"`);
    const ask = await call('GET', confirmHref, { token: organiser });
    expect(ask.status).toBe(200);
    expect(ask.text).toContain('Huỷ đăng ký này?');
    expect(ask.text).toContain('<strong>Bùi Thị Lan</strong>');
    expect(ask.text).toContain('Không hoàn tác được.');
    expect(ask.text).toContain(`action="/admin/events/${eventId}/registrations/${lan.id}/cancel"`);
    expect(ask.text).toContain('<input type="hidden" name="status" value="confirmed"/>');
    expect((await call('GET', `/admin/events/${eventId}/registrations/${lan.id}/approve/confirm`, { token: organiser })).status).toBe(404);
    expect(
      (
        await call('GET', `/admin/events/${eventId}/registrations/00000000-0000-4000-8000-000000000000/cancel/confirm`, {
          token: organiser,
        })
      ).status,
    ).toBe(404);
    expect((await db().selectFrom('registrations').select('status').where('id', '=', lan.id).executeTakeFirstOrThrow()).status).toBe(
      'confirmed',
    );
    const cancelled = await decide(lan.id, 'cancel', { status: 'confirmed' });
    expect(cancelled.status).toBe(303);
    expect(cancelled.headers.get('location')).toContain('status=confirmed');
    const after = await follow(cancelled);
    expect(after).toContain(
      'Đã huỷ: Bùi Thị Lan — trạng thái bây giờ: Đã huỷ. Người đăng ký nhận thư báo. Được mời vào từ danh sách chờ (đã gửi thư): Đặng Văn Minh.',
    );
    expect(rowsOf(after).map((r) => [r[1], r[2]])).toEqual([['Đặng Văn Minh', 'Đã xác nhận']]);
    const audit = await db()
      .selectFrom('audit_log')
      .select(['action', 'entity_id', 'data'])
      .where('action', 'like', 'registration.%')
      .execute();
    expect(audit).toEqual([
      { action: 'registration.cancel', entity_id: lan.id, data: { before: 'confirmed', after: 'cancelled', promoted: [minh.id] } },
    ]);
    const mail = await db().selectFrom('mail_outbox').select(['registration_id', 'kind']).orderBy('id').execute();
    const told = mail.filter((m) => m.kind === 'cancelled' || m.kind === 'promoted');
    expect(told).toHaveLength(2);
    expect(told).toEqual(
      expect.arrayContaining([
        { registration_id: lan.id, kind: 'cancelled' },
        { registration_id: minh.id, kind: 'promoted' },
      ]),
    );

    // A decision the status does not allow is refused with the reason; nothing changes.
    const again = await follow(await decide(lan.id, 'approve'));
    expect(again).toContain('Không thực hiện được: Bùi Thị Lan (Đã huỷ). Trạng thái hiện tại của đăng ký không cho phép thao tác này.');
    // A crafted link claims nothing the data does not show: no decision on Minh was recorded,
    // and approving a cancelled registration is indeed refused while approving Minh… is not offered.
    expect((await page(`?who=${minh.id}&done=approve`)).text).not.toContain('Đã duyệt');
    expect((await page(`?who=${minh.id}&done=cancel`)).text).not.toContain('Đã huỷ: Đặng Văn Minh');
    expect((await page(`?who=${minh.id}&error=registration.invalid_transition&tried=cancel`)).text).not.toContain('Không thực hiện được');
    // Each row offers what its status allows.
    const actions = Object.fromEntries(rowsOf((await page()).text).map((r) => [r[1], r[3]]));
    // Beside the decisions, the operations its status allows: move up, send the ticket again, correct.
    expect(actions).toEqual({
      'Bùi Thị Lan': 'Sửa thông tin',
      'Đặng Văn Minh': 'Huỷ đăng ký Gửi lại vé Sửa thông tin Cấp lại cho đúng người',
    });
    const waiting = await register('Trương Thị Nga', '0912000503');
    expect(waiting.status).toBe('waitlisted');
    expect(rowsOf((await page('?status=waitlisted')).text).map((r) => r[3])).toEqual([
      'Từ chối Huỷ đăng ký Chuyển lên Gửi lại vé Sửa thông tin Cấp lại cho đúng người',
    ]);
  });

  it('an organiser of other events reaches neither this event’s list nor its decisions', async () => {
    const { register, call, decide, eventId } = await setup();
    const lan = await register('Bùi Thị Lan', '0912000701');
    const other = await publishedEvent(call, await makeToken(db(), 'organiser'), { title: 'Lớp khác' });
    const elsewhere = await makeToken(db(), 'organiser', [other]);
    expect((await call('GET', `/admin/events/${eventId}/registrations`, { token: elsewhere })).status).toBe(403);
    expect((await decide(lan.id, 'cancel', {}, { token: elsewhere })).status).toBe(403);
    expect((await call('POST', `/api/v1/admin/registrations/${lan.id}/cancel`, { token: elsewhere })).status).toBe(403);
    // Their own event's page does not report on this event's registration.
    expect((await call('GET', `/admin/events/${other}/registrations?who=${lan.id}&done=cancel`, { token: elsewhere })).text).not.toContain(
      'Bùi Thị Lan',
    );
    expect((await db().selectFrom('registrations').select('status').where('id', '=', lan.id).executeTakeFirstOrThrow()).status).toBe(
      'confirmed',
    );
  });

  it('a fair’s booth requests are approved from the page; strangers, door staff and bad paths change nothing', async () => {
    const { register, page, decide, follow, call, eventId, organiser } = await setup({
      kind: 'fair',
      topic: 'fair_hosted',
      scope: 'district',
      title: 'Hội chợ An Lão',
      capacity: 5,
    });
    const booth = {
      facility: { name: 'Cơ sở gốm Minh Đức', district: 'An Lão' },
      booth: { type: 'corner', size: '3x6', count: 2, products: 'Gốm' },
    };
    const duc = await register('Phạm Minh Đức', '0912000601', booth);
    expect(duc.status).toBe('pending');
    const row = rowsOf((await page()).text)[0]!;
    expect(row.slice(1, 3)).toEqual(['Phạm Minh Đức', 'Chờ duyệt']);
    expect(row[3]).toBe('Duyệt Từ chối Huỷ đăng ký Gửi lại vé Sửa thông tin Cấp lại cho đúng người');
    expect(row[5]).toBe('Cơ sở gốm Minh Đức');
    expect(row[6]).toBe('2 gian 3 × 6 m, Gian góc');

    const scanner = await makeToken(db(), 'scanner', [eventId]);
    expect((await decide(duc.id, 'approve', {}, { token: scanner })).status).toBe(403);
    expect((await decide(duc.id, 'approve', {}, { origin: 'https://evil.example' })).status).toBe(403);
    expect((await decide(duc.id, 'approve-all')).status).toBe(404);
    expect((await decide('not-a-uuid', 'approve')).status).toBe(404);
    const other = await publishedEvent(call, organiser, { title: 'Lớp khác' });
    const stranger = await call('POST', `/api/v1/events/${other}/registrations`, { body: registrationPayload() });
    expect((await decide(stranger.json.registration.id, 'cancel')).status).toBe(404);
    expect((await call('GET', `/admin/events/${eventId}/registrations`)).status).toBe(303);
    expect((await call('GET', `/admin/events/${eventId}/registrations?status=maybe`, { token: organiser })).status).toBe(422);
    expect((await db().selectFrom('registrations').select('status').where('id', '=', duc.id).executeTakeFirstOrThrow()).status).toBe(
      'pending',
    );

    // The CSV carries the booth request, as the page does.
    const csv = await call('GET', `/api/v1/admin/events/${eventId}/registrations?format=csv`, { token: organiser });
    expect(csv.text.split('\n')[0]).toContain('Loại gian / Booth type');
    expect(csv.text).toContain('Chờ duyệt / pending');
    expect(csv.text).toMatch(/corner,3x6,2,Gốm/);
    const approved = await follow(await decide(duc.id, 'approve'));
    expect(approved).toContain('Đã duyệt: Phạm Minh Đức — trạng thái bây giờ: Đã xác nhận. Người đăng ký nhận thư báo.');
    expect(approved).not.toContain('danh sách chờ (đã gửi thư)');
    expect((await db().selectFrom('audit_log').select('action').where('entity_id', '=', duc.id).execute()).map((a) => a.action)).toEqual([
      'registration.approve',
    ]);
    expect((await call('GET', '/admin', { token: organiser })).text).toContain(`href="/admin/events/${eventId}/registrations"`);
  });
});
