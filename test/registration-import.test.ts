import { expect, it } from 'vitest';
import writeXlsxFile from 'write-excel-file/universal';
import { buildTestApp, makeToken, ORIGIN, publishedEvent, registrationPayload } from './support/app.js';
import { describeEachEngine } from './support/db.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** An .xlsx as Excel would save it, made by another library than the one that reads it. */
async function xlsx(rows: (string | number | null)[][]): Promise<Uint8Array<ArrayBuffer>> {
  const data = rows.map((r) => r.map((v) => (v === null ? null : { value: v })));
  const blob = await writeXlsxFile(data as never).toBlob();
  return new Uint8Array(await blob.arrayBuffer());
}

describeEachEngine('importing a commune list of registrations', ({ db }) => {
  async function setup(overrides: Record<string, unknown> = {}) {
    const t = buildTestApp(db(), { now: '2026-12-01T02:00:00Z' });
    const organiser = await makeToken(db(), 'organiser');
    const eventId = await publishedEvent(t.call, organiser, { emailRequired: false, ...overrides });
    const send = async (body: string | Uint8Array<ArrayBuffer>, type: string, opts: { dryRun?: boolean; token?: string } = {}) => {
      const res = await t.app.request(`${ORIGIN}/api/v1/admin/events/${eventId}/registrations/import${opts.dryRun ? '?dryRun=1' : ''}`, {
        method: 'POST',
        headers: { 'content-type': type, authorization: `Bearer ${opts.token ?? organiser}` },
        body,
      });
      const text = await res.text();
      return { status: res.status, text, json: text ? JSON.parse(text) : undefined };
    };
    const count = async () =>
      Number(
        (
          await db()
            .selectFrom('registrations')
            .select((eb) => eb.fn.countAll().as('n'))
            .where('event_id', '=', eventId)
            .executeTakeFirstOrThrow()
        ).n,
      );
    return { ...t, organiser, eventId, send, count };
  }

  it('a CSV from Excel in Vietnamese (BOM, semicolons, quotes) is checked row by row, then imported once', async () => {
    const { call, eventId, send, count } = await setup();
    const already = registrationPayload({ person: { ...registrationPayload().person, fullName: 'Lê Văn Cũ', phone: '0912 000 900' } });
    expect((await call('POST', `/api/v1/events/${eventId}/registrations`, { body: already })).status).toBe(201);

    const csv = [
      '\uFEFFSTT;Họ và tên;Số điện thoại;Email;Giới tính;Năm sinh;Huyện/Quận;Cơ sở',
      '1;Nguyễn Thị Ánh;0912 000 901;;Nữ;1985;Thủy Nguyên;"Cơ sở mộc ""Ánh Dương"""',
      '2;Trần Văn Bình;091200;;Nam;1979;An Dương;',
      '3;Lê Văn Cũ;+84912000900;;Nam;1970;Hồng Bàng;',
      '4;Nguyễn Thị Ánh;0912000901;;Nữ;1985;Thủy Nguyên;',
      '',
      '6;Phạm Thị Dung;;;Nữ;1990;Kiến Thụy;',
      '7;Đỗ Đức Em;;;;;;',
      '8;Hoàng Văn Giang;84 912 000 902;giang@khuyencong.test;nam;1992;;',
    ].join('\r\n');

    const dry = await send(csv, 'text/csv; charset=utf-8', { dryRun: true });
    expect(dry.status, dry.text).toBe(200);
    expect(dry.json.summary).toEqual({ new: 3, duplicate: 2, invalid: 2 });
    const byRow = Object.fromEntries(dry.json.rows.map((r: { row: number }) => [r.row, r]));
    expect(byRow[2]).toMatchObject({ status: 'new', fullName: 'Nguyễn Thị Ánh' });
    expect(byRow[3].status).toBe('invalid');
    expect(byRow[3].errors[0]).toMatch(/^Số điện thoại không hợp lệ: "091200" \/ Not a valid Vietnamese phone number$/);
    expect(byRow[4]).toMatchObject({ status: 'duplicate', errors: ['Đã đăng ký sự kiện này / Already registered for this event'] });
    expect(byRow[5]).toMatchObject({ status: 'duplicate', errors: ['Trùng người ở dòng 2 / Same person as row 2'] });
    // A blank line keeps its number: rows are counted as Excel shows them.
    expect(byRow[7]).toMatchObject({ status: 'new', fullName: 'Phạm Thị Dung' });
    expect(byRow[8].status).toBe('invalid');
    expect(byRow[8].errors.join(' ')).toContain('Cần số điện thoại, email hoặc năm sinh');
    expect(byRow[9]).toMatchObject({ status: 'new', fullName: 'Hoàng Văn Giang' });
    expect(await count()).toBe(1);

    const done = await send(csv, 'text/csv', {});
    expect(done.status, done.text).toBe(200);
    expect(done.json.summary).toEqual({ new: 3, duplicate: 2, invalid: 2 });
    expect(await count()).toBe(4);
    const rows = await db()
      .selectFrom('registrations')
      .select(['full_name', 'phone', 'email', 'gender', 'birth_year', 'status', 'consent_version'])
      .where('event_id', '=', eventId)
      .orderBy('seq')
      .execute();
    expect(rows.slice(1).map((r) => [r.full_name, r.phone, r.email, r.gender, r.birth_year, r.status])).toEqual([
      ['Nguyễn Thị Ánh', '+84912000901', null, 'female', 1985, 'confirmed'],
      ['Phạm Thị Dung', null, null, 'female', 1990, 'confirmed'],
      ['Hoàng Văn Giang', '+84912000902', 'giang@khuyencong.test', 'male', 1992, 'confirmed'],
    ]);
    expect(rows[1]!.consent_version).toMatch(/\+import$/);
    // Only the one with an email is emailed.
    const mails = await db()
      .selectFrom('mail_outbox')
      .innerJoin('registrations as r', 'r.id', 'mail_outbox.registration_id')
      .select('r.full_name')
      .where('r.event_id', '=', eventId)
      .execute();
    expect(mails.map((m) => m.full_name).sort()).toEqual(['Hoàng Văn Giang', 'Lê Văn Cũ']);
    // The facility came from the quoted cell, quotes and all.
    const facility = await db().selectFrom('facilities').select('name').where('name', 'like', '%Ánh Dương%').executeTakeFirst();
    expect(facility?.name).toBe('Cơ sở mộc "Ánh Dương"');

    const again = await send(csv, 'text/csv', {});
    expect(again.status).toBe(200);
    expect(again.json.summary).toEqual({ new: 0, duplicate: 5, invalid: 2 });
    expect(await count()).toBe(4);
  });

  it('an XLSX with English headers and phones stored as numbers is read; importing it again adds nothing', async () => {
    const { send, count } = await setup();
    const file = await xlsx([
      ['fullName', 'phone', 'email', 'gender', 'birthYear', 'district', 'facility'],
      ['Vũ Thị Hằng', 912000911, null, 'female', 1991, 'Vĩnh Bảo', 'HTX Mây tre đan Vĩnh Bảo'],
      ['Ngô Quang Hải', '0912-000-912', 'hai.ngo@khuyencong.test', 'male', 1988, 'Tiên Lãng', null],
      ['Bùi Hải Yến', 'không có', null, 'female', 1990, null, null],
      ['Vũ Thị Hằng', '0912000911', null, 'female', 1991, 'Vĩnh Bảo', null],
      ['Mai Tiến Khôi', null, null, 'male', 1975, 'Vĩnh Bảo', null],
    ]);
    const dry = await send(file, XLSX, { dryRun: true });
    expect(dry.status, dry.text).toBe(200);
    expect(dry.json.rows.map((r: { row: number; status: string }) => [r.row, r.status])).toEqual([
      [2, 'new'],
      [3, 'new'],
      [4, 'invalid'],
      [5, 'duplicate'],
      [6, 'new'],
    ]);
    expect(await count()).toBe(0);
    const first = await send(file, XLSX);
    expect(first.json.summary).toEqual({ new: 3, duplicate: 1, invalid: 1 });
    expect(first.json.rows[0].registration.status).toBe('confirmed');
    expect(await count()).toBe(3);
    const phones = await db().selectFrom('registrations').select('phone').orderBy('seq').execute();
    expect(phones.map((p) => p.phone)).toEqual(['+84912000911', '+84912000912', null]);
    // Mai Tiến Khôi has neither phone nor email: her name, year and district keep her from a second seat.
    const second = await send(file, XLSX);
    expect(second.json.summary).toEqual({ new: 0, duplicate: 4, invalid: 1 });
    expect(await count()).toBe(3);
  });

  it('Vietnamese headers in any case and without accents are accepted; a file without a name column is refused, nothing stored', async () => {
    const { send, count } = await setup();
    const ok = await send('HO VA TEN,SDT,NAM SINH\nLý Thị Mến,0912000921,1990\n', 'text/csv', { dryRun: true });
    expect(ok.status, ok.text).toBe(200);
    expect(ok.json.summary).toEqual({ new: 1, duplicate: 0, invalid: 0 });
    const bad = await send('Số điện thoại,Email\n0912000922,a@b.vn\n', 'text/csv');
    expect(bad.status).toBe(422);
    expect(bad.json.error.details.fields[0].message).toBe('Thiếu cột "Họ và tên" / The "fullName" column is missing');
    const junk = await send(new Uint8Array([1, 2, 3, 4]), XLSX);
    expect(junk.status).toBe(422);
    expect(junk.json.error.details.fields[0].message).toMatch(/^Không đọc được tệp/);
    expect(await count()).toBe(0);
  });

  it('an event that needs email marks rows without one invalid', async () => {
    const { send } = await setup({ emailRequired: true });
    const res = await send(
      'Họ và tên,Số điện thoại,Email\nNguyễn An,0912000931,\nTrần Bình,0912000932,binh@khuyencong.test\n',
      'text/csv',
      {
        dryRun: true,
      },
    );
    expect(res.json.rows.map((r: { status: string }) => r.status)).toEqual(['invalid', 'new']);
    expect(res.json.rows[0].errors).toEqual(['Sự kiện này cần email để gửi vé / This event needs an email for the ticket']);
  });

  it('JSON or another type is 415; door staff and organisers of other events are refused, nothing stored', async () => {
    const { send, eventId, count, call, organiser } = await setup();
    const csv = 'Họ và tên,Số điện thoại\nNguyễn An,0912000941\n';
    expect((await send('{}', 'application/json')).status).toBe(415);
    expect((await send(csv, 'text/plain')).status).toBe(415);
    const door = await makeToken(db(), 'scanner', [eventId]);
    expect((await send(csv, 'text/csv', { token: door })).status).toBe(403);
    const otherEvent = await publishedEvent(call, organiser, { title: 'Lớp khác' });
    const elsewhere = await makeToken(db(), 'organiser', [otherEvent]);
    expect((await send(csv, 'text/csv', { token: elsewhere })).status).toBe(403);
    expect(await count()).toBe(0);
  });
});
