import { expect, it } from 'vitest';
import { seedProgrammes } from '../db/seed/programmes.js';
import { loadProgrammes } from '../src/programmes/programmes.usecases.js';
import { buildTestApp, makeToken, makeUser, PASSWORD, registrationPayload } from './support/app.js';
import { describeEachEngine } from './support/db.js';
import { factories } from './support/factories.js';
import { readXlsx } from './support/xlsx.js';

const sessionsOn = (days: string[]) => days.map((d) => ({ startsAt: `${d}T08:00:00+07:00`, endsAt: `${d}T11:30:00+07:00` }));
const EVIL = '=HYPERLINK("http://evil.example","Bấm vào đây")';

describeEachEngine('the programme dashboard, drill-downs and reports', ({ db }) => {
  /** Hai Phong's programme with one 2022 start-up class (three learners, two complete) and one 2024 conference. */
  async function programmeWithResults() {
    await loadProgrammes(db(), seedProgrammes);
    const programme = await db().selectFrom('programmes').select('id').executeTakeFirstOrThrow();
    const t = buildTestApp(db(), { now: '2021-06-01T00:00:00Z' });
    const organiser = await makeToken(db(), 'organiser');
    // The results are made through the use cases: these tests are about what the dashboard reads back.
    const make = factories(t);
    const event = async (overrides: Record<string, unknown>) => {
      const { id, sessions } = await make.publishedEvent({ programmeId: programme.id, capacity: 100, emailRequired: false, ...overrides });
      const attend = async (person: Record<string, unknown>, count: number) => {
        const registrationId = await make.registration(
          id,
          person.fullName ? { person: { ...registrationPayload().person, ...person } } : {},
        );
        const before = t.clock.now().toISOString();
        for (const s of sessions.slice(0, count)) {
          t.clock.set(s.startsAt); // marked during the session (nobody is present before it opens)
          await make.mark(id, registrationId, s.id);
        }
        t.clock.set(before);
      };
      return { id, attend };
    };
    const course = await event({
      topic: 'startup',
      title: 'Lớp khởi sự kinh doanh Kiến Thụy',
      sessions: sessionsOn(['2022-03-07', '2022-03-08', '2022-03-09', '2022-03-10', '2022-03-11']),
    });
    await course.attend({ fullName: 'Nguyễn Thị Hoa', district: 'Kiến Thụy', gender: 'female' }, 5);
    await course.attend({ fullName: EVIL, district: 'Thủy Nguyên', gender: 'male' }, 4);
    await course.attend({ fullName: 'Trần Văn Vắng', district: 'Thủy Nguyên', gender: 'male' }, 2);
    const conference = await event({
      kind: 'conference',
      topic: 'technology',
      title: 'Hội nghị giới thiệu máy móc 2024',
      sessions: sessionsOn(['2024-09-10']),
    });
    for (let i = 0; i < 20; i++) await conference.attend({}, 1);
    t.clock.set('2026-12-01T00:00:00Z');
    await makeUser(db(), 'admin');
    const cookie = await t.login('admin@khuyencong.test', PASSWORD);
    return { ...t, programme, organiser, cookie, courseId: course.id };
  }

  it('shows every target with its bar, pace and yearly chart in Vietnamese, each number a link', async () => {
    const { call, programme, cookie } = await programmeWithResults();
    const res = await call('GET', `/admin/programmes/${programme.id}`, { cookie });
    expect(res.status).toBe(200);
    const html = res.text;
    expect(html).toContain('<html lang="vi">');
    expect(html).toContain('Chương trình khuyến công thành phố Hải Phòng giai đoạn 2021–2025');
    expect(html).toContain('01/01/2021 – 31/12/2025');
    expect(html.match(/<li class="target">/g)).toHaveLength(13);
    expect(html.match(/<svg class="bar"/g)).toHaveLength(13);
    expect(html.match(/<svg class="year-chart"/g)).toHaveLength(13);
    expect(html).toContain('Đạt 2/720 (0,3%); thời gian đã qua 100%');
    expect(html).toContain('Chậm tiến độ');
    expect(html).toContain(`href="/admin/programmes/${programme.id}/targets/learners-startup-management-cp?year=2022">2</a>`);
    expect(html).toContain(`href="/admin/programmes/${programme.id}/targets/technology-conferences?year=2024">1</a>`);
    expect(html).toContain('Kết quả theo năm — Đào tạo khởi sự kinh doanh');
    expect(html).toMatch(/<text class="year"[^>]*>2025<\/text>/);
    // The breakdown of completed learners, each number leading to the people.
    expect(html).toContain('Kiến Thụy');
    expect(html).toContain(`href="/admin/programmes/${programme.id}/learners?district=Ki%E1%BA%BFn+Th%E1%BB%A5y&amp;gender=female">1</a>`);
    expect(html).toContain(`/api/v1/programmes/${programme.id}/report.xlsx?lang=vi`);
    // The CSP forbids inline styles and scripts: the page has neither.
    expect(html).not.toMatch(/style="/);
    expect(html).not.toContain('<script');
    const admin = await call('GET', '/admin', { cookie });
    expect(admin.text).toContain(`href="/admin/programmes/${programme.id}"`);
    // The staff area leads to the door scanner and to the emails sent and failed.
    expect(admin.text).toContain('href="/scan"');
    expect(admin.text).toContain('href="/admin/mail"');
  });

  it('speaks English with ?lang=en', async () => {
    const { call, programme, cookie } = await programmeWithResults();
    const html = (await call('GET', `/admin/programmes/${programme.id}?lang=en`, { cookie })).text;
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('Hai Phong City Industrial Extension Programme 2021–2025');
    expect(html).toContain('Learners trained in start-up, business management and cleaner-production awareness');
    expect(html).toContain('Behind schedule');
    expect(html).toContain('2 of 720 achieved (0.3%); 100% of the time elapsed');
  });

  it('a number leads to its events and the people who completed, by year, district and gender', async () => {
    const { call, programme, cookie } = await programmeWithResults();
    const base = `/admin/programmes/${programme.id}/targets/learners-startup-management-cp`;
    const y2022 = await call('GET', `${base}?year=2022`, { cookie });
    expect(y2022.status).toBe(200);
    expect(y2022.text).toContain('Lớp khởi sự kinh doanh Kiến Thụy');
    expect(y2022.text).toContain('Nguyễn Thị Hoa');
    expect(y2022.text).toContain('=HYPERLINK(&quot;http://evil.example&quot;');
    expect(y2022.text).not.toContain('Trần Văn Vắng');
    expect(y2022.text).toContain('5/5');
    expect(y2022.text).toContain('4/5');
    const y2023 = await call('GET', `${base}?year=2023`, { cookie });
    expect(y2023.text).toContain('Chưa có sự kiện nào.');
    expect(y2023.text).not.toContain('Nguyễn Thị Hoa');
    const women = await call('GET', `${base}?gender=female`, { cookie });
    expect(women.text).toContain('Nguyễn Thị Hoa');
    expect(women.text).not.toContain('evil.example');
    const thuyNguyen = await call('GET', `/admin/programmes/${programme.id}/learners?district=${encodeURIComponent('Thủy Nguyên')}`, {
      cookie,
    });
    expect(thuyNguyen.text).toContain('evil.example');
    expect(thuyNguyen.text).not.toContain('Nguyễn Thị Hoa');
    const conferences = await call('GET', `/admin/programmes/${programme.id}/targets/technology-conferences`, { cookie });
    expect(conferences.text).toContain('Hội nghị giới thiệu máy móc 2024');
    expect(conferences.text).toMatch(/<td class="num">20<\/td>/);
    expect(conferences.text).toContain('ít nhất 20 người có mặt');
    expect((await call('GET', `/admin/programmes/${programme.id}/targets/no-such-target`, { cookie })).status).toBe(404);
    expect((await call('GET', `${base}?year=twenty`, { cookie })).status).toBe(422);
  });

  it('is for organisers: signed out goes to sign-in, a scanner gets 403, the reports API 401/403', async () => {
    const { call, programme, organiser, courseId } = await programmeWithResults();
    const scanner = await makeToken(db(), 'scanner', [courseId]);
    const page = `/admin/programmes/${programme.id}`;
    const anonymous = await call('GET', page);
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('location')).toBe(`/login?next=${encodeURIComponent(page)}`);
    const refused = await call('GET', page, { token: scanner, headers: { accept: 'text/html' } });
    expect(refused.status).toBe(403);
    expect(refused.text).toContain('Tài khoản không có quyền làm việc này');
    expect((await call('GET', page, { token: organiser })).status).toBe(200);
    expect((await call('GET', `/api/v1/programmes/${programme.id}/report.csv`)).status).toBe(401);
    expect((await call('GET', `/api/v1/programmes/${programme.id}/report.xlsx`, { token: scanner })).status).toBe(403);
  });

  it('the CSV report has the summary then each target’s events and people, formulas neutralised', async () => {
    const { call, programme, organiser } = await programmeWithResults();
    const res = await call('GET', `/api/v1/programmes/${programme.id}/report.csv`, { token: organiser });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="bao-cao-hai-phong-2021-2025.csv"');
    const lines = res.text.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toBe('Chương trình khuyến công thành phố Hải Phòng giai đoạn 2021–2025');
    expect(lines).toContain('Mã,Chỉ tiêu,Đơn vị,Mục tiêu,Đã đạt,Số người (không tính trùng),Tỷ lệ (%),2021,2022,2023,2024,2025,Tiến độ');
    expect(lines).toContain(
      'learners-startup-management-cp,"Đào tạo khởi sự kinh doanh, quản trị doanh nghiệp, nhận thức và năng lực áp dụng sản xuất sạch hơn",học viên,720,2,2,0.3,0,2,0,0,0,Chậm tiến độ',
    );
    expect(lines.some((l) => l.startsWith('technology-conferences,') && l.includes(',10,1,,10,0,0,0,1,0,'))).toBe(true);
    expect(lines).toContain('Lớp khởi sự kinh doanh Kiến Thụy,"Lớp đào tạo, tập huấn",2022,2022-03-11,3,2,0,Có');
    expect(res.text).toContain(
      `"'=HYPERLINK(""http://evil.example"",""Bấm vào đây"")",Thủy Nguyên,Nam,Lớp khởi sự kinh doanh Kiến Thụy,2022,4,5`,
    );
    expect(res.text).not.toMatch(/(^|\r\n|,)=HYPERLINK/);
  });

  it('the XLSX report has a summary sheet and one Vietnamese-named sheet per target, values not formulas', async () => {
    const { app, programme, organiser } = await programmeWithResults();
    const res = await app.request(`http://localhost:3000/api/v1/programmes/${programme.id}/report.xlsx`, {
      headers: { authorization: `Bearer ${organiser}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const book = readXlsx(Buffer.from(await res.arrayBuffer()));
    // The summary, one sheet per target, and the survey's averages per training target.
    expect(book.sheets).toHaveLength(15);
    expect(book.sheets[0]!.name).toBe('Tổng hợp');
    expect(book.sheets[14]!.name).toBe('14. Ý kiến học viên');
    for (const sheet of book.sheets) {
      expect(sheet.name.length).toBeLessThanOrEqual(31);
      expect(sheet.name).not.toMatch(/[[\]:*?/\\]/);
      expect(sheet.xml).not.toContain('<f>');
    }
    expect(book.sheets[1]!.name).toBe('1. Đào tạo khởi sự kinh doanh…');
    const summary = book.sheets[0]!.rows;
    expect(summary.find((r) => r[0] === 'learners-startup-management-cp')).toEqual([
      'learners-startup-management-cp',
      'Đào tạo khởi sự kinh doanh, quản trị doanh nghiệp, nhận thức và năng lực áp dụng sản xuất sạch hơn',
      'học viên',
      720,
      2,
      2,
      0.3,
      0,
      2,
      0,
      0,
      0,
      'Chậm tiến độ',
    ]);
    const learners = book.sheets[1]!.rows;
    expect(learners).toContainEqual(['Lớp khởi sự kinh doanh Kiến Thụy', 'Lớp đào tạo, tập huấn', 2022, '2022-03-11', 3, 2, 0, 'Có']);
    expect(learners).toContainEqual([EVIL, 'Thủy Nguyên', 'Nam', 'Lớp khởi sự kinh doanh Kiến Thụy', 2022, 4, 5]);
    expect(book.sheets[2]!.rows).toContainEqual([
      'Hội nghị giới thiệu máy móc 2024',
      'Hội nghị, hội thảo công nghệ',
      2024,
      '2024-09-10',
      20,
      20,
      0,
      'Có',
    ]);
  });
});
