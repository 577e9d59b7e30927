import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { buildTestApp, makeToken, makeUser, PASSWORD, publishedEvent, registrationPayload } from './support/app.js';
import { describeEachEngine } from './support/db.js';

describeEachEngine('the audit log page', ({ db }) => {
  async function setup() {
    const t = buildTestApp(db(), { now: '2026-12-01T02:00:00Z' });
    await makeUser(db(), 'admin');
    const admin = await t.login('admin@khuyencong.test', PASSWORD);
    await makeUser(db(), 'organiser', 'to.chuc@khuyencong.test');
    const organiser = await t.login('to.chuc@khuyencong.test', PASSWORD);
    const organiserToken = await makeToken(db(), 'organiser');
    const sales = await publishedEvent(t.call, organiserToken, { title: 'Lớp kỹ năng bán hàng' });
    const clean = await publishedEvent(t.call, organiserToken, { title: 'Hội thảo sản xuất sạch hơn' });
    const register = async (eventId: string, fullName: string, phone: string) => {
      const res = await t.call('POST', `/api/v1/events/${eventId}/registrations`, {
        body: registrationPayload({ person: { fullName, phone, email: `${phone}@khuyencong.test`, district: 'Thủy Nguyên' } }),
      });
      return res.json.registration.id as string;
    };
    const hoa = await register(sales, 'Nguyễn Thị Hoa', '0912345678');
    const binh = await register(clean, 'Phạm Văn Bình', '0987654321');
    expect((await t.call('POST', `/api/v1/admin/registrations/${hoa}/cancel`, { cookie: organiser })).status).toBe(200);
    expect((await t.call('POST', `/api/v1/admin/registrations/${binh}/cancel`, { cookie: admin })).status).toBe(200);
    const page = (query = '', cookie = admin) => t.call('GET', `/admin/audit${query}`, { cookie });
    return { ...t, admin, organiser, organiserToken, sales, clean, hoa, binh, page };
  }

  it('an event edit shows before and after values, newest first, in Vietnam time', async () => {
    const { call, page, organiser, sales } = await setup();
    const edited = await call('PATCH', `/api/v1/admin/events/${sales}`, {
      cookie: organiser,
      body: {
        title: 'Lớp kỹ năng bán hàng trực tuyến',
        capacity: 40,
        sessions: [{ startsAt: '2026-12-14T13:30:00+07:00', endsAt: '2026-12-14T16:30:00+07:00' }],
      },
    });
    expect(edited.status).toBe(200);
    const entry = await db().selectFrom('audit_log').select('data').where('action', '=', 'event.update').executeTakeFirstOrThrow();
    expect(entry.data).toMatchObject({
      fields: ['title', 'capacity', 'sessions'],
      placeOrTimeChanged: true,
      changes: {
        title: { before: 'Lớp kỹ năng bán hàng', after: 'Lớp kỹ năng bán hàng trực tuyến' },
        capacity: { before: 30, after: 40 },
        sessions: { before: ['2026-12-14 08:00–11:30', '2026-12-15 08:00–11:30'], after: ['2026-12-14 13:30–16:30'] },
      },
    });
    // The same value again is no change.
    await call('PATCH', `/api/v1/admin/events/${sales}`, { cookie: organiser, body: { capacity: 40 } });
    const again = await db()
      .selectFrom('audit_log')
      .select('data')
      .where('action', '=', 'event.update')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(again.data).toMatchObject({ fields: ['capacity'], changes: {} });

    const res = await page();
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    expect(res.text).toContain('Nhật ký thay đổi');
    expect(res.text).toContain('<del>Lớp kỹ năng bán hàng</del> → <ins>Lớp kỹ năng bán hàng trực tuyến</ins>');
    expect(res.text).toContain('<span class="field-name">Số chỗ:</span> <del>30</del> → <ins>40</ins>');
    expect(res.text).toContain('<del>2026-12-14 08:00–11:30, 2026-12-15 08:00–11:30</del> → <ins>2026-12-14 13:30–16:30</ins>');
    expect(res.text).toContain('Sửa sự kiện');
    // Newest first: the edit comes before the cancellations, which come before the event's creation.
    const table = res.text.slice(res.text.indexOf('<table class="audit"'));
    expect(table.indexOf('Sửa sự kiện')).toBeLessThan(table.indexOf('Huỷ đăng ký'));
    expect(table.indexOf('Huỷ đăng ký')).toBeLessThan(table.indexOf('Tạo sự kiện'));
    // English second.
    expect((await page('?lang=en')).text).toContain('Event edited');
  });

  it('filters by event, person, actor, action and date range', async () => {
    const { page, sales, clean, hoa } = await setup();
    // Rows of the table, minus its head row; no table when nothing matches.
    const rows = (html: string) => (html.includes('<table class="audit"') ? (html.match(/<tr>/g) ?? []).length - 1 : 0);

    const bySales = (await page(`?eventId=${sales}`)).text;
    expect(bySales).toContain('Nguyễn Thị Hoa');
    expect(bySales).not.toContain('Phạm Văn Bình');
    expect(rows(bySales)).toBe(3); // created, published, a registration cancelled

    for (const person of ['hoa', 'Nguyen Thi', '0912 345', '0912345678@khuyencong']) {
      const text = (await page(`?person=${encodeURIComponent(person)}`)).text;
      expect(text, person).toContain('Nguyễn Thị Hoa');
      expect(text, person).not.toContain('Phạm Văn Bình');
      expect(rows(text), person).toBe(1);
    }

    const byActor = (await page('?actor=to.chuc')).text;
    expect(byActor).toContain('Nguyễn Thị Hoa');
    expect(byActor).not.toContain('Phạm Văn Bình');
    const byToken = (await page('?actor=organiser%20device')).text;
    expect(rows(byToken)).toBe(4); // two events made and published by the token

    const byAction = (await page('?action=registration.cancel')).text;
    expect(rows(byAction)).toBe(2);

    // Dates are calendar days in Vietnam: move one entry to 00:30 on 21 Nov there (UTC+7).
    await sql`update audit_log set at = '2026-11-20T17:30:00Z' where entity_id = ${hoa}`.execute(db());
    const day = (await page('?from=2026-11-20&to=2026-11-20')).text;
    expect(rows(day)).toBe(0); // 17:30 on the 20th in UTC is the 21st in Vietnam
    const nextDay = (await page('?from=2026-11-21&to=2026-11-21')).text;
    expect(rows(nextDay)).toBe(1);
    expect(nextDay).toContain('00:30');
    expect(rows((await page(`?from=2026-11-21&to=2026-11-21&eventId=${clean}`)).text)).toBe(0);

    // Bad filters: the form again with the reason, Vietnamese first.
    const bad = await page('?from=2026-13-45&to=hôm-qua');
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('Ngày');
    expect(bad.text).toContain('<form method="get" action="/admin/audit"');
    const reversed = await page('?from=2026-12-02&to=2026-12-01');
    expect(reversed.status).toBe(422);
    expect(reversed.text).toContain('Đến ngày phải sau từ ngày');
    expect((await page('?eventId=not-a-uuid')).status).toBe(422);
  });

  it('pages by id, 50 at a time, newest first', async () => {
    const { page } = await setup();
    const values = Array.from({ length: 60 }, (_, i) => ({ action: 'mail.resend', entity: 'mail', entity_id: String(i), data: '{}' }));
    await db().insertInto('audit_log').values(values).execute();
    const first = await page('?action=mail.resend');
    expect((first.text.match(/<tr>/g) ?? []).length - 1).toBe(50);
    const older = first.text.match(/href="\/admin\/audit\?action=mail.resend&amp;before=(\d+)"/);
    expect(older).not.toBeNull();
    const second = await page(`?action=mail.resend&before=${older![1]}`);
    expect((second.text.match(/<tr>/g) ?? []).length - 1).toBe(10);
    expect(second.text).not.toContain('Cũ hơn');
    expect(second.text).toContain('Mới nhất');
  });

  it('an organiser limited to events sees only entries about them; door staff and programme managers are refused', async () => {
    const { call, login, page, sales } = await setup();
    await makeUser(db(), 'organiser', 'gioi.han@khuyencong.test', [sales]);
    const limited = await login('gioi.han@khuyencong.test', PASSWORD);
    const text = (await page('', limited)).text;
    expect(text).toContain('Bạn chỉ thấy các thay đổi về những sự kiện được giao cho mình.');
    expect(text).toContain('Nguyễn Thị Hoa');
    expect(text).not.toContain('Phạm Văn Bình');
    expect(text).not.toContain('Hội thảo sản xuất sạch hơn');
    expect((text.match(/<tr>/g) ?? []).length - 1).toBe(3);

    await makeUser(db(), 'scanner', 'cua@khuyencong.test', [sales]);
    await makeUser(db(), 'programme_manager', 'quan.ly@khuyencong.test');
    expect((await page('', await login('cua@khuyencong.test', PASSWORD))).status).toBe(403);
    expect((await page('', await login('quan.ly@khuyencong.test', PASSWORD))).status).toBe(403);
    expect((await call('GET', '/admin/audit', { token: await makeToken(db(), 'scanner', [sales]) })).status).toBe(403);
    expect((await call('GET', '/admin/audit')).headers.get('location')).toBe('/login?next=%2Fadmin%2Faudit');
  });
});
