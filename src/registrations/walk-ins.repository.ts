import type { Transaction } from 'kysely';
import type { Database } from '../db/schema.js';

type Trx = Transaction<Database>;

/** What a walk-in needs of its event, the row locked until the transaction ends (seats are counted on it). */
export function lockEventForWalkIn(trx: Trx, eventId: string) {
  return trx
    .selectFrom('events')
    .select(['id', 'status', 'capacity', 'confirmed_count', 'walk_ins_beyond_capacity'])
    .where('id', '=', eventId)
    .forUpdate()
    .executeTakeFirst();
}

/** A seat for a walk-in: one more confirmed, past the capacity only when the event allows it. */
export async function takeWalkInSeat(trx: Trx, eventId: string, beyondCapacity: boolean): Promise<boolean> {
  let q = trx
    .updateTable('events')
    .set((eb) => ({ confirmed_count: eb('confirmed_count', '+', 1) }))
    .where('id', '=', eventId);
  if (!beyondCapacity) q = q.where((eb) => eb('confirmed_count', '<', eb.ref('capacity')));
  return (await q.returning('id').executeTakeFirst()) !== undefined;
}
