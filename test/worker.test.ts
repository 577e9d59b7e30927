import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import worker, { dispatchMail, type WorkerEnv } from '../src/worker.js';
import { TEST_DATABASE_URL } from './support/postgres.js';

// The Workers entry run in Node: the per-request wiring (config from string vars, a client from
// the Hyperdrive binding, assets from the ASSETS binding, closing after the response) is
// checked here; test/worker.workerd.test.ts (`npm run test:worker`) runs the bundle in workerd.
const APP_CSS = readFileSync(new URL('../web/app.css', import.meta.url), 'utf8');

const fakeAssets: NonNullable<WorkerEnv['ASSETS']> = {
  async fetch(request) {
    if (new URL(request.url).pathname !== '/app.css') return new Response('Not Found', { status: 404 });
    return new Response(APP_CSS, { headers: { 'Content-Type': 'text/css; charset=utf-8' } });
  },
};

function workerEnv(vars: Record<string, string> = {}): WorkerEnv {
  return {
    HYPERDRIVE: { connectionString: TEST_DATABASE_URL },
    ASSETS: fakeAssets,
    PUBLIC_URL: 'https://events.example.org',
    NODE_ENV: 'production',
    SECRET_KEY: 'worker-test-secret-worker-test-secret-0123',
    LOG_LEVEL: 'silent',
    ...vars,
  };
}

/** One request through the Worker; resolves after everything handed to waitUntil has settled. */
async function request(path: string, env: WorkerEnv = workerEnv()) {
  const pending: Promise<unknown>[] = [];
  const response = await worker.fetch(new Request(`https://events.example.org${path}`), env, {
    waitUntil: (promise) => pending.push(promise),
  });
  await Promise.all(pending);
  return { response, waited: pending.length };
}

describe('the Workers entry', () => {
  it('answers the health check through the Hyperdrive connection string and closes it afterwards', async () => {
    const { response, waited } = await request('/healthz');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
    expect(waited).toBe(1);
  });

  it('serves web/ files from the ASSETS binding under /assets, and nothing else', async () => {
    const css = await request('/assets/app.css');
    expect(css.response.status).toBe(200);
    expect(css.response.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(await css.response.text()).toBe(APP_CSS);

    const missing = await request('/assets/missing.css');
    expect(missing.response.status).toBe(404);
  });

  it('a missing SECRET_KEY is a 500 naming the variable, not a crash', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    for (const NODE_ENV of ['production', 'development']) {
      const env = workerEnv({ NODE_ENV });
      delete env.SECRET_KEY;
      const { response, waited } = await request('/healthz', env);
      expect(response.status).toBe(500);
      expect(await response.text()).toContain('SECRET_KEY');
      expect(waited).toBe(0);
    }
    expect(logged).toHaveBeenCalledWith(expect.stringContaining('SECRET_KEY'));
    logged.mockRestore();
  });

  it('SMTP_URL on a Worker is a 500 saying to set the HTTP mail provider instead', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    const { response } = await request('/healthz', workerEnv({ SMTP_URL: 'smtp://user:pw-secret@mail.example.org:587' }));
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(text).toContain('SMTP_URL');
    expect(text).toContain('MAIL_HTTP_URL');
    expect(text).not.toContain('pw-secret');
    logged.mockRestore();
  });

  it('the Cron Trigger without MAIL_HTTP_URL sends nothing, touches no database and says why', async () => {
    const lines: string[] = [];
    const logged = vi.spyOn(console, 'log').mockImplementation((line: string) => void lines.push(line));
    const env = workerEnv({ LOG_LEVEL: 'warn' });
    delete env.HYPERDRIVE;
    const pending: Promise<unknown>[] = [];
    worker.scheduled({ scheduledTime: Date.parse('2026-12-01T02:00:00Z'), cron: '* * * * *' }, env, { waitUntil: (p) => pending.push(p) });
    expect(pending).toHaveLength(1);
    expect(await pending[0]).toBeNull();
    expect(await dispatchMail(env, new Date())).toBeNull();
    expect(lines.some((l) => l.includes('MAIL_HTTP_URL and MAIL_HTTP_KEY are not set'))).toBe(true);
    logged.mockRestore();
  });
});
