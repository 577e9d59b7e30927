import { expect, it } from 'vitest';
import type { MailMessage, MailTransport } from '../src/mail/transport.js';
import { buildTestApp, makeToken, makeUser, PASSWORD, publishedEvent, registrationPayload } from './support/app.js';
import { describeEachEngine } from './support/db.js';
import { formFields, formPost } from './support/forms.js';
import { parseInvite, testDispatcher } from './support/mail.js';

/** A transport that keeps what it is given, for reading invites without a mail server. */
function keptMail() {
  const sent: MailMessage[] = [];
  const transport: MailTransport = { name: 'smtp', send: async (m) => void sent.push(m), close: async () => {} };
  return { sent, transport };
}

const NEW_CLASS = {
  kind: 'training_class',
  title: 'Lớp kỹ năng bán hàng trực tuyến',
  titleEn: 'Online sales skills class',
  description: 'Dành cho cơ sở công nghiệp nông thôn.',
  topic: 'business_management',
  programmeId: '',
  'venue.name': 'Trung tâm Khuyến công',
  'venue.address': '16 Lý Tự Trọng',
  'venue.district': 'Hồng Bàng',
  capacity: '25',
  'sessions.0.startsAt': '2026-12-14T08:00',
  'sessions.0.endsAt': '2026-12-14T11:30',
  'sessions.0.title': 'Khai giảng',
  'sessions.1.startsAt': '2026-12-15T08:00',
  'sessions.1.endsAt': '2026-12-15T11:30',
  'sessions.2.startsAt': '',
  'sessions.2.endsAt': '',
  registrationOpensAt: '',
  registrationClosesAt: '2026-12-12T17:00',
  emailRequired: 'yes',
  completionShare: '75',
  'questions.0.label': 'Anh/chị bán hàng qua kênh nào?',
  'questions.0.labelEn': 'Where do you sell?',
  'questions.0.type': 'choice',
  'questions.0.options': 'Chợ\nSàn thương mại điện tử\nMạng xã hội',
  'questions.0.required': 'yes',
};

