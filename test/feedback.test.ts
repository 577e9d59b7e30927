import { expect, it } from 'vitest';
import { seedProgrammes } from '../db/seed/programmes.js';
import type { MailMessage, MailTransport } from '../src/mail/transport.js';
import { loadProgrammes } from '../src/programmes/programmes.usecases.js';
import { buildTestApp, makeToken, makeUser, PASSWORD, registrationPayload } from './support/app.js';
import { describeEachEngine } from './support/db.js';
import { factories } from './support/factories.js';
import { testDispatcher } from './support/mail.js';

const sessionsOn = (days: string[]) => days.map((d) => ({ startsAt: `${d}T08:00:00+07:00`, endsAt: `${d}T11:30:00+07:00` }));
/** 10:00 in Hanoi on the first morning of eventPayload's class (14 Dec 2026), during its first session. */
const DURING_FIRST = '2026-12-14T03:00:00Z';

function capture(): MailTransport & { sent: MailMessage[] } {
  const sent: MailMessage[] = [];
  return {
    name: 'mailbox',
    sent,
    send: async (m) => {
      sent.push(m);
    },
    close: async () => {},
  };
}

describeEachEngine('the feedback survey after training', ({ db }) => {
  function setup(now = '2026-12-01T02:00:00Z') {
    const t = buildTestApp(db(), { now });
    const make = factories(t);
    /** Registers through the API (the manage token comes back in manageUrl) and returns id and token. */
    const enrol = async (eventId: string, person: Record<string, unknown> = {}) => {
      const body = registrationPayload();
      const res = await t.call('POST', `/api/v1/events/${eventId}/registrations`, {
        body: { ...body, person: { ...body.person, ...person } },
      });
      if (res.status !== 201) throw new Error(`not registered: ${res.text}`);
      const token = String(res.json.registration.manageUrl).split('/manage/')[1] as string;
      return { id: res.json.registration.id as string, token };
    };
    /** Marks present at each session given, at its start (the door is open then). */
    const attend = async (eventId: string, regId: string, sessions: { id: string; startsAt: string }[]) => {
      const before = t.clock.now().toISOString();
      for (const s of sessions) {
        t.clock.set(s.startsAt);
        await make.mark(eventId, regId, s.id);
      }
      t.clock.set(before);
    };
    const answers = () => db().selectFrom('feedback').selectAll().orderBy('registration_id').execute();
    return { ...t, make, enrol, attend, answers };
  }

  it('takes one answer per registration: a second is refused with 409 and the first stays as it was', async () => {
    const t = setup();
    const event = await t.make.publishedEvent();
    const hoa = await t.enrol(event.id);
    await t.attend(event.id, hoa.id, event.sessions.slice(0, 1));
    t.clock.set(DURING_FIRST);

    const first = await t.call('POST', `/api/v1/manage/${hoa.token}/feedback`, {
      body: { content: 5, trainer: 4, usefulness: 3, comment: '  Rất thiết thực  ' },
    });
    expect(first.status).toBe(201);
    expect(first.json.feedback).toMatchObject({ content: 5, trainer: 4, usefulness: 3, comment: 'Rất thiết thực' });
    const stored = await t.answers();

    const again = await t.call('POST', `/api/v1/manage/${hoa.token}/feedback`, { body: { content: 1, trainer: 1, usefulness: 1 } });
    expect(again.status).toBe(409);
    expect(again.json.error.code).toBe('feedback.already_given');
    // The page's form says the same, and writes nothing either.
    const page = await t.call('POST', `/manage/${hoa.token}/feedback`, {
      body: 'content=1&trainer=1&usefulness=1',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost:3000' },
    });
    expect(page.status).toBe(409);
    expect(page.text).toContain('Anh/chị đã gửi ý kiến cho khóa học này.');
    expect(await t.answers()).toEqual(stored);
    expect(stored).toHaveLength(1);

    const read = await t.call('GET', `/api/v1/manage/${hoa.token}/feedback`);
    expect(read.status).toBe(200);
    expect(read.json).toMatchObject({ feedback: { content: 5, trainer: 4, usefulness: 3, comment: 'Rất thiết thực' }, canAnswer: false });
  });

  it('erasing one’s personal data takes the comment away and keeps the marks for the averages', async () => {
    const t = setup();
    const event = await t.make.publishedEvent();
    const hoa = await t.enrol(event.id);
    await t.attend(event.id, hoa.id, event.sessions.slice(0, 1));
    t.clock.set(DURING_FIRST);
    const body = { content: 4, trainer: 5, usefulness: 3, comment: 'Tôi là Nguyễn Thị Hoa, xã Kiền Bái' };
    expect((await t.call('POST', `/api/v1/manage/${hoa.token}/feedback`, { body })).status).toBe(201);
    t.clock.set('2026-12-16T02:00:00Z');
    const erased = await t.call('POST', `/manage/${hoa.token}/erase`, {
      body: '',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost:3000' },
    });
    expect(erased.status).toBe(303);
    expect(await t.answers()).toMatchObject([{ content: 4, trainer: 5, usefulness: 3, comment: null }]);
  });

  it('refuses someone who attended no session, and someone whose first attended session has not begun', async () => {
    const t = setup();
    const event = await t.make.publishedEvent();
    const absent = await t.enrol(event.id);
    const early = await t.enrol(event.id);
    // Checked in at the door 15 minutes before the first session starts.
    t.clock.set('2026-12-14T00:45:00Z');
    await t.make.mark(event.id, early.id, event.sessions[0]!.id);

    const notYet = await t.call('POST', `/api/v1/manage/${early.token}/feedback`, { body: { content: 4, trainer: 4, usefulness: 4 } });
    expect(notYet.status).toBe(409);
    expect(notYet.json.error.code).toBe('feedback.not_open');

    t.clock.set(DURING_FIRST);
    const refused = await t.call('POST', `/api/v1/manage/${absent.token}/feedback`, { body: { content: 4, trainer: 4, usefulness: 4 } });
    expect(refused.status).toBe(409);
    expect(refused.json.error.code).toBe('feedback.not_attended');
    const page = await t.call('GET', `/manage/${absent.token}/feedback`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Khảo sát chỉ dành cho người đã tham dự ít nhất một buổi của khóa học.');
    expect(page.text).not.toContain('<form method="post"');
    expect((await t.call('GET', `/api/v1/manage/${absent.token}/feedback`)).json).toMatchObject({
      feedback: null,
      canAnswer: false,
      refusal: 'feedback.not_attended',
    });
    expect(await t.answers()).toEqual([]);
    // The manage page offers the survey to the one who attended only.
    expect((await t.call('GET', `/manage/${early.token}`)).text).toContain(`href="/manage/${early.token}/feedback"`);
    expect((await t.call('GET', `/manage/${absent.token}`)).text).not.toContain('/feedback"');
  });

  it('answers bad input with 422 naming each field, and writes nothing', async () => {
    const t = setup();
    const event = await t.make.publishedEvent();
    const hoa = await t.enrol(event.id);
    await t.attend(event.id, hoa.id, event.sessions.slice(0, 1));
    t.clock.set(DURING_FIRST);

    const bad = [
      { content: 0, trainer: 4, usefulness: 4 },
      { content: 6, trainer: 4, usefulness: 4 },
      { content: 4.5, trainer: 4, usefulness: 4 },
      { content: '5', trainer: 4, usefulness: 4 },
      { trainer: 4, usefulness: 4 },
      { content: 4, trainer: 4, usefulness: 4, comment: 'x'.repeat(1001) },
      { content: 4, trainer: 4, usefulness: 4, rating: 5 },
    ];
    for (const body of bad) {
      const res = await t.call('POST', `/api/v1/manage/${hoa.token}/feedback`, { body });
      expect(res.status, JSON.stringify(body).slice(0, 60)).toBe(422);
      expect(res.json.error.code).toBe('validation.failed');
      expect(res.json.error.details.fields.length).toBeGreaterThan(0);
    }
    // The page shows the form again with what was chosen and what is missing.
    const page = await t.call('POST', `/manage/${hoa.token}/feedback`, {
      body: 'content=5&usefulness=9&comment=%3Cb%3Eok%3C%2Fb%3E',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost:3000' },
    });
    expect(page.status).toBe(422);
    expect(page.text).toContain('Vui lòng chọn một mức từ 1 đến 5');
    expect(page.text).toMatch(/name="content" value="5" checked/);
    expect(page.text).toContain('&lt;b&gt;ok&lt;/b&gt;');
    expect(await t.answers()).toEqual([]);

    // And a good form post thanks the person, after which the manage page no longer offers it.
    const sent = await t.call('POST', `/manage/${hoa.token}/feedback`, {
      body: 'content=5&trainer=4&usefulness=4&comment=',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost:3000' },
    });
    expect(sent.status).toBe(303);
    expect(sent.headers.get('location')).toBe(`/manage/${hoa.token}/feedback?sent=1`);
    const thanks = await t.call('GET', `/manage/${hoa.token}/feedback?sent=1`);
    expect(thanks.text).toContain('Cảm ơn anh/chị!');
    expect(await t.answers()).toMatchObject([{ content: 5, trainer: 4, usefulness: 4, comment: null }]);
    expect((await t.call('GET', `/manage/${hoa.token}`)).text).not.toContain('/feedback"');
  });

  it("averages the answers of a target's own events on the dashboard, the targets API and the report", async () => {
    await loadProgrammes(db(), seedProgrammes);
    const programme = await db().selectFrom('programmes').select('id').executeTakeFirstOrThrow();
    const t = setup('2021-06-01T00:00:00Z');
    /** A class in 2022 whose people attend its first session and answer there; returns nothing. */
    const classWith = async (overrides: Record<string, unknown>, marks: [number, number, number][]) => {
      const event = await t.make.publishedEvent({ programmeId: programme.id, emailRequired: false, ...overrides });
      for (const [content, trainer, usefulness] of marks) {
        const who = await t.enrol(event.id);
        await t.attend(event.id, who.id, event.sessions.slice(0, 1));
        t.clock.set(event.sessions[0]!.startsAt);
        const res = await t.call('POST', `/api/v1/manage/${who.token}/feedback`, { body: { content, trainer, usefulness } });
        expect(res.status).toBe(201);
        t.clock.set('2021-06-01T00:00:00Z');
      }
    };
    // Two start-up / business-management classes count toward the learners target; an advanced-skills class does not.
    const inside: [number, number, number][][] = [
      [
        [5, 4, 5],
        [3, 3, 4],
      ],
      [[4, 5, 2]],
    ];
    const outside: [number, number, number][] = [
      [1, 1, 1],
      [2, 1, 1],
    ];
    await classWith({ topic: 'startup', title: 'Khởi sự kinh doanh', sessions: sessionsOn(['2022-03-07', '2022-03-08']) }, inside[0]!);
    await classWith(
      { topic: 'business_management', title: 'Quản trị doanh nghiệp', sessions: sessionsOn(['2022-05-09', '2022-05-10']) },
      inside[1]!,
    );
    await classWith({ topic: 'advanced_skills', title: 'Thợ giỏi', sessions: sessionsOn(['2022-06-06']) }, outside);

    const meanOf = (rows: [number, number, number][], i: number) => rows.reduce((a, r) => a + r[i]!, 0) / rows.length;
    const all = inside.flat();
    const expected = { answers: all.length, content: meanOf(all, 0), trainer: meanOf(all, 1), usefulness: meanOf(all, 2) };

    t.clock.set('2026-12-01T00:00:00Z');
    const organiser = await makeToken(db(), 'admin');
    const api = await t.call('GET', `/api/v1/programmes/${programme.id}/targets`, { token: organiser });
    expect(api.status).toBe(200);
    const byCode = new Map(api.json.targets.map((x: { code: string }) => [x.code, x]));
    const learners = byCode.get('learners-startup-management-cp') as { feedback: typeof expected };
    expect(learners.feedback.answers).toBe(expected.answers);
    expect(learners.feedback.content).toBeCloseTo(expected.content, 6);
    expect(learners.feedback.trainer).toBeCloseTo(expected.trainer, 6);
    expect(learners.feedback.usefulness).toBeCloseTo(expected.usefulness, 6);
    const artisans = byCode.get('managers-technicians-artisans') as { feedback: typeof expected };
    expect(artisans.feedback).toMatchObject({ answers: 2, usefulness: meanOf(outside, 2) });
    // A target without training has no survey line.
    expect((byCode.get('study-tours') as { feedback?: unknown }).feedback).toBeUndefined();

    await makeUser(db(), 'admin');
    const cookie = await t.login('admin@khuyencong.test', PASSWORD);
    const vi = (n: number) => n.toLocaleString('vi-VN', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
    const html = (await t.call('GET', `/admin/programmes/${programme.id}`, { cookie })).text;
    expect(html).toContain(`Hữu ích <strong>${vi(expected.usefulness)}</strong>`);
    expect(html).toContain(`Nội dung <strong>${vi(expected.content)}</strong>`);
    expect(html).toContain(`${expected.answers} ý kiến`);

    const csv = (await t.call('GET', `/api/v1/programmes/${programme.id}/report.csv?lang=vi`, { cookie })).text;
    const lines = csv.split(/\r?\n/);
    const section = lines.indexOf('Ý kiến học viên');
    expect(section).toBeGreaterThan(0);
    expect(lines[section + 1]).toBe('Mã,Chỉ tiêu,Số ý kiến,Nội dung,Giảng viên,Hữu ích');
    const row = lines.slice(section).find((l) => l.startsWith('learners-startup-management-cp,')) ?? '';
    const round = (n: number) => String(Math.round(n * 100) / 100);
    expect(row.split(',').slice(-4)).toEqual([expected.answers, expected.content, expected.trainer, expected.usefulness].map(round));
  });

  it('queues the survey mail once, after the last session, to attendees only', async () => {
    const t = setup();
    const event = await t.make.publishedEvent();
    const came = await t.enrol(event.id);
    const noShow = await t.enrol(event.id);
    const answered = await t.enrol(event.id);
    await t.attend(event.id, came.id, event.sessions);
    await t.attend(event.id, answered.id, event.sessions.slice(0, 1));
    t.clock.set(DURING_FIRST);
    expect(
      (await t.call('POST', `/api/v1/manage/${answered.token}/feedback`, { body: { content: 4, trainer: 4, usefulness: 4 } })).status,
    ).toBe(201);

    const transport = capture();
    const dispatcher = testDispatcher(t, transport, { reminderEveryMs: 0 });
    const requests = () =>
      db().selectFrom('mail_outbox').select(['registration_id', 'status']).where('kind', '=', 'feedback_request').execute();

    // During the last session: nothing yet.
    t.clock.set('2026-12-15T04:00:00Z');
    expect(await dispatcher.runOnce()).toMatchObject({ feedbackRequests: 0 });
    expect(await requests()).toEqual([]);

    // After it ends: the one who came and has not answered.
    t.clock.set('2026-12-15T05:00:00Z');
    expect(await dispatcher.runOnce()).toMatchObject({ feedbackRequests: 1 });
    expect(await requests()).toEqual([{ registration_id: came.id, status: 'sent' }]);
    const mail = transport.sent.find((m) => m.subject.startsWith('Xin ý kiến'));
    expect(mail?.to.address).toBeDefined();
    expect(mail?.text).toContain(`http://localhost:3000/manage/${came.token}/feedback`);
    expect(mail?.html).toContain(`href="http://localhost:3000/manage/${came.token}/feedback"`);
    // No ticket after the event: the QR admits nobody now.
    expect(mail?.inlineImages).toEqual([]);

    // Later rounds, and a second dispatcher, queue nothing more.
    t.clock.set('2026-12-16T05:00:00Z');
    const other = testDispatcher(t, capture(), { reminderEveryMs: 0 });
    const rounds = await Promise.all([dispatcher.runOnce(), other.runOnce()]);
    expect(rounds.map((r) => r.feedbackRequests)).toEqual([0, 0]);
    expect(await requests()).toHaveLength(1);
    expect((await requests()).map((r) => r.registration_id)).not.toContain(noShow.id);
  });

  it("shows an event's results to its organisers, escaped, and 403 to an organiser not on the event", async () => {
    const t = setup();
    const event = await t.make.publishedEvent();
    const other = await t.make.publishedEvent({ title: 'Lớp khác' });
    const marks: [number, number, number, string | null][] = [
      [5, 5, 4, '<script>alert(1)</script> Rất hay'],
      [3, 4, 4, null],
    ];
    for (const [content, trainer, usefulness, comment] of marks) {
      const who = await t.enrol(event.id);
      await t.attend(event.id, who.id, event.sessions.slice(0, 1));
      t.clock.set(DURING_FIRST);
      await t.call('POST', `/api/v1/manage/${who.token}/feedback`, { body: { content, trainer, usefulness, comment } });
      t.clock.set('2026-12-01T02:00:00Z');
    }
    const noShow = await t.enrol(event.id);
    await t.attend(event.id, noShow.id, []);
    const third = await t.enrol(event.id);
    await t.attend(event.id, third.id, event.sessions.slice(0, 1));

    await makeUser(db(), 'organiser', 'on.event@khuyencong.test', [event.id]);
    await makeUser(db(), 'organiser', 'elsewhere@khuyencong.test', [other.id]);
    const on = await t.login('on.event@khuyencong.test', PASSWORD);
    const off = await t.login('elsewhere@khuyencong.test', PASSWORD);

    const page = await t.call('GET', `/admin/events/${event.id}/feedback`, { cookie: on });
    expect(page.status).toBe(200);
    expect(page.text).toContain('Ý kiến học viên');
    expect(page.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt; Rất hay');
    expect(page.text).not.toContain('<script>alert(1)</script>');
    expect(page.text).toContain('66,7%'); // 2 answers of 3 who attended
    expect(page.text).toContain('<strong>4,0</strong>/5'); // content (5 + 3) / 2
    const api = await t.call('GET', `/api/v1/admin/events/${event.id}/feedback`, { cookie: on });
    expect(api.json.feedback).toMatchObject({
      answers: 2,
      attended: 3,
      questions: { content: { average: 4, distribution: [0, 0, 1, 0, 1] }, usefulness: { average: 4, distribution: [0, 0, 0, 2, 0] } },
    });
    expect((await t.call('GET', `/admin/events/${event.id}`, { cookie: on })).text).toContain(`href="/admin/events/${event.id}/feedback"`);

    expect((await t.call('GET', `/admin/events/${event.id}/feedback`, { cookie: off })).status).toBe(403);
    const refused = await t.call('GET', `/api/v1/admin/events/${event.id}/feedback`, { cookie: off });
    expect(refused.status).toBe(403);
    expect(refused.json.error.code).toBe('auth.forbidden');
    expect((await t.call('GET', '/api/v1/admin/events/not-an-id/feedback', { cookie: on })).status).toBe(404);
  });
});
