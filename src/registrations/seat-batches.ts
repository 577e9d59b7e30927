import type { Kysely } from 'kysely';
import { rowMayBeTheCause } from '../db/errors.js';
import type { Database } from '../db/schema.js';
import { createGroupWriter } from '../shared/group-writer.js';
import { type FirstMail, insertManyWithSeats, type Seated, type SeatRow } from './seat-groups.repository.js';

type Db = Kysely<Database>;

export interface SeatBatcher {
  insert(row: SeatRow, mail: FirstMail): Promise<Seated>;
}

/**
 * Groups the registrations arriving for one event while its previous group is being written:
 * a lone registration goes straight out; under a rush each statement carries everyone who
 * arrived meanwhile, in arrival order. One group per event at a time, so groups take the
 * event row (and their seq numbers) in the order they were formed. `racy`: the TEST-ONLY race
 * control, the same statement without the event row's lock.
 */
export function createSeatBatcher(db: Db, options: { maxBatch?: number; racy?: boolean } = {}): SeatBatcher {
  type Item = { row: SeatRow; mail: FirstMail };
  const racy = { racy: options.racy ?? false };
  // A lane is one event, so a group's rows share the first one's event.
  const insert = (items: Item[]) => (items[0] ? insertManyWithSeats(db, items[0].row.event_id, items, racy) : Promise.resolve([]));
  const write = createGroupWriter<Item, Seated>({
    one: async (item) => {
      const [seated] = await insert([item]);
      if (!seated) throw new Error('the seat statement returned no row');
      return seated;
    },
    many: insert,
    retryAlone: rowMayBeTheCause,
    lane: (item) => item.row.event_id,
    // The control fills the class in small groups, so the two servers' statements overlap many
    // times while seats remain (with one group of 64 a server can take every seat before the
    // other's first statement starts, and the control proves nothing on a busy machine).
    maxBatch: options.maxBatch ?? (options.racy ? 4 : 64),
    maxInFlight: 1,
  });
  return { insert: (row, mail) => write({ row, mail }) };
}
