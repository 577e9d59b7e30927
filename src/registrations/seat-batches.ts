import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { createGroupWriter, rowMayBeTheCause } from '../shared/group-writer.js';
import { type FirstMail, insertManyWithSeats, type Seated, type SeatRow } from './seat-groups.repository.js';

type Db = Kysely<Database>;

export interface SeatBatcher {
  insert(row: SeatRow, mail: FirstMail): Promise<Seated>;
}

/**
 * Groups the registrations arriving for one event while its previous group is being written:
 * a lone registration goes straight out; under a rush each statement carries everyone who
 * arrived meanwhile, in arrival order. One group per event at a time, so groups take the
 * event row (and their seq numbers) in the order they were formed.
 */
export function createSeatBatcher(db: Db, options: { maxBatch?: number } = {}): SeatBatcher {
  type Item = { row: SeatRow; mail: FirstMail };
  const write = createGroupWriter<Item, Seated>({
    one: async (item) => {
      // insertManyWithSeats answers one row per item or throws.
      const [seated] = await insertManyWithSeats(db, item.row.event_id, [item]);
      if (!seated) throw new Error('insertManyWithSeats: the row was not inserted');
      return seated;
    },
    // A group is one lane's, so one event's; never empty.
    many: async (items) => {
      const [first] = items;
      return first ? insertManyWithSeats(db, first.row.event_id, items) : [];
    },
    retryAlone: rowMayBeTheCause,
    lane: (item) => item.row.event_id,
    maxBatch: options.maxBatch ?? 64,
    maxInFlight: 1,
  });
  return { insert: (row, mail) => write({ row, mail }) };
}
