import v8 from 'node:v8';

/**
 * How far the old generation may grow past what the last full collection kept before the
 * next one starts: 400 means five times. V8's own factor is about 1.1 to 4 and chosen from
 * how fast collection has been; for this server's small live heap (about 25 MB under a door
 * rush) it came to about 1.4, so a full collection ran every two seconds at 2,000 scans/s.
 * Each one costs a few milliseconds of pause on the request thread and about 50 ms of
 * marking on another core, and on a two-core machine the requests behind it waited 20–35 ms:
 * most of the check-in p99 (`npm run bench:checkin`, README "Decisions"). At five times, the
 * heap under that rush reaches about 130 MB and a full collection comes every half minute.
 */
export const HEAP_GROWING_PERCENT = 400;

/**
 * Applies HEAP_GROWING_PERCENT to this process, unless the operator set the flag themselves
 * (`node --heap-growing-percent=…`, or in NODE_OPTIONS). V8 reads the factor at each collection, so setting it
 * after start takes effect from the next one.
 */
export function tuneGarbageCollection(
  execArgv: readonly string[] = process.execArgv,
  nodeOptions: string = process.env.NODE_OPTIONS ?? '',
): number | null {
  if ([...execArgv, ...nodeOptions.split(/\s+/)].some((a) => a.startsWith('--heap-growing-percent') || a.startsWith('--heap_growing_percent'))) return null;
  v8.setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  return HEAP_GROWING_PERCENT;
}
