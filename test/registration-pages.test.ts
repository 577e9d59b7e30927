import { expect, it } from 'vitest';
import { buildTestApp, makeToken, ORIGIN, publishedEvent } from './support/app.js';
import { describeEachEngine } from './support/db.js';

const FORM = { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN };
const FAIR = { kind: 'fair', topic: 'fair_hosted', scope: 'district', title: 'Hội chợ An Lão' };
const QUESTIONS = [
  { label: 'Cơ sở đang sản xuất sản phẩm gì?', labelEn: 'What does your facility make?', type: 'text', required: true },
  { label: 'Buổi học phù hợp', type: 'choice', options: ['Sáng', 'Chiều'] },
  { label: 'Cần chỗ ở?', labelEn: 'Need lodging?', type: 'yes_no' },
  { label: 'Số lao động', type: 'number' },
];

let people = 0;
/** The fields a browser posts for a new, distinct person (unique phone and email each call). */
function personFields(overrides: Record<string, string> = {}): Record<string, string> {
  people++;
  const n = String(100_000 + people).slice(-6);
  return {
    'person.fullName': 'Nguyễn Thị Hoa',
    'person.phone': `0913${n}`,
    'person.email': `hoa.${n}@khuyencong.test`,
    'person.gender': 'female',
    'person.birthYear': '1988',
    'person.district': 'Thủy Nguyên',
    'consent.processing': 'yes',
    ...overrides,
  };
}

const fairFields = (overrides: Record<string, string> = {}) =>
  personFields({
    'facility.name': 'Cơ sở gốm Minh Đức',
    'facility.taxCode': '0100109106',
    'facility.district': 'Thủy Nguyên',
    'booth.type': 'corner',
    'booth.size': '3x6',
    'booth.count': '2',
    'booth.products': 'Gốm men lam, bình hoa',
    ...overrides,
  });

