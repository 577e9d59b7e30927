import { expect, it } from 'vitest';
import { seedProgrammes } from '../db/seed/programmes.js';
import { loadProgrammes } from '../src/programmes/programmes.usecases.js';
import { buildTestApp, makeToken, makeUser, ORIGIN, PASSWORD, publishedEvent } from './support/app.js';
import { describeEachEngine } from './support/db.js';

describeEachEngine('product selection rounds', ({ db }) => {
  async function setup() {
    await loadProgrammes(db(), seedProgrammes);
    const programme = await db().selectFrom('programmes').select('id').executeTakeFirstOrThrow();
    const t = buildTestApp(db(), { now: '2026-12-01T02:00:00Z' });
    await makeUser(db(), 'admin');
    const admin = await t.login('admin@khuyencong.test', PASSWORD);
    const token = await makeToken(db(), 'organiser');
    const form = (path: string, fields: [string, string][], cookie = admin) =>
      t.call('POST', path, {
        cookie,
        headers: { origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(fields).toString(),
      });
    const round = async (fields: Record<string, string>) => {
      const res = await form('/admin/facilities/selection-rounds', Object.entries({ programmeId: programme.id, ...fields }));
      expect(res.status).toBe(303);
      return res.headers.get('location')!.split('/').at(-1)!;
    };
    const entry = async (roundId: string, fields: Record<string, string>) => {
      const res = await form(`/admin/facilities/selection-rounds/${roundId}/entries`, Object.entries(fields));
      expect(res.status).toBe(303);
      return (await db().selectFrom('selection_entries').select('id').orderBy('created_at', 'desc').orderBy('id').execute()).map(
        (e) => e.id,
      );
    };
    const entryOf = async (product: string) =>
      (await db().selectFrom('selection_entries').select('id').where('product_name', '=', product).executeTakeFirstOrThrow()).id;
    const targets = async () => {
      const res = await t.call('GET', `/api/v1/programmes/${programme.id}/targets`, { token });
      expect(res.status).toBe(200);
      return Object.fromEntries(res.json.targets.map((x: { code: string }) => [x.code, x])) as Record<
        string,
        { achieved: number; goal: number; byYear: Record<string, number> }
      >;
    };
    const snapshot = async () => ({
      rounds: await db().selectFrom('selection_rounds').selectAll().orderBy('id').execute(),
      entries: await db().selectFrom('selection_entries').selectAll().orderBy('id').execute(),
      facilities: await db().selectFrom('facilities').selectAll().orderBy('id').execute(),
      audit: await db().selectFrom('audit_log').select('id').execute(),
    });
    return { ...t, programme, admin, token, form, round, entry, entryOf, targets, snapshot };
  }

  it('facilities enter products, the organiser records each result and certificate; rounds with results count towards their level', async () => {
    const { call, admin, round, entry, entryOf, form, targets, token, programme } = await setup();
    const before = await targets();
    expect(before['district-product-selection-rounds']).toMatchObject({ goal: 3, achieved: 0 });
    expect(before['city-product-selection-rounds']).toMatchObject({ goal: 3, achieved: 0 });

    const district = await round({
      title: 'Bình chọn sản phẩm CNNT tiêu biểu huyện Cát Hải 2023',
      level: 'district',
      district: 'Cát Hải',
      heldOn: '2023-09-20',
    });
    const city = await round({ title: 'Bình chọn sản phẩm CNNT tiêu biểu thành phố 2024', level: 'city', heldOn: '2024-10-05' });
    await round({ title: 'Bình chọn huyện Tiên Lãng 2025', level: 'district', district: 'Tiên Lãng', heldOn: '2025-05-10' });

    await entry(district, {
      facilityName: 'Nước mắm Cát Hải',
      taxCode: '0100109106',
      district: 'Cát Hải',
      productName: 'Nước mắm cốt 40 độ đạm',
      category: 'processing',
    });
    await entry(district, { facilityName: 'Cơ sở mây tre Cát Bà', district: 'Cát Hải', productName: 'Giỏ mây', category: 'handicraft' });
    // The same facility again, spelt otherwise but with its tax code: one facility in the registry.
    await entry(city, {
      facilityName: 'NƯỚC MẮM CÁT HẢI',
      taxCode: '0100109106',
      district: 'Cát Hải',
      productName: 'Nước mắm cốt 40 độ đạm',
      category: 'processing',
    });
    const facilities = await db().selectFrom('facilities').select(['name', 'tax_code']).orderBy('name').execute();
    expect(facilities).toEqual([
      { name: 'Cơ sở mây tre Cát Bà', tax_code: null },
      { name: 'Nước mắm Cát Hải', tax_code: '0100109106' },
    ]);

    // Entered, no result yet: nothing counts.
    expect((await targets())['district-product-selection-rounds']!.achieved).toBe(0);

    const fishSauce = await entryOf('Nước mắm cốt 40 độ đạm');
    const recorded = await form(`/admin/facilities/selection-rounds/${district}/entries/${fishSauce}/result`, [
      ['result', 'awarded'],
      ['awardLevel', 'district'],
      ['certificateNo', '15/GCN-UBND'],
    ]);
    expect(recorded.status).toBe(303);
    const baskets = await entryOf('Giỏ mây');
    expect(
      (await form(`/admin/facilities/selection-rounds/${district}/entries/${baskets}/result`, [['result', 'not_awarded']])).status,
    ).toBe(303);
    const rows = await db()
      .selectFrom('selection_entries')
      .select(['product_name', 'result', 'award_level', 'certificate_no'])
      .where('round_id', '=', district)
      .orderBy('product_name')
      .execute();
    expect(rows).toEqual([
      { product_name: 'Giỏ mây', result: 'not_awarded', award_level: null, certificate_no: null },
      { product_name: 'Nước mắm cốt 40 độ đạm', result: 'awarded', award_level: 'district', certificate_no: '15/GCN-UBND' },
    ]);
    const audit = await db()
      .selectFrom('audit_log')
      .select(['action', 'data'])
      .where('action', '=', 'selection_entry.result')
      .orderBy('id')
      .execute();
    expect(audit).toHaveLength(2);
    expect(audit[0]!.data).toMatchObject({ before: { result: null }, after: { result: 'awarded', certificate_no: '15/GCN-UBND' } });

    const counted = await targets();
    expect(counted['district-product-selection-rounds']).toMatchObject({ achieved: 1, byYear: { '2023': 1, '2025': 0 } });
    expect(counted['city-product-selection-rounds']!.achieved).toBe(0);

    const page = await call('GET', `/admin/facilities/selection-rounds/${district}`, { cookie: admin });
    expect(page.status).toBe(200);
    expect(page.text).toContain('15/GCN-UBND');
    expect(page.text).toContain('Tiêu biểu cấp huyện');
    const list = await call('GET', '/admin/facilities/selection-rounds', { cookie: admin });
    expect(list.text).toContain('Bình chọn sản phẩm CNNT tiêu biểu huyện Cát Hải 2023');
    // The facility's own page lists its entries and results.
    const facility = await db().selectFrom('facilities').select('id').where('tax_code', '=', '0100109106').executeTakeFirstOrThrow();
    const facilityPage = await call('GET', `/admin/facilities/${facility.id}`, { cookie: admin });
    expect(facilityPage.text).toContain('Được công nhận');
    expect(facilityPage.text).toContain('NƯỚC MẮM CÁT HẢI');

    // A reader limited to some events counts no round (rounds are no event's).
    const course = await publishedEvent(call, token, { title: 'Lớp kỹ năng' });
    const limited = await makeToken(db(), 'organiser', [course]);
    const theirs = await call('GET', `/api/v1/programmes/${programme.id}/targets`, { token: limited });
    const district2 = theirs.json.targets.find((x: { code: string }) => x.code === 'district-product-selection-rounds');
    expect(district2.achieved).toBe(0);
  });

  it('bad input re-shows each form with its messages and changes nothing', async () => {
    const { round, entry, form, entryOf, snapshot } = await setup();
    const before0 = await snapshot();
    const badRound = await form('/admin/facilities/selection-rounds', [
      ['title', 'x'],
      ['level', 'district'],
      ['district', ''],
      ['heldOn', '20/09/2023'],
    ]);
    expect(badRound.status).toBe(422);
    expect(badRound.text).toContain('Nhập tên kỳ bình chọn');
    expect(badRound.text).toContain('Kỳ cấp huyện cần quận/huyện tổ chức');
    expect(badRound.text).toContain('Ngày dạng NNNN-TT-NN');
    expect(badRound.text).toContain('value="20/09/2023"');
    const cityWithDistrict = await form('/admin/facilities/selection-rounds', [
      ['title', 'Bình chọn thành phố'],
      ['level', 'city'],
      ['district', 'Cát Hải'],
      ['heldOn', '2024-10-05'],
    ]);
    expect(cityWithDistrict.status).toBe(422);
    expect(await snapshot()).toEqual(before0);

    const id = await round({ title: 'Bình chọn huyện Cát Hải', level: 'district', district: 'Cát Hải', heldOn: '2023-09-20' });
    await entry(id, { facilityName: 'Nước mắm Cát Hải', district: 'Cát Hải', productName: 'Nước mắm', category: 'processing' });
    await entry(id, { facilityName: 'Mây tre Cát Bà', district: 'Cát Hải', productName: 'Giỏ mây', category: 'handicraft' });
    const fish = await entryOf('Nước mắm');
    const baskets = await entryOf('Giỏ mây');
    await form(`/admin/facilities/selection-rounds/${id}/entries/${fish}/result`, [
      ['result', 'awarded'],
      ['awardLevel', 'district'],
      ['certificateNo', '15/GCN'],
    ]);
    const before = await snapshot();

    const badEntry = await form(`/admin/facilities/selection-rounds/${id}/entries`, [
      ['facilityName', ''],
      ['taxCode', '0100109107'],
      ['district', 'Cát Hải'],
      ['productName', 'Mắm tôm'],
      ['category', 'food'],
    ]);
    expect(badEntry.status).toBe(422);
    expect(badEntry.text).toContain('Nhập tên cơ sở');
    expect(badEntry.text).toContain('Mã số thuế không hợp lệ');
    expect(badEntry.text).toContain('Chọn nhóm sản phẩm');
    expect(badEntry.text).toContain('value="Mắm tôm"');

    const result = (entryId: string, fields: [string, string][]) =>
      form(`/admin/facilities/selection-rounds/${id}/entries/${entryId}/result`, fields);
    const noLevel = await result(baskets, [['result', 'awarded']]);
    expect(noLevel.status).toBe(422);
    expect(noLevel.text).toContain('Sản phẩm được công nhận cần cấp công nhận');
    const certWithoutAward = await result(baskets, [
      ['result', 'not_awarded'],
      ['certificateNo', '16/GCN'],
    ]);
    expect(certWithoutAward.status).toBe(422);
    expect(certWithoutAward.text).toContain('không có giấy chứng nhận');
    const takenCertificate = await result(baskets, [
      ['result', 'awarded'],
      ['awardLevel', 'district'],
      ['certificateNo', '15/GCN'],
    ]);
    expect(takenCertificate.status).toBe(422);
    expect(takenCertificate.text).toContain('Số giấy chứng nhận này đã ghi cho sản phẩm khác');
    expect((await result(baskets, [['result', 'maybe']])).status).toBe(422);
    expect(await snapshot()).toEqual(before);
    // An entry of another round, or none: 404.
    expect((await result('00000000-0000-4000-8000-000000000000', [['result', 'not_awarded']])).status).toBe(404);
  });

  it('door staff and organisers limited to some events get 403; a programme manager reads and may not write', async () => {
    const { call, round, form, snapshot, token } = await setup();
    const id = await round({ title: 'Bình chọn thành phố 2024', level: 'city', heldOn: '2024-10-05' });
    const fair = await publishedEvent(call, token, { title: 'Lớp kỹ năng' });
    await makeUser(db(), 'scanner', 'door@khuyencong.test', [fair]);
    await makeUser(db(), 'organiser', 'one@khuyencong.test', [fair]);
    await makeUser(db(), 'programme_manager', 'pm@khuyencong.test');
    const door = await call('POST', '/api/v1/auth/login', { body: { email: 'door@khuyencong.test', password: PASSWORD } });
    const cookieOf = (res: { headers: Headers }) => res.headers.get('set-cookie')!.split(';')[0]!;
    const login = async (email: string) => cookieOf(await call('POST', '/api/v1/auth/login', { body: { email, password: PASSWORD } }));
    const doorCookie = cookieOf(door);
    const limited = await login('one@khuyencong.test');
    const manager = await login('pm@khuyencong.test');
    const before = await snapshot();

    for (const cookie of [doorCookie, limited]) {
      expect((await call('GET', '/admin/facilities/selection-rounds', { cookie })).status).toBe(403);
      expect((await call('GET', `/admin/facilities/selection-rounds/${id}`, { cookie })).status).toBe(403);
      const posted = await form(
        '/admin/facilities/selection-rounds',
        [
          ['title', 'Kỳ mới'],
          ['level', 'city'],
          ['heldOn', '2025-01-01'],
        ],
        cookie,
      );
      expect(posted.status).toBe(403);
      expect((await form(`/admin/facilities/selection-rounds/${id}/entries`, [['facilityName', 'Cơ sở A']], cookie)).status).toBe(403);
    }
    const read = await call('GET', `/admin/facilities/selection-rounds/${id}`, { cookie: manager });
    expect(read.status).toBe(200);
    expect(read.text).not.toContain('Thêm sản phẩm dự bình chọn');
    expect(
      (
        await form(
          '/admin/facilities/selection-rounds',
          [
            ['title', 'Kỳ mới'],
            ['level', 'city'],
            ['heldOn', '2025-01-01'],
          ],
          manager,
        )
      ).status,
    ).toBe(403);
    expect(await snapshot()).toEqual(before);
  });
});
