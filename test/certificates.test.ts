import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { seedProgrammes } from '../db/seed/programmes.js';
import { issueDueCertificates, numberOf } from '../src/certificates/certificates.usecases.js';
import type { MailKind } from '../src/db/schema.js';
import type { MailMessage, MailTransport } from '../src/mail/transport.js';
import { loadProgrammes } from '../src/programmes/programmes.usecases.js';
import { type AppKeys, deriveKeys } from '../src/shared/keys.js';
import { buildTestApp, makeToken, ORIGIN, registrationPayload } from './support/app.js';
import { describeEachEngine } from './support/db.js';
import { factories } from './support/factories.js';
import { testDispatcher } from './support/mail.js';
import { pdfText } from './support/pdf-text.js';

/** Five mornings, Monday 17 to Friday 21 November 2025, 08:00–11:30 in Hanoi. */
const FIVE = [17, 18, 19, 20, 21].map((d) => ({ startsAt: `2025-11-${d}T08:00:00+07:00`, endsAt: `2025-11-${d}T11:30:00+07:00` }));
const AFTER_LAST = '2025-11-21T05:00:00Z'; // 12:00 in Hanoi, the last session over
const DURING_LAST = '2025-11-21T02:00:00Z'; // 09:00 in Hanoi
const SERIES = 'HAI-PHONG-2021-2025-2025';
const PROGRAMME_SERIES = 'HAI-PHONG-2021-2025';
const FORM = { origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' };

/** A transport that keeps what it is given. */
const collector = (sent: MailMessage[]): MailTransport => ({
  name: 'http',
  send: async (m) => void sent.push(m),
  close: async () => {},
});

/** The keys of the test app (its SECRET_KEY), set by setup(): numbers end in their check. */
let checkKeys: AppKeys | undefined;
/** Number n of a series in 2025, with its check suffix. */
const no = (n: number, series = PROGRAMME_SERIES) => numberOf(checkKeys ?? { certificates: new Uint8Array() }, series, 2025, n);

describeEachEngine('certificates of completion', ({ db }) => {
  async function setup() {
    await loadProgrammes(db(), seedProgrammes);
    const programme = await db().selectFrom('programmes').select('id').where('code', '=', 'hai-phong-2021-2025').executeTakeFirstOrThrow();
    const t = buildTestApp(db(), { now: '2025-11-01T02:00:00Z' });
    checkKeys = deriveKeys(t.deps.config);
    const organiser = await makeToken(db(), 'organiser');
    const make = factories(t);
    /** A class of five sessions with these learners; `attended[i]` is how many sessions learner i was present at. */
    const course = async (attended: number[], overrides: Record<string, unknown> = {}, people: Record<string, unknown>[] = []) => {
      t.clock.set('2025-11-01T02:00:00Z');
      const event = await make.publishedEvent({ sessions: FIVE, programmeId: programme.id, emailRequired: false, ...overrides });
      const learners: { id: string; token: string }[] = [];
      for (const [i, count] of attended.entries()) {
        const payload = registrationPayload(people[i] ? { person: { ...registrationPayload().person, ...people[i] } } : {});
        const res = await t.call('POST', `/api/v1/events/${event.id}/registrations`, { body: payload });
        expect(res.status, res.text).toBe(201);
        const token = String(res.json.registration.manageUrl).split('/manage/')[1] ?? '';
        learners.push({ id: res.json.registration.id, token });
        t.clock.set(AFTER_LAST);
        for (const s of event.sessions.slice(0, count)) await make.mark(event.id, res.json.registration.id, s.id);
        t.clock.set('2025-11-01T02:00:00Z');
      }
      return { eventId: event.id, sessions: event.sessions, learners };
    };
    const issue = (eventId: string, token = organiser) => t.call('POST', `/api/v1/admin/events/${eventId}/certificates`, { token });
    const held = (token: string) => t.call('GET', `/api/v1/manage/${token}/certificate`);
    const mails = (kind: MailKind = 'certificate_issued') =>
      db().selectFrom('mail_outbox').select(['registration_id', 'kind']).where('kind', '=', kind).orderBy('id').execute();
    /** A PDF download, its bytes as they came (call() reads bodies as text). */
    const download = async (path: string, token?: string) => {
      const res = await t.app.request(`${ORIGIN}${path}`, token ? { headers: { authorization: `Bearer ${token}` } } : {});
      return { status: res.status, headers: res.headers, bytes: new Uint8Array(await res.arrayBuffer()) };
    };
    return { ...t, programme, organiser, make, course, issue, held, mails, download };
  }

  it('a learner at 4 of 5 sessions gets a certificate, one at 3 of 5 has not completed (share 80%)', async () => {
    const { course, issue, held, clock, call } = await setup();
    const { eventId, learners } = await course([4, 3]);
    const [hoa, binh] = learners as [{ id: string; token: string }, { id: string; token: string }];

    clock.set(AFTER_LAST);
    expect((await held(hoa.token)).json.error.code).toBe('certificate.not_issued');
    expect((await held(hoa.token)).status).toBe(404);
    const first = await issue(eventId);
    expect(first.status, first.text).toBe(200);
    expect(first.json).toEqual({ issued: 1 });

    const mine = await held(hoa.token);
    expect(mine.status).toBe(200);
    expect(mine.json.certificate).toMatchObject({
      number: no(1),
      verifyUrl: `http://localhost:3000/verify/${no(1)}`,
      issuedAt: '2025-11-21T12:00:00+07:00',
    });
    const notYet = await held(binh.token);
    expect(notYet.status).toBe(409);
    expect(notYet.json.error.code).toBe('certificate.not_completed');

    // The public record says what the paper says, and nothing else of the person.
    const verified = await call('GET', `/api/v1/certificates/${no(1)}`);
    expect(verified.status).toBe(200);
    expect(verified.json.certificate).toMatchObject({
      number: no(1),
      name: 'Nguyễn Thị Hoa',
      event: { title: 'Lớp quản trị doanh nghiệp nông thôn', startsOn: '2025-11-17', endsOn: '2025-11-21' },
      completedOn: '2025-11-21',
      issuer: 'Chương trình khuyến công thành phố Hải Phòng giai đoạn 2021–2025',
      revoked: false,
    });
    expect(JSON.stringify(verified.json)).not.toMatch(/phone|email|091/);

    // The manage page links the certificate once issued, and the printable page carries it.
    expect((await call('GET', `/manage/${hoa.token}`)).text).toContain(`href="/manage/${hoa.token}/certificate"`);
    expect((await call('GET', `/manage/${binh.token}`)).text).not.toContain('/certificate"');
    const page = await call('GET', `/manage/${hoa.token}/certificate`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('GIẤY CHỨNG NHẬN');
    expect(page.text).toContain('Nguyễn Thị Hoa');
    expect(page.text).toContain(no(1));
    expect(page.text).toContain('data:image/svg+xml;base64,');
    expect((await call('GET', `/manage/${binh.token}/certificate`)).status).toBe(409);
  });

  it('the certificate downloads as a one-page PDF whose text is the Vietnamese name, class and number, for the holder and the organiser', async () => {
    const { course, issue, clock, call, organiser, download } = await setup();
    const { eventId, learners } = await course([5, 3]);
    const [hoa, binh] = learners as [{ id: string; token: string }, { id: string; token: string }];
    clock.set(AFTER_LAST);
    await issue(eventId);
    const cert = await db().selectFrom('certificates').select(['id', 'number']).executeTakeFirstOrThrow();

    const page = await call('GET', `/manage/${hoa.token}/certificate`);
    expect(page.text).toContain(`href="/manage/${hoa.token}/certificate.pdf"`);
    expect(page.text).toContain('Tải PDF');
    const mine = await download(`/manage/${hoa.token}/certificate.pdf`);
    expect(mine.status).toBe(200);
    expect(mine.headers.get('content-type')).toBe('application/pdf');
    expect(mine.headers.get('content-disposition')).toBe(`attachment; filename="giay-chung-nhan-${cert.number}.pdf"`);
    expect(mine.headers.get('cache-control')).toContain('no-store');
    expect(Buffer.from(mine.bytes.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
    expect(
      Buffer.from(mine.bytes)
        .toString('latin1')
        .match(/\/Type \/Page\b/g),
    ).toHaveLength(1);
    // The text as a reader copies it out: Vietnamese with its diacritics, English beneath, the number and where to verify it.
    const lines = pdfText(mine.bytes);
    expect(lines).toEqual(
      expect.arrayContaining([
        'GIẤY CHỨNG NHẬN',
        'CERTIFICATE OF COMPLETION',
        'Nguyễn Thị Hoa',
        cert.number,
        `http://localhost:3000/verify/${cert.number}`,
        'Thời gian (Held): 17/11/2025 – 21/11/2025',
      ]),
    );
    expect(lines.join('\n')).not.toContain('\uFFFD');

    const staff = await download(`/admin/events/${eventId}/certificates/${cert.id}/certificate.pdf`, organiser);
    expect(staff.status).toBe(200);
    expect(pdfText(staff.bytes)).toEqual(expect.arrayContaining(['Nguyễn Thị Hoa', cert.number]));
    const sheet = await call('GET', `/admin/events/${eventId}/certificates/${cert.id}`, { token: organiser });
    expect(sheet.text).toContain(`href="/admin/events/${eventId}/certificates/${cert.id}/certificate.pdf"`);

    // No certificate, no PDF; an organiser of another event, a bad id or a bad token get a 4xx.
    const none = await download(`/manage/${binh.token}/certificate.pdf`);
    expect(none.status).toBe(409);
    expect(none.headers.get('content-type')).not.toContain('pdf');
    const elsewhere = await makeToken(db(), 'organiser', [(await course([5])).eventId]);
    expect((await download(`/admin/events/${eventId}/certificates/${cert.id}/certificate.pdf`, elsewhere)).status).toBe(403);
    expect((await call('GET', `/admin/events/${eventId}/certificates/not-a-uuid/certificate.pdf`, { token: organiser })).status).toBe(404);
    expect((await call('GET', '/manage/short/certificate.pdf')).status).toBe(404);
  });

  it('issuing again issues nothing new, and before the last session ends it is refused', async () => {
    const { course, issue, clock, mails } = await setup();
    const { eventId } = await course([5, 4]);
    clock.set(DURING_LAST);
    const early = await issue(eventId);
    expect(early.status).toBe(409);
    expect(early.json.error.code).toBe('certificate.too_early');
    clock.set(AFTER_LAST);
    expect((await issue(eventId)).json).toEqual({ issued: 2 });
    expect((await issue(eventId)).json).toEqual({ issued: 0 });
    expect(await db().selectFrom('certificates').select('number').orderBy('number').execute()).toEqual([
      { number: no(1) },
      { number: no(2) },
    ]);
    expect(await mails()).toHaveLength(2);
  });

  it('numbers run in sequence per programme and year; an event without a programme takes the KC series', async () => {
    const { course, issue, clock } = await setup();
    const a = await course([5, 4]);
    const b = await course([4], { title: 'Lớp khởi sự doanh nghiệp' });
    const c = await course([4, 5], { programmeId: undefined, title: 'Hội thảo sản xuất sạch hơn', kind: 'cp_workshop', topic: undefined });
    clock.set(AFTER_LAST);
    expect((await issue(a.eventId)).json).toEqual({ issued: 2 });
    expect((await issue(c.eventId)).json).toEqual({ issued: 2 });
    expect((await issue(b.eventId)).json).toEqual({ issued: 1 });
    const numbers = await db().selectFrom('certificates').select(['event_id', 'number']).orderBy('number').execute();
    expect(numbers).toEqual([
      { event_id: a.eventId, number: no(1) },
      { event_id: a.eventId, number: no(2) },
      { event_id: b.eventId, number: no(3) },
      { event_id: c.eventId, number: no(1, 'KC') },
      { event_id: c.eventId, number: no(2, 'KC') },
    ]);
  });

  it('issuings at the same moment never hand out one number twice, nor two certificates to one learner', async () => {
    const { course, issue, clock } = await setup();
    const events = [await course([5, 5, 4]), await course([4, 5]), await course([5])];
    clock.set(AFTER_LAST);
    // Each event issued twice at once, all three events together: one series, one counter row.
    const answers = await Promise.all(events.flatMap((e) => [issue(e.eventId), issue(e.eventId)]));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(answers.reduce((sum, a) => sum + Number(a.json.issued), 0)).toBe(6);
    const numbers = (await db().selectFrom('certificates').select('number').orderBy('number').execute()).map((r) => r.number);
    expect(numbers).toEqual([1, 2, 3, 4, 5, 6].map((n) => no(n)));
    const perLearner = await db().selectFrom('certificates').select('registration_id').groupBy('registration_id').execute();
    expect(perLearner).toHaveLength(6);
  });

  it('mail is queued in the issuing, only for learners with an email, and renders with the link to the certificate', async () => {
    const t = await setup();
    const { eventId, learners } = await t.course([5, 5], {}, [
      { fullName: 'Nguyễn Thị Hoa' },
      { fullName: 'Trần Văn Bình', email: undefined },
    ]);
    t.clock.set(AFTER_LAST);
    expect((await t.issue(eventId)).json).toEqual({ issued: 2 });
    expect(await t.mails()).toEqual([{ registration_id: learners[0]?.id, kind: 'certificate_issued' }]);

    const sent: MailMessage[] = [];
    const dispatcher = testDispatcher(t, collector(sent));
    await dispatcher.drain();
    const mail = sent.find((m) => m.subject.startsWith('Giấy chứng nhận'));
    expect(mail?.subject).toBe('Giấy chứng nhận hoàn thành: Lớp quản trị doanh nghiệp nông thôn');
    expect(mail?.text).toContain(no(1));
    expect(mail?.text).toContain(`http://localhost:3000/manage/${learners[0]?.token}/certificate`);
    expect(mail?.html).toContain(`/manage/${learners[0]?.token}/certificate`);
    // A certificate mail carries no ticket: the QR admits at the door, and the course is over.
    expect(mail?.inlineImages).toEqual([]);
  });

  it('a forged or unknown number verifies as not found, in the API and on the page', async () => {
    const { course, issue, clock, call } = await setup();
    const { eventId } = await course([5]);
    clock.set(AFTER_LAST);
    await issue(eventId);
    const real1 = no(1);
    for (const number of [
      `${SERIES}-0002`,
      no(2),
      `${real1.slice(0, -5)}${real1.endsWith('ZZZZZ') ? 'YYYYY' : 'ZZZZZ'}`,
      `${SERIES}-0001`,
      'KC-2025-0001',
      'HAI-PHONG-2021-2025-2025-01',
      'not a number',
      '%3Cscript%3E',
      'x'.repeat(300),
    ]) {
      const api = await call('GET', `/api/v1/certificates/${number}`);
      expect(api.status, number).toBe(404);
      expect(api.json.error.code).toBe('certificate.not_found');
      const page = await call('GET', `/verify/${number}`);
      expect(page.status, number).toBe(404);
      expect(page.text).toContain('Không tìm thấy giấy chứng nhận');
      expect(page.text).not.toContain('<script>');
    }
    const real = await call('GET', `/verify/${no(1)}`);
    expect(real.status).toBe(200);
    expect(real.text).toContain('Nguyễn Thị Hoa');
    expect(real.text).toContain('Giấy chứng nhận hợp lệ');
    expect(real.text).not.toContain('ĐÃ THU HỒI');
  });

  it('a revoked certificate shows as revoked, with the revocation in the audit log, before and after', async () => {
    const { course, issue, clock, call, organiser, held } = await setup();
    const { eventId, learners } = await course([5]);
    clock.set(AFTER_LAST);
    await issue(eventId);
    const cert = await db().selectFrom('certificates').select(['id', 'number']).executeTakeFirstOrThrow();
    const empty = await call('POST', `/admin/events/${eventId}/certificates/${cert.id}/revoke`, {
      token: organiser,
      headers: FORM,
      body: 'reason=',
    });
    expect(empty.status).toBe(422);
    expect(empty.text).toContain('Ghi lý do thu hồi');
    expect((await db().selectFrom('certificates').select('revoked_at').executeTakeFirstOrThrow()).revoked_at).toBeNull();

    const done = await call('POST', `/admin/events/${eventId}/certificates/${cert.id}/revoke`, {
      token: organiser,
      headers: FORM,
      body: new URLSearchParams({ reason: 'Cấp nhầm người / issued to the wrong person' }).toString(),
    });
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe(`/admin/events/${eventId}/certificates?done=revoked`);

    const api = await call('GET', `/api/v1/certificates/${cert.number}`);
    expect(api.json.certificate.revoked).toBe(true);
    expect(JSON.stringify(api.json)).not.toContain('Cấp nhầm');
    const page = await call('GET', `/verify/${cert.number}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('ĐÃ THU HỒI / Revoked');
    const mine = await held(learners[0]?.token ?? '');
    expect(mine.status).toBe(409);
    expect(mine.json.error.code).toBe('certificate.revoked');

    const audit = await db()
      .selectFrom('audit_log')
      .select(['entity', 'entity_id', 'data'])
      .where('action', '=', 'certificate.revoke')
      .execute();
    expect(audit).toEqual([
      {
        entity: 'registration',
        entity_id: learners[0]?.id,
        data: {
          eventId,
          number: cert.number,
          changes: {
            revoked: { before: false, after: true },
            revokeReason: { before: null, after: 'Cấp nhầm người / issued to the wrong person' },
          },
        },
      },
    ]);
    // Revoked once: a second revocation is refused.
    const again = await call('POST', `/api/v1/admin/events/${eventId}/certificates/${cert.id}/revoke`, {
      token: organiser,
      body: { reason: 'lần nữa' },
    });
    expect(again.status).toBe(409);
    expect(again.json.error.code).toBe('certificate.already_revoked');
    const list = await call('GET', `/admin/events/${eventId}/certificates`, { token: organiser });
    expect(list.text).toContain('Đã thu hồi');
    expect(list.text).toContain('Cấp nhầm người');
  });

  it('a certificate revoked for a misspelt name is issued again with the corrected name and a new number; the old one stays revoked', async () => {
    const { course, issue, clock, call, organiser, held } = await setup();
    const { eventId, learners } = await course([5]);
    const learner = learners[0] ?? { id: '', token: '' };
    await db().updateTable('registrations').set({ full_name: 'Nguyen Thi Hoa' }).where('id', '=', learner.id).execute();
    clock.set(AFTER_LAST);
    await issue(eventId);
    const old = await db().selectFrom('certificates').select(['id', 'number', 'full_name']).executeTakeFirstOrThrow();
    expect(old.full_name).toBe('Nguyen Thi Hoa');
    const revoked = await call('POST', `/api/v1/admin/events/${eventId}/certificates/${old.id}/revoke`, {
      token: organiser,
      body: { reason: 'Sai chính tả họ tên / misspelt name' },
    });
    expect(revoked.status, revoked.text).toBe(200);
    // The name is corrected (as the organiser's correction would), then the certificate issued again.
    await db().updateTable('registrations').set({ full_name: 'Nguyễn Thị Hoa' }).where('id', '=', learner.id).execute();
    const page = await call('GET', `/admin/events/${eventId}/certificates`, { token: organiser });
    expect(page.text).toContain('Cấp giấy chứng nhận (1)');

    const again = await issue(eventId);
    expect(again.json).toEqual({ issued: 1 });
    const mine = await held(learner.token);
    expect(mine.status, mine.text).toBe(200);
    expect(mine.json.certificate.number).not.toBe(old.number);
    const fresh = await call('GET', `/api/v1/certificates/${mine.json.certificate.number}`);
    expect(fresh.json.certificate).toMatchObject({ name: 'Nguyễn Thị Hoa', revoked: false });
    const stale = await call('GET', `/api/v1/certificates/${old.number}`);
    expect(stale.json.certificate).toMatchObject({ name: 'Nguyen Thi Hoa', revoked: true });
    // Once is enough: the new certificate stands, nothing more to issue.
    expect((await issue(eventId)).json).toEqual({ issued: 0 });
    expect(await db().selectFrom('certificates').select('number').execute()).toHaveLength(2);
  });

  it('a learner who erases their data keeps a standing certificate, its name withheld in the API and on the page', async () => {
    const { course, issue, clock, call, organiser } = await setup();
    const { eventId, learners } = await course([5], {}, [{ fullName: 'Trần Văn Bình' }]);
    clock.set(AFTER_LAST);
    await issue(eventId);
    const cert = await db().selectFrom('certificates').select(['id', 'number']).executeTakeFirstOrThrow();
    expect((await call('GET', `/api/v1/certificates/${cert.number}`)).json.certificate.name).toBe('Trần Văn Bình');

    const erased = await call('POST', `/api/v1/manage/${learners[0]?.token}/erase`);
    expect(erased.status, erased.text).toBe(200);
    const api = await call('GET', `/api/v1/certificates/${cert.number}`);
    expect(api.status).toBe(200);
    expect(api.json.certificate).toMatchObject({ number: cert.number, name: null, revoked: false });
    const page = await call('GET', `/verify/${cert.number}`);
    expect(page.text).toContain('Giấy chứng nhận hợp lệ');
    expect(page.text).toContain('Đã xoá theo yêu cầu của người học / withheld at the learner’s request');
    const staff = await call('GET', `/admin/events/${eventId}/certificates`, { token: organiser });
    const printable = await call('GET', `/admin/events/${eventId}/certificates/${cert.id}`, { token: organiser });
    for (const text of [api.text, page.text, staff.text, printable.text]) expect(text).not.toContain('Bình');
  });

  it('an organiser not on the event, and door staff, get 403 and change nothing', async () => {
    const { course, clock, call } = await setup();
    const { eventId } = await course([5]);
    const other = await course([5]);
    clock.set(AFTER_LAST);
    const elsewhere = await makeToken(db(), 'organiser', [other.eventId]);
    const door = await makeToken(db(), 'scanner', [eventId]);
    for (const token of [elsewhere, door]) {
      expect((await call('POST', `/api/v1/admin/events/${eventId}/certificates`, { token })).status).toBe(403);
      expect((await call('GET', `/api/v1/admin/events/${eventId}/certificates`, { token })).status).toBe(403);
      expect((await call('GET', `/admin/events/${eventId}/certificates`, { token })).status).toBe(403);
      expect((await call('POST', `/admin/events/${eventId}/certificates`, { token, headers: FORM, body: '' })).status).toBe(403);
    }
    expect(await db().selectFrom('certificates').selectAll().execute()).toEqual([]);
    // Issued by someone who may: the other organiser still cannot revoke or print it.
    expect((await call('POST', `/api/v1/admin/events/${other.eventId}/certificates`, { token: elsewhere })).json).toEqual({ issued: 1 });
    const theirs = await db().selectFrom('certificates').select('id').executeTakeFirstOrThrow();
    const organiserOfFirst = await makeToken(db(), 'organiser', [eventId]);
    expect((await call('GET', `/admin/events/${other.eventId}/certificates/${theirs.id}`, { token: organiserOfFirst })).status).toBe(403);
    const revoke = await call('POST', `/api/v1/admin/events/${other.eventId}/certificates/${theirs.id}/revoke`, {
      token: organiserOfFirst,
      body: { reason: 'không được phép' },
    });
    expect(revoke.status).toBe(403);
    expect((await db().selectFrom('certificates').select('revoked_at').executeTakeFirstOrThrow()).revoked_at).toBeNull();
  });

  it('bad input is a 4xx that changes nothing: bad ids, bad tokens, other kinds of event', async () => {
    const { course, clock, call, organiser, make, issue } = await setup();
    const { eventId } = await course([5]);
    clock.set(AFTER_LAST);
    expect((await call('POST', '/api/v1/admin/events/not-a-uuid/certificates', { token: organiser })).status).toBe(404);
    expect(
      (await call('POST', '/api/v1/admin/events/00000000-0000-4000-8000-000000000000/certificates', { token: organiser })).status,
    ).toBe(404);
    expect((await call('GET', `/admin/events/${eventId}/certificates/not-a-uuid`, { token: organiser })).status).toBe(404);
    expect(
      (await call('GET', `/admin/events/${eventId}/certificates/00000000-0000-4000-8000-000000000000`, { token: organiser })).status,
    ).toBe(404);
    const badReason = await call('POST', `/api/v1/admin/events/${eventId}/certificates/00000000-0000-4000-8000-000000000000/revoke`, {
      token: organiser,
      body: { reason: 'x', extra: true },
    });
    expect(badReason.status).toBe(422);
    expect((await call('GET', '/api/v1/manage/short/certificate')).status).toBe(404);
    expect((await call('GET', `/api/v1/manage/${'A'.repeat(43)}/certificate`)).status).toBe(404);
    expect((await call('GET', '/manage/short/certificate')).status).toBe(404);

    clock.set('2025-11-01T02:00:00Z');
    const conference = await make.publishedEvent({ kind: 'conference', topic: 'technology', sessions: FIVE });
    clock.set(AFTER_LAST);
    const refused = await issue(conference.id);
    expect(refused.status).toBe(409);
    expect(refused.json.error.code).toBe('certificate.not_training');
    expect(await db().selectFrom('certificates').selectAll().execute()).toEqual([]);
  });

  it('the organiser’s page shows who will get one, issues with a form and lists the certificates', async () => {
    const { course, clock, call, organiser } = await setup();
    const { eventId } = await course([5, 4, 2]);
    clock.set(DURING_LAST);
    const early = await call('GET', `/admin/events/${eventId}/certificates`, { token: organiser });
    expect(early.text).toContain('Giấy chứng nhận được cấp sau khi buổi cuối kết thúc');
    clock.set(AFTER_LAST);
    const before = await call('GET', `/admin/events/${eventId}/certificates`, { token: organiser });
    expect(before.status).toBe(200);
    expect(before.text).toContain('Số học viên sẽ được cấp: <strong class="due">2</strong>');
    const posted = await call('POST', `/admin/events/${eventId}/certificates`, { token: organiser, headers: FORM, body: '' });
    expect(posted.status).toBe(303);
    expect(posted.headers.get('location')).toBe(`/admin/events/${eventId}/certificates?done=issued&count=2`);
    const after = await call('GET', `/admin/events/${eventId}/certificates?done=issued&count=2`, { token: organiser });
    expect(after.text).toContain('Đã cấp giấy chứng nhận: 2');
    expect(after.text).toContain(no(1));
    expect(after.text).toContain(no(2));
    const audit = await db().selectFrom('audit_log').select(['entity_id', 'data']).where('action', '=', 'certificate.issue').execute();
    expect(audit).toEqual([{ entity_id: eventId, data: { count: 2, first: no(1), last: no(2), automatic: false } }]);
    // Cross-site form posts are refused as on every other page.
    const forged = await call('POST', `/admin/events/${eventId}/certificates`, {
      token: organiser,
      headers: { origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' },
      body: '',
    });
    expect(forged.status).toBe(403);
  });

  it('an event set to issue automatically gets its certificates from the dispatcher’s loop after the last session', async () => {
    const t = await setup();
    const { eventId, learners } = await t.course([5, 3]);
    const patched = await t.call('PATCH', `/api/v1/admin/events/${eventId}`, { token: t.organiser, body: { certificatesAutomatic: true } });
    expect(patched.status, patched.text).toBe(200);
    expect(patched.json.event.certificatesAutomatic).toBe(true);
    const editor = await t.call('GET', `/admin/events/${eventId}/edit`, { token: t.organiser });
    expect(editor.text).toContain('Tự động cấp giấy chứng nhận sau buổi cuối');
    expect(editor.text).toMatch(/name="certificatesAutomatic" value="yes" checked/);
    const sent: MailMessage[] = [];
    t.clock.set(DURING_LAST);
    const early = testDispatcher(t, collector(sent));
    expect(await early.runOnce()).toMatchObject({ certificates: 0 });
    t.clock.set(AFTER_LAST);
    const dispatcher = testDispatcher(t, collector(sent));
    expect(await dispatcher.runOnce()).toMatchObject({ certificates: 1 });
    expect((await t.held(learners[0]?.token ?? '')).json.certificate.number).toBe(no(1));
    expect(sent.map((m) => m.subject)).toContain('Giấy chứng nhận hoàn thành: Lớp quản trị doanh nghiệp nông thôn');
    const again = testDispatcher(t, collector(sent));
    expect(await again.runOnce()).toMatchObject({ certificates: 0 });
    const audit = await db().selectFrom('audit_log').select(['data']).where('action', '=', 'certificate.issue').execute();
    expect(audit).toEqual([{ data: { count: 1, first: no(1), last: no(1), automatic: true } }]);
  });

  it('one event whose automatic issuing fails is logged with its id, and the other events still get their certificates', async () => {
    const t = await setup();
    const broken = await t.course([5]);
    const fine = await t.course([5], { title: 'Lớp khởi sự doanh nghiệp' });
    for (const e of [broken, fine]) {
      const patched = await t.call('PATCH', `/api/v1/admin/events/${e.eventId}`, {
        token: t.organiser,
        body: { certificatesAutomatic: true },
      });
      expect(patched.status, patched.text).toBe(200);
    }
    // A real failure inside the database, for the broken event's certificates only.
    await sql`create function refuse_certificate() returns trigger language plpgsql as $$
      begin raise exception 'refused for this event'; end $$`.execute(db());
    await sql
      .raw(`create trigger refuse_certificate before insert on certificates for each row
        when (new.event_id = '${broken.eventId}') execute function refuse_certificate()`)
      .execute(db());
    const logged: { message: string; fields: unknown }[] = [];
    const log = { error: (message: string, fields?: unknown) => void logged.push({ message, fields }) };
    t.clock.set(AFTER_LAST);
    try {
      const issued = await issueDueCertificates({ db: db(), clock: t.clock, keys: deriveKeys(t.deps.config) }, log);
      expect(issued).toBe(1);
    } finally {
      await sql`drop trigger refuse_certificate on certificates`.execute(db());
      await sql`drop function refuse_certificate()`.execute(db());
    }
    const held = await db().selectFrom('certificates').select('event_id').execute();
    expect(held).toEqual([{ event_id: fine.eventId }]);
    expect(logged).toHaveLength(1);
    expect(logged[0]?.message).toBe('automatic certificate issuing failed for an event');
    expect(logged[0]?.fields).toMatchObject({ eventId: broken.eventId });
    // Tried again on the next beat, once the cause is gone.
    const dispatcher = testDispatcher(t, collector([]));
    expect(await dispatcher.runOnce()).toMatchObject({ certificates: 1 });
  });
});