describeEachEngine('registration pages', ({ db }) => {
  async function setup(eventOverrides: Record<string, unknown> = {}) {
    const t = buildTestApp(db(), { now: '2026-12-01T02:00:00Z' });
    const token = await makeToken(db(), 'organiser');
    const eventId = await publishedEvent(t.call, token, eventOverrides);
    const send = async (method: string, path: string, headers: Record<string, string> = {}, body?: Record<string, string>) => {
      const res = await t.app.request(`${ORIGIN}${path}`, { method, headers, body: body && new URLSearchParams(body) });
      return { status: res.status, headers: res.headers, location: res.headers.get('location'), text: await res.text() };
    };
    const get = (path: string, headers: Record<string, string> = {}) => send('GET', path, headers);
    const post = (path: string, body: Record<string, string> = {}, headers: Record<string, string> = {}) =>
      send('POST', path, { ...FORM, ...headers }, body);
    const register = (body: Record<string, string>, headers: Record<string, string> = {}) =>
      post(`/events/${eventId}/register`, body, headers);
    /** Registers and returns the manage path the form redirected to. */
    const registered = async (body: Record<string, string>) => {
      const res = await register(body);
      expect(res.status, res.text).toBe(303);
      return res.location!;
    };
    const rows = () => db().selectFrom('registrations').selectAll().orderBy('seq').execute();
    return { ...t, token, eventId, get, post, register, registered, rows };
  }

  it('the form labels every field, leaves both consents unticked and asks the event’s questions', async () => {
    const { get, eventId } = await setup({ questions: QUESTIONS });
    const res = await get(`/events/${eventId}/register`);
    expect(res.status).toBe(200);
    const html = res.text;
    expect(html).toContain(`<form method="post" action="/events/${eventId}/register"`);
    expect(html).not.toMatch(/<script|style=/);
    const ids = [...html.matchAll(/<(?:input|select|textarea)[^>]*\sid="([^"]+)"/g)].map((m) => m[1]);
    expect(ids.length).toBeGreaterThan(10);
    for (const id of ids) expect(html, id).toContain(`for="${id}"`);
    expect(html).toMatch(/<label for="f-person-fullName">Họ và tên<\/label>/);
    expect(html).toContain('name="person.phone"');
    expect(html).toMatch(/<input[^>]*name="consent\.processing"/);
    for (const box of html.match(/<input type="checkbox"[^>]*>/g)!) expect(box).not.toContain('checked');
    expect(html).toContain('Tôi đồng ý để ban tổ chức sự kiện thu thập và xử lý');
    expect(html).toContain('2026-11-v1');
    expect(html).toContain('Cơ sở đang sản xuất sản phẩm gì?');
    expect(html).toMatch(/type="radio"[^>]*value="Sáng"/);
    expect(html).toMatch(/type="radio"[^>]*value="yes"[^>]*\/?>Có<\/label>/);
    expect(html).toMatch(/type="number"/);
    // Not a fair: no facility block of its own and no booth, but an optional facility after the person.
    expect(html).not.toContain('<legend>Cơ sở công nghiệp nông thôn</legend>');
    expect(html).not.toContain('name="booth.type"');
    expect(html).toContain('<legend>Cơ sở / đơn vị công tác (nếu có)</legend>');
    expect(html.indexOf('name="person.fullName"')).toBeLessThan(html.indexOf('name="facility.name"'));
    expect(html).not.toMatch(/name="facility\.name"[^>]*required/);
  });

  it('a valid post leads to the manage page with the status, the short code and the QR code', async () => {
    const { registered, get, rows } = await setup();
    const manage = await registered(personFields());
    expect(manage).toMatch(/^\/manage\/[A-Za-z0-9_-]{43}$/);
    const page = await get(manage);
    expect(page.status).toBe(200);
    const [row] = await rows();
    expect(row).toMatchObject({ status: 'confirmed', full_name: 'Nguyễn Thị Hoa', consent_version: '2026-11-v1', consent_news_at: null });
    expect(page.text).toContain('Đã xác nhận');
    expect(page.text).toContain(`${row!.short_code.slice(0, 4)} ${row!.short_code.slice(4)}`);
    expect(page.text).toContain(`<img class="qr" src="/api/v1/${manage.slice(1)}/ticket.svg" alt="Mã QR của vé"`);
    expect(page.text).toContain(`href="/api/v1/${manage.slice(1)}/ticket.png"`);
    expect(page.text).toContain(`${ORIGIN}${manage}`);
    expect(page.text).toContain('<meta name="robots" content="noindex"/>');
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect(page.headers.get('x-robots-tag')).toMatch(/noindex/);
    expect((await get(`/api/v1/${manage.slice(1)}/ticket.svg`)).text).toMatch(/^<svg/);
    expect((await get(`/manage/${'x'.repeat(43)}`)).status).toBe(404);
  });

  it('a trainee may name their facility: optional, in their own district unless they give another, and shown at the door', async () => {
    const { registered, register, rows } = await setup();
    await registered(personFields({ 'person.fullName': 'Không Cơ Sở' }));
    await registered(personFields({ 'person.fullName': 'Có Cơ Sở', 'facility.name': 'Cơ sở mây tre Chúc Sơn' }));
    await registered(
      personFields({ 'person.fullName': 'Cơ Sở Nơi Khác', 'facility.name': 'HTX gốm Phù Lãng', 'facility.district': 'Kiến An' }),
    );
    const facilities = await db().selectFrom('facilities').select(['name', 'district']).orderBy('name').execute();
    expect(facilities).toEqual([
      { name: 'Cơ sở mây tre Chúc Sơn', district: 'Thủy Nguyên' },
      { name: 'HTX gốm Phù Lãng', district: 'Kiến An' },
    ]);
    const linked = (await rows()).map((r) => [r.full_name, r.facility_id !== null]);
    expect(linked).toEqual(
      expect.arrayContaining([
        ['Không Cơ Sở', false],
        ['Có Cơ Sở', true],
        ['Cơ Sở Nơi Khác', true],
      ]),
    );
    // Named, with no district anywhere: the district field says it is needed, nothing is written.
    const noDistrict = await register(personFields({ 'person.district': '', 'facility.name': 'Cơ sở B' }));
    expect(noDistrict.status).toBe(422);
    expect(noDistrict.text).toContain('Vui lòng điền mục này');
    expect(noDistrict.text).not.toContain('Ngắn quá');
    expect(noDistrict.text).toMatch(/name="facility\.district"[^>]*aria-invalid="true"/);
    // A bad tax code is shown on its field, and nothing is written.
    const bad = await register(personFields({ 'facility.name': 'Cơ sở A', 'facility.taxCode': '123' }));
    expect(bad.status).toBe(422);
    expect(bad.text).toMatch(/name="facility\.taxCode"[^>]*aria-invalid="true"/);
    expect(await rows()).toHaveLength(3);
  });

  it('an invalid post comes back 422 with each message next to its field and every typed value kept, and writes nothing', async () => {
    const { register, rows } = await setup({ questions: QUESTIONS });
    const longName = `Nguyễn ${'Văn '.repeat(40)}An`;
    const typed = personFields({
      'person.fullName': longName,
      'person.phone': '12345',
      'person.commune': 'Xã "Lưu" Kiếm',
      'person.position': 'Chủ cơ sở',
      'consent.processing': '',
      'consent.news': 'yes',
    });
    const res = await register(typed);
    expect(res.status).toBe(422);
    const html = res.text;
    expect(html).toContain('<title>Lỗi:');
    expect(html).toMatch(
      /id="f-person-phone-error"><span class="visually-hidden">Lỗi: <\/span>Số điện thoại Việt Nam không hợp lệ<\/p><input[^>]*id="f-person-phone"/,
    );
    const phoneInput = html.match(/<input id="f-person-phone"[^>]*>/)![0];
    expect(phoneInput).toContain('aria-describedby="f-person-phone-hint f-person-phone-error"');
    expect(phoneInput).toContain('aria-invalid="true"');
    expect(html).toContain('id="f-person-fullName-error"><span class="visually-hidden">Lỗi: </span>Dài quá: tối đa 120 ký tự');
    expect(html).toContain('id="f-consent-processing-error"');
    expect(html).toContain('Cần đồng ý xử lý dữ liệu cá nhân để đăng ký');
    expect(html).toContain('<a href="#f-person-phone">Số điện thoại Việt Nam không hợp lệ</a>');
    expect(html).toContain('<a href="#f-person-fullName">Họ và tên: Dài quá: tối đa 120 ký tự</a>');
    for (const value of [longName, '12345', typed['person.email']!, '1988', 'Thủy Nguyên', 'Xã &quot;Lưu&quot; Kiếm', 'Chủ cơ sở']) {
      expect(html, value).toContain(`value="${value}"`);
    }
    expect(html).toContain('<option value="female" selected="">');
    expect(html).toMatch(/name="consent\.news" value="yes" checked=""/);
    expect(html).not.toMatch(/name="consent\.processing" value="yes" checked=""/);
    expect(await rows()).toHaveLength(0);
  });

  it('a rule of the event (a required question) is shown on the form like a schema rule, with answers kept', async () => {
    const { register, get, eventId, rows } = await setup({ questions: QUESTIONS, emailRequired: false });
    const form = await get(`/events/${eventId}/register`);
    expect(form.text).toMatch(/<label for="f-person-email">Email<span class="optional"> \(không bắt buộc\)/);
    const ids = [...form.text.matchAll(/name="answers\.([0-9a-f-]{36})"/g)].map((m) => m[1]!);
    const [text, choice, yesNo, number] = [...new Set(ids)];
    const res = await register(
      personFields({ 'person.email': '', [`answers.${choice}`]: 'Chiều', [`answers.${yesNo}`]: 'no', [`answers.${number}`]: '12' }),
    );
    expect(res.status).toBe(422);
    expect(res.text).toContain(`id="f-answers-${text}-error"><span class="visually-hidden">Lỗi: </span>Cần trả lời câu hỏi này</p>`);
    expect(res.text).toContain(`<a href="#f-answers-${text}">`);
    expect(res.text).toContain('value="Chiều" checked=""');
    expect(res.text).toMatch(new RegExp(`id="f-answers-${yesNo}-no"[^>]*value="no" checked=""`));
    expect(res.text).toContain('value="12"');
    expect(await rows()).toHaveLength(0);
    const ok = await register(
      personFields({ 'person.email': '', [`answers.${text}`]: 'Gốm', [`answers.${yesNo}`]: 'yes', [`answers.${number}`]: '12' }),
    );
    expect(ok.status).toBe(303);
    expect((await rows())[0]!.answers).toEqual({ [text!]: 'Gốm', [yesNo!]: true, [number!]: 12 });
  });

  it('a fair asks for the facility and a booth, keeps them on error, and its registration waits for approval', async () => {
    const { get, register, registered, eventId, rows } = await setup(FAIR);
    const form = await get(`/events/${eventId}/register`);
    expect(form.text).toContain('<legend>Cơ sở công nghiệp nông thôn</legend>');
    expect(form.text).toContain('<legend>Yêu cầu gian hàng</legend>');
    expect(form.text).toContain('<legend>Người liên hệ</legend>');
    expect(form.text).toMatch(/name="booth\.type" value="standard" checked=""/);

    const bad = await register(fairFields({ 'facility.taxCode': '0100109107' }));
    expect(bad.status).toBe(422);
    expect(bad.text).toMatch(/id="f-facility-taxCode-error">.*?Mã số thuế phải có 10 số/);
    expect(bad.text).toContain('value="0100109107"');
    expect(bad.text).toContain('value="Cơ sở gốm Minh Đức"');
    expect(bad.text).toMatch(/name="booth\.type" value="corner" checked=""/);
    expect(bad.text).toMatch(/name="booth\.size" value="3x6" checked=""/);
    expect(bad.text).toContain('<option value="2" selected="">');
    expect(bad.text).toContain('>Gốm men lam, bình hoa</textarea>');
    expect(await rows()).toHaveLength(0);

    const page = await get(await registered(fairFields()));
    expect(page.text).toContain('Chờ duyệt');
    expect(page.text).toContain('Cơ sở gốm Minh Đức');
    expect(page.text).toContain('Gian góc · 3 × 6 m · 2 gian');
    expect((await rows())[0]!.booth_request).toEqual({ type: 'corner', size: '3x6', count: 2, products: 'Gốm men lam, bình hoa' });
  });

  it('the same person again is told they are registered, offered the link again by email, never shown it or their place', async () => {
    const { register, registered, rows } = await setup({ capacity: 1 });
    await registered(personFields());
    const second = personFields({ 'person.phone': '0988 000 111' });
    await registered(second);
    const again = await register({ ...second, 'person.phone': '+84 988.000.111', 'person.email': 'khac@khuyencong.test' });
    expect(again.status).toBe(200);
    expect(again.text).toContain('Bạn đã đăng ký sự kiện này');
    expect(again.text).not.toContain('Trong danh sách chờ');
    expect(again.text).toContain('đã được gửi cho bạn khi đăng ký lần đầu');
    expect(again.text).toContain('Gửi lại đường liên kết cho tôi');
    expect(again.text).not.toMatch(/\/manage\//);
    expect(again.text).not.toContain((await rows())[1]!.short_code);
    expect(await rows()).toHaveLength(2);
  });

  it('cancelling through the manage page asks first, then frees the seat for the first person waiting', async () => {
    const { registered, get, post, rows } = await setup({ capacity: 1 });
    const first = await registered(personFields());
    const waiting = await registered(personFields());
    expect((await get(waiting)).text).toContain('Trong danh sách chờ (vị trí 1)');
    const confirm = await get(`${first}/cancel`);
    expect(confirm.text).toContain('Bạn chắc chắn muốn huỷ đăng ký?');
    expect(confirm.text).toContain(`<form method="post" action="${first}/cancel"`);
    expect((await rows())[0]!.status).toBe('confirmed');
    const done = await post(`${first}/cancel`);
    expect(done.status).toBe(303);
    expect(done.location).toBe(`${first}?done=cancelled`);
    const page = await get(done.location!);
    expect(page.text).toContain('Đã huỷ đăng ký.');
    expect(page.text).toMatch(/<strong>Đã huỷ<\/strong>/);
    expect(page.text).not.toContain('<img');
    expect((await get(`${first}/cancel`)).location).toBe(first);
    expect((await rows()).map((r) => r.status)).toEqual(['cancelled', 'confirmed']);
    expect((await get(waiting)).text).toContain('Đã xác nhận');
  });

  it('news consent can be withdrawn, and personal data erased after a confirmation step', async () => {
    const { registered, get, post, rows } = await setup();
    const manage = await registered(personFields({ 'person.fullName': 'Lê Văn Tám', 'consent.news': 'yes' }));
    expect((await get(manage)).text).toContain(`action="${manage}/withdraw-news-consent"`);
    const withdrawn = await post(`${manage}/withdraw-news-consent`);
    expect(withdrawn.location).toBe(`${manage}?done=news-withdrawn`);
    expect((await rows())[0]!.consent_news_at).toBeNull();
    expect((await get(withdrawn.location!)).text).toContain('Bạn sẽ không nhận tin về sự kiện khác nữa.');

    expect((await get(`${manage}/erase`)).text).toContain(`<form method="post" action="${manage}/erase"`);
    const erased = await post(`${manage}/erase`);
    expect(erased.location).toBe(`${manage}?done=erased`);
    const [row] = await rows();
    expect(row).toMatchObject({ status: 'cancelled', full_name: 'Đã xoá / Erased', phone: null, email: null });
    expect(row!.anonymised_at).not.toBeNull();
    const page = await get(erased.location!);
    expect(page.text).toContain('Dữ liệu cá nhân của đăng ký này đã được xoá.');
    expect(page.text).not.toContain('Lê Văn Tám');
    expect(page.text).not.toContain(`href="${manage}/erase"`);
  });

  it('a form posted from another site is refused with 403 and changes nothing', async () => {
    const { register, registered, post, rows } = await setup();
    const crossSite = { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' };
    expect((await register(personFields(), crossSite)).status).toBe(403);
    expect(await rows()).toHaveLength(0);
    const manage = await registered(personFields());
    expect((await post(`${manage}/cancel`, {}, crossSite)).status).toBe(403);
    expect((await post(`${manage}/erase`, {}, crossSite)).status).toBe(403);
    expect((await rows())[0]).toMatchObject({ status: 'confirmed', anonymised_at: null });
  });

  it('the pages switch to English', async () => {
    const { get, register, registered, eventId } = await setup({ questions: QUESTIONS });
    const form = await get(`/events/${eventId}/register?lang=en`);
    expect(form.text).toContain('<html lang="en">');
    expect(form.text).toContain('>Full name</label>');
    expect(form.text).toContain('Send registration');
    expect(form.text).toContain('I agree that the organisers of this event collect');
    expect(form.text).toContain('What does your facility make?');
    const english = { cookie: 'lang=en' };
    const bad = await register(personFields({ 'person.phone': '123' }), english);
    expect(bad.text).toMatch(/id="f-person-phone-error">.*?Not a valid Vietnamese phone number/);
    expect(bad.text).not.toContain('Số điện thoại Việt Nam không hợp lệ');
    const ids = [...new Set([...form.text.matchAll(/name="answers\.([0-9a-f-]{36})"/g)].map((m) => m[1]!))];
    const manage = await registered(personFields({ [`answers.${ids[0]}`]: 'Gốm' }));
    const page = await get(manage, english);
    expect(page.text).toContain('Your registration');
    expect(page.text).toContain('<strong>Confirmed</strong>');
  });

  it('text from registrants and organisers is escaped, never markup', async () => {
    const { get, register, registered, eventId } = await setup({ questions: [{ label: 'Câu <script>alert(1)</script>', type: 'text' }] });
    const form = await get(`/events/${eventId}/register`);
    expect(form.text).not.toContain('<script>');
    expect(form.text).toContain('Câu &lt;script&gt;alert(1)&lt;/script&gt;');
    const evil = '"><script>alert(2)</script>';
    const bad = await register(personFields({ 'person.fullName': evil, 'person.phone': 'x' }));
    expect(bad.text).not.toContain('<script>');
    expect(bad.text).toContain('value="&quot;&gt;&lt;script&gt;alert(2)&lt;/script&gt;"');
    const page = await get(await registered(personFields({ 'person.fullName': evil })));
    expect(page.text).not.toContain('<script>');
    expect(page.text).toContain('&lt;script&gt;alert(2)&lt;/script&gt;');
  });

  it('the event page offers the form while open, the waiting list when full, and a closed event says why', async () => {
    const { get, registered, eventId, call, token } = await setup({ capacity: 1 });
    expect((await get(`/events/${eventId}`)).text).toContain(`<a class="button primary" href="/events/${eventId}/register">Đăng ký</a>`);
    await registered(personFields());
    expect((await get(`/events/${eventId}`)).text).toContain(`href="/events/${eventId}/register">Vào danh sách chờ</a>`);
    expect((await get(`/events/${eventId}/register`)).text).toContain('Sự kiện đã đủ chỗ');
    expect((await get('/events/00000000-0000-4000-8000-000000000000/register')).status).toBe(404);
    await call('POST', `/api/v1/admin/events/${eventId}/cancel`, { token });
    const cancelled = await get(`/events/${eventId}/register`);
    expect(cancelled.status).toBe(409);
    expect(cancelled.text).toContain('Sự kiện đã bị huỷ');
    expect((await get(`/events/${eventId}`)).text).not.toContain('/register"');

    const late = buildTestApp(db(), { now: '2026-12-20T00:00:00Z' });
    const other = await publishedEvent(late.call, token);
    const closed = await late.app.request(`${ORIGIN}/events/${other}/register`, {
      method: 'POST',
      headers: FORM,
      body: new URLSearchParams(personFields()),
    });
    expect(closed.status).toBe(409);
    expect(await closed.text()).toContain('Sự kiện đã hết hạn đăng ký');
  });
});
