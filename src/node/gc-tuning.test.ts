import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../test/support/processes.js';
import { commandLineSetsHeapGrowth } from './gc-tuning.js';

/** Runs tuneGarbageCollection in a fresh Node process, forces a full collection and returns V8's trace of the new limit. */
function limitTrace(percent: number, nodeFlags: string[] = []) {
  const code = `import('./src/node/gc-tuning.ts').then((m) => { const how = m.tuneGarbageCollection(${percent}); globalThis.gc(); console.log('tuning:' + how); })`;
  const run = spawnSync(process.execPath, ['--expose-gc', '--trace-gc-verbose', ...nodeFlags, '--import', 'tsx', '-e', code], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 30_000,
  });
  expect(run.status, run.stderr).toBe(0);
  const limit = run.stdout.split('\n').find((l) => l.includes('[HeapController] Limit:')) ?? '';
  return { limit, how: run.stdout.match(/tuning:(\S+)/)?.[1] };
}

describe('garbage collection tuning', () => {
  it('takes effect in a running Node process: the next heap limit is five times what was kept', () => {
    const tuned = limitTrace(400);
    expect(tuned.how).toBe('set');
    expect(tuned.limit).toMatch(/\(5\.0\)$/);
    // V8's own factor is at most 4: the test would notice the setting being ignored.
    const own = limitTrace(0);
    expect(own.how).toBe('v8-default');
    expect(own.limit).not.toMatch(/\(5\.0\)$/);
  });

  it("leaves an operator's own heap growth on the node command line alone, in either spelling", () => {
    expect(limitTrace(400, ['--heap-growing-percent=150']).limit).toMatch(/\(2\.5\)$/);
    expect(commandLineSetsHeapGrowth(['--heap_growing_percent=150'])).toBe(true);
    expect(commandLineSetsHeapGrowth(['--heap-growing_percent=150'])).toBe(true);
    expect(commandLineSetsHeapGrowth(['--enable-source-maps', '--max-old-space-size=512'])).toBe(false);
  });
});
