import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from './support/processes.js';

/**
 * The PGlite folder's lock under real concurrency: separate processes asking for the same
 * folder at the same millisecond, for many folders one after another (two processes must be
 * on a core at once for a race to happen, which a busy machine makes rare). The control runs
 * the same races with the first version's look-then-write and must see two owners, which
 * shows the test can see the race at all.
 */
const CONTENDERS = 6;
/** Folders raced for per run; `LOCK_RACES=2000` for a longer look. */
const RACES = Number(process.env.LOCK_RACES ?? 300);
const GAP_MS = 4;

interface Answer {
  pid: number;
  results: (string | number)[];
}

class Contender {
  readonly child: ChildProcess;
  private readonly waiting: ((answer: Answer) => void)[] = [];

  constructor() {
    this.child = spawn(process.execPath, ['--import', 'tsx', 'test/support/lock-contender.ts'], {
      cwd: ROOT,
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    createInterface({ input: this.child.stdout! }).on('line', (line) => this.waiting.shift()?.(JSON.parse(line) as Answer));
  }

  ask(command: object): Promise<Answer> {
    const answer = new Promise<Answer>((resolve) => this.waiting.push(resolve));
    this.child.stdin!.write(`${JSON.stringify(command)}\n`);
    return answer;
  }

  stop(): Promise<unknown> {
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
    return exited;
  }
}

const roots: string[] = [];
function freshFolders(count: number): string[] {
  const root = mkdtempSync(join(tmpdir(), 'kc-lock-'));
  roots.push(root);
  return Array.from({ length: count }, (_, k) => join(root, `data-${k}`));
}

/** Who got each folder: every contender asks for folder k at the same moment, then all let go. */
async function race(contenders: Contender[], dirs: string[], racy = false): Promise<{ pid: number; result: string | number }[][]> {
  const at = Date.now() + 300;
  const answers = await Promise.all(contenders.map((c) => c.ask({ dirs, at, gapMs: GAP_MS, racy })));
  await Promise.all(contenders.map((c) => c.ask({ release: true })));
  return dirs.map((_, k) => answers.map((a) => ({ pid: a.pid, result: a.results[k]! })));
}

/** Folders where not exactly one won, or someone was not told the winner's pid. */
function badFolders(perFolder: { pid: number; result: string | number }[][]) {
  return perFolder.filter((answers) => {
    const winners = answers.filter((a) => a.result === 'won');
    return winners.length !== 1 || answers.some((a) => a.result !== 'won' && a.result !== winners[0]!.pid);
  });
}

/** A process that took the lock of each folder and was killed holding them; its pid is dead now. */
async function killedHolder(dirs: string[]): Promise<number> {
  const holder = new Contender();
  const answer = await holder.ask({ dirs, at: 0, gapMs: 0 });
  expect(answer.results.every((r) => r === 'won')).toBe(true);
  await holder.stop();
  return answer.pid;
}

describe('the PGlite folder lock, many processes at once', { timeout: 120_000 }, () => {
  let contenders: Contender[] = [];
  beforeAll(() => {
    contenders = Array.from({ length: CONTENDERS }, () => new Contender());
  });
  afterAll(async () => {
    await Promise.all(contenders.map((c) => c.stop()));
    for (const root of roots) rmSync(root, { recursive: true, force: true });
  });

  it(`${CONTENDERS} processes asking for a folder at the same millisecond: exactly one takes it, the others are told who holds it (${RACES} folders)`, async () => {
    const bad = badFolders(await race(contenders, freshFolders(RACES)));
    expect(bad, JSON.stringify(bad.slice(0, 3))).toEqual([]);
  });

  it('a lock left by a process killed while holding it is taken over by exactly one of those asking at once', async () => {
    const dirs = freshFolders(50);
    const dead = await killedHolder(dirs);
    const perFolder = await race(contenders, dirs);
    const bad = badFolders(perFolder);
    expect(bad, JSON.stringify(bad.slice(0, 3))).toEqual([]);
    expect(perFolder.flat().map((a) => a.result)).not.toContain(dead);
  });

  it("the first version's lock file, left by a dead process, is taken over by exactly one", async () => {
    const dead = await killedHolder(freshFolders(1));
    const dirs = freshFolders(50);
    for (const dir of dirs) {
      mkdirSync(dir);
      writeFileSync(join(dir, 'pglite.lock'), String(dead));
    }
    const bad = badFolders(await race(contenders, dirs));
    expect(bad, JSON.stringify(bad.slice(0, 3))).toEqual([]);
  });

  it('control: looking and then writing, as the first version did, lets two processes take the same folder', async () => {
    const bad = badFolders(await race(contenders, freshFolders(RACES), true));
    console.log(`control: not exactly one owner for ${bad.length} of ${RACES} folders`);
    expect(bad.length).toBeGreaterThan(0);
  });
});
