import { expect, it } from 'vitest';
import { composeMessage } from '../src/mail/compose.js';
import { deriveKeys } from '../src/shared/keys.js';
import { buildTestApp, makeToken, makeUser, ORIGIN, PASSWORD, publishedEvent, registrationPayload } from './support/app.js';
import { describeEachEngine } from './support/db.js';

const FORM = { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN };
const form = (fields: Record<string, string | string[]>) => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) p.append(k, one);
  return p.toString();
};
const FAIR = {
  kind: 'fair',
  topic: 'fair_hosted',
  scope: 'district',
  title: 'Hội chợ hàng công nghiệp nông thôn Thủy Nguyên',
  capacity: 1,
};

describeEachEngine('booths', ({ db }) => {
  async function setup() {
    const t = buildTestApp(db(), { now: '2026-12-01T02:00:00Z' });
    const token = await makeToken(db(), 'organiser');
    const eventId = await publishedEvent(t.call, token, FAIR);
    const addBooths = (booths: unknown[]) => t.call('POST', `/api/v1/admin/events/${eventId}/booths`, { token, body: { booths } });
    const request = (facility: Record<string, unknown>, count: number, person: Record<string, unknown> = {}) =>
      t.call('POST', `/api/v1/events/${eventId}/registrations`, {
        body: registrationPayload({
          facility: { district: 'Thủy Nguyên', ...facility },
          booth: { type: 'standard', size: '3x3', count, products: 'Nước mắm, mắm tôm' },
          ...(Object.keys(person).length > 0 && { person }),
        }),
      });
    const inventory = async () => (await t.call('GET', `/api/v1/admin/events/${eventId}/booths`, { token })).json.booths;
    const event = async () => (await t.call('GET', `/api/v1/events/${eventId}`)).json.event;
    const allocate = (regId: string, boothIds: string[]) =>
      t.call('POST', `/api/v1/admin/registrations/${regId}/booths`, { token, body: { boothIds } });
    return { ...t, token, eventId, addBooths, request, inventory, event, allocate };
  }
  const codes = (from: number, to: number, zone = 'A') =>
    Array.from({ length: to - from + 1 }, (_, i) => ({ code: `${zone}${String(from + i).padStart(2, '0')}`, zone }));

  it('a fair counts its capacity in booths: a 3-booth request holds 3 while pending, and cancelling frees 3', async () => {
    const { addBooths, request, event, call } = await setup();
    const created = await addBooths(codes(1, 5));
    expect(created.status).toBe(201);
    expect(created.json.booths).toHaveLength(5);
    expect(await event()).toMatchObject({ capacity: 5, seatsLeft: 5 });

    const x = (await request({ name: 'Cơ sở nước mắm Cát Hải' }, 3)).json.registration;
    expect(x.status).toBe('pending');
    expect((await event()).seatsLeft).toBe(2);
    const y = (await request({ name: 'Hợp tác xã gốm Chu Đậu' }, 3)).json.registration;
    expect(y.status).toBe('waitlisted');
    expect((await event()).seatsLeft).toBe(2);

    const cancelled = await call('POST', `/api/v1/manage/${x.manageUrl.split('/manage/')[1]}/cancel`);
    expect(cancelled.json.registration.status).toBe('cancelled');
    // The 3 booths went back and the 3-booth request waiting moved up to hold them.
    const yNow = (await call('GET', `/api/v1/manage/${y.manageUrl.split('/manage/')[1]}`)).json.registration;
    expect(yNow.status).toBe('pending');
    expect((await event()).seatsLeft).toBe(2);
    const z = (await request({ name: 'Cơ sở mây tre Tiên Lãng' }, 2)).json.registration;
    expect(z.status).toBe('pending');
    expect((await event()).seatsLeft).toBe(0);
  });

  it('one live booth request per facility (tax code) per fair: another contact is refused with a Vietnamese message', async () => {
    const { addBooths, request } = await setup();
    await addBooths(codes(1, 10));
    const facility = { name: 'Cơ sở Gốm Chu Đậu', taxCode: '0100109106' };
    const person = { fullName: 'Trần Văn Nam', phone: '0912 345 678', email: 'nam@khuyencong.test' };
    expect((await request(facility, 1, person)).status).toBe(201);
    const other = await request({ ...facility, name: 'CƠ SỞ GỐM CHU ĐẬU' }, 2, {
      fullName: 'Lê Thị Hà',
      phone: '0987 654 321',
      email: 'ha@khuyencong.test',
    });
    expect(other.status).toBe(422);
    const issue = other.json.error.details.fields.find((f: { field: string }) => f.field === 'facility.taxCode');
    expect(issue.message).toMatch(/^Cơ sở này đã có một yêu cầu gian hàng/);
    // The same person again is told they are registered, as everywhere.
    expect((await request(facility, 1, person)).status).toBe(200);
    const rows = await db().selectFrom('registrations').select('id').execute();
    expect(rows).toHaveLength(1);
  });

  it('allocation gives specific booths; a booth already given is 409 booth.taken; the manage JSON lists them; a code twice is 409', async () => {
    const { addBooths, request, inventory, allocate, call } = await setup();
    await addBooths(codes(1, 4));
    expect((await addBooths([{ code: 'a01' }])).status).toBe(409);
    const booths = await inventory();
    const [a01, a02, a03] = booths;
    const x = (await request({ name: 'Cơ sở nước mắm Cát Hải' }, 2)).json.registration;
    const y = (await request({ name: 'Hợp tác xã gốm Chu Đậu' }, 1)).json.registration;
    const given = await allocate(x.id, [a01.id, a02.id]);
    expect(given.status).toBe(200);
    expect(given.json.registration.booths.map((b: { code: string }) => b.code)).toEqual(['A01', 'A02']);
    const taken = await allocate(y.id, [a02.id]);
    expect(taken.status).toBe(409);
    expect(taken.json.error.code).toBe('booth.taken');
    // More than asked for is refused, nothing written.
    expect((await allocate(x.id, [a03.id])).status).toBe(422);
    const manage = (await call('GET', `/api/v1/manage/${x.manageUrl.split('/manage/')[1]}`)).json.registration;
    expect(manage.booths).toEqual([
      expect.objectContaining({ code: 'A01', zone: 'A' }),
      expect.objectContaining({ code: 'A02', zone: 'A' }),
    ]);
    const after = await inventory();
    expect(after.filter((b: { registrationId: string | null }) => b.registrationId === x.id)).toHaveLength(2);
    expect(after.filter((b: { registrationId: string | null }) => b.registrationId === y.id)).toHaveLength(0);
  });

  it('approval mail and invite name the booths; moving and releasing a booth are audited and tell the facility through the outbox', async () => {
    const t = await setup();
    await t.addBooths(codes(1, 3));
    const [a01, a02] = await t.inventory();
    const x = (await t.request({ name: 'Cơ sở nước mắm Cát Hải' }, 1)).json.registration;
    await t.allocate(x.id, [a01.id]);
    expect((await t.call('POST', `/api/v1/admin/registrations/${x.id}/approve`, { token: t.token })).json.registration.status).toBe(
      'confirmed',
    );
    const outbox = () => db().selectFrom('mail_outbox').selectAll().where('registration_id', '=', x.id).orderBy('id').execute();
    const approved = (await outbox()).find((m) => m.kind === 'approved')!;
    const keys = deriveKeys(t.deps.config);
    const mail = await composeMessage({ db: db(), config: t.deps.config, keys }, approved, t.clock.now());
    if (!('message' in mail)) throw new Error(mail.skip);
    expect(mail.message.text).toContain('Gian hàng: A01 (khu A)');
    expect(mail.message.calendar?.content).toMatch(/LOCATION:Gian hàng A01 \(khu A\)/);

    await makeUser(db(), 'organiser', 'to-chuc@khuyencong.test');
    const cookie = await t.login('to-chuc@khuyencong.test', PASSWORD);
    const moved = await t.call('POST', `/admin/events/${t.eventId}/booths/${a01.id}/move`, {
      cookie,
      headers: FORM,
      body: form({ toBoothId: a02.id }),
    });
    expect(moved.status).toBe(303);
    expect((await outbox()).filter((m) => m.kind === 'booth_changed')).toHaveLength(1);
    const released = await t.call('POST', `/admin/events/${t.eventId}/booths/${a02.id}/release`, { cookie, headers: FORM, body: '' });
    expect(released.status).toBe(303);
    expect((await outbox()).filter((m) => m.kind === 'booth_changed')).toHaveLength(2);
    const audit = await db().selectFrom('audit_log').select(['action', 'data']).where('action', 'like', 'booth.%').orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['booth.create', 'booth.allocate', 'booth.move', 'booth.release']);
    expect(audit[2]!.data).toMatchObject({ before: 'A01', after: 'A02' });
    expect((await t.inventory()).every((b: { registrationId: string | null }) => b.registrationId === null)).toBe(true);
  });

  it('the map shows each booth free, held (pending) or allocated with the facility’s name, in SVG and as text; the CSV lists them', async () => {
    const t = await setup();
    await t.addBooths([...codes(1, 3), ...codes(1, 2, 'B')]);
    const [a01, a02] = await t.inventory();
    const x = (await t.request({ name: 'Cơ sở nước mắm Cát Hải' }, 1)).json.registration;
    const y = (await t.request({ name: 'Hợp tác xã gốm Chu Đậu' }, 1)).json.registration;
    await t.allocate(x.id, [a01.id]);
    await t.allocate(y.id, [a02.id]);
    await t.call('POST', `/api/v1/admin/registrations/${y.id}/approve`, { token: t.token });
    await makeUser(db(), 'organiser', 'to-chuc@khuyencong.test');
    const cookie = await t.login('to-chuc@khuyencong.test', PASSWORD);
    const page = await t.call('GET', `/admin/events/${t.eventId}/booths`, { cookie });
    expect(page.status).toBe(200);
    expect(page.text).toMatch(
      /<g class="booth booth-held" data-code="A01" data-state="held"><title>A01 — Đang giữ \(chờ duyệt\): Cơ sở nước mắm Cát Hải<\/title>/,
    );
    expect(page.text).toMatch(/data-code="A02" data-state="allocated"><title>A02 — Đã giao: Hợp tác xã gốm Chu Đậu/);
    expect(page.text).toMatch(/data-code="A03" data-state="free"><title>A03 — Còn trống<\/title>/);
    expect(page.text).toContain('Khu B');
    const csv = await t.call('GET', `/admin/events/${t.eventId}/booths/export.csv`, { cookie });
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    expect(csv.text).toContain('A02,A,Tiêu chuẩn,3x3,Tự chi trả,Đã giao,Hợp tác xã gốm Chu Đậu');
  });

  it('the capacity typed holds until booths are added; then it is the number of booths, said before and refused otherwise', async () => {
    const { addBooths, event, call, token, eventId } = await setup();
    // No booths yet: the organiser's number applies, and the booth page says what adding will do.
    const typed = await call('PATCH', `/api/v1/admin/events/${eventId}`, { token, body: { capacity: 40 } });
    expect(typed.status).toBe(200);
    expect(await event()).toMatchObject({ capacity: 40, seatsLeft: 40 });
    const before = (await call('GET', `/admin/events/${eventId}/booths`, { token })).text;
    expect(before).toContain('sức chứa hiện là 40 gian như đã nhập. Từ khi thêm gian, sức chứa là số gian trên sơ đồ');

    expect((await addBooths(codes(1, 5))).status).toBe(201);
    expect(await event()).toMatchObject({ capacity: 5 });
    const audit = await db().selectFrom('audit_log').select('data').where('action', '=', 'booth.create').executeTakeFirstOrThrow();
    expect(audit.data).toMatchObject({ capacity: { before: 40, after: 5 } });
    expect((await call('GET', `/admin/events/${eventId}/booths`, { token })).text).toContain(
      'Sức chứa là số gian trên sơ đồ (5 gian): gian thêm vào làm tăng sức chứa.',
    );

    // Another number is refused (422 on the field, nothing changes); the same one passes.
    const refused = await call('PATCH', `/api/v1/admin/events/${eventId}`, { token, body: { capacity: 40, title: 'Tên mới' } });
    expect(refused.status).toBe(422);
    expect(refused.json.error.details.fields).toEqual([
      expect.objectContaining({
        field: 'capacity',
        code: 'follows_booths',
        message: expect.stringContaining('Hội chợ đã có 5 gian trên sơ đồ'),
      }),
    ]);
    expect(await event()).toMatchObject({ capacity: 5, title: FAIR.title });
    expect((await call('PATCH', `/api/v1/admin/events/${eventId}`, { token, body: { capacity: 5, title: 'Tên mới' } })).status).toBe(200);
    // The editor says where the capacity comes from.
    const editor = await call('GET', `/admin/events/${eventId}/edit`, { token });
    expect(editor.text).toContain('Hội chợ có 5 gian trên sơ đồ: sức chứa là số gian ấy.');
  });

  it('door staff and organisers of other events get 403 on the page and the API; bad input re-shows the form and changes nothing', async () => {
    const t = await setup();
    await t.addBooths(codes(1, 2));
    const [a01] = await t.inventory();
    const x = (await t.request({ name: 'Cơ sở nước mắm Cát Hải' }, 1)).json.registration;
    const otherEvent = await publishedEvent(t.call, t.token, { ...FAIR, title: 'Hội chợ khác' });
    await makeUser(db(), 'scanner', 'soat-ve@khuyencong.test', [t.eventId]);
    await makeUser(db(), 'organiser', 'khac@khuyencong.test', [otherEvent]);
    for (const email of ['soat-ve@khuyencong.test', 'khac@khuyencong.test']) {
      const cookie = await t.login(email, PASSWORD);
      expect((await t.call('GET', `/admin/events/${t.eventId}/booths`, { cookie })).status).toBe(403);
      expect((await t.call('GET', `/admin/events/${t.eventId}/booths/export.csv`, { cookie })).status).toBe(403);
      expect(
        (
          await t.call('POST', `/admin/events/${t.eventId}/booths`, {
            cookie,
            headers: FORM,
            body: form({ codes: 'C1', type: 'standard', size: '3x3', zone: '', supportLevel: 'paid' }),
          })
        ).status,
      ).toBe(403);
      expect(
        (
          await t.call('POST', `/admin/events/${t.eventId}/booths/allocate`, {
            cookie,
            headers: FORM,
            body: form({ registrationId: x.id, boothIds: a01.id }),
          })
        ).status,
      ).toBe(403);
      expect((await t.call('GET', `/api/v1/admin/events/${t.eventId}/booths`, { cookie })).status).toBe(403);
      expect((await t.call('POST', `/api/v1/admin/registrations/${x.id}/booths`, { cookie, body: { boothIds: [a01.id] } })).status).toBe(
        403,
      );
    }
    const scannerToken = await makeToken(db(), 'scanner', [t.eventId]);
    expect((await t.call('GET', `/api/v1/admin/events/${t.eventId}/booths`, { token: scannerToken })).status).toBe(403);

    await makeUser(db(), 'organiser', 'to-chuc@khuyencong.test');
    const cookie = await t.login('to-chuc@khuyencong.test', PASSWORD);
    const snapshot = async () => ({
      booths: await db().selectFrom('booths').select(['code', 'zone']).orderBy('code').execute(),
      allocations: await db().selectFrom('booth_allocations').selectAll().execute(),
      capacity: (await t.event()).capacity,
    });
    const before = await snapshot();
    const bad = [
      form({ codes: 'A05–A02', type: 'standard', size: '3x3', zone: 'A', supportLevel: 'paid' }),
      form({ codes: 'A01–A03', type: 'standard', size: '3x3', zone: 'A', supportLevel: 'paid' }),
      form({ codes: 'C1', type: 'tent', size: '3x3', zone: 'C', supportLevel: 'paid' }),
      form({ codes: 'C1', type: 'standard', size: 'big', zone: 'C', supportLevel: 'paid' }),
    ];
    for (const body of bad) {
      const res = await t.call('POST', `/admin/events/${t.eventId}/booths`, { cookie, headers: FORM, body });
      expect(res.status).toBe(422);
      expect(res.text).toContain('Chưa lưu được, vui lòng sửa');
      expect(res.text).toContain('name="codes"');
    }
    const first = await t.call('POST', `/admin/events/${t.eventId}/booths`, { cookie, headers: FORM, body: bad[0]! });
    expect(first.text).toContain('số cuối nhỏ hơn số đầu');
    expect(first.text).toContain('value="A05–A02"');
    const second = await t.call('POST', `/admin/events/${t.eventId}/booths`, { cookie, headers: FORM, body: bad[1]! });
    expect(second.text).toContain('Mã gian đã có trong hội chợ: A01, A02');
    const noPick = await t.call('POST', `/admin/events/${t.eventId}/booths/allocate`, {
      cookie,
      headers: FORM,
      body: form({ registrationId: x.id }),
    });
    expect(noPick.status).toBe(422);
    expect(noPick.text).toContain('Đánh dấu ít nhất một gian');
    const noRequest = await t.call('POST', `/admin/events/${t.eventId}/booths/allocate`, {
      cookie,
      headers: FORM,
      body: form({ registrationId: '', boothIds: a01.id }),
    });
    expect(noRequest.status).toBe(422);
    expect(noRequest.text).toContain('Chọn một yêu cầu gian hàng');
    const badMove = await t.call('POST', `/admin/events/${t.eventId}/booths/${a01.id}/move`, {
      cookie,
      headers: FORM,
      body: form({ toBoothId: '' }),
    });
    expect(badMove.status).toBe(422);
    expect(await snapshot()).toEqual(before);

    // The same form, corrected, saves.
    const ok = await t.call('POST', `/admin/events/${t.eventId}/booths`, {
      cookie,
      headers: FORM,
      body: form({ codes: 'A03–A05', type: 'corner', size: '3 × 6', zone: 'A', supportLevel: 'fully_supported' }),
    });
    expect(ok.status).toBe(303);
    expect((await t.event()).capacity).toBe(5);
    const auto = await t.call('POST', `/admin/events/${t.eventId}/booths/allocate`, {
      cookie,
      headers: FORM,
      body: form({ registrationId: x.id, pick: 'auto', type: 'corner', zone: 'A' }),
    });
    expect(auto.status).toBe(303);
    expect((await t.inventory()).find((b: { registrationId: string | null }) => b.registrationId === x.id)).toMatchObject({
      code: 'A03',
      type: 'corner',
      size: '3x6',
    });
  });
});
