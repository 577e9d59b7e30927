import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { createGroupWriter, rowMayBeTheCause } from '../shared/group-writer.js';
import { recordScan, type RecordedScan, type ScanRecord } from './checkins.repository.js';
import { recordScans } from './scan-groups.repository.js';

type Db = Kysely<Database>;

export interface ScanBatcher {
  record(scan: ScanRecord): Promise<RecordedScan>;
}

/**
 * Groups the online scans that arrive while earlier groups are being written: a lone scan
 * goes straight out; at a busy door each statement carries every scan that came in meanwhile.
 * Scans of different tickets touch different rows, so up to four groups are written at once.
 */
export function createScanBatcher(db: Db, options: { maxBatch?: number; maxInFlight?: number } = {}): ScanBatcher {
  const record = createGroupWriter<ScanRecord, RecordedScan>({
    one: (scan) => recordScan(db, scan),
    many: (scans) => recordScans(db, scans),
    retryAlone: rowMayBeTheCause,
    maxBatch: options.maxBatch ?? 64,
    maxInFlight: options.maxInFlight ?? 4,
  });
  return { record };
}
