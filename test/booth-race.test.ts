import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newShortCode, newTicketId } from '../src/tickets/ticket-token.js';
import { buildTestApp, eventPayload, makeToken } from './support/app.js';
import { openTestDatabase } from './support/db.js';

/**
 * A booth is never given twice, on real PostgreSQL (PGlite serialises everything and could not
 * show a race): 200 booth requests each try to take one of 50 booths at the same moment, four
 * to a booth, through two app instances as behind a load balancer. The control runs the same
 * attempts on the same path with the partial unique index on active allocations dropped, so
 * only the check before the insert remains: it must give some booth twice, which shows the test
 * can see the race the index prevents.
 */
const BOOTHS = 50;
const ATTEMPTS = 200;

async function prepare(withoutIndex: boolean) {
  const testDb = await openTestDatabase('postgres', { max: 20 });
  const db = testDb.handle.db;
  const apps = [0, 1].map(() => buildTestApp(db, { now: '2026-12-01T02:00:00Z' }));
  const t = apps[0]!;
  const organiser = await makeToken(db, 'organiser');
  const created = await t.call('POST', '/api/v1/admin/events', {
    token: organiser,
    body: eventPayload({ kind: 'fair', topic: 'fair_hosted', scope: 'district', title: 'Hội chợ', capacity: 1 }),
  });
  const eventId = created.json.event.id as string;
  const booths = Array.from({ length: BOOTHS }, (_, i) => ({ code: `A${String(i + 1).padStart(2, '0')}`, zone: 'A' }));
  const added = await t.call('POST', `/api/v1/admin/events/${eventId}/booths`, { token: organiser, body: { booths } });
  if (added.status !== 201) throw new Error(added.text);
  const boothIds = (added.json.booths as { id: string }[]).map((b) => b.id);
  const now = new Date('2026-12-01T02:00:00Z');
  // Pending requests of one booth each, written directly: the race is over booths, not over units.
  const regs = await db
    .insertInto('registrations')
    .values(
      Array.from({ length: ATTEMPTS }, (_, i) => ({
        event_id: eventId,
        status: 'pending' as const,
        full_name: `Cơ sở ${i}`,
        phone: `+8491${String(i).padStart(7, '0')}`,
        person_key: `k${i}`,
        booth_request: JSON.stringify({ type: 'standard', size: '3x3', count: 1, products: 'Nước mắm' }),
        consent_version: 'test',
        consent_processing_at: now,
        ticket_id: newTicketId(),
        short_code: newShortCode(),
        manage_token_hash: randomBytes(32).toString('hex'),
        created_at: now,
        updated_at: now,
      })),
    )
    .returning('id')
    .execute();
  if (withoutIndex) await sql`drop index booth_allocations_one_active`.execute(db);
  const fire = async () => {
    const answers = await Promise.all(
      regs.map((r, i) =>
        apps[i % 2]!.call('POST', `/api/v1/admin/registrations/${r.id}/booths`, {
          token: organiser,
          body: { boothIds: [boothIds[i % BOOTHS]] },
        }),
      ),
    );
    const unexpected = answers.filter((a) => a.status !== 200 && !(a.status === 409 && a.json.error.code === 'booth.taken'));
    if (unexpected.length) throw new Error(`unexpected answer: ${unexpected[0]!.status} ${unexpected[0]!.text}`);
    return answers.map((a) => a.status);
  };
  const givenTwice = async () => {
    const rows = await sql<{ booth_id: string; n: string }>`
      select booth_id, count(*) as n from booth_allocations where released_at is null group by booth_id having count(*) > 1`.execute(db);
    return rows.rows.length;
  };
  const allocated = async () =>
    Number(
      (await sql<{ n: string }>`select count(distinct booth_id) as n from booth_allocations where released_at is null`.execute(db)).rows[0]!
        .n,
    );
  return { testDb, fire, givenTwice, allocated };
}

describe('200 concurrent allocations over 50 booths, 2 app instances [postgres]', () => {
  let ctx: Awaited<ReturnType<typeof prepare>>;
  beforeAll(async () => {
    ctx = await prepare(false);
  }, 120_000);
  afterAll(async () => ctx?.testDb.dispose());

  it('no booth is given twice: exactly 50 allocations succeed, the other 150 are 409 booth.taken', { timeout: 120_000 }, async () => {
    const statuses = await ctx.fire();
    expect(statuses.filter((s) => s === 200)).toHaveLength(BOOTHS);
    expect(statuses.filter((s) => s === 409)).toHaveLength(ATTEMPTS - BOOTHS);
    expect(await ctx.givenTwice()).toBe(0);
    expect(await ctx.allocated()).toBe(BOOTHS);
  });
});

describe('control: the check without the unique index, 2 app instances [postgres]', () => {
  let ctx: Awaited<ReturnType<typeof prepare>>;
  beforeAll(async () => {
    ctx = await prepare(true);
  }, 120_000);
  afterAll(async () => ctx?.testDb.dispose());

  it('gives some booth twice, so the test above can see the race', { timeout: 120_000 }, async () => {
    await ctx.fire();
    expect(await ctx.givenTwice()).toBeGreaterThan(0);
  });
});
