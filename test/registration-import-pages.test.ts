import { expect, it } from 'vitest';
import { buildTestApp, makeToken, ORIGIN, publishedEvent } from './support/app.js';
import { describeEachEngine } from './support/db.js';

const LIST = [
  'Họ và tên;Số điện thoại;Năm sinh;Huyện/Quận',
  'Nguyễn Thị Ánh;0912 000 801;1985;Thủy Nguyên',
  'Trần Văn Bình;12345;1979;An Dương',
  'Phạm Thị Dung;;1990;Kiến Thụy',
].join('\r\n');

describeEachEngine('the import page and the printed tickets', ({ db }) => {
  async function setup() {
    const t = buildTestApp(db(), { now: '2026-12-01T02:00:00Z' });
    const organiser = await makeToken(db(), 'organiser');
    const eventId = await publishedEvent(t.call, organiser, { emailRequired: false });
    const base = `/admin/events/${eventId}/registrations/import`;
    const upload = async (content: string | null, name = 'danh-sach.csv', token = organiser) => {
      const form = new FormData();
      if (content !== null) form.set('file', new File([content], name, { type: 'text/csv' }));
      const res = await t.app.request(`${ORIGIN}${base}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, origin: ORIGIN },
        body: form,
      });
      return { status: res.status, text: await res.text() };
    };
    const confirm = (fields: Record<string, string>, token = organiser) =>
      t.call('POST', `${base}/confirm`, {
        token,
        headers: { origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(fields).toString(),
      });
    const hidden = (html: string) =>
      Object.fromEntries([...html.matchAll(/<input type="hidden" name="(\w+)" value="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
    const count = async () => (await db().selectFrom('registrations').select('id').where('event_id', '=', eventId).execute()).length;
    return { ...t, organiser, eventId, base, upload, confirm, hidden, count };
  }

  it('upload shows each row before anything is saved; confirming imports exactly the previewed file once', async () => {
    const { call, base, organiser, upload, confirm, hidden, count, eventId } = await setup();
    const page = await call('GET', base, { token: organiser });
    expect(page.status).toBe(200);
    expect(page.text).toContain('Nhập danh sách đăng ký');
    expect(page.text).toContain(`href="${base}/template.xlsx"`);

    const preview = await upload(LIST);
    expect(preview.status).toBe(200);
    expect(preview.text).toContain('Xem trước: chưa có gì được lưu');
    expect(preview.text).toContain('Mới: 2');
    expect(preview.text).toContain('Không hợp lệ: 1');
    expect(preview.text).toContain('Số điện thoại không hợp lệ: &quot;12345&quot;');
    expect(preview.text).toContain('Xác nhận nhập: 2 người mới');
    expect(await count()).toBe(0);

    const fields = hidden(preview.text);
    expect(Object.keys(fields).sort()).toEqual(['data', 'expires', 'kind', 'mac']);
    // A changed file, or another organiser's confirm, is refused and changes nothing.
    const altered = { ...fields, data: Buffer.from(`${LIST}\r\nKẻ Lạ;0912000899;1990;X`).toString('base64') };
    const refused = await confirm(altered);
    expect(refused.status).toBe(422);
    expect(refused.text).toContain('Bản xem trước đã hết hạn hoặc bị thay đổi');
    const other = await makeToken(db(), 'organiser');
    expect((await confirm(fields, other)).status).toBe(422);
    expect(await count()).toBe(0);

    const done = await confirm(fields);
    expect(done.status).toBe(200);
    expect(done.text).toContain('Đã nhập danh sách');
    expect(done.text).toContain('Đã thêm: 2');
    expect(done.text).toContain(`href="/admin/events/${eventId}/tickets/print?who=no-email"`);
    expect(await count()).toBe(2);
    // The same confirm again (a double click, the back button): nobody twice.
    const again = await confirm(fields);
    expect(again.text).toContain('Đã thêm: 0');
    expect(await count()).toBe(2);

    // The printed sheet: both have no email; one card each with name, code and a QR image.
    const sheet = await call('GET', `/admin/events/${eventId}/tickets/print`, { token: organiser });
    expect(sheet.status).toBe(200);
    expect(sheet.headers.get('cache-control')).toBe('private, no-store');
    expect(sheet.text.match(/<article class="print-ticket">/g)).toHaveLength(2);
    expect(sheet.text).toContain('<p class="pt-name">Nguyễn Thị Ánh</p>');
    expect(sheet.text).toMatch(/<img class="pt-qr" src="data:image\/svg\+xml;base64,/);
    expect(sheet.text).toContain('Thứ Hai, 14/12/2026 · 08:00–11:30');
  });

  it('no file, or a file that is not a list, re-shows the form with the reason; nothing stored', async () => {
    const { upload, count } = await setup();
    const none = await upload(null);
    expect(none.status).toBe(422);
    expect(none.text).toContain('Hãy chọn một tệp .xlsx hoặc .csv');
    const photo = await upload('GIF89a', 'anh.gif');
    expect(photo.status).toBe(422);
    const noHeader = await upload('Nguyễn An,0912000811\n');
    expect(noHeader.status).toBe(422);
    expect(noHeader.text).toContain('Dòng đầu phải là tiêu đề cột');
    expect(await count()).toBe(0);
  });

  it('the templates carry the Vietnamese headers', async () => {
    const { call, base, organiser } = await setup();
    const csv = await call('GET', `${base}/template.csv`, { token: organiser });
    expect(csv.headers.get('content-type')).toContain('text/csv');
    // (Reading the body as text drops the BOM that makes Excel open it as UTF-8.)
    expect(csv.text).toBe('Họ và tên,Số điện thoại,Email,Giới tính,Năm sinh,Huyện/Quận,Xã/Phường,Cơ sở\r\n');
    const xlsx = await call('GET', `${base}/template.xlsx`, { token: organiser });
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  });

  it('door staff and organisers of other events get 403 on every page; nothing stored', async () => {
    const { call, base, eventId, upload, confirm, count, organiser } = await setup();
    const door = await makeToken(db(), 'scanner', [eventId]);
    const otherEvent = await publishedEvent(call, organiser, { title: 'Lớp khác' });
    const elsewhere = await makeToken(db(), 'organiser', [otherEvent]);
    for (const token of [door, elsewhere]) {
      for (const path of [base, `${base}/template.csv`, `${base}/template.xlsx`, `/admin/events/${eventId}/tickets/print?who=all`]) {
        expect((await call('GET', path, { token })).status, path).toBe(403);
      }
      expect((await upload(LIST, 'a.csv', token)).status).toBe(403);
      expect((await confirm({ kind: 'csv', data: '', expires: '0', mac: '' }, token)).status).toBe(403);
    }
    expect(await count()).toBe(0);
  });
});
