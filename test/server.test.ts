import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, onTestFinished } from 'vitest';
import { eventPayload, sessionsFromToday } from './support/app.js';
import { fakedTimeEnv, freePort, ROOT, runNode, waitForHealthy } from './support/processes.js';

const dataRoot = mkdtempSync(join(tmpdir(), 'kc-server-'));
afterAll(() => rmSync(dataRoot, { recursive: true, force: true }));

/** Sends a request's headers and half its body, and the rest only when told: it is in flight. */
function halfSentRequest(url: string, token: string, body: string) {
  const bytes = Buffer.from(body);
  let finish!: () => void;
  const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = http.request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': bytes.length, authorization: `Bearer ${token}` },
    });
    req.on('response', (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.write(bytes.subarray(0, bytes.length >> 1));
    finish = () => req.end(bytes.subarray(bytes.length >> 1));
  });
  return { response, finish };
}

// Real processes start PGlite (initdb in WASM) several times: slow on a busy machine.
describe('the Node server on PGlite', { timeout: 180_000 }, () => {
  it('stops cleanly on SIGTERM, finishing a request in flight, and a restart finds every row', async () => {
    const dataDir = join(dataRoot, 'a', 'nested', 'data'); // the parent folders do not exist yet
    const port = await freePort();
    const env = { DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1' };
    const url = `http://127.0.0.1:${port}`;

    const cli = runNode('src/node/cli.ts', ['token:create', '--name', 'Máy kiểm thử', '--role', 'organiser'], env);
    expect(await cli.exited, cli.output()).toBe(0);
    const token = cli.output().match(/token \(shown once\): (\S+)/)![1]!;

    const first = runNode('src/node/server.ts', [], env);
    await waitForHealthy(url, first);
    expect(first.output()).toContain('npm run cli -- user:create --email you@example.org --role admin');
    const ids: string[] = [];
    for (const title of ['Lớp một', 'Lớp hai']) {
      const res = await fetch(`${url}/api/v1/admin/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(eventPayload({ title, sessions: sessionsFromToday() })),
      });
      expect(res.status).toBe(201);
      ids.push(((await res.json()) as { event: { id: string } }).event.id);
    }

    const inFlight = halfSentRequest(
      `${url}/api/v1/admin/events`,
      token,
      JSON.stringify(eventPayload({ title: 'Lớp gửi dở', sessions: sessionsFromToday() })),
    );
    await new Promise((r) => setTimeout(r, 300));
    first.child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 300));
    inFlight.finish();
    const finished = await inFlight.response;
    expect(finished.status).toBe(201);
    ids.push((JSON.parse(finished.body) as { event: { id: string } }).event.id);
    expect(await first.exited).toBe(0);
    // New connections are refused once it stopped.
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();

    const second = runNode('src/node/server.ts', [], env);
    await waitForHealthy(url, second);
    const list = (await (await fetch(`${url}/api/v1/admin/events`, { headers: { authorization: `Bearer ${token}` } })).json()) as {
      events: { id: string; title: string }[];
    };
    expect(list.events.map((e) => e.id).sort()).toEqual([...ids].sort());
    expect(list.events.map((e) => e.title)).toContain('Lớp gửi dở');
    // The seed did not load twice.
    expect(second.output()).not.toContain('programme seed loaded');
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  });

  it('identity sequences do not jump across a clean restart', async () => {
    const dataDir = join(dataRoot, 'seq');
    const port = await freePort();
    const env = { DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1' };
    const url = `http://127.0.0.1:${port}`;
    // Each token creation writes one audit row; its id is an identity sequence.
    for (let i = 0; i < 2; i++) {
      const cli = runNode('src/node/cli.ts', ['token:create', '--name', `Máy ${i}`, '--role', 'organiser'], env);
      expect(await cli.exited, cli.output()).toBe(0);
    }
    const server = runNode('src/node/server.ts', [], env);
    await waitForHealthy(url, server);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    const cli = runNode('src/node/cli.ts', ['token:create', '--name', 'Máy 3', '--role', 'organiser'], env);
    expect(await cli.exited).toBe(0);

    const { openPglite } = await import('../src/db/engines.js');
    const handle = await openPglite(join(dataDir, 'pgdata'));
    const rows = await handle.db.selectFrom('audit_log').select('id').orderBy('id').execute();
    await handle.close();
    expect(rows.map((r) => r.id)).toEqual([1, 2, 3]);
  });

  it('a second process cannot open the same PGlite folder while the server runs', async () => {
    const dataDir = join(dataRoot, 'lock');
    const port = await freePort();
    const env = { DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1' };
    const server = runNode('src/node/server.ts', [], env);
    await waitForHealthy(`http://127.0.0.1:${port}`, server);
    const cli = runNode('src/node/cli.ts', ['user:create', '--email', 'a@b.vn', '--role', 'admin'], env);
    expect(await cli.exited).not.toBe(0);
    expect(cli.output()).toContain('DATA_DIR');
    expect(cli.output()).toContain('stop the server first');
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  });

  it('started with npm start, a SIGTERM to npm reaches the server: it stops cleanly and frees the folder', async () => {
    const dataDir = join(dataRoot, 'npm-start');
    const port = await freePort();
    const npm = spawn('npm', ['start'], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '/tmp',
        ...fakedTimeEnv(),
        DATA_DIR: dataDir,
        PORT: String(port),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group, so a failed run can still take down whatever npm started.
      detached: true,
    });
    // Runs even when the test times out, so nothing it started outlives it.
    onTestFinished(() => killGroup());
    const killGroup = () => {
      try {
        process.kill(-npm.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    };
    let out = '';
    npm.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    npm.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((resolve) => npm.on('exit', (code) => resolve(code)));
    try {
      await waitForHealthy(`http://127.0.0.1:${port}`, { child: npm, output: () => out, exited });
      // npm start runs the bundle start.mjs made (dist/node/server.js): its pages render as under tsx.
      const home = await fetch(`http://127.0.0.1:${port}/`);
      expect(home.status).toBe(200);
      expect(await home.text()).toContain('lang="vi"');
      const english = await fetch(`http://127.0.0.1:${port}/?lang=en`);
      expect(await english.text()).toContain('lang="en"');
      npm.kill('SIGTERM');
      const stopped = await Promise.race([exited.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 20_000))]);
      expect(stopped, `npm did not exit within 20 s of SIGTERM:\n${out}`).toBe(true);
      // The server itself logged its clean stop (not only npm exiting) and the port is closed.
      await expect.poll(() => out, { timeout: 15_000 }).toContain('"msg":"stopped"');
      await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
    } finally {
      killGroup();
    }
    // And the PGlite folder is free again: the CLI can open it.
    const cli = runNode('src/node/cli.ts', ['token:create', '--name', 'sau khi dừng', '--role', 'organiser'], { DATA_DIR: dataDir });
    expect(await cli.exited, cli.output()).toBe(0);
  });

  it('npm start reuses its bundle while the source is unchanged, and makes it again when a file it came from changes', async () => {
    const bundle = join(ROOT, 'dist', 'node', 'server.js');
    const stamp = `${bundle}.inputs.json`;
    const buildOnly = () => {
      const run = spawn(process.execPath, ['src/node/start.mjs', 'server'], {
        cwd: ROOT,
        env: { PATH: process.env.PATH ?? '', KC_BUILD_ONLY: '1' },
        stdio: 'inherit',
      });
      return new Promise<number | null>((resolve) => run.on('exit', resolve));
    };
    expect(await buildOnly()).toBe(0);
    const made = statSync(bundle).mtimeMs;
    expect(await buildOnly()).toBe(0);
    expect(statSync(bundle).mtimeMs, 'unchanged source: the bundle is reused').toBe(made);
    // As if src/app.tsx had been edited since: its recorded size no longer matches.
    const saved = JSON.parse(readFileSync(stamp, 'utf8')) as { files: Record<string, [number, number] | null> };
    expect(Object.keys(saved.files)).toContain('src/app.tsx');
    saved.files['src/app.tsx'] = [1, 1];
    writeFileSync(stamp, JSON.stringify(saved));
    expect(await buildOnly()).toBe(0);
    expect(statSync(bundle).mtimeMs, 'a changed input: the bundle is made again').toBeGreaterThan(made);
    const remade = JSON.parse(readFileSync(stamp, 'utf8')) as { files: Record<string, [number, number] | null> };
    expect(remade.files['src/app.tsx']).toEqual([statSync(join(ROOT, 'src/app.tsx')).size, statSync(join(ROOT, 'src/app.tsx')).mtimeMs]);
  });

  it.each([
    ['PORT', { PORT: 'tám nghìn' }],
    ['PORT', { PORT: '99999' }],
    ['DATABASE_URL', { DATABASE_URL: 'khong-phai-url' }],
    ['DATABASE_URL', { DATABASE_URL: 'postgres://nobody:secret-pw@127.0.0.1:1/none' }],
  ])('a bad %s exits with code 1 and a message naming it', async (name, bad) => {
    const run = runNode('src/node/server.ts', [], { DATA_DIR: join(dataRoot, 'bad'), ...bad });
    expect(await run.exited).toBe(1);
    expect(run.output()).toContain(`${name}:`);
    expect(run.output()).not.toContain('secret-pw');
  });

  it('a port already taken exits with code 1 naming PORT', async () => {
    const port = await freePort();
    const holder = http.createServer().listen(port, '127.0.0.1');
    try {
      const run = runNode('src/node/server.ts', [], { DATA_DIR: join(dataRoot, 'busy'), PORT: String(port), HOST: '127.0.0.1' });
      expect(await run.exited).toBe(1);
      expect(run.output()).toContain('PORT:');
    } finally {
      holder.close();
    }
  });
});