describeEachEngine('the event editor pages', ({ db }) => {
  async function setup() {
    const t = buildTestApp(db(), { now: '2026-12-01T02:00:00Z' });
    await makeUser(db(), 'organiser', 'to.chuc@khuyencong.test');
    const organiser = await t.login('to.chuc@khuyencong.test', PASSWORD);
    const token = await makeToken(db(), 'organiser');
    const post = (path: string, fields: Record<string, string>, cookie = organiser) =>
      t.call('POST', path, { cookie, ...formPost(fields) });
    const get = (path: string, cookie = organiser) => t.call('GET', path, { cookie });
    const register = async (eventId: string, overrides: Record<string, unknown> = {}) => {
      const res = await t.call('POST', `/api/v1/events/${eventId}/registrations`, { body: registrationPayload(overrides) });
      expect(res.status, res.text).toBe(201);
      return res.json.registration as { id: string; status: string };
    };
    /** Everything an edit could touch, to show a refused one touched nothing. */
    const snapshot = async () => ({
      events: await db().selectFrom('events').selectAll().orderBy('id').execute(),
      sessions: await db().selectFrom('event_sessions').selectAll().orderBy('id').execute(),
      questions: await db().selectFrom('event_questions').selectAll().orderBy('id').execute(),
      outbox: await db().selectFrom('mail_outbox').select(['id', 'kind']).orderBy('id').execute(),
      audit: await db().selectFrom('audit_log').select(['id', 'action']).orderBy('id').execute(),
    });
    return { ...t, organiser, token, post, get, register, snapshot };
  }

  it('an organiser creates a two-session class with one question from the form: a draft with those values', async () => {
    const { post, get } = await setup();
    const form = await get('/admin/events/new');
    expect(form.status).toBe(200);
    expect(form.text).toContain('Tạo sự kiện mới');
    expect(form.text).toContain('name="sessions.1.startsAt"');

    const res = await post('/admin/events/new', NEW_CLASS);
    expect(res.status, res.text).toBe(303);
    const id = res.headers.get('location')!.match(/^\/admin\/events\/([0-9a-f-]{36})\?done=created$/)![1]!;
    const event = await db().selectFrom('events').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(event).toMatchObject({
      status: 'draft',
      kind: 'training_class',
      title: 'Lớp kỹ năng bán hàng trực tuyến',
      title_en: 'Online sales skills class',
      topic: 'business_management',
      capacity: 25,
      email_required: true,
      requires_approval: false,
    });
    expect(Number(event.completion_share)).toBe(0.75);
    expect(event.registration_closes_at!.toISOString()).toBe('2026-12-12T10:00:00.000Z');
    const sessions = await db().selectFrom('event_sessions').selectAll().where('event_id', '=', id).orderBy('starts_at').execute();
    expect(sessions.map((s) => [s.title, s.starts_at.toISOString(), s.ends_at.toISOString()])).toEqual([
      ['Khai giảng', '2026-12-14T01:00:00.000Z', '2026-12-14T04:30:00.000Z'],
      [null, '2026-12-15T01:00:00.000Z', '2026-12-15T04:30:00.000Z'],
    ]);
    const questions = await db().selectFrom('event_questions').selectAll().where('event_id', '=', id).execute();
    expect(questions).toMatchObject([
      {
        label: 'Anh/chị bán hàng qua kênh nào?',
        label_en: 'Where do you sell?',
        type: 'choice',
        required: true,
        options: ['Chợ', 'Sàn thương mại điện tử', 'Mạng xã hội'],
      },
    ]);
    const audit = await db().selectFrom('audit_log').select(['action', 'entity_id']).where('action', '=', 'event.create').execute();
    expect(audit).toEqual([{ action: 'event.create', entity_id: id }]);

    // Its home links the editor and the preview; the admin list links the draft.
    const home = await get(`/admin/events/${id}?done=created`);
    expect(home.text).toContain('Đã tạo bản nháp.');
    expect(home.text).toContain(`href="/admin/events/${id}/edit"`);
    expect(home.text).toContain(`href="/admin/events/${id}/preview"`);
    expect((await get('/admin')).text).toContain(`href="/admin/events/${id}"`);
    const preview = await get(`/admin/events/${id}/preview`);
    expect(preview.status).toBe(200);
    expect(preview.text).toContain('Bản xem trước / Preview');
    expect(preview.text).toContain('<meta name="robots" content="noindex"/>');
    expect(preview.text).toContain('Khai giảng');
    // Still a draft: the public does not see it.
    expect((await get(`/events/${id}`)).status).toBe(404);

    const published = await post(`/admin/events/${id}/publish`, {});
    expect(published.status).toBe(303);
    expect((await db().selectFrom('events').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status).toBe('published');
  });

  it('"add rows" shows the form again with its values and more empty rows, saving nothing', async () => {
    const { post, snapshot } = await setup();
    const before = await snapshot();
    const res = await post('/admin/events/new', { ...NEW_CLASS, more: 'rows' });
    expect(res.status).toBe(200);
    expect(res.text).toContain('name="sessions.4.startsAt"');
    expect(res.text).toContain('value="Lớp kỹ năng bán hàng trực tuyến"');
    expect(await snapshot()).toEqual(before);
  });

  it('moving a session from the editor queues the registrant an invite with the same UID and a higher SEQUENCE', async () => {
    const { get, post, token, call, register, deps, clock } = await setup();
    const eventId = await publishedEvent(call, token);
    const reg = await register(eventId);
    const mail = keptMail();
    const dispatcher = testDispatcher({ deps, clock }, mail.transport);
    await dispatcher.runOnce();
    const first = parseInvite(mail.sent[0]!.calendar!.content);
    expect(first.events[0]).toMatchObject({ uid: `${reg.id}@localhost`, sequence: 0 });

    const form = formFields((await get(`/admin/events/${eventId}/edit`)).text, `/admin/events/${eventId}/edit`);
    expect(form['sessions.0.startsAt']).toBe('2026-12-14T08:00');
    const res = await post(`/admin/events/${eventId}/edit`, {
      ...form,
      'sessions.0.startsAt': '2026-12-14T13:30',
      'sessions.0.endsAt': '2026-12-14T17:00',
    });
    expect(res.status, res.text).toBe(303);
    expect(res.headers.get('location')).toBe(`/admin/events/${eventId}?done=saved`);

    await dispatcher.runOnce();
    const update = mail.sent[1]!;
    expect(update.to.address).toBe(registrationPayload().person.email.replace(/\d+/, (n) => String(Number(n) - 1)));
    const invite = parseInvite(update.calendar!.content);
    expect(invite.events.map((e) => e.uid)).toEqual([`${reg.id}@localhost`, `${reg.id}@localhost`]);
    expect(invite.events.every((e) => e.sequence > first.events[0]!.sequence)).toBe(true);
    expect(invite.events[0]!.start.toISOString()).toBe('2026-12-14T06:30:00.000Z');
    const audit = await db().selectFrom('audit_log').select('data').where('action', '=', 'event.update').executeTakeFirstOrThrow();
    expect(audit.data).toMatchObject({
      placeOrTimeChanged: true,
      changes: { sessions: { after: ['2026-12-14 13:30–17:00', '2026-12-15 08:00–11:30'] } },
    });
  });

  it('an answered question keeps its type and chosen options, on the form and through the API; it is retired, not deleted', async () => {
    const { get, post, token, call, register, snapshot } = await setup();
    const eventId = await publishedEvent(call, token, {
      questions: [
        { label: 'Kênh bán hàng', type: 'choice', options: ['Chợ', 'Mạng xã hội'] },
        { label: 'Số lao động', type: 'number' },
      ],
    });
    const [channel, workers] = await db()
      .selectFrom('event_questions')
      .select('id')
      .where('event_id', '=', eventId)
      .orderBy('position')
      .execute();
    await register(eventId, { answers: { [channel!.id]: 'Chợ' } });
    const editPath = `/admin/events/${eventId}/edit`;
    const form = formFields((await get(editPath)).text, editPath);
    expect(form['questions.0.id']).toBe(channel!.id);
    const before = await snapshot();

    // On the form: another type, or dropping the chosen option, is refused beside the field.
    const retyped = await post(editPath, { ...form, 'questions.0.type': 'text', 'questions.0.options': '' });
    expect(retyped.status).toBe(422);
    expect(retyped.text).toContain('Đã có người trả lời nên không đổi được loại câu hỏi');
    expect(retyped.text).toMatch(/id="f-questions-0-type-error"/);
    const dropped = await post(editPath, { ...form, 'questions.0.options': 'Mạng xã hội\nSàn thương mại điện tử' });
    expect(dropped.status).toBe(422);
    expect(dropped.text).toContain('Không bỏ được phương án đã có người chọn: Chợ');
    expect(dropped.text).toContain('Sàn thương mại điện tử</textarea>');
    expect(await snapshot()).toEqual(before);

    // Through the API the same.
    const api = (questions: unknown[]) => call('PATCH', `/api/v1/admin/events/${eventId}`, { token, body: { questions } });
    const apiRetyped = await api([{ id: channel!.id, label: 'Kênh bán hàng', type: 'text' }]);
    expect(apiRetyped.status).toBe(422);
    expect(apiRetyped.json.error.details.fields).toContainEqual(
      expect.objectContaining({ field: 'questions.0.type', code: 'answered_question' }),
    );
    const apiDropped = await api([{ id: channel!.id, label: 'Kênh bán hàng', type: 'choice', options: ['Mạng xã hội', 'Khác'] }]);
    expect(apiDropped.status).toBe(422);
    expect(apiDropped.json.error.details.fields[0]).toMatchObject({ field: 'questions.0.options', code: 'answered_option' });
    expect(await snapshot()).toEqual(before);

    // What may change does: wording, a new option; left out, the answered one is retired and the unanswered one deleted.
    const relabelled = await api([
      { id: channel!.id, label: 'Kênh bán hàng chính', type: 'choice', options: ['Chợ', 'Mạng xã hội', 'Khác'] },
    ]);
    expect(relabelled.status, relabelled.text).toBe(200);
    expect(relabelled.json.event.questions).toEqual([
      expect.objectContaining({ label: 'Kênh bán hàng chính', options: ['Chợ', 'Mạng xã hội', 'Khác'] }),
    ]);
    const stored = await db().selectFrom('event_questions').select(['id', 'retired_at']).where('event_id', '=', eventId).execute();
    expect(stored.map((q) => q.id)).toEqual([channel!.id]);
    expect(stored.find((q) => q.id === workers!.id)).toBeUndefined();
    expect((await api([])).status).toBe(200);
    const retired = await db()
      .selectFrom('event_questions')
      .select(['label', 'retired_at'])
      .where('id', '=', channel!.id)
      .executeTakeFirstOrThrow();
    expect(retired.retired_at).not.toBeNull();
    // Off the public form, and an answer to it is no longer taken; the answers given stay.
    expect((await call('GET', `/api/v1/events/${eventId}`)).json.event.questions).toEqual([]);
    const late = await call('POST', `/api/v1/events/${eventId}/registrations`, {
      body: registrationPayload({ answers: { [channel!.id]: 'Chợ' } }),
    });
    expect(late.status).toBe(422);
    expect(await db().selectFrom('registrations').select('answers').where('event_id', '=', eventId).execute()).toContainEqual({
      answers: { [channel!.id]: 'Chợ' },
    });
    // The editor shows it retired, with its answers noted, and can bring it back.
    const again = formFields((await get(editPath)).text, editPath);
    expect(again['questions.0.retired']).toBe('yes');
    const back = await post(editPath, { ...again, 'questions.0.retired': '' });
    expect(back.status, back.text).toBe(303);
    expect((await call('GET', `/api/v1/events/${eventId}`)).json.event.questions).toHaveLength(1);
  });

  it('duplicating an event makes a draft whose sessions and registration window move to the chosen day, questions copied', async () => {
    const { get, post, token, call } = await setup();
    const eventId = await publishedEvent(call, token, {
      registrationClosesAt: '2026-12-12T17:00:00+07:00',
      questions: [{ label: 'Số lao động', type: 'number', required: true }],
    });
    expect((await get(`/admin/events/${eventId}/duplicate`)).text).toContain('name="firstDay"');
    const res = await post(`/admin/events/${eventId}/duplicate`, { firstDay: '2027-03-08' });
    expect(res.status, res.text).toBe(303);
    const id = res.headers.get('location')!.match(/^\/admin\/events\/([0-9a-f-]{36})\?done=duplicated$/)![1]!;
    expect(id).not.toBe(eventId);
    const copy = (await call('GET', `/api/v1/admin/events/${id}`, { token })).json.event;
    expect(copy).toMatchObject({
      status: 'draft',
      title: 'Lớp quản trị doanh nghiệp nông thôn',
      capacity: 30,
      registrationClosesAt: '2027-03-06T17:00:00+07:00',
      questions: [expect.objectContaining({ label: 'Số lao động', type: 'number', required: true })],
    });
    expect(copy.sessions.map((s: { startsAt: string; endsAt: string }) => [s.startsAt, s.endsAt])).toEqual([
      ['2027-03-08T08:00:00+07:00', '2027-03-08T11:30:00+07:00'],
      ['2027-03-09T08:00:00+07:00', '2027-03-09T11:30:00+07:00'],
    ]);
    const audit = await db()
      .selectFrom('audit_log')
      .select(['entity_id', 'data'])
      .where('action', '=', 'event.duplicate')
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ entity_id: id, data: { from: eventId, days: 84 } });
  });

  it('the cancel page says who will be told, with and without email, and cancelling queues their emails', async () => {
    const { get, post, token, call, register } = await setup();
    const eventId = await publishedEvent(call, token, { capacity: 2, emailRequired: false });
    await register(eventId);
    await register(eventId, {
      person: { fullName: 'Trần Văn Nam', phone: '0912000111', gender: 'male', birthYear: 1980, district: 'Kiến An' },
    });
    await register(eventId);
    const page = await get(`/admin/events/${eventId}/cancel`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Ai sẽ được báo');
    expect(page.text).toContain('<dd data-count="confirmed">2</dd>');
    expect(page.text).toContain('<dd data-count="waitlisted">1</dd>');
    expect(page.text).toContain('<dd data-count="pending">0</dd>');
    expect(page.text).toContain('<dd data-count="with-email">2</dd>');
    expect(page.text).toContain('<dd data-count="without-email">1</dd>');
    expect((await db().selectFrom('events').select('status').where('id', '=', eventId).executeTakeFirstOrThrow()).status).toBe('published');

    const res = await post(`/admin/events/${eventId}/cancel`, {});
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/admin/events/${eventId}?done=cancelled`);
    expect((await db().selectFrom('events').select('status').where('id', '=', eventId).executeTakeFirstOrThrow()).status).toBe('cancelled');
    const queued = await db().selectFrom('mail_outbox').select('kind').where('kind', '=', 'event_cancelled').execute();
    expect(queued).toHaveLength(2);
    const home = await get(`/admin/events/${eventId}?done=cancelled`);
    expect(home.text).toContain('Đã huỷ sự kiện.');
    expect(home.text).not.toContain(`href="/admin/events/${eventId}/edit"`);
  });

  it('door staff and an organiser limited to other events get 403 on every page and post, and nothing changes', async () => {
    const { call, token, login, snapshot } = await setup();
    const eventId = await publishedEvent(call, token);
    const other = await publishedEvent(call, token, { title: 'Hội thảo khác' });
    await makeUser(db(), 'scanner', 'cua@khuyencong.test', [eventId]);
    await makeUser(db(), 'organiser', 'khac@khuyencong.test', [other]);
    const door = await login('cua@khuyencong.test', PASSWORD);
    const elsewhere = await login('khac@khuyencong.test', PASSWORD);
    const scannerToken = await makeToken(db(), 'scanner', [eventId]);
    const before = await snapshot();
    const base = `/admin/events/${eventId}`;
    const pages = ['/admin/events/new', base, `${base}/edit`, `${base}/preview`, `${base}/cancel`, `${base}/duplicate`];
    const posts = ['/admin/events/new', `${base}/edit`, `${base}/publish`, `${base}/cancel`, `${base}/duplicate`];
    for (const cookie of [door, elsewhere]) {
      for (const path of pages) expect((await call('GET', path, { cookie })).status, path).toBe(403);
      for (const path of posts) {
        const res = await call('POST', path, { cookie, ...formPost({ ...NEW_CLASS, firstDay: '2027-01-04' }) });
        expect(res.status, path).toBe(403);
      }
    }
    expect((await call('GET', `${base}/edit`, { token: scannerToken })).status).toBe(403);
    expect(await snapshot()).toEqual(before);
  });

  it('bad input re-shows each form with its messages beside the fields, Vietnamese first, and changes nothing', async () => {
    const { post, token, call, snapshot } = await setup();
    const eventId = await publishedEvent(call, token);
    const before = await snapshot();

    const created = await post('/admin/events/new', {
      ...NEW_CLASS,
      title: '',
      capacity: 'ba mươi',
      'sessions.1.endsAt': '2026-12-15T07:00',
      'questions.0.options': '',
      completionShare: '150',
    });
    expect(created.status).toBe(422);
    expect(created.text).toContain('Vui lòng sửa các mục sau');
    expect(created.text).toMatch(/id="f-title-error"/);
    expect(created.text).toMatch(/id="f-capacity-error"[^>]*>.*Cần nhập một số \/ Must be a number/);
    expect(created.text).toMatch(/id="f-sessions-1-endsAt-error"[^>]*>.*Giờ kết thúc phải sau giờ bắt đầu/);
    expect(created.text).toMatch(/id="f-questions-0-options-error"[^>]*>.*Cần ít nhất hai phương án \/ At least two options/);
    expect(created.text).toContain('Nhập phần trăm từ 1 đến 100 / Enter a percentage from 1 to 100');
    // The values come back as typed.
    expect(created.text).toContain('value="ba mươi"');
    expect(created.text).toContain('value="2026-12-15T07:00"');

    const edited = await post(`/admin/events/${eventId}/edit`, {
      title: 'Lớp quản trị doanh nghiệp nông thôn',
      capacity: '30',
      topic: 'business_management',
      'sessions.0.startsAt': '2026-12-14T08:00',
      'sessions.0.endsAt': '2026-12-14T11:30',
      registrationOpensAt: '2026-12-10T08:00',
      registrationClosesAt: '2026-12-09T08:00',
    });
    expect(edited.status).toBe(422);
    expect(edited.text).toMatch(/id="f-registrationClosesAt-error"[^>]*>.*Hạn đóng đăng ký phải sau giờ mở/);

    const noSessions = await post(`/admin/events/${eventId}/edit`, { title: 'Lớp quản trị', capacity: '30', topic: 'business_management' });
    expect(noSessions.status).toBe(422);
    expect(noSessions.text).toContain('href="#f-sessions"');

    const duplicated = await post(`/admin/events/${eventId}/duplicate`, { firstDay: '14/12/2026' });
    expect(duplicated.status).toBe(422);
    expect(duplicated.text).toContain('Chọn một ngày hợp lệ / Pick a valid day');
    expect(duplicated.text).toContain('value="14/12/2026"');

    // A rule only the whole form shows (a class needs its topic) is said beside its field too.
    const noTopic = await post('/admin/events/new', { ...NEW_CLASS, topic: '' });
    expect(noTopic.status).toBe(422);
    expect(noTopic.text).toMatch(/id="f-topic-error"[^>]*>.*Lớp đào tạo cần chủ đề \/ A training class needs a topic/);

    expect(await snapshot()).toEqual(before);
  });
});
