import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, ROOT } from './processes.js';

/**
 * `wrangler dev` on this machine: the Worker bundle (src/worker.ts, as `wrangler deploy` would
 * build it) in local workerd, PostgreSQL through the Hyperdrive binding's local connection
 * string, no Cloudflare account and nothing from the network: metrics, the update check and the
 * `Request.cf` download are switched off.
 */
export interface WranglerDev {
  url: string;
  /** wrangler's own process; workerd runs as its children. */
  pid: number;
  output: () => string;
  stop(): Promise<void>;
}

export const HOW_TO_FIX_WRANGLER =
  'wrangler dev (local workerd) did not start. Its binary comes from the npm package `workerd` ' +
  '(through its optional dependency @cloudflare/workerd-<platform>), installed by `npm ci`; if ' +
  'node_modules/@cloudflare/workerd-linux-64/bin/workerd is missing, run `npm ci` again with optional ' +
  'dependencies and install scripts allowed (package.json `allowScripts`). ' +
  'Try it by hand: npx wrangler dev --local --port 8787.';

export async function startWranglerDev(options: {
  /** postgres://user:password@host:port/db — the Hyperdrive binding's local connection string. */
  databaseUrl: string;
  vars: Record<string, string>;
  /** `--test-scheduled`: GET /__scheduled runs the `scheduled` handler. */
  testScheduled?: boolean;
  timeoutMs?: number;
}): Promise<WranglerDev> {
  const wrangler = join(ROOT, 'node_modules/wrangler/bin/wrangler.js');
  if (!existsSync(wrangler)) throw new Error(`${HOW_TO_FIX_WRANGLER} (node_modules/wrangler is missing)`);
  const [port, inspectorPort] = [await freePort(), await freePort()];
  const state = mkdtempSync(join(tmpdir(), 'kc-wrangler-'));
  const url = `http://127.0.0.1:${port}`;
  const args = [
    wrangler,
    'dev',
    '--local',
    '--ip',
    '127.0.0.1',
    '--port',
    String(port),
    // Its default (9229) is shared by every wrangler dev on the machine.
    '--inspector-port',
    String(inspectorPort),
    '--inspector-ip',
    '127.0.0.1',
    '--persist-to',
    state,
    '--show-interactive-dev-session=false',
    '--log-level',
    'warn',
    ...(options.testScheduled ? ['--test-scheduled'] : []),
    ...Object.entries(options.vars).flatMap(([name, value]) => ['--var', `${name}:${value}`]),
  ];
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: ROOT,
    // Its own process group, so workerd goes with it.
    detached: true,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? state,
      CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_HYPERDRIVE: options.databaseUrl,
      WRANGLER_SEND_METRICS: 'false',
      WRANGLER_HIDE_BANNER: 'true',
      CLOUDFLARE_CF_FETCH_ENABLED: 'false',
      WRANGLER_LOG_PATH: state,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      process.kill(-child.pid!, 'SIGTERM');
      const done = await Promise.race([exited.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 10_000))]);
      if (!done) process.kill(-child.pid!, 'SIGKILL');
    }
    rmSync(state, { recursive: true, force: true });
  };

  const deadline = Date.now() + (options.timeoutMs ?? 90_000);
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`${HOW_TO_FIX_WRANGLER}\nwrangler exited with ${child.exitCode}:\n${out}`);
    }
    let answer: { status: number; text: string } | null = null;
    try {
      const res = await fetch(`${url}/healthz`);
      answer = { status: res.status, text: await res.text() };
    } catch {
      // not listening yet
    }
    if (answer?.status === 200) return { url, pid: child.pid!, output: () => out, stop };
    // The Worker runs but refuses its configuration: waiting will not change that.
    if (answer?.status === 500 && answer.text.includes('Invalid configuration')) {
      await stop();
      throw new Error(`the Worker started in workerd but refuses its configuration:\n${answer.text}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  await stop();
  throw new Error(
    `${HOW_TO_FIX_WRANGLER}\nno healthy answer from ${url}/healthz within ${(options.timeoutMs ?? 90_000) / 1000} s:\n${out}`,
  );
}
