import { expect, it } from 'vitest';
import type { ScanRecord } from '../src/checkins/checkins.repository.js';
import { createScanBatcher } from '../src/checkins/scan-batches.js';
import { recordScans } from '../src/checkins/scan-groups.repository.js';
import { buildTestApp, makeToken, publishedEvent, registrationPayload } from './support/app.js';
import { describeEachEngine } from './support/db.js';

// 08:30 in Hanoi on the first session's day (eventPayload: 14 Dec, 08:00–11:30 +07:00).
const DOOR_OPEN = new Date('2026-12-14T01:30:00Z');

describeEachEngine('door scans arriving together', ({ db }) => {
  async function setup() {
    const t = buildTestApp(db(), { now: '2026-12-01T02:00:00Z' });
    const token = await makeToken(db(), 'organiser');
    const eventId = await publishedEvent(t.call, token, { capacity: 2 });
    const otherEventId = await publishedEvent(t.call, token, { title: 'Lớp khác' });
    const register = async (event = eventId) => {
      const res = await t.call('POST', `/api/v1/events/${event}/registrations`, { body: registrationPayload() });
      return { id: res.json.registration.id as string, code: (res.json.registration.ticket?.code ?? null) as string | null };
    };
    let nonce = 0;
    const scan = (eventId: string, shortCode: string | null, extra: Partial<ScanRecord> = {}): ScanRecord => ({
      eventId,
      sessionId: null,
      opensMinutes: 60,
      ticketId: null,
      shortCode,
      codeKind: shortCode ? 'short_code' : 'unknown',
      deviceId: `cua-${nonce % 3}`,
      nonce: `n-${++nonce}`,
      actorUserId: null,
      actorTokenId: null,
      scannedAt: DOOR_OPEN,
      receivedAt: DOOR_OPEN,
      offline: false,
      offlineResult: null,
      method: 'short_code',
      ...extra,
    });
    return { ...t, token, eventId, otherEventId, register, scan };
  }

  it('two devices scanning one ticket in the same group: one ok, one already checked in, both with the same first time', async () => {
    const { eventId, register, scan } = await setup();
    const a = await register();
    const results = await recordScans(db(), [scan(eventId, a.code, { deviceId: 'cua-1' }), scan(eventId, a.code, { deviceId: 'cua-2' })]);
    expect(results.map((r) => r.result)).toEqual(['ok', 'already_checked_in']);
    expect(results[1]!.firstAt?.toISOString()).toBe(DOOR_OPEN.toISOString());
    expect(await db().selectFrom('attendance').select('registration_id').execute()).toHaveLength(1);
    expect(await db().selectFrom('scans').select('id').execute()).toHaveLength(2);
  });

  it('each scan in a group gets the answer it would get alone, and every one is logged', async () => {
    const { eventId, otherEventId, register, scan, call, token } = await setup();
    const admitted = await register();
    const waitlisted = await register().then(() => register()); // capacity 2: the third waits
    const elsewhere = await register(otherEventId);
    const cancelled = await register(otherEventId);
    await call('POST', `/api/v1/admin/registrations/${cancelled.id}/cancel`, { token });
    const cancelledCode = (
      await db().selectFrom('registrations').select('short_code').where('id', '=', cancelled.id).executeTakeFirstOrThrow()
    ).short_code;
    const waitCode = (await db().selectFrom('registrations').select('short_code').where('id', '=', waitlisted.id).executeTakeFirstOrThrow())
      .short_code;
    const results = await recordScans(db(), [
      scan(eventId, admitted.code),
      scan(eventId, null),
      scan(eventId, elsewhere.code),
      scan(otherEventId, cancelledCode),
      scan(eventId, waitCode),
      scan(eventId, admitted.code, { scannedAt: new Date('2026-12-13T01:30:00Z') }),
      scan(otherEventId, elsewhere.code),
    ]);
    expect(results.map((r) => r.result)).toEqual(['ok', 'unknown', 'wrong_event', 'cancelled', 'not_confirmed', 'outside_window', 'ok']);
    expect(results[0]!.fullName).toBe('Nguyễn Thị Hoa');
    const logged = await db().selectFrom('scans').select(['result', 'nonce']).orderBy('id').execute();
    expect(logged.map((l) => l.result)).toEqual(results.map((r) => r.result));
  });

  it('a nonce sent again inside a group: the group is recorded scan by scan and the replay writes nothing', async () => {
    const { eventId, register, scan } = await setup();
    const [a, b] = [await register(), await register()];
    const first = scan(eventId, a.code);
    const batcher = createScanBatcher(db());
    expect((await batcher.record(first)).result).toBe('ok');
    const answers = await Promise.all([
      batcher.record(scan(eventId, b.code)),
      batcher.record({ ...first }),
      batcher.record(scan(eventId, b.code)),
    ]);
    expect(answers.map((r) => r.result)).toEqual(['ok', null, 'already_checked_in']);
    expect(await db().selectFrom('scans').select('id').execute()).toHaveLength(3);
  });

  it('a session of another event in one scan is refused for that scan only', async () => {
    const { eventId, otherEventId, register, scan } = await setup();
    const a = await register();
    const foreignSession = (
      await db().selectFrom('event_sessions').select('id').where('event_id', '=', otherEventId).executeTakeFirstOrThrow()
    ).id;
    const results = await recordScans(db(), [scan(eventId, a.code, { sessionId: foreignSession }), scan(eventId, a.code)]);
    expect(results.map((r) => [r.sessionKnown, r.result])).toEqual([
      [false, null],
      [true, 'ok'],
    ]);
    expect(await db().selectFrom('scans').select('id').execute()).toHaveLength(1);
  });
});
