import type { Kysely, KyselyPlugin } from 'kysely';
import { expect, it } from 'vitest';
import type { Database } from '../src/db/schema.js';
import { createSeatBatcher } from '../src/registrations/seat-batches.js';
import type { SeatRow } from '../src/registrations/seat-groups.repository.js';
import { buildTestApp, makeToken, publishedEvent, registrationPayload } from './support/app.js';
import { describeEachEngine } from './support/db.js';

/** Counts the statements a Kysely handle sends (observation only: every query still runs). */
function counting(db: Kysely<Database>) {
  const seen: string[] = [];
  const plugin: KyselyPlugin = {
    transformQuery: (args) => {
      seen.push(args.node.kind);
      return args.node;
    },
    transformResult: async (args) => args.result,
  };
  return { db: db.withPlugin(plugin), statements: () => seen.length };
}

let n = 0;
function row(eventId: string, phone?: string): SeatRow {
  n++;
  const now = new Date('2026-12-01T02:00:00Z');
  return {
    event_id: eventId,
    full_name: `Học viên ${n}`,
    phone: phone ?? `+8491${String(1_000_000 + n).slice(-7)}`,
    person_key: `batch-${n}-${Math.random()}`,
    answers: '{}',
    lang: 'vi',
    consent_version: 'test',
    consent_processing_at: now,
    ticket_id: `batch-ticket-${n}-${Math.random()}`,
    short_code: `B${String(n).padStart(7, '0')}`,
    manage_token_hash: `hash-${n}-${Math.random()}`,
    created_at: now,
    updated_at: now,
  };
}

describeEachEngine('registrations arriving together', ({ db }) => {
  async function event(capacity: number) {
    const t = buildTestApp(db(), { now: '2026-12-01T02:00:00Z' });
    const token = await makeToken(db(), 'organiser');
    return { ...t, eventId: await publishedEvent(t.call, token, { capacity }) };
  }

  it('are written a group per statement, seats to the first arrivals, seq in arrival order', async () => {
    const { eventId } = await event(10);
    const { db: observed, statements } = counting(db());
    const batcher = createSeatBatcher(observed);
    const rows = Array.from({ length: 30 }, () => row(eventId));
    const seated = await Promise.all(rows.map((r) => batcher.insert(r, null)));

    expect(seated.filter((s) => s.status === 'confirmed')).toHaveLength(10);
    expect(seated.slice(0, 10).every((s) => s.status === 'confirmed')).toBe(true);
    const seqs = seated.map((s) => s.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    // The first goes out alone; everyone who arrived meanwhile shares the next statement.
    expect(statements()).toBeLessThanOrEqual(3);
    const stored = await db().selectFrom('events').select('confirmed_count').where('id', '=', eventId).executeTakeFirstOrThrow();
    expect(stored.confirmed_count).toBe(10);
  });

  it('a person twice in one group fails alone; everyone else in the group is registered', async () => {
    const { eventId } = await event(50);
    const batcher = createSeatBatcher(db());
    const first = row(eventId);
    const group = [row(eventId), first, row(eventId), { ...row(eventId), phone: first.phone }, row(eventId)];
    const outcomes = await Promise.allSettled(group.map((r) => batcher.insert(r, null)));
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect(String((outcomes[3] as PromiseRejectedResult).reason)).toMatch(/registrations_one_per_phone|duplicate key/);
    expect(await db().selectFrom('registrations').select('id').where('event_id', '=', eventId).execute()).toHaveLength(4);
  });

  it('through the API, a rush with one person twice: one seat for them, the second told they are registered', async () => {
    const { call, eventId } = await event(5);
    const twice = registrationPayload();
    const bodies = [
      registrationPayload(),
      twice,
      registrationPayload(),
      registrationPayload(),
      twice,
      registrationPayload(),
      registrationPayload(),
    ];
    const answers = await Promise.all(bodies.map((body) => call('POST', `/api/v1/events/${eventId}/registrations`, { body })));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 201, 201, 201, 201, 201, 201]);
    const mai = answers.filter((_, i) => bodies[i] === twice).map((a) => [a.status, a.json.registration.existing]);
    expect(mai.sort()).toEqual([
      [200, true],
      [201, false],
    ]);
    const rows = await db().selectFrom('registrations').select(['status']).where('event_id', '=', eventId).execute();
    expect(rows).toHaveLength(6);
    expect(rows.filter((r) => r.status === 'confirmed')).toHaveLength(5);
  });
});
