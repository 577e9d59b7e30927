import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deriveKeys } from '../src/shared/keys.js';
import { newShortCode, newTicketId, signTicket } from '../src/tickets/ticket-token.js';
import { buildTestApp, eventPayload, makeToken, testConfig } from './support/app.js';
import { openTestDatabase } from './support/db.js';

/**
 * Two door devices scanning the same ticket at the same moment, a thousand times, on real
 * PostgreSQL (PGlite serialises everything and could not show a race). Each device talks to
 * its own app instance, as behind a load balancer, so the two scans are decided by two
 * statements in two transactions at once; with one instance as well (its scan groups). The
 * control runs the same scans on the same path with the primary key dropped and a check for an
 * existing row in its place: it must let both devices say ok, which shows the test can see the
 * race the key prevents.
 */
const keys = deriveKeys(testConfig());
const TICKETS = 1000;

async function prepare(racy: boolean, instances: 1 | 2) {
  const testDb = await openTestDatabase('postgres', { max: 20 });
  const db = testDb.handle.db;
  const apps = Array.from({ length: instances }, () =>
    buildTestApp(db, { now: '2026-12-01T02:00:00Z', config: racy ? { UNSAFE_RACY_CHECKINS: '1' } : {} }),
  );
  const t = apps[0]!;
  const organiser = await makeToken(db, 'organiser');
  const created = await t.call('POST', '/api/v1/admin/events', {
    token: organiser,
    body: eventPayload({ capacity: TICKETS, sessions: [{ startsAt: '2026-12-14T08:00:00+07:00', endsAt: '2026-12-14T11:30:00+07:00' }] }),
  });
  const eventId = created.json.event.id as string;
  await t.call('POST', `/api/v1/admin/events/${eventId}/publish`, { token: organiser });
  const now = new Date('2026-12-01T02:00:00Z');
  const ticketIds = Array.from({ length: TICKETS }, () => newTicketId());
  await db
    .insertInto('registrations')
    .values(
      ticketIds.map((ticketId, i) => ({
        event_id: eventId,
        status: 'confirmed' as const,
        full_name: `Học viên ${i}`,
        phone: `+8491${String(i).padStart(7, '0')}`,
        person_key: `k${i}`,
        consent_version: 'test',
        consent_processing_at: now,
        ticket_id: ticketId,
        short_code: newShortCode(),
        manage_token_hash: randomBytes(32).toString('hex'),
        created_at: now,
        updated_at: now,
      })),
    )
    .execute();
  if (racy) await sql`alter table attendance drop constraint attendance_pk`.execute(db);
  const scanner = await makeToken(db, 'scanner', [eventId]);
  for (const app of apps) app.clock.set('2026-12-14T01:30:00Z');
  const requests = ticketIds.flatMap((ticketId, i) =>
    ['cua-trai', 'cua-phai'].map((deviceId, device) => ({
      app: apps[device % instances]!,
      body: { code: signTicket(keys.tickets, ticketId), eventId, deviceId, nonce: `${deviceId}-${i}-${'x'.repeat(8)}` },
    })),
  );
  /** Every pair is sent together; up to 100 pairs are in flight at once. */
  const fire = async () => {
    const results: string[] = [];
    const missingFirstTime: string[] = [];
    for (let i = 0; i < requests.length; i += 200) {
      const batch = requests.slice(i, i + 200);
      const answers = await Promise.all(batch.map(({ app, body }) => app.call('POST', '/api/v1/checkins', { token: scanner, body })));
      for (const a of answers) {
        if (a.status !== 200) throw new Error(`scan failed: ${a.status} ${a.text}`);
        results.push(a.json.result);
        if (a.json.result === 'already_checked_in' && !a.json.firstCheckedInAt) missingFirstTime.push(a.text);
      }
    }
    return Object.assign(results, { missingFirstTime });
  };
  const count = async (table: 'attendance' | 'scans') =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return { testDb, fire, count };
}

describe.each([2, 1] as const)('two devices scanning the same ticket at once, %i app instance(s) [postgres]', (instances) => {
  let ctx: Awaited<ReturnType<typeof prepare>>;
  beforeAll(async () => {
    ctx = await prepare(false, instances);
  }, 180_000);
  afterAll(async () => ctx?.testDb.dispose());

  it('1,000 tickets × 2 devices: exactly 1,000 ok and 1,000 already checked in; replaying every nonce adds nothing', {
    timeout: 180_000,
  }, async () => {
    const results = await ctx.fire();
    expect(results.filter((r) => r === 'ok')).toHaveLength(TICKETS);
    expect(results.filter((r) => r === 'already_checked_in')).toHaveLength(TICKETS);
    // The device that lost says when the ticket was first checked in, even at the same moment.
    expect(results.missingFirstTime).toEqual([]);
    expect(await ctx.count('attendance')).toBe(TICKETS);
    expect(await ctx.count('scans')).toBe(2 * TICKETS);

    const replay = await ctx.fire();
    expect(replay.filter((r) => r === 'ok')).toHaveLength(TICKETS);
    expect(await ctx.count('attendance')).toBe(TICKETS);
    expect(await ctx.count('scans')).toBe(2 * TICKETS);
  });
});

describe('control: a check instead of the primary key, 2 app instances [postgres]', () => {
  let ctx: Awaited<ReturnType<typeof prepare>>;
  beforeAll(async () => {
    ctx = await prepare(true, 2);
  }, 180_000);
  afterAll(async () => ctx?.testDb.dispose());

  it('lets both devices say ok for some tickets, so the test above would catch a missing constraint', { timeout: 180_000 }, async () => {
    const results = await ctx.fire();
    const oks = results.filter((r) => r === 'ok').length;
    console.log(`race control: ${oks - TICKETS} of ${TICKETS} tickets answered ok on both devices`);
    expect(oks).toBeGreaterThan(TICKETS);
    expect(await ctx.count('attendance')).toBeGreaterThan(TICKETS);
  });
});
