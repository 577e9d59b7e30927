import { expect, it } from 'vitest';
import { buildTestApp, makeToken, publishedEvent, registrationPayload } from './support/app.js';
import { describeEachEngine } from './support/db.js';
import { readXlsx } from './support/xlsx.js';

const QUESTIONS = [
  { label: 'Cơ sở sản xuất gì?', labelEn: 'What do you make?', type: 'text', required: true },
  { label: 'Cần chỗ ở?', type: 'yes_no' },
];

describeEachEngine('registration and attendance exports', ({ db }) => {
  async function setup() {
    const t = buildTestApp(db(), { now: '2026-12-01T02:00:00Z' });
    const organiser = await makeToken(db(), 'organiser');
    const eventId = await publishedEvent(t.call, organiser, { questions: QUESTIONS });
    const event = await t.call('GET', `/api/v1/events/${eventId}`);
    const [made, lodging] = (event.json.event.questions as { id: string }[]).map((q) => q.id) as [string, string];
    const sessions = (event.json.event.sessions as { id: string }[]).map((s) => s.id);
    const register = async (fullName: string, phone: string, answers: Record<string, unknown>) => {
      const res = await t.call('POST', `/api/v1/events/${eventId}/registrations`, {
        body: registrationPayload({
          person: { ...registrationPayload().person, fullName, phone, commune: 'Xã Lập Lễ', position: 'Chủ cơ sở' },
          facility: { name: 'Cơ sở gốm Lan', district: 'Thủy Nguyên' },
          answers,
        }),
      });
      expect(res.status, res.text).toBe(201);
      return res.json.registration as { id: string };
    };
    return { ...t, organiser, eventId, made, lodging, sessions, register };
  }

  it('the CSV and the XLSX carry every field and one column per question, headed by its label', async () => {
    const { call, organiser, eventId, made, lodging, register } = await setup();
    await register('Bùi Thị Lan', '0912000901', { [made]: 'Gốm sứ', [lodging]: true });
    await register('Đặng Văn Minh', '0912000902', { [made]: '=1+2' });

    const csv = await call('GET', `/api/v1/admin/events/${eventId}/registrations?format=csv`, { token: organiser });
    const [head, ...lines] = csv.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(head).toContain('Phường, xã / Commune');
    expect(head).toContain('Chức vụ / Position');
    expect(head).toContain('Cơ sở sản xuất gì? / What do you make?');
    expect(head!.endsWith('Cần chỗ ở?')).toBe(true);
    expect(lines[0]).toContain('Xã Lập Lễ,Chủ cơ sở');
    expect(lines[0]!.endsWith('Gốm sứ,Có / Yes')).toBe(true);
    // Nothing a registrant typed runs as a formula.
    expect(lines[1]).toContain("'=1+2");

    const xlsx = await call('GET', `/api/v1/admin/events/${eventId}/registrations?format=xlsx`, { token: organiser });
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(xlsx.headers.get('content-disposition')).toContain('.xlsx');
    const res = await buildTestApp(db()).app.request(`http://localhost:3000/api/v1/admin/events/${eventId}/registrations?format=xlsx`, {
      headers: { authorization: `Bearer ${organiser}` },
    });
    const book = readXlsx(Buffer.from(await res.arrayBuffer()));
    const [sheet] = book.sheets;
    const [header, ...rows] = sheet!.rows;
    const col = (label: string) => header!.indexOf(label);
    expect(col('Cơ sở sản xuất gì? / What do you make?')).toBeGreaterThan(0);
    expect(rows.map((r) => r[col('Họ tên / Name')])).toEqual(['Bùi Thị Lan', 'Đặng Văn Minh']);
    expect(rows.map((r) => r[col('Cơ sở sản xuất gì? / What do you make?')])).toEqual(['Gốm sứ', '=1+2']);
    expect(rows.map((r) => r[col('Cần chỗ ở?')] ?? null)).toEqual(['Có / Yes', null]);
    expect(rows[0]![col('Điện thoại / Phone')]).toBe('0912 000 901');
    expect(rows[0]![col('Năm sinh / Birth year')]).toBe(1988);
    expect(rows[0]![col('Cơ sở / Facility')]).toBe('Cơ sở gốm Lan');
    // Text stays text: no cell is a formula.
    expect(sheet!.xml).not.toContain('<f>');
    // The page links both.
    const page = await call('GET', `/admin/events/${eventId}/registrations`, { token: organiser });
    expect(page.text).toContain(`href="/api/v1/admin/events/${eventId}/registrations?format=xlsx"`);
    expect(page.text).toContain(`href="/api/v1/admin/events/${eventId}/attendance?format=csv"`);
    expect(page.text).toContain(`href="/api/v1/admin/events/${eventId}/attendance?format=xlsx"`);
    expect((await call('GET', `/api/v1/admin/events/${eventId}/registrations?format=pdf`, { token: organiser })).status).toBe(422);
  });

  it('the attendance export is person by session with ✓, the count attended and completion, in CSV and XLSX', async () => {
    const { call, organiser, eventId, made, sessions, register, clock } = await setup();
    const lan = await register('Bùi Thị Lan', '0912000911', { [made]: 'Gốm' });
    const minh = await register('Đặng Văn Minh', '0912000912', { [made]: 'Mây' });
    // Both sessions for Lan, the first for Minh, by hand from the attendance API.
    clock.set(new Date('2026-12-15T03:00:00Z'));
    for (const [registrationId, sessionId] of [
      [lan.id, sessions[0]],
      [lan.id, sessions[1]],
      [minh.id, sessions[0]],
    ]) {
      const res = await call('POST', `/api/v1/admin/events/${eventId}/attendance`, {
        token: organiser,
        body: { registrationId, sessionId, status: 'present' },
      });
      expect(res.status, res.text).toBe(204);
    }
    const csv = await call('GET', `/api/v1/admin/events/${eventId}/attendance?format=csv`, { token: organiser });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    const lines = csv.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe(
      'STT / No.,Họ tên / Name,Trạng thái / Status,Buổi 1 / Session 1 (14/12 08:00),Buổi 2 / Session 2 (15/12 08:00),Số buổi có mặt / Attended,Vắng có phép / Excused,Hoàn thành / Completed',
    );
    expect(lines.slice(1)).toEqual([
      '1,Bùi Thị Lan,Đã xác nhận / confirmed,✓,✓,2,0,Có / Yes',
      '2,Đặng Văn Minh,Đã xác nhận / confirmed,✓,,1,0,Không / No',
    ]);
    const res = await buildTestApp(db()).app.request(`http://localhost:3000/api/v1/admin/events/${eventId}/attendance?format=xlsx`, {
      headers: { authorization: `Bearer ${organiser}` },
    });
    expect(res.status).toBe(200);
    const rows = readXlsx(Buffer.from(await res.arrayBuffer())).sheets[0]!.rows;
    expect(rows.slice(1)).toEqual([
      [1, 'Bùi Thị Lan', 'Đã xác nhận / confirmed', '✓', '✓', 2, 0, 'Có / Yes'],
      [2, 'Đặng Văn Minh', 'Đã xác nhận / confirmed', '✓', null, 1, 0, 'Không / No'],
    ]);
    // The JSON answer stays as it was.
    const json = await call('GET', `/api/v1/admin/events/${eventId}/attendance`, { token: organiser });
    expect(json.json.totals).toEqual({ confirmed: 2, attendedAny: 2 });
  });
});
