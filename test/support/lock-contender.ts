/**
 * One process contending for PGlite folders' locks, driven by lines on stdin so that many of
 * them try at the same moments. `{"dirs": [...], "at": epoch ms, "gapMs": n, "racy"?: true}`
 * asks for the lock of `dirs[k]` at `at + k × gapMs` and answers `{"pid", "results"}`, one per
 * folder: `"won"`, the pid it is held by, or the error; `{"release": true}` lets go of them all.
 */
import { createInterface } from 'node:readline';
import { acquirePgliteLock, type PgliteLock } from '../../src/node/pglite-lock.js';

let held: PgliteLock[] = [];
const say = (message: object) => process.stdout.write(`${JSON.stringify({ pid: process.pid, ...message })}\n`);

for await (const line of createInterface({ input: process.stdin })) {
  const command = JSON.parse(line) as { dirs?: string[]; at?: number; gapMs?: number; racy?: boolean; release?: boolean };
  if (command.dirs) {
    const results = command.dirs.map((dir, k) => {
      // Spin rather than sleep: timers fire up to a few milliseconds apart in each process.
      while (Date.now() < command.at! + k * command.gapMs!);
      try {
        const outcome = acquirePgliteLock(dir, { unsafeReadCheckWrite: command.racy === true });
        if ('heldBy' in outcome) return outcome.heldBy;
        held.push(outcome);
        return 'won';
      } catch (err) {
        return `error: ${(err as Error).message}`;
      }
    });
    say({ results });
  }
  if (command.release) {
    for (const lock of held) lock.release();
    held = [];
    say({ released: true });
  }
}
