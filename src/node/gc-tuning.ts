import v8 from 'node:v8';

/*
 * Why HEAP_GROWING_PERCENT defaults to 400. It is how far V8 lets the old generation grow
 * past what the last full collection kept before it collects again: 400 means five times. V8's own factor is 1.1 to 4, chosen from
 * how fast collection has been; for this server's small live heap (about 25 MB under a door
 * rush) it came to about 1.4, so a full collection ran every two seconds at 2,000 scans/s.
 * Each one costs a few milliseconds of pause on the request thread and about 50 ms of
 * marking on another core; on a two-core machine the scans behind it waited 20–35 ms, most
 * of the check-in p99 (`npm run bench:checkin`, README "Decisions"). At five times the heap
 * under that rush reaches about 130 MB and a full collection comes every half minute. The
 * factor replaces V8's smaller ones under memory pressure too, so on a small machine set
 * --max-old-space-size as well (README "Deployment").
 */

/** True when the node command line already sets V8's heap growth (V8 reads - and _ alike). */
export function commandLineSetsHeapGrowth(execArgv: readonly string[]): boolean {
  return execArgv.some((a) => a.replace(/_/g, '-').startsWith('--heap-growing-percent'));
}

/**
 * Sets V8's heap growth for this process (`HEAP_GROWING_PERCENT`; 0 keeps V8's own choice),
 * unless the node command line set it (`npx tsx --heap-growing-percent=150 src/node/server.ts`).
 * V8 reads the flag each time it sets the next limit, so setting it after start takes effect
 * from the next collection; `--trace-gc-verbose` shows the factor, "(5.0)" for 400. Node
 * documents flags set at run time as unpredictable in general: the test in gc-tuning.test.ts
 * checks in a real process that this one still takes effect.
 */
export function tuneGarbageCollection(
  percent: number,
  execArgv: readonly string[] = process.execArgv,
): 'set' | 'command-line' | 'v8-default' {
  if (commandLineSetsHeapGrowth(execArgv)) return 'command-line';
  if (percent === 0) return 'v8-default';
  v8.setFlagsFromString(`--heap-growing-percent=${percent}`);
  return 'set';
}
