import { expect, it } from 'vitest';
import { buildTestApp, makeToken, makeUser, ORIGIN, PASSWORD, publishedEvent, registrationPayload } from './support/app.js';
import { describeEachEngine } from './support/db.js';

describeEachEngine('the facility registry', ({ db }) => {
  const booth = { type: 'standard', size: '3x3', count: 2, products: 'Nước mắm' };

  async function setup() {
    const t = buildTestApp(db(), { now: '2026-12-01T02:00:00Z' });
    const token = await makeToken(db(), 'organiser');
    const fair = await publishedEvent(t.call, token, { kind: 'fair', topic: 'fair_hosted', scope: 'district', title: 'Hội chợ Cát Hải' });
    const course = await publishedEvent(t.call, token, { title: 'Lớp quản trị doanh nghiệp' });
    await makeUser(db(), 'admin');
    const admin = await t.login('admin@khuyencong.test', PASSWORD);
    const register = async (eventId: string, facility: Record<string, string>, extra: Record<string, unknown> = {}) => {
      const res = await t.call('POST', `/api/v1/events/${eventId}/registrations`, { body: registrationPayload({ facility, ...extra }) });
      expect(res.status).toBe(201);
      return res.json.registration.id as string;
    };
    const form = (path: string, fields: [string, string][], cookie = admin) =>
      t.call('POST', path, {
        cookie,
        headers: { origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(fields).toString(),
      });
    const facilityId = async (name: string) =>
      (await db().selectFrom('facilities').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;
    const snapshot = async () => ({
      facilities: await db().selectFrom('facilities').selectAll().orderBy('id').execute(),
      registrations: await db().selectFrom('registrations').select(['id', 'facility_id', 'facility_name']).orderBy('id').execute(),
      variants: await db().selectFrom('facility_name_variants').selectAll().orderBy('facility_id').orderBy('name').execute(),
      audit: await db().selectFrom('audit_log').select('id').execute(),
    });
    return { ...t, token, fair, course, admin, register, form, facilityId, snapshot };
  }

  it('search ignores diacritics and case: "nuoc mam cat hai" finds "Nước mắm Cát Hải", by tax code and district too', async () => {
    const { call, admin, register, fair } = await setup();
    await register(fair, { name: 'Nước mắm Cát Hải', district: 'Cát Hải', taxCode: '0100109106' }, { booth });
    await register(fair, { name: 'Hợp tác xã Mây tre Tiên Lãng', district: 'Tiên Lãng' }, { booth });
    const search = async (q: string) => (await call('GET', `/admin/facilities?q=${encodeURIComponent(q)}`, { cookie: admin })).text;
    const found = await search('nuoc mam cat hai');
    expect(found).toContain('Nước mắm Cát Hải');
    expect(found).not.toContain('Mây tre');
    expect(await search('NUOC MAM')).toContain('Nước mắm Cát Hải');
    expect(await search('0100109106')).toContain('Nước mắm Cát Hải');
    const byDistrict = await search('tien lang');
    expect(byDistrict).toContain('Mây tre Tiên Lãng');
    expect(byDistrict).not.toContain('Nước mắm');
    const all = await search('');
    expect(all).toContain('Nước mắm Cát Hải');
    expect(all).toContain('Mây tre Tiên Lãng');
  });

  it('a second registration in capitals does not rename the record: it is a variant, and the registration keeps its own spelling', async () => {
    const { call, admin, register, fair, course, facilityId } = await setup();
    const first = await register(fair, { name: 'Nước mắm Cát Hải', district: 'Cát Hải' }, { booth });
    // One booth request per facility per fair: the capitals come with a trainee of the same facility.
    const second = await register(course, { name: 'CƠ SỞ NƯỚC MẮM CÁT HẢI', district: 'Cát Hải' });
    await register(course, { name: 'Nước mắm Cát Hải', district: 'Cát Hải' });
    const facilities = await db().selectFrom('facilities').selectAll().execute();
    expect(facilities).toHaveLength(1);
    expect(facilities[0]!.name).toBe('Nước mắm Cát Hải');
    const regs = await db().selectFrom('registrations').select(['id', 'facility_name']).execute();
    expect(regs.find((r) => r.id === first)!.facility_name).toBe('Nước mắm Cát Hải');
    expect(regs.find((r) => r.id === second)!.facility_name).toBe('CƠ SỞ NƯỚC MẮM CÁT HẢI');
    const variants = await db().selectFrom('facility_name_variants').select(['name', 'seen_count']).orderBy('name').execute();
    expect(variants).toEqual([
      { name: 'CƠ SỞ NƯỚC MẮM CÁT HẢI', seen_count: 1 },
      { name: 'Nước mắm Cát Hải', seen_count: 2 },
    ]);

    const id = await facilityId('Nước mắm Cát Hải');
    const page = await call('GET', `/admin/facilities/${id}`, { cookie: admin });
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('private, no-store');
    expect(page.text).toContain('<h1>Nước mắm Cát Hải</h1>');
    expect(page.text).toContain('CƠ SỞ NƯỚC MẮM CÁT HẢI');
    expect(page.text).toContain('Hội chợ Cát Hải');
    expect(page.text).toContain('Lớp quản trị doanh nghiệp');
    // Booths asked for by the fair's one live request.
    expect(page.text).toMatch(
      /Hội chợ Cát Hải<\/a><\/td><td data-label="Ngày">[^<]*<\/td><td class="num" data-label="Đăng ký">1<\/td><td class="num" data-label="Gian hàng đăng ký">2<\/td>/,
    );
    // The list counts the variant.
    expect((await call('GET', '/admin/facilities', { cookie: admin })).text).toContain('1 cách viết khác');
  });

  it('the name of record can be made one of the spellings seen, audited; any other name is refused and nothing changes', async () => {
    const { register, fair, course, form, facilityId, snapshot } = await setup();
    await register(fair, { name: 'Nước mắm Cát Hải', district: 'Cát Hải' }, { booth });
    await register(course, { name: 'Cơ sở nước mắm Cát Hải', district: 'Cát Hải' });
    const id = await facilityId('Nước mắm Cát Hải');
    const before = await snapshot();
    const bad = await form(`/admin/facilities/${id}/name`, [['name', 'Tên bịa ra']]);
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('Chỉ chọn được một cách viết đã gặp.');
    expect(await snapshot()).toEqual(before);

    const ok = await form(`/admin/facilities/${id}/name`, [['name', 'Cơ sở nước mắm Cát Hải']]);
    expect(ok.status).toBe(303);
    expect((await db().selectFrom('facilities').select('name').executeTakeFirstOrThrow()).name).toBe('Cơ sở nước mắm Cát Hải');
    const audit = await db()
      .selectFrom('audit_log')
      .select(['action', 'data'])
      .where('action', '=', 'facility.rename')
      .executeTakeFirstOrThrow();
    expect(audit.data).toEqual({ before: { name: 'Nước mắm Cát Hải' }, after: { name: 'Cơ sở nước mắm Cát Hải' } });
  });

  it('merging a duplicate moves its registrations and spellings after a confirmation page, and is audited', async () => {
    const { call, admin, register, fair, course, form, facilityId } = await setup();
    // The two records' requests are for different events: one request per facility per fair.
    const keptReg = await register(course, { name: 'Nước mắm Cát Hải', district: 'Cát Hải' });
    const movedFair = await register(fair, { name: 'Nước mắm Bà Hai Cát Hải', district: 'Cát Hải', taxCode: '0100109106' }, { booth });
    const movedCourse = await register(course, { name: 'Nước mắm Bà Hai Cát Hải', district: 'Cát Hải', taxCode: '0100109106' });
    const keep = await facilityId('Nước mắm Cát Hải');
    const drop = await facilityId('Nước mắm Bà Hai Cát Hải');

    // The duplicate is found from the facility's page, and the confirmation lists what moves.
    const finder = await call('GET', `/admin/facilities/${keep}?dup=${encodeURIComponent('ba hai')}`, { cookie: admin });
    expect(finder.text).toContain(`/admin/facilities/${keep}/merge/${drop}`);
    const confirm = await call('GET', `/admin/facilities/${keep}/merge/${drop}`, { cookie: admin });
    expect(confirm.status).toBe(200);
    expect(confirm.text).toContain('Xác nhận gộp cơ sở');
    expect(confirm.text).toContain('2 lượt đăng ký');
    expect(confirm.text).toContain('Lớp quản trị doanh nghiệp');
    // Nothing has moved yet.
    expect(await db().selectFrom('facilities').select('id').execute()).toHaveLength(2);

    const merged = await form(`/admin/facilities/${keep}/merge/${drop}`, []);
    expect(merged.status).toBe(303);
    expect(merged.headers.get('location')).toBe(`/admin/facilities/${keep}?merged=1`);
    const facilities = await db().selectFrom('facilities').selectAll().execute();
    expect(facilities).toHaveLength(1);
    // The kept record keeps its name and takes the tax code it lacked.
    expect(facilities[0]).toMatchObject({ id: keep, name: 'Nước mắm Cát Hải', tax_code: '0100109106' });
    const regs = await db().selectFrom('registrations').select(['id', 'facility_id', 'facility_name']).execute();
    expect(regs.every((r) => r.facility_id === keep)).toBe(true);
    expect(regs.find((r) => r.id === movedFair)!.facility_name).toBe('Nước mắm Bà Hai Cát Hải');
    const variants = await db()
      .selectFrom('facility_name_variants')
      .select('name')
      .where('facility_id', '=', keep)
      .orderBy('name')
      .execute();
    expect(variants.map((v) => v.name)).toEqual(['Nước mắm Bà Hai Cát Hải', 'Nước mắm Cát Hải']);
    const audit = await db()
      .selectFrom('audit_log')
      .select(['action', 'entity_id', 'data'])
      .where('action', '=', 'facility.merge')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.entity_id).toBe(keep);
    const data = audit[0]!.data as { merged: { id: string; name: string }; movedRegistrations: string[] };
    expect(data.merged).toMatchObject({ id: drop, name: 'Nước mắm Bà Hai Cát Hải' });
    expect(data.movedRegistrations.sort()).toEqual([movedFair, movedCourse].sort());
    expect(data.movedRegistrations).not.toContain(keptReg);
    // A later registration with the merged record's tax code lands on the kept one (a trainee:
    // the fair already holds this facility's one request).
    await register(course, { name: 'NƯỚC MẮM BÀ HAI', district: 'Cát Hải', taxCode: '0100109106' });
    expect(await db().selectFrom('facilities').select('id').execute()).toEqual([{ id: keep }]);
  });

  it('two records with different tax codes are not merged: the confirmation says why and nothing changes', async () => {
    const { register, fair, form, facilityId, snapshot, call, admin } = await setup();
    await register(fair, { name: 'Nước mắm Cát Hải', district: 'Cát Hải', taxCode: '0100109106' }, { booth });
    await register(fair, { name: 'Nước mắm Cát Bà', district: 'Cát Hải', taxCode: '0100112437' }, { booth });
    const a = await facilityId('Nước mắm Cát Hải');
    const b = await facilityId('Nước mắm Cát Bà');
    const page = await call('GET', `/admin/facilities/${a}/merge/${b}`, { cookie: admin });
    expect(page.text).toContain('mã số thuế khác nhau');
    expect(page.text).not.toContain('Gộp vào bản ghi giữ lại');
    const before = await snapshot();
    const refused = await form(`/admin/facilities/${a}/merge/${b}`, []);
    expect(refused.status).toBe(409);
    expect(refused.text).toContain('mã số thuế khác nhau');
    expect(await snapshot()).toEqual(before);
    expect((await form(`/admin/facilities/${a}/merge/${a}`, [])).status).toBe(409);
    expect(await snapshot()).toEqual(before);
  });

  it('two records with live booth requests for one fair are not merged: 409 naming the fair, page and API, nothing changes', async () => {
    const { call, admin, token, register, fair, form, facilityId, snapshot } = await setup();
    await register(fair, { name: 'Nước mắm Cát Hải', district: 'Cát Hải' }, { booth });
    const other = await register(fair, { name: 'Nước mắm Bà Hai', district: 'Cát Hải' }, { booth });
    const keep = await facilityId('Nước mắm Cát Hải');
    const drop = await facilityId('Nước mắm Bà Hai');

    // The confirmation already says why, names the fair, and offers no button.
    const page = await call('GET', `/admin/facilities/${keep}/merge/${drop}`, { cookie: admin });
    expect(page.status).toBe(200);
    expect(page.text).toContain('Cả hai bản ghi đều có đăng ký gian hàng còn hiệu lực');
    expect(page.text).toContain(`<a href="/admin/events/${fair}/registrations">Hội chợ Cát Hải</a>`);
    expect(page.text).not.toContain('Gộp vào bản ghi giữ lại');

    const before = await snapshot();
    const refused = await form(`/admin/facilities/${keep}/merge/${drop}`, []);
    expect(refused.status).toBe(409);
    expect(refused.headers.get('content-type')).toContain('text/html');
    expect(refused.text).toContain('Cả hai bản ghi đều có đăng ký gian hàng còn hiệu lực');
    expect(refused.text).toContain('Hội chợ Cát Hải');
    expect(await snapshot()).toEqual(before);

    // A script asking for JSON gets the code and the fair.
    const api = await call('POST', `/admin/facilities/${keep}/merge/${drop}`, { cookie: admin, headers: { accept: 'application/json' } });
    expect(api.status).toBe(409);
    expect(api.json.error.code).toBe('facility.merge_conflict');
    expect(api.json.error.message).toMatch(/^Không gộp được: .*\(Hội chợ Cát Hải\) \/ Cannot merge/);
    expect(api.json.error.details.fairs).toEqual([{ id: fair, title: 'Hội chợ Cát Hải', titleEn: null }]);
    expect(await snapshot()).toEqual(before);

    // Once one of the two requests is cancelled, the merge goes through.
    expect((await call('POST', `/api/v1/admin/registrations/${other}/cancel`, { token })).status).toBe(200);
    const merged = await form(`/admin/facilities/${keep}/merge/${drop}`, []);
    expect(merged.status).toBe(303);
    expect(await db().selectFrom('facilities').select('id').execute()).toEqual([{ id: keep }]);
  });

  it('door staff get 403 everywhere; an organiser of other events sees none of these facilities and may not merge', async () => {
    const { call, register, fair, course, form, facilityId, snapshot, token, login } = await setup();
    await register(fair, { name: 'Nước mắm Cát Hải', district: 'Cát Hải' }, { booth });
    await register(fair, { name: 'Nước mắm Bà Hai', district: 'Cát Hải' }, { booth });
    await register(course, { name: 'Gốm Chu Đậu', district: 'An Lão' });
    const keep = await facilityId('Nước mắm Cát Hải');
    const drop = await facilityId('Nước mắm Bà Hai');
    const gom = await facilityId('Gốm Chu Đậu');
    const other = await publishedEvent(call, token, { title: 'Lớp khác' });

    await makeUser(db(), 'scanner', 'door@khuyencong.test', [fair]);
    const door = await login('door@khuyencong.test', PASSWORD);
    await makeUser(db(), 'organiser', 'other@khuyencong.test', [other]);
    const stranger = await login('other@khuyencong.test', PASSWORD);
    await makeUser(db(), 'organiser', 'course@khuyencong.test', [course]);
    const courseOrganiser = await login('course@khuyencong.test', PASSWORD);
    const before = await snapshot();

    for (const path of ['/admin/facilities', `/admin/facilities/${keep}`, `/admin/facilities/${keep}/merge/${drop}`]) {
      expect((await call('GET', path, { cookie: door })).status).toBe(403);
    }
    expect((await form(`/admin/facilities/${keep}/merge/${drop}`, [], door)).status).toBe(403);
    expect((await form(`/admin/facilities/${keep}/name`, [['name', 'Nước mắm Cát Hải']], door)).status).toBe(403);

    const list = await call('GET', '/admin/facilities', { cookie: stranger });
    expect(list.status).toBe(200);
    expect(list.text).not.toContain('Nước mắm');
    expect(list.text).not.toContain('Gốm Chu Đậu');
    expect((await call('GET', `/admin/facilities/${keep}`, { cookie: stranger })).status).toBe(403);
    expect((await call('GET', `/admin/facilities/${keep}/merge/${drop}`, { cookie: stranger })).status).toBe(403);
    expect((await form(`/admin/facilities/${keep}/merge/${drop}`, [], stranger)).status).toBe(403);

    // Limited to the course: its facility only, with that course's history only; no merging.
    const own = await call('GET', '/admin/facilities', { cookie: courseOrganiser });
    expect(own.text).toContain('Gốm Chu Đậu');
    expect(own.text).not.toContain('Nước mắm');
    const gomPage = await call('GET', `/admin/facilities/${gom}`, { cookie: courseOrganiser });
    expect(gomPage.status).toBe(200);
    expect(gomPage.text).not.toContain('Gộp cơ sở trùng');
    expect((await form(`/admin/facilities/${keep}/merge/${drop}`, [], courseOrganiser)).status).toBe(403);
    expect(await snapshot()).toEqual(before);

    // Signed out: sent to sign in.
    const anonymous = await call('GET', '/admin/facilities');
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('location')).toContain('/login');
  });
});
