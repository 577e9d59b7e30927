import { expect, it } from 'vitest';
import { buildTestApp, makeToken, ORIGIN, publishedEvent, registrationPayload } from './support/app.js';
import { describeEachEngine } from './support/db.js';

const FORM = { origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' };
const QUESTION = { label: 'Cơ sở sản xuất gì?', labelEn: 'What do you make?', type: 'text', required: true };

describeEachEngine('registration operations for organisers', ({ db }) => {
  async function setup(overrides: Record<string, unknown> = {}) {
    const t = buildTestApp(db(), { now: '2026-12-01T02:00:00Z' });
    const organiser = await makeToken(db(), 'organiser');
    const eventId = await publishedEvent(t.call, organiser, { questions: [QUESTION], ...overrides });
    const event = await t.call('GET', `/api/v1/events/${eventId}`);
    const questionId = event.json.event.questions[0].id as string;
    const register = async (fullName: string, phone: string, extra: Record<string, unknown> = {}) => {
      const res = await t.call('POST', `/api/v1/events/${eventId}/registrations`, {
        body: registrationPayload({
          person: { ...registrationPayload().person, fullName, phone },
          answers: { [questionId]: 'Gốm' },
          ...extra,
        }),
      });
      expect(res.status, res.text).toBe(201);
      return res.json.registration as { id: string; status: string };
    };
    const post = (path: string, fields: Record<string, string> = {}, token = organiser) =>
      t.call('POST', `/admin/events/${eventId}/registrations${path}`, {
        token,
        headers: FORM,
        body: new URLSearchParams(fields).toString(),
      });
    const get = (path: string, token = organiser) => t.call('GET', `/admin/events/${eventId}/registrations${path}`, { token });
    const reg = (id: string) => db().selectFrom('registrations').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const audit = (action: string) => db().selectFrom('audit_log').select(['entity_id', 'data']).where('action', '=', action).execute();
    const mail = (id: string) => db().selectFrom('mail_outbox').select('kind').where('registration_id', '=', id).orderBy('id').execute();
    const snapshot = async () => ({
      regs: await db().selectFrom('registrations').selectAll().orderBy('seq').execute(),
      audit: await db().selectFrom('audit_log').select(['action', 'data']).orderBy('id').execute(),
      mail: await db().selectFrom('mail_outbox').select(['registration_id', 'kind']).orderBy('id').execute(),
      counts: await db().selectFrom('events').select(['id', 'confirmed_count']).orderBy('id').execute(),
    });
    return { ...t, organiser, eventId, questionId, register, post, get, reg, audit, mail, snapshot };
  }

  it('moves someone up below capacity at once, told by mail and audited', async () => {
    const { register, post, get, reg, audit, mail, eventId } = await setup({ capacity: 1 });
    await register('Bùi Thị Lan', '0912000801');
    const minh = await register('Đặng Văn Minh', '0912000802');
    expect(minh.status).toBe('waitlisted');
    // A seat added without the automatic promotion (as capacity raised by hand in the database).
    await db().updateTable('events').set({ capacity: 2 }).where('id', '=', eventId).execute();
    const list = (await get('')).text;
    expect(list).toContain(`action="/admin/events/${eventId}/registrations/${minh.id}/promote"`);
    const done = await post(`/${minh.id}/promote`);
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe(`/admin/events/${eventId}/registrations?op=promote&who=${minh.id}#r-${minh.id}`);
    expect((await reg(minh.id)).status).toBe('confirmed');
    expect((await mail(minh.id)).map((m) => m.kind)).toEqual(['waitlisted', 'promoted']);
    expect(await audit('registration.promote')).toEqual([
      {
        entity_id: minh.id,
        data: { eventId, before: 'waitlisted', after: 'confirmed', overCapacity: false, capacity: 2, confirmed: 2 },
      },
    ]);
    const after = (await get(`?op=promote&who=${minh.id}`)).text;
    expect(after).toContain('Đã chuyển lên từ danh sách chờ: Đặng Văn Minh — trạng thái bây giờ: Đã xác nhận. Người đăng ký nhận thư báo.');
    // A crafted link claims nothing the audit log does not show.
    expect((await get(`?op=resend&who=${minh.id}`)).text).not.toContain('Đã gửi lại vé');
  });

  it('moved up past capacity, the event says how far over it is: never seats left below zero, staff pages say "3/2 chỗ — vượt 1"', async () => {
    const { register, post, get, call, organiser, eventId } = await setup({ capacity: 2 });
    await register('Bùi Thị Lan', '0912000821');
    await register('Đặng Văn Minh', '0912000822');
    const nga = await register('Trương Thị Nga', '0912000823');
    expect(nga.status).toBe('waitlisted');
    const full = (await get('')).text;
    expect(full).toContain('Chỗ: 2 · 0 còn trống');
    expect(full).not.toContain('vượt');
    expect((await post(`/${nga.id}/promote`, { overCapacity: 'yes' })).status).toBe(303);

    const list = (await get('')).text;
    expect(list).toContain('<strong class="over-capacity">3/2 chỗ — vượt 1</strong>');
    expect(list).not.toContain('còn trống');
    expect((await get('?lang=en')).text).toContain('3/2 seats — over by 1');
    const home = await call('GET', `/admin/events/${eventId}`, { token: organiser });
    expect(home.text).toContain('3/2 chỗ — vượt 1');
    // The public side and the API: no seats left, never a negative number.
    const api = (await call('GET', `/api/v1/events/${eventId}`)).json.event;
    expect(api).toMatchObject({ capacity: 2, seatsLeft: 0 });
    const page = (await call('GET', `/events/${eventId}`)).text;
    expect(page).not.toMatch(/-1\b/);
    expect(page).toContain('Vào danh sách chờ');
  });

  it('past capacity only after a page that says the event will be over capacity', async () => {
    const { register, post, get, reg, audit, mail, eventId, call, organiser, snapshot } = await setup({ capacity: 1 });
    await register('Bùi Thị Lan', '0912000811');
    const minh = await register('Đặng Văn Minh', '0912000812');
    const list = (await get('')).text;
    const confirmHref = `/admin/events/${eventId}/registrations/${minh.id}/promote/confirm`;
    expect(list).toContain(`href="${confirmHref}"`);
    // A post without the confirmation changes nothing and asks the question.
    const before = await snapshot();
    const asked = await post(`/${minh.id}/promote`);
    expect(asked.status).toBe(303);
    expect(asked.headers.get('location')).toBe(confirmHref);
    expect(await snapshot()).toEqual(before);
    const page = await call('GET', confirmHref, { token: organiser });
    expect(page.status).toBe(200);
    expect(page.text).toContain('Chuyển lên khi sự kiện đã đủ chỗ?');
    expect(page.text).toContain('Sự kiện đã đủ chỗ (1/1). Chuyển lên sẽ làm sự kiện vượt sức chứa: 2/1 người có chỗ.');
    expect(page.text).toContain('<input type="hidden" name="overCapacity" value="yes"/>');
    // The API refuses too, until told.
    const api = await call('POST', `/api/v1/admin/registrations/${minh.id}/promote`, { token: organiser });
    expect(api.status).toBe(409);
    expect(api.json.error.code).toBe('registration.over_capacity');
    expect(await snapshot()).toEqual(before);

    expect((await post(`/${minh.id}/promote`, { overCapacity: 'yes' })).status).toBe(303);
    expect((await reg(minh.id)).status).toBe('confirmed');
    expect((await mail(minh.id)).map((m) => m.kind)).toEqual(['waitlisted', 'promoted']);
    expect((await audit('registration.promote'))[0]!.data).toMatchObject({ overCapacity: true, capacity: 1, confirmed: 2 });
    // Promoting again: not on the waiting list any more.
    const again = await post(`/${minh.id}/promote`, { overCapacity: 'yes' });
    expect(again.status).toBe(409);
    expect(again.text).toContain('Trạng thái hiện tại của đăng ký không cho phép thao tác này');

    // The API with the confirmation.
    const nga = await register('Trương Thị Nga', '0912000813');
    const ok = await call('POST', `/api/v1/admin/registrations/${nga.id}/promote`, { token: organiser, body: { overCapacity: true } });
    expect(ok.status, ok.text).toBe(200);
    expect(ok.json).toMatchObject({
      registration: { id: nga.id, status: 'confirmed' },
      overCapacity: true,
      seats: { capacity: 1, confirmed: 3 },
    });
    const bad = await call('POST', `/api/v1/admin/registrations/${nga.id}/promote`, { token: organiser, body: { overCapacity: 'maybe' } });
    expect(bad.status).toBe(422);
  });

  it('resends a ticket as one queued mail, audited; refused with a clear message without email', async () => {
    const { register, post, get, audit, mail, eventId, call, organiser, snapshot } = await setup({ emailRequired: false });
    const lan = await register('Bùi Thị Lan', '0912000821');
    const done = await post(`/${lan.id}/resend-ticket`);
    expect(done.status).toBe(303);
    expect((await mail(lan.id)).map((m) => m.kind)).toEqual(['confirmed', 'ticket_resent']);
    expect(await audit('registration.resend_ticket')).toEqual([{ entity_id: lan.id, data: { eventId, status: 'confirmed' } }]);
    expect((await get(`?op=resend&who=${lan.id}`)).text).toContain('Đã gửi lại vé qua email đã ghi cho Bùi Thị Lan.');
    // Again by the API: another mail (the kind may go more than once).
    const api = await call('POST', `/api/v1/admin/registrations/${lan.id}/resend-ticket`, { token: organiser });
    expect(api.status).toBe(202);
    expect((await mail(lan.id)).map((m) => m.kind)).toEqual(['confirmed', 'ticket_resent', 'ticket_resent']);

    const noEmail = await register('Đặng Văn Minh', '0912000822', { person: { fullName: 'Đặng Văn Minh', phone: '0912000822' } });
    expect((await get('')).text).not.toContain(`/registrations/${noEmail.id}/resend-ticket`);
    const before = await snapshot();
    const refused = await post(`/${noEmail.id}/resend-ticket`);
    expect(refused.status).toBe(409);
    expect(refused.text).toContain('Đăng ký này không có email nên không gửi lại vé được');
    const apiRefused = await call('POST', `/api/v1/admin/registrations/${noEmail.id}/resend-ticket`, { token: organiser });
    expect(apiRefused.status).toBe(409);
    expect(apiRefused.json.error.code).toBe('registration.no_email');
    expect(await snapshot()).toEqual(before);
  });

  it('adds a registration on someone’s behalf through the public rules, audited as staff-added', async () => {
    const { post, get, audit, mail, eventId, questionId, call, organiser, snapshot } = await setup({ capacity: 1 });
    const form = (await get('/new')).text;
    expect(form).toContain('Thêm đăng ký hộ người tham gia');
    expect(form).toContain(`name="answers.${questionId}"`);
    expect(form).toContain('name="consent.processing"');
    const fields = {
      'person.fullName': 'Phạm Minh Đức',
      'person.phone': '0912 000 831',
      'person.email': 'duc@khuyencong.test',
      [`answers.${questionId}`]: 'Mây tre',
      'consent.processing': 'yes',
    };
    const added = await post('/new', fields);
    expect(added.status, added.text).toBe(201);
    expect(added.text).toContain('Đã thêm đăng ký');
    expect(added.text).toContain('Phạm Minh Đức — Đã xác nhận');
    const duc = await db().selectFrom('registrations').selectAll().where('phone', '=', '+84912000831').executeTakeFirstOrThrow();
    expect(duc.answers).toEqual({ [questionId]: 'Mây tre' });
    expect(await audit('registration.staff_add')).toEqual([{ entity_id: duc.id, data: { eventId, status: 'confirmed' } }]);
    expect((await mail(duc.id)).map((m) => m.kind)).toEqual(['confirmed']);
    // The same person again: the form says so and nothing is added.
    const before = await snapshot();
    const again = await post('/new', fields);
    expect(again.status).toBe(422);
    expect(again.text).toContain('đã có đăng ký của sự kiện');
    // The event is full now: the next one waits, as online.
    const api = await call('POST', `/api/v1/admin/events/${eventId}/registrations`, {
      token: organiser,
      body: registrationPayload({ answers: { [questionId]: 'Gốm' } }),
    });
    expect(api.status, api.text).toBe(201);
    expect(api.json.registration.status).toBe('waitlisted');
    expect((await audit('registration.staff_add')).length).toBe(2);
    expect((await snapshot()).regs.length).toBe(before.regs.length + 1);
  });

  it('corrects details with before and after in the audit log; a phone another registration holds is refused', async () => {
    const { register, post, get, reg, audit, eventId, questionId, call, organiser, snapshot } = await setup();
    const lan = await register('Bùi Thi Lan', '0912000841');
    await register('Đặng Văn Minh', '0912000842');
    const form = await get(`/${lan.id}/edit`);
    expect(form.status).toBe(200);
    expect(form.text).toContain('value="Bùi Thi Lan"');
    expect(form.text).toContain('value="0912 000 841"');
    const fields = {
      fullName: 'Bùi Thị Lan',
      phone: '0912 000 841',
      email: 'lan.moi@khuyencong.test',
      gender: 'female',
      birthYear: '1990',
      district: 'An Dương',
      'facility.name': 'Cơ sở mây tre Lan',
      'facility.taxCode': '',
      'facility.district': '',
      [`answers.${questionId}`]: 'Mây tre',
    };
    const done = await post(`/${lan.id}/edit`, fields);
    expect(done.status, done.text).toBe(303);
    const now = await reg(lan.id);
    expect([now.full_name, now.email, now.birth_year, now.district, now.answers]).toEqual([
      'Bùi Thị Lan',
      'lan.moi@khuyencong.test',
      1990,
      'An Dương',
      { [questionId]: 'Mây tre' },
    ]);
    const [entry] = await audit('registration.correct');
    expect(entry!.entity_id).toBe(lan.id);
    expect(entry!.data).toEqual({
      eventId,
      changes: {
        fullName: { before: 'Bùi Thi Lan', after: 'Bùi Thị Lan' },
        email: { before: expect.stringMatching(/^hoc\.vien\./), after: 'lan.moi@khuyencong.test' },
        birthYear: { before: 1988, after: 1990 },
        district: { before: 'Thủy Nguyên', after: 'An Dương' },
        facility: { before: null, after: 'Cơ sở mây tre Lan' },
        [`answers.${QUESTION.label}`]: { before: 'Gốm', after: 'Mây tre' },
      },
    });
    expect((await get(`?op=correct&who=${lan.id}`)).text).toContain('Đã sửa thông tin của Bùi Thị Lan.');

    // Minh's phone: refused, the form shown again, nothing changed.
    const before = await snapshot();
    const taken = await post(`/${lan.id}/edit`, { ...fields, phone: '0912000842' });
    expect(taken.status).toBe(422);
    expect(taken.text).toContain('Số điện thoại này đã có một đăng ký khác của sự kiện');
    expect(taken.text).toContain('value="0912000842"');
    const apiTaken = await call('PATCH', `/api/v1/admin/registrations/${lan.id}`, { token: organiser, body: { phone: '0912000842' } });
    expect(apiTaken.status).toBe(422);
    expect(apiTaken.json.error.details.fields[0].field).toBe('phone');
    // Bad input: a name too short, a phone that is none, a required answer emptied, a year to come.
    const bad = await post(`/${lan.id}/edit`, { ...fields, fullName: 'L', phone: '12', birthYear: '2999' });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('error-summary');
    expect(bad.text).toContain('Số điện thoại Việt Nam không hợp lệ');
    const badAnswer = await post(`/${lan.id}/edit`, { ...fields, [`answers.${questionId}`]: '', birthYear: '2999' });
    expect(badAnswer.status).toBe(422);
    expect(badAnswer.text).toContain('Cần trả lời câu hỏi này');
    expect(badAnswer.text).toContain('Lớn quá: tối đa 2026');
    expect(await snapshot()).toEqual(before);
    // The API: a partial correction.
    const api = await call('PATCH', `/api/v1/admin/registrations/${lan.id}`, { token: organiser, body: { gender: null } });
    expect(api.status, api.text).toBe(200);
    expect(api.json.changes).toEqual({ gender: { before: 'female', after: null } });
  });

  it('bad input on the add form shows it again with messages and adds nothing', async () => {
    const { post, snapshot } = await setup();
    const before = await snapshot();
    const res = await post('/new', { 'person.fullName': '', 'person.phone': 'abc', 'person.email': 'not-an-email' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('error-summary');
    expect(res.text).toContain('Vui lòng điền mục này');
    expect(res.text).toContain('Số điện thoại Việt Nam không hợp lệ');
    expect(res.text).toContain('value="not-an-email"');
    expect(await snapshot()).toEqual(before);
  });

  it('door staff and organisers of other events get 403 on every new page and route, and nothing changes', async () => {
    const { register, eventId, call, organiser, snapshot, questionId } = await setup({ capacity: 1 });
    await register('Bùi Thị Lan', '0912000851');
    const minh = await register('Đặng Văn Minh', '0912000852');
    const other = await publishedEvent(call, organiser, { title: 'Lớp khác' });
    const elsewhere = await makeToken(db(), 'organiser', [other]);
    const scanner = await makeToken(db(), 'scanner', [eventId]);
    const before = await snapshot();
    const base = `/admin/events/${eventId}/registrations`;
    for (const token of [elsewhere, scanner]) {
      const pages: [string, string][] = [
        ['GET', `${base}/new`],
        ['POST', `${base}/new`],
        ['GET', `${base}/${minh.id}/promote/confirm`],
        ['POST', `${base}/${minh.id}/promote`],
        ['POST', `${base}/${minh.id}/resend-ticket`],
        ['GET', `${base}/${minh.id}/edit`],
        ['POST', `${base}/${minh.id}/edit`],
      ];
      for (const [method, path] of pages) {
        const res = await call(method, path, { token, headers: FORM, body: method === 'POST' ? 'overCapacity=yes&fullName=X' : undefined });
        expect(res.status, `${method} ${path}`).toBe(403);
      }
      const api: [string, string, unknown][] = [
        ['POST', `/api/v1/admin/registrations/${minh.id}/promote`, { overCapacity: true }],
        ['POST', `/api/v1/admin/registrations/${minh.id}/resend-ticket`, undefined],
        ['PATCH', `/api/v1/admin/registrations/${minh.id}`, { fullName: 'Kẻ lạ' }],
        ['POST', `/api/v1/admin/events/${eventId}/registrations`, registrationPayload({ answers: { [questionId]: 'x' } })],
        ['GET', `/api/v1/admin/events/${eventId}/registrations?format=xlsx`, undefined],
        ['GET', `/api/v1/admin/events/${eventId}/attendance?format=csv`, undefined],
        ['GET', `/api/v1/admin/events/${eventId}/attendance?format=xlsx`, undefined],
      ];
      for (const [method, path, body] of api) {
        const res = await call(method, path, { token, body });
        expect(res.status, `${method} ${path}`).toBe(403);
      }
    }
    expect(await snapshot()).toEqual(before);
  });
});
