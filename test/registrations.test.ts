import jsQRModule from 'jsqr';
import { PNG } from 'pngjs';
import { expect, it } from 'vitest';
import { deriveKeys } from '../src/shared/keys.js';
import { verifyTicket } from '../src/tickets/ticket-token.js';
import { buildTestApp, makeToken, publishedEvent, registrationPayload, testConfig } from './support/app.js';
import { describeEachEngine } from './support/db.js';

// jsqr ships CommonJS typed as an ES module: the callable is on .default at run time.
const jsQR = jsQRModule.default;

describeEachEngine('registration', ({ db }) => {
  async function setup(eventOverrides: Record<string, unknown> = {}) {
    const t = buildTestApp(db(), { now: '2026-12-01T02:00:00Z' });
    const token = await makeToken(db(), 'organiser');
    const eventId = await publishedEvent(t.call, token, eventOverrides);
    const register = (body: unknown = registrationPayload(), headers: Record<string, string> = {}) =>
      t.call('POST', `/api/v1/events/${eventId}/registrations`, { body, headers });
    const count = async () => (await db().selectFrom('registrations').selectAll().execute()).length;
    return { ...t, token, eventId, register, count };
  }

  it('confirms until the class is full, then puts people on the waitlist in order', async () => {
    const { register, call, eventId } = await setup({ capacity: 2 });
    const a = await register();
    expect(a.status).toBe(201);
    expect(a.json.registration).toMatchObject({ status: 'confirmed', existing: false, waitlistPosition: null });
    expect(a.json.registration.ticket.code).toMatch(/^[ACDEFHJKMNPQRTVWXY34679]{8}$/);
    expect(a.json.registration.manageUrl).toMatch(/^http:\/\/localhost:3000\/manage\/[A-Za-z0-9_-]{43}$/);
    expect((await register()).json.registration.status).toBe('confirmed');
    const c = await register();
    expect(c.json.registration).toMatchObject({ status: 'waitlisted', waitlistPosition: 1, ticket: null });
    expect((await register()).json.registration.waitlistPosition).toBe(2);
    const event = (await call('GET', `/api/v1/events/${eventId}`)).json.event;
    expect(event).toMatchObject({ capacity: 2, seatsLeft: 0, waitlistCount: 2 });
  });

  it('the same person again is told they are registered (200), never gets a second seat, nor anything of the first', async () => {
    const { register, count } = await setup();
    const body = registrationPayload({ person: { fullName: 'Trần Văn Nam', phone: '0912 345 678', email: 'nam@khuyencong.test' } });
    const first = await register(body);
    expect(first.status).toBe(201);
    for (const again of [
      { fullName: 'Trần Văn Nam', phone: '+84 912.345.678', email: 'khac@khuyencong.test' },
      { fullName: 'Tran Van Nam', phone: '0988 000 111', email: 'NAM@khuyencong.test' },
    ]) {
      const res = await register(registrationPayload({ person: again }));
      expect(res.status).toBe(200);
      // Typing someone's phone number must not hand over their ticket or manage link, nor say
      // which registration it is or its status (test/registration-squatting.test.ts).
      expect(res.json.registration).toMatchObject({ id: null, status: null, existing: true });
      expect(res.json.registration.manageUrl).toBeNull();
      expect(res.json.registration.ticket).toBeNull();
    }
    expect(await count()).toBe(1);
  });

  it('the same Idempotency-Key returns the first answer byte for byte, from any app instance', async () => {
    const { register, call, eventId, count } = await setup();
    const body = registrationPayload();
    const first = await register(body, { 'idempotency-key': 'retry-7c9e6679-7425-40de' });
    expect(first.status).toBe(201);
    const again = await register(body, { 'idempotency-key': 'retry-7c9e6679-7425-40de' });
    expect(again.status).toBe(201);
    expect(again.text).toBe(first.text);
    const otherInstance = buildTestApp(db(), { now: '2026-12-01T02:05:00Z' });
    const third = await otherInstance.call('POST', `/api/v1/events/${eventId}/registrations`, {
      body,
      headers: { 'idempotency-key': 'retry-7c9e6679-7425-40de' },
    });
    expect(third.status).toBe(201);
    expect(third.text).toBe(first.text);
    expect(await count()).toBe(1);
    const reused = await register(registrationPayload(), { 'idempotency-key': 'retry-7c9e6679-7425-40de' });
    expect(reused.status).toBe(422);
    expect(reused.json.error.code).toBe('idempotency.key_reused');
    expect(await count()).toBe(1);
    void call;
  });

  it('refuses registration outside the window, for a draft and for a cancelled event, with clear codes', async () => {
    const t = buildTestApp(db(), { now: '2026-12-01T02:00:00Z' });
    const token = await makeToken(db(), 'organiser');
    const reg = (id: string) => t.call('POST', `/api/v1/events/${id}/registrations`, { body: registrationPayload() });
    const notYet = await publishedEvent(t.call, token, { registrationOpensAt: '2026-12-05T08:00:00+07:00' });
    expect((await reg(notYet)).json.error.code).toBe('registration.not_open_yet');
    expect((await reg(notYet)).status).toBe(409);
    const closed = await publishedEvent(t.call, token, {
      registrationOpensAt: '2026-11-01T08:00:00+07:00',
      registrationClosesAt: '2026-11-30T08:00:00+07:00',
    });
    expect((await reg(closed)).json.error.code).toBe('registration.closed');
    const started = await publishedEvent(t.call, token, {
      sessions: [{ startsAt: '2026-12-01T08:00:00+07:00', endsAt: '2026-12-01T17:00:00+07:00' }],
    });
    expect((await reg(started)).json.error.code).toBe('registration.closed');
    const draft = (await t.call('POST', '/api/v1/admin/events', { token, body: (await import('./support/app.js')).eventPayload() })).json
      .event.id;
    const draftRes = await reg(draft);
    expect(draftRes.status).toBe(404);
    expect(draftRes.json.error.code).toBe('event.not_found');
    const cancelled = await publishedEvent(t.call, token);
    await t.call('POST', `/api/v1/admin/events/${cancelled}/cancel`, { token });
    const cancelledRes = await reg(cancelled);
    expect(cancelledRes.status).toBe(409);
    expect(cancelledRes.json.error.code).toBe('registration.event_cancelled');
    expect(await db().selectFrom('registrations').selectAll().execute()).toHaveLength(0);
  });

  const INVALID: [string, (q: string) => unknown, string][] = [
    [
      'a phone that is not Vietnamese',
      () => registrationPayload({ person: { fullName: 'Lê Văn B', phone: '+1 202 555 0100', email: 'b@x.vn' } }),
      'person.phone',
    ],
    [
      'a phone with letters',
      () => registrationPayload({ person: { fullName: 'Lê Văn B', phone: '0912abc678', email: 'b@x.vn' } }),
      'person.phone',
    ],
    ['no consent', () => ({ ...registrationPayload(), consent: { processing: false } }), 'consent.processing'],
    ['consent missing entirely', () => ({ person: (registrationPayload() as { person: unknown }).person }), 'consent'],
    [
      'a name of 121 characters',
      () => registrationPayload({ person: { fullName: 'Ạ'.repeat(121), phone: '0912000111', email: 'b@x.vn' } }),
      'person.fullName',
    ],
    ['an unknown question', () => registrationPayload({ answers: { 'khong-co': 'x' } }), 'answers.khong-co'],
    ['a missing required answer', () => registrationPayload({ answers: {} }), 'answers.$required'],
    ['a choice outside the options', () => registrationPayload({ answers: { $choice: 'Bay' } }), 'answers.$choice'],
    ['an unknown field', () => registrationPayload({ coupon: 'FREE' }), 'coupon'],
    ['a bad email', () => registrationPayload({ person: { fullName: 'Lê Văn B', phone: '0912000222', email: 'b@@x' } }), 'person.email'],
    [
      'no email where the event needs one',
      () => registrationPayload({ person: { fullName: 'Lê Văn B', phone: '0912000333' } }),
      'person.email',
    ],
    [
      'a birth year in the future',
      () =>
        registrationPayload({
          person: { fullName: 'Lê Văn B', phone: '0912000444', email: 'b@x.vn', birthYear: new Date().getUTCFullYear() + 1 },
        }),
      'person.birthYear',
    ],
    [
      'a booth request for a class',
      () => registrationPayload({ booth: { type: 'standard', size: '3x3', count: 1, products: 'Gốm' } }),
      'booth',
    ],
  ];

  it.each(INVALID)('%s → 422 naming the field, nothing stored', async (_label, body, field) => {
    const { register, count, eventId } = await setup({
      questions: [
        { label: 'Bạn cần hỗ trợ gì?', type: 'text', required: true },
        { label: 'Ca học', type: 'choice', options: ['Sáng', 'Chiều'] },
      ],
    });
    const questions = await db()
      .selectFrom('event_questions')
      .select(['id', 'type'])
      .where('event_id', '=', eventId)
      .orderBy('position')
      .execute();
    const [required, choice] = [questions[0]!.id, questions[1]!.id];
    const payload = JSON.parse(JSON.stringify(body('')));
    if (!('answers' in payload) && field !== 'answers.$required') payload.answers = { [required]: 'Vốn vay' };
    if (payload.answers && '$choice' in payload.answers) payload.answers = { [required]: 'x', [choice]: payload.answers.$choice };
    const res = await register(payload);
    expect(res.status, res.text).toBe(422);
    expect(res.json.error.code).toBe('validation.failed');
    const fields = res.json.error.details.fields.map((f: { field: string }) => f.field);
    const expected = field.replace('$required', required).replace('$choice', choice);
    expect(fields).toContain(expected);
    expect(await count()).toBe(0);
    expect(await db().selectFrom('facilities').selectAll().execute()).toHaveLength(0);
  });

  it('a fair registers a facility with its contact and a booth request, pending approval; a bad tax code is refused', async () => {
    const { register, count } = await setup({ kind: 'fair', topic: 'fair_hosted', scope: 'district', title: 'Hội chợ An Lão' });
    const facility = { name: 'Cơ sở Gốm Chu Đậu', taxCode: '0100109106', district: 'An Lão', products: 'Gốm men lam' };
    const booth = { type: 'standard', size: '3x3', count: 2, products: 'Bình, đĩa gốm' };
    const bad = await register(registrationPayload({ facility: { ...facility, taxCode: '0100109107' }, booth }));
    expect(bad.status).toBe(422);
    expect(bad.json.error.details.fields.map((f: { field: string }) => f.field)).toContain('facility.taxCode');
    const noFacility = await register(registrationPayload({ booth }));
    expect(noFacility.json.error.details.fields.map((f: { field: string }) => f.field)).toContain('facility');
    expect(await count()).toBe(0);

    const ok = await register(registrationPayload({ facility, booth }));
    expect(ok.status).toBe(201);
    expect(ok.json.registration.status).toBe('pending');
    expect(ok.json.registration.ticket.code).toHaveLength(8);
    // The same facility again (another contact person) is one facility in the registry.
    await register(registrationPayload({ facility: { ...facility, name: 'CƠ SỞ GỐM CHU ĐẬU' }, booth }));
    await register(registrationPayload({ facility: { name: 'Hợp tác xã Mây tre Tiên Lãng', district: 'Tiên Lãng' }, booth }));
    await register(registrationPayload({ facility: { name: 'HTX  mây tre tiên lãng', district: 'Tiên Lãng' }, booth }));
    expect(await db().selectFrom('facilities').selectAll().execute()).toHaveLength(2);
  });

  it('a fair counts booth units: a pending request holds its booths, approval takes nothing more, the rest wait; reject frees nothing it did not hold', async () => {
    // Issue 14 changed this rule: a fair's capacity is counted in booths and a request holds
    // its booths while pending, so a full fair waitlists the request itself (not its approval).
    const { register, call, token } = await setup({ kind: 'fair', topic: 'fair_hosted', scope: 'district', title: 'Hội chợ', capacity: 1 });
    const booth = { type: 'standard', size: '3x3', count: 1, products: 'Nước mắm' };
    const reg = (name: string) => register(registrationPayload({ facility: { name, district: 'Cát Hải' }, booth }));
    const a = (await reg('Cơ sở nước mắm Cát Hải')).json.registration;
    const b = (await reg('Cơ sở chế biến hải sản Phù Long')).json.registration;
    const c = (await reg('Cơ sở rượu Cát Bà')).json.registration;
    expect([a.status, b.status, c.status]).toEqual(['pending', 'waitlisted', 'waitlisted']);
    expect((await call('POST', `/api/v1/admin/registrations/${a.id}/approve`, { token })).json.registration.status).toBe('confirmed');
    expect((await call('POST', `/api/v1/admin/registrations/${b.id}/approve`, { token })).status).toBe(409);
    expect((await call('POST', `/api/v1/admin/registrations/${c.id}/reject`, { token })).json.registration.status).toBe('rejected');
    expect((await call('POST', `/api/v1/admin/registrations/${c.id}/approve`, { token })).status).toBe(409);
    const cancelA = await call('POST', `/api/v1/admin/registrations/${a.id}/cancel`, { token });
    expect(cancelA.json.promoted).toEqual([b.id]);
    // Moved up, the request holds its booth again and waits for the organisers' decision.
    expect((await call('POST', `/api/v1/admin/registrations/${b.id}/approve`, { token })).json.registration.status).toBe('confirmed');
  });

  it('a cancellation frees the seat and promotes the head of the waitlist in the same transaction', async () => {
    const { register, call, eventId } = await setup({ capacity: 1 });
    const first = (await register()).json.registration;
    const second = (await register()).json.registration;
    const third = (await register()).json.registration;
    expect([second.status, third.status]).toEqual(['waitlisted', 'waitlisted']);
    const token = first.manageUrl.split('/manage/')[1];
    const cancelled = await call('POST', `/api/v1/manage/${token}/cancel`);
    expect(cancelled.status).toBe(200);
    expect(cancelled.json.registration.status).toBe('cancelled');
    const secondNow = (await call('GET', `/api/v1/manage/${second.manageUrl.split('/manage/')[1]}`)).json.registration;
    expect(secondNow).toMatchObject({ status: 'confirmed', ticket: { code: expect.any(String) } });
    const thirdNow = (await call('GET', `/api/v1/manage/${third.manageUrl.split('/manage/')[1]}`)).json.registration;
    expect(thirdNow).toMatchObject({ status: 'waitlisted', waitlistPosition: 1 });
    expect((await call('GET', `/api/v1/events/${eventId}`)).json.event).toMatchObject({ seatsLeft: 0, waitlistCount: 1 });
  });

  it('raising the capacity promotes the waitlist at once', async () => {
    const { register, call, token, eventId } = await setup({ capacity: 1 });
    await register();
    const w1 = (await register()).json.registration.id;
    const w2 = (await register()).json.registration.id;
    const w3 = (await register()).json.registration.id;
    await call('PATCH', `/api/v1/admin/events/${eventId}`, { token, body: { capacity: 3 } });
    const statuses = await db().selectFrom('registrations').select(['id', 'status']).where('id', 'in', [w1, w2, w3]).execute();
    expect(Object.fromEntries(statuses.map((s) => [s.id, s.status]))).toEqual({ [w1]: 'confirmed', [w2]: 'confirmed', [w3]: 'waitlisted' });
  });

  it('the manage link shows only its own registration; a truncated, altered or unknown token is a 404', async () => {
    const { register, call } = await setup();
    const a = (await register(registrationPayload({ person: { fullName: 'Phạm Thị An', phone: '0901111222', email: 'an@x.vn' } }))).json
      .registration;
    const b = (await register(registrationPayload({ person: { fullName: 'Vũ Văn Bình', phone: '0902222333', email: 'binh@x.vn' } }))).json
      .registration;
    const tokenA: string = a.manageUrl.split('/manage/')[1];
    const tokenB: string = b.manageUrl.split('/manage/')[1];
    const viewA = await call('GET', `/api/v1/manage/${tokenA}`);
    expect(viewA.json.registration).toMatchObject({ id: a.id, person: { fullName: 'Phạm Thị An' } });
    expect(viewA.headers.get('referrer-policy')).toBe('no-referrer');
    expect(viewA.headers.get('x-robots-tag')).toContain('noindex');
    expect((await call('GET', `/api/v1/manage/${tokenB}`)).json.registration.id).toBe(b.id);
    const altered = tokenA.slice(0, -1) + (tokenA.endsWith('A') ? 'B' : 'A');
    for (const bad of [tokenA.slice(0, 42), altered, 'x'.repeat(43), `${tokenA}x`]) {
      const res = await call('GET', `/api/v1/manage/${bad}`);
      expect(res.status).toBe(404);
      expect(res.json.error.code).toBe('registration.not_found');
      expect((await call('POST', `/api/v1/manage/${bad}/cancel`)).status).toBe(404);
    }
    expect((await call('GET', `/api/v1/manage/${tokenA}`)).json.registration.status).toBe('confirmed');
  });

  it('the ticket PNG decodes to a signed token that verifies without the database; a waitlisted one has no ticket', async () => {
    const { register, call } = await setup({ capacity: 1 });
    const a = (await register()).json.registration;
    const token = a.manageUrl.split('/manage/')[1];
    const png = await call('GET', `/api/v1/manage/${token}/ticket.png`);
    expect(png.status).toBe(200);
    expect(png.headers.get('content-type')).toBe('image/png');
    const res = await buildTestApp(db()).app.request(`http://localhost:3000/api/v1/manage/${token}/ticket.png`);
    const image = PNG.sync.read(Buffer.from(await res.arrayBuffer()));
    const decoded = jsQR(new Uint8ClampedArray(image.data), image.width, image.height);
    expect(decoded).not.toBeNull();
    const verified = verifyTicket(deriveKeys(testConfig()).tickets, decoded!.data);
    expect(verified.ok).toBe(true);
    const stored = await db().selectFrom('registrations').select('ticket_id').where('id', '=', a.id).executeTakeFirstOrThrow();
    expect(verified.ok && verified.ticketId).toBe(stored.ticket_id);
    const svg = await call('GET', `/api/v1/manage/${token}/ticket.svg`);
    expect(svg.text).toMatch(/^<svg/);
    const waitlisted = (await register()).json.registration;
    expect((await call('GET', `/api/v1/manage/${waitlisted.manageUrl.split('/manage/')[1]}/ticket.png`)).status).toBe(404);
  });

  it('erasing personal data cancels, frees the seat and anonymises, while the counts stay right', async () => {
    const { register, call, eventId } = await setup({ capacity: 1 });
    const a = (await register(registrationPayload({ consent: { processing: true, news: true } }))).json.registration;
    const b = (await register()).json.registration;
    const token = a.manageUrl.split('/manage/')[1];
    const news = await call('POST', `/api/v1/manage/${token}/withdraw-news-consent`);
    expect(news.json.registration.consent.news).toBe(false);
    const erased = await call('POST', `/api/v1/manage/${token}/erase`);
    expect(erased.json.registration).toMatchObject({
      status: 'cancelled',
      anonymised: true,
      person: { fullName: 'Đã xoá / Erased', phone: null, email: null },
    });
    const row = await db().selectFrom('registrations').selectAll().where('id', '=', a.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ phone: null, email: null, district: 'Thủy Nguyên', gender: 'female' });
    expect(row.person_key).toHaveLength(43);
    expect((await call('GET', `/api/v1/manage/${b.manageUrl.split('/manage/')[1]}`)).json.registration.status).toBe('confirmed');
    expect((await call('GET', `/api/v1/events/${eventId}`)).json.event).toMatchObject({ seatsLeft: 0, waitlistCount: 0 });
  });

  it('organisers list, search and export registrations; the CSV neutralises formulas', async () => {
    const { register, call, token, eventId } = await setup();
    await register(registrationPayload({ person: { fullName: '=HYPERLINK("http://x","bấm")', phone: '0903333444', email: 'f@x.vn' } }));
    await register(registrationPayload({ person: { fullName: 'Đỗ Thị Mai', phone: '0904444555', email: 'mai@x.vn' } }));
    const list = await call('GET', `/api/v1/admin/events/${eventId}/registrations?q=mai`, { token });
    expect(list.json.registrations.map((r: { fullName: string }) => r.fullName)).toEqual(['Đỗ Thị Mai']);
    // Typed without diacritics, as on a keyboard without Vietnamese input.
    const plain = await call('GET', `/api/v1/admin/events/${eventId}/registrations?q=do%20thi`, { token });
    expect(plain.json.registrations.map((r: { fullName: string }) => r.fullName)).toEqual(['Đỗ Thị Mai']);
    const csv = await call('GET', `/api/v1/admin/events/${eventId}/registrations?format=csv`, { token });
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    expect(csv.text).toContain(`"'=HYPERLINK(""http://x"",""bấm"")"`);
    expect(csv.text).toContain('Đỗ Thị Mai');
    // As the page shows it: the status in words (with its code), the phone as people write it.
    expect(csv.text).toContain('Đã xác nhận / confirmed');
    expect(csv.text).toContain('0904 444 555');
    expect(csv.text).not.toContain('+84904444555');
    const scanner = await makeToken(db(), 'scanner', [eventId]);
    expect((await call('GET', `/api/v1/admin/events/${eventId}/registrations`, { token: scanner })).status).toBe(403);
  });
});
