// A first start as a user makes it: `npm start -- --demo` on a new data folder, timed from the
// command to the first healthy /healthz, then a restart on the same folder, each RUNS times.
// `npx tsx test/bench/first-start-process.ts` (RUNS=3 by default). Where the time goes comes from
// the server's own log lines; the machine's own floor is how long `node -e 0` takes here, now.
// test/bench/first-start.ts times the steps inside one process.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, ROOT } from '../support/processes.js';

const RUNS = Number(process.env.RUNS ?? 3);
const MARKS = [
  'heap growth',
  'new PGlite database copied from the migrated template',
  'programme seed loaded',
  'demo events loaded',
  'listening',
];

function nodeFloor(): number {
  const started = performance.now();
  spawnSync(process.execPath, ['-e', '0']);
  return performance.now() - started;
}

async function healthy(url: string, child: ChildProcess): Promise<void> {
  for (;;) {
    if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function startOnce(dataDir: string): Promise<{ ms: number; steps: string }> {
  const port = await freePort();
  const started = Date.now();
  const child = spawn('npm', ['start', '--', '--demo'], {
    cwd: ROOT,
    env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  await healthy(`http://127.0.0.1:${port}/healthz`, child);
  const ms = Date.now() - started;
  const exited = new Promise((r) => child.on('exit', r));
  child.kill('SIGTERM');
  await exited;
  // Each mark: milliseconds from the command to the log line.
  const steps: string[] = [];
  for (const line of out.split('\n')) {
    if (!line.startsWith('{')) continue;
    const entry = JSON.parse(line) as { time: string; msg: string };
    if (MARKS.includes(entry.msg)) steps.push(`${entry.msg.split(' ').slice(0, 2).join(' ')} +${Date.parse(entry.time) - started}`);
  }
  return { ms, steps: steps.join(' · ') };
}

const floor = nodeFloor();
for (let i = 0; i < RUNS; i++) {
  const dir = mkdtempSync(join(tmpdir(), 'kc-first-start-'));
  try {
    const first = await startOnce(join(dir, 'data'));
    const restart = await startOnce(join(dir, 'data'));
    console.log(`first start ${(first.ms / 1000).toFixed(2)} s (${(first.ms / floor).toFixed(0)}× node -e 0) | ${first.steps}`);
    console.log(`restart     ${(restart.ms / 1000).toFixed(2)} s (${(restart.ms / floor).toFixed(0)}× node -e 0) | ${restart.steps}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
console.log(`machine floor: node -e 0 took ${floor.toFixed(0)} ms`);
