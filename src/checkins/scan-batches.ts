import type { Kysely } from 'kysely';
import { rowMayBeTheCause } from '../db/errors.js';
import type { Database } from '../db/schema.js';
import { createGroupWriter } from '../shared/group-writer.js';
import { type RecordedScan, recordScan, type ScanRecord } from './checkins.repository.js';
import { recordScans } from './scan-groups.repository.js';

type Db = Kysely<Database>;

export interface ScanBatcher {
  record(scan: ScanRecord): Promise<RecordedScan>;
}

/**
 * Groups the online scans that arrive while the previous group is being written: a lone scan
 * goes straight out; at a busy door each statement carries every scan that came in meanwhile.
 * One group at a time: the statement's cost per scan falls steeply with the group's size
 * (about 400 µs a scan in groups of 4, 190 in groups of 16, 160 in groups of 64 on the
 * benchmark machine: `npm run bench:checkin-statement`), and every group commits through the
 * same log anyway, so several small groups at once cost more than one larger group and
 * answered no sooner.
 */
export function createScanBatcher(db: Db, options: { maxBatch?: number; maxInFlight?: number; racy?: boolean } = {}): ScanBatcher {
  const racy = { racy: options.racy ?? false };
  const record = createGroupWriter<ScanRecord, RecordedScan>({
    one: (scan) => recordScan(db, scan, racy),
    many: (scans) => recordScans(db, scans, racy),
    retryAlone: rowMayBeTheCause,
    maxBatch: options.maxBatch ?? 64,
    maxInFlight: options.maxInFlight ?? 1,
  });
  return { record };
}
