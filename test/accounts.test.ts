import { expect, it } from 'vitest';
import { buildTestApp, makeToken, makeUser, ORIGIN, PASSWORD, publishedEvent, registrationPayload } from './support/app.js';
import { describeEachEngine } from './support/db.js';

describeEachEngine('accounts from the back office', ({ db }) => {
  async function setup() {
    const t = buildTestApp(db(), { now: '2026-12-01T02:00:00Z' });
    await makeUser(db(), 'admin');
    const admin = await t.login('admin@khuyencong.test', PASSWORD);
    const organiserToken = await makeToken(db(), 'organiser');
    const fair = await publishedEvent(t.call, organiserToken, { title: 'Lớp kỹ năng bán hàng' });
    const other = await publishedEvent(t.call, organiserToken, { title: 'Hội thảo sản xuất sạch hơn' });
    const form = (path: string, fields: [string, string][], cookie = admin) =>
      t.call('POST', path, {
        cookie,
        headers: { origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(fields).toString(),
      });
    /** The secret a post/redirect/get shows once. */
    const shownOnce = async (posted: { status: number; headers: Headers }, cookie = admin) => {
      expect(posted.status).toBe(303);
      const carrier = posted.headers.get('set-cookie')!.split(';')[0]!;
      const page = await t.call('GET', posted.headers.get('location')!.split('#')[0]!, { cookie: `${cookie}; ${carrier}` });
      expect(page.headers.get('cache-control')).toBe('private, no-store');
      return page.text.match(/<p class="manage-url" id="shown-once">\s*([^<\s]+)\s*<\/p>/)![1]!;
    };
    const snapshot = async () => ({
      users: await db().selectFrom('users').select(['email', 'password_hash', 'disabled_at', 'event_ids']).orderBy('email').execute(),
      tokens: await db().selectFrom('api_tokens').select(['name', 'revoked_at']).orderBy('name').execute(),
      sessions: await db().selectFrom('auth_sessions').select('id_hash').orderBy('id_hash').execute(),
      audit: await db().selectFrom('audit_log').select('id').execute(),
    });
    return { ...t, admin, organiserToken, fair, other, form, shownOnce, snapshot };
  }

  it('an admin creates a door-staff account with its events and a password shown once; it signs in; audited', async () => {
    const { call, login, form, shownOnce, admin, fair, other } = await setup();
    const page = await call('GET', '/admin/users', { cookie: admin });
    expect(page.status).toBe(200);
    expect(page.text).toContain('Tài khoản');
    expect(page.text).toContain(`value="${fair}"`);

    const posted = await form('/admin/users', [
      ['email', 'soat.ve@khuyencong.test'],
      ['fullName', 'Lê Văn Soát'],
      ['role', 'scanner'],
      ['eventIds', fair],
      ['password', ''],
    ]);
    const password = await shownOnce(posted);
    expect(password.length).toBeGreaterThanOrEqual(16);
    const row = await db().selectFrom('users').selectAll().where('email', '=', 'soat.ve@khuyencong.test').executeTakeFirstOrThrow();
    expect(row).toMatchObject({ role: 'scanner', full_name: 'Lê Văn Soát', event_ids: [fair], disabled_at: null });
    // Shown once: the list does not show it again.
    expect((await call('GET', '/admin/users', { cookie: admin })).text).not.toContain(password);
    const door = await login('soat.ve@khuyencong.test', password);
    expect((await call('GET', `/api/v1/events/${fair}/checkin-list`, { cookie: door })).status).toBe(200);
    expect((await call('GET', `/api/v1/events/${other}/checkin-list`, { cookie: door })).status).toBe(403);
    // The list shows the account, its role, its event and when it last signed in.
    const list = (await call('GET', '/admin/users', { cookie: admin })).text;
    expect(list).toContain('soat.ve@khuyencong.test');
    expect(list).toContain('<td>soát vé</td><td>Lớp kỹ năng bán hàng</td><td>Đang hoạt động</td>');
    expect(list).not.toContain('Chưa đăng nhập');

    // A typed password for an organiser of every event.
    const typed = await form('/admin/users', [
      ['email', 'can.bo@khuyencong.test'],
      ['fullName', 'Trần Thị Cán Bộ'],
      ['role', 'organiser'],
      ['password', 'mat-khau-go-tay-01'],
    ]);
    expect(await shownOnce(typed)).toBe('mat-khau-go-tay-01');
    await login('can.bo@khuyencong.test', 'mat-khau-go-tay-01');

    const audit = await db().selectFrom('audit_log').select(['action', 'data']).where('action', '=', 'user.create').orderBy('id').execute();
    expect(audit.map((a) => (a.data as { email: string }).email)).toEqual(['soat.ve@khuyencong.test', 'can.bo@khuyencong.test']);
    expect(JSON.stringify(audit)).not.toContain(password);
    expect(JSON.stringify(audit)).not.toContain('mat-khau-go-tay-01');
  });

  it('bad input on the account form re-shows it with messages, Vietnamese first, and changes nothing', async () => {
    const { form, snapshot } = await setup();
    const before = await snapshot();
    const cases: [[string, string][], string][] = [
      [
        [
          ['email', 'khong-phai-email'],
          ['fullName', 'Lê Văn A'],
          ['role', 'organiser'],
        ],
        'Email không đúng định dạng',
      ],
      [
        [
          ['email', 'a@khuyencong.test'],
          ['fullName', 'A'],
          ['role', 'organiser'],
        ],
        'Nhập họ và tên',
      ],
      [
        [
          ['email', 'a@khuyencong.test'],
          ['fullName', 'Lê Văn A'],
          ['role', 'admin'],
        ],
        'Chọn quyền',
      ],
      [
        [
          ['email', 'a@khuyencong.test'],
          ['fullName', 'Lê Văn A'],
          ['role', 'scanner'],
        ],
        'Người soát vé cần được giao ít nhất một sự kiện',
      ],
      [
        [
          ['email', 'a@khuyencong.test'],
          ['fullName', 'Lê Văn A'],
          ['role', 'organiser'],
          ['password', 'ngan'],
        ],
        'Mật khẩu cần ít nhất 10 ký tự',
      ],
      [
        [
          ['email', 'a@khuyencong.test'],
          ['fullName', 'Lê Văn A'],
          ['role', 'organiser'],
          ['eventIds', 'not-a-uuid'],
        ],
        'Sự kiện không hợp lệ',
      ],
      [
        [
          ['email', 'a@khuyencong.test'],
          ['fullName', 'Lê Văn A'],
          ['role', 'organiser'],
          ['eventIds', '00000000-0000-4000-8000-000000000000'],
        ],
        'Không có sự kiện',
      ],
      [
        [
          ['email', 'ADMIN@khuyencong.test'],
          ['fullName', 'Lê Văn A'],
          ['role', 'organiser'],
        ],
        'Email đã có tài khoản',
      ],
    ];
    for (const [fields, message] of cases) {
      const res = await form('/admin/users', fields);
      expect(res.status, message).toBe(422);
      expect(res.text).toContain(message);
      // What was typed stays (never a password).
      expect(res.text).toContain(`value="${fields.find(([k]) => k === 'fullName')![1]}"`);
      expect(res.text).not.toContain('value="ngan"');
    }
    expect(await snapshot()).toEqual(before);
  });

  it('a reset password is shown once, works at once and ends the account’s sessions; a typed one too; bad input changes nothing', async () => {
    const { call, login, form, shownOnce, admin, snapshot } = await setup();
    const user = await makeUser(db(), 'organiser', 'quen.mat.khau@khuyencong.test');
    const session = await login('quen.mat.khau@khuyencong.test', PASSWORD);
    expect((await call('GET', '/admin', { cookie: session })).status).toBe(200);
    const page = await call('GET', `/admin/users/${user.id}/password`, { cookie: admin });
    expect(page.status).toBe(200);
    expect(page.text).toContain('Đặt lại mật khẩu');

    const before = await snapshot();
    const short = await form(`/admin/users/${user.id}/password`, [['password', 'ngan']]);
    expect(short.status).toBe(422);
    expect(short.text).toContain('Mật khẩu cần ít nhất 10 ký tự');
    expect(await snapshot()).toEqual(before);

    const generated = await shownOnce(await form(`/admin/users/${user.id}/password`, [['password', '']]));
    // Its sessions ended at once, even within the actor cache's time.
    expect((await call('GET', '/api/v1/auth/me', { cookie: session })).status).toBe(401);
    expect((await call('POST', '/api/v1/auth/login', { body: { email: user.email, password: PASSWORD } })).status).toBe(401);
    await login(user.email, generated);
    expect(await shownOnce(await form(`/admin/users/${user.id}/password`, [['password', 'mot-mat-khau-moi']]))).toBe('mot-mat-khau-moi');
    await login(user.email, 'mot-mat-khau-moi');
    const audit = await db().selectFrom('audit_log').select('data').where('action', '=', 'user.password_reset').execute();
    expect(audit).toHaveLength(2);
    expect(JSON.stringify(audit)).not.toContain('mot-mat-khau-moi');
    expect((await call('GET', '/admin/users/00000000-0000-4000-8000-000000000000/password', { cookie: admin })).status).toBe(404);
    expect((await call('GET', '/admin/users/not-a-uuid/password', { cookie: admin })).status).toBe(404);
  });

  it('a deactivated door account stops at once: its next scan answers 401 and its cookie session too; reactivated, it signs in again', async () => {
    const { call, login, form, shownOnce, admin, fair } = await setup();
    const reg = await call('POST', `/api/v1/events/${fair}/registrations`, { body: registrationPayload() });
    const code = reg.json.registration.ticket.code as string;
    const door = await makeUser(db(), 'scanner', 'cua.1@khuyencong.test', [fair]);
    // A scanner token held by the door account, issued from the page.
    const token = await shownOnce(
      await form('/admin/users/tokens', [
        ['name', 'Điện thoại cửa 1'],
        ['role', 'scanner'],
        ['holderId', door.id],
        ['eventIds', fair],
      ]),
    );
    const session = await login('cua.1@khuyencong.test', PASSWORD);
    let nonce = 0;
    const scan = () =>
      call('POST', '/api/v1/checkins', { token, body: { code, eventId: fair, deviceId: 'cua-1', nonce: `n-${++nonce}-abcdef` } });
    expect((await scan()).status).toBe(200);
    // Both credentials are now remembered by the actor cache.
    expect((await call('GET', `/api/v1/events/${fair}/checkin-list`, { cookie: session })).status).toBe(200);

    const off = await form(`/admin/users/${door.id}/deactivate`, []);
    expect(off.status).toBe(303);
    expect((await call('GET', off.headers.get('location')!, { cookie: admin })).text).toContain('Đã khoá tài khoản');
    expect((await scan()).status).toBe(401);
    expect((await call('GET', `/api/v1/events/${fair}/checkin-list`, { cookie: session })).status).toBe(401);
    expect((await call('GET', '/admin/account', { cookie: session })).status).toBe(303);
    expect((await call('POST', '/api/v1/auth/login', { body: { email: door.email, password: PASSWORD } })).status).toBe(401);
    expect(await db().selectFrom('auth_sessions').select('id_hash').where('user_id', '=', door.id).execute()).toEqual([]);
    const audit = await db().selectFrom('audit_log').select('data').where('action', '=', 'user.deactivate').executeTakeFirstOrThrow();
    expect(audit.data).toMatchObject({ sessionsEnded: 1, tokensRevoked: 1 });

    // Again: nothing more happens. Then reactivated: the password works, the revoked token stays revoked.
    expect((await form(`/admin/users/${door.id}/deactivate`, [])).status).toBe(303);
    expect(await db().selectFrom('audit_log').select('id').where('action', '=', 'user.deactivate').execute()).toHaveLength(1);
    const on = await form(`/admin/users/${door.id}/reactivate`, []);
    expect((await call('GET', on.headers.get('location')!, { cookie: admin })).text).toContain('Đã mở khoá tài khoản');
    await login('cua.1@khuyencong.test', PASSWORD);
    expect((await scan()).status).toBe(401);

    // An admin cannot lock themselves out.
    const me = await db().selectFrom('users').select('id').where('email', '=', 'admin@khuyencong.test').executeTakeFirstOrThrow();
    expect((await form(`/admin/users/${me.id}/deactivate`, [])).status).toBe(422);
    expect((await form('/admin/users/00000000-0000-4000-8000-000000000000/deactivate', [])).status).toBe(404);
  });

  it('admins issue organiser API tokens from the page, shown once; a token held by an account cannot reach beyond it', async () => {
    const { call, form, shownOnce, snapshot, fair, other } = await setup();
    const token = await shownOnce(
      await form('/admin/users/tokens', [
        ['name', 'Bảng tính báo cáo'],
        ['role', 'organiser'],
        ['eventIds', fair],
      ]),
    );
    expect((await call('GET', `/api/v1/admin/events/${fair}/registrations`, { token })).status).toBe(200);
    expect((await call('GET', `/api/v1/admin/events/${other}/registrations`, { token })).status).toBe(403);
    const row = await db().selectFrom('api_tokens').selectAll().where('name', '=', 'Bảng tính báo cáo').executeTakeFirstOrThrow();
    expect(row).toMatchObject({ role: 'organiser', event_ids: [fair], user_id: null });

    const door = await makeUser(db(), 'scanner', 'cua.2@khuyencong.test', [fair]);
    const before = await snapshot();
    const refused: [[string, string][], string][] = [
      [
        [
          ['name', 'x'],
          ['role', 'organiser'],
        ],
        'Đặt tên cho mã',
      ],
      [
        [
          ['name', 'Mã cửa'],
          ['role', 'admin'],
        ],
        'Chọn quyền',
      ],
      [
        [
          ['name', 'Mã cửa'],
          ['role', 'scanner'],
        ],
        'Người soát vé cần được giao ít nhất một sự kiện',
      ],
      [
        [
          ['name', 'Mã cửa'],
          ['role', 'organiser'],
          ['holderId', door.id],
        ],
        'Quyền của mã vượt quá tài khoản giữ mã',
      ],
      [
        [
          ['name', 'Mã cửa'],
          ['role', 'scanner'],
          ['holderId', door.id],
          ['eventIds', other],
        ],
        'Chỉ chọn sự kiện của tài khoản giữ mã',
      ],
      [
        [
          ['name', 'Mã cửa'],
          ['role', 'scanner'],
          ['holderId', 'not-a-uuid'],
          ['eventIds', fair],
        ],
        'Tài khoản không dùng được',
      ],
    ];
    for (const [fields, message] of refused) {
      const res = await form('/admin/users/tokens', fields);
      expect(res.status, message).toBe(422);
      expect(res.text).toContain(message);
    }
    expect(await snapshot()).toEqual(before);

    // Revoked from the same page.
    const revoked = await form(`/admin/users/tokens/${row.id}/revoke`, []);
    expect(revoked.status).toBe(303);
    expect((await call('GET', `/api/v1/admin/events/${fair}/registrations`, { token })).status).toBe(401);
  });

  it('everyone signed in changes their own password: wrong current or mismatch re-shows the form and changes nothing; other sessions end', async () => {
    const { call, login, form, snapshot, fair } = await setup();
    await makeUser(db(), 'scanner', 'cua.3@khuyencong.test', [fair]);
    const here = await login('cua.3@khuyencong.test', PASSWORD);
    const elsewhere = await login('cua.3@khuyencong.test', PASSWORD);
    expect((await call('GET', '/api/v1/auth/me', { cookie: elsewhere })).status).toBe(200);
    const page = await call('GET', '/admin/account', { cookie: here });
    expect(page.status).toBe(200);
    expect(page.text).toContain('Đổi mật khẩu');

    const before = await snapshot();
    const cases: [[string, string][], string][] = [
      [
        [
          ['current', 'sai-mat-khau-roi'],
          ['next', 'mat-khau-moi-123'],
          ['again', 'mat-khau-moi-123'],
        ],
        'Mật khẩu hiện tại không đúng',
      ],
      [
        [
          ['current', PASSWORD],
          ['next', 'mat-khau-moi-123'],
          ['again', 'mat-khau-khac-123'],
        ],
        'Hai lần nhập mật khẩu mới không khớp',
      ],
      [
        [
          ['current', PASSWORD],
          ['next', 'ngan'],
          ['again', 'ngan'],
        ],
        'Mật khẩu cần ít nhất 10 ký tự',
      ],
      [
        [
          ['next', 'mat-khau-moi-123'],
          ['again', 'mat-khau-moi-123'],
        ],
        'Thiếu hoặc sai kiểu dữ liệu',
      ],
    ];
    for (const [fields, message] of cases) {
      const res = await form('/admin/account', fields, here);
      expect(res.status, message).toBe(422);
      expect(res.text).toContain(message);
      expect(res.text).toContain('<form method="post" action="/admin/account"');
      expect(res.text).not.toContain(PASSWORD);
    }
    expect(await snapshot()).toEqual(before);

    const done = await form(
      '/admin/account',
      [
        ['current', PASSWORD],
        ['next', 'mat-khau-moi-123'],
        ['again', 'mat-khau-moi-123'],
      ],
      here,
    );
    expect(done.status).toBe(303);
    expect((await call('GET', done.headers.get('location')!, { cookie: here })).text).toContain('Đã đổi mật khẩu');
    expect((await call('GET', '/api/v1/auth/me', { cookie: here })).status).toBe(200);
    expect((await call('GET', '/api/v1/auth/me', { cookie: elsewhere })).status).toBe(401);
    await login('cua.3@khuyencong.test', 'mat-khau-moi-123');
    expect(await db().selectFrom('audit_log').select('action').where('action', '=', 'user.password_change').execute()).toHaveLength(1);
  });

  it('wrong current passwords are throttled like sign-ins: a stolen session gets 429 after the limit, the owner at a known address is not locked out', async () => {
    const { login, form, snapshot, fair } = await setup();
    await makeUser(db(), 'scanner', 'cua.4@khuyencong.test', [fair]);
    // The owner signs in from their usual address; the session cookie is then used from another.
    const session = await login('cua.4@khuyencong.test', PASSWORD);
    const thief = buildTestApp(db(), { now: '2026-12-01T02:00:00Z', client: '198.51.100.9' });
    const guess = (current: string) =>
      thief.call('POST', '/admin/account', {
        cookie: session,
        headers: { origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams([
          ['current', current],
          ['next', 'mat-khau-cua-ke-gian'],
          ['again', 'mat-khau-cua-ke-gian'],
        ]).toString(),
      });
    const before = await snapshot();
    for (let i = 0; i < 10; i++) expect((await guess(`doan-sai-${i}`)).status).toBe(422);
    // The limit reached, even the right password is refused, with a clear message.
    const refused = await guess(PASSWORD);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(refused.text).toContain('Nhập sai mật khẩu hiện tại quá nhiều lần, vui lòng thử lại sau ít phút');
    expect(refused.text).toContain('<form method="post" action="/admin/account"');
    expect(await snapshot()).toEqual(before);
    // The same counters as sign-in: from that address, signing in is refused too.
    const thiefLogin = await thief.call('POST', '/api/v1/auth/login', { body: { email: 'cua.4@khuyencong.test', password: PASSWORD } });
    expect(thiefLogin.status).toBe(429);

    // The owner, at the address they signed in from, still signs in and changes the password.
    const owner = await login('cua.4@khuyencong.test', PASSWORD);
    const changed = await form(
      '/admin/account',
      [
        ['current', PASSWORD],
        ['next', 'mat-khau-moi-456'],
        ['again', 'mat-khau-moi-456'],
      ],
      owner,
    );
    expect(changed.status).toBe(303);

    // After the window, the address may try again.
    thief.clock.advance(15 * 60_000 + 1000);
    const thiefAgain = await thief.call('POST', '/api/v1/auth/login', {
      body: { email: 'cua.4@khuyencong.test', password: 'mat-khau-moi-456' },
    });
    expect(thiefAgain.status).toBe(200);
  });

  it('door staff and organisers are refused every accounts page and form (403); tokens have no own password; signed out goes to sign in', async () => {
    const { call, login, form, organiserToken, fair, snapshot } = await setup();
    const door = await makeUser(db(), 'scanner', 'cua.4@khuyencong.test', [fair]);
    await makeUser(db(), 'organiser', 'to.chuc@khuyencong.test');
    const doorCookie = await login('cua.4@khuyencong.test', PASSWORD);
    const organiserCookie = await login('to.chuc@khuyencong.test', PASSWORD);
    const before = await snapshot();
    for (const cookie of [doorCookie, organiserCookie]) {
      expect((await call('GET', '/admin/users', { cookie })).status).toBe(403);
      expect((await call('GET', `/admin/users/${door.id}/password`, { cookie })).status).toBe(403);
      for (const path of [
        '/admin/users',
        '/admin/users/tokens',
        `/admin/users/${door.id}/password`,
        `/admin/users/${door.id}/deactivate`,
      ]) {
        const res = await form(
          path,
          [
            ['email', 'x@khuyencong.test'],
            ['fullName', 'Người Lạ'],
            ['role', 'organiser'],
            ['name', 'Mã lạ'],
          ],
          cookie,
        );
        expect(res.status, path).toBe(403);
      }
    }
    expect((await call('GET', '/admin/users', { token: organiserToken })).status).toBe(403);
    expect((await call('GET', '/admin/account', { token: organiserToken })).status).toBe(403);
    expect(await snapshot()).toEqual(before);
    const signedOut = await call('GET', '/admin/users');
    expect(signedOut.status).toBe(303);
    expect(signedOut.headers.get('location')).toBe('/login?next=%2Fadmin%2Fusers');
    expect((await call('GET', '/admin/account')).headers.get('location')).toBe('/login?next=%2Fadmin%2Faccount');
  });
});
