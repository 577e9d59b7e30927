import { createApp } from './app.js';
import { parseConfig, type Config } from './config.js';
import { openPostgres, type DatabaseHandle } from './db/engines.js';
import type { AppDeps } from './http/env.js';
import { systemClock } from './shared/clock.js';
import { createLogger } from './shared/logger.js';

/** The bindings wrangler.toml declares; everything else in `env` is a string variable or secret. */
export interface WorkerEnv {
  HYPERDRIVE?: { connectionString: string };
  ASSETS?: { fetch(request: Request): Promise<Response> };
  [name: string]: unknown;
}

export interface WorkerContext {
  waitUntil(promise: Promise<unknown>): void;
}

/**
 * Hyperdrive pools the real connections, so each request gets its own small client. Five, as
 * Cloudflare advises (a Worker may hold six sockets at once): with a single one, a query made
 * outside a transaction while that transaction is open would wait forever.
 */
const CONNECTIONS_PER_REQUEST = 5;

export default {
  async fetch(request: Request, env: WorkerEnv, ctx: WorkerContext): Promise<Response> {
    const config = workerConfig(env);
    if (typeof config === 'string') {
      console.error(config);
      return new Response(config + '\n', { status: 500, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
    }
    const url = env.HYPERDRIVE?.connectionString;
    if (!url) {
      return new Response('HYPERDRIVE: binding missing (see [[hyperdrive]] in wrangler.toml)\n', {
        status: 500,
        headers: { 'Content-Type': 'text/plain; charset=utf-8' },
      });
    }
    // postgres.js connects on the first query, so requests that never touch the database
    // (assets without a session cookie) open no socket.
    const handle: DatabaseHandle = await openPostgres({ url, max: CONNECTIONS_PER_REQUEST });
    try {
      const app = createApp(workerDeps(handle, config, env, request));
      return await app.fetch(request);
    } finally {
      // The response is complete here (the app does not stream), so the client can go; the
      // Worker stays alive until it has said goodbye to Hyperdrive.
      ctx.waitUntil(handle.close());
    }
  },
};

/** The config, or the message saying which variable to fix. Values are never echoed. */
function workerConfig(env: WorkerEnv): Config | string {
  const vars: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) if (typeof value === 'string') vars[name] = value;
  const parsed = parseConfig(vars);
  if (!parsed.ok) return parsed.message;
  // On Node a missing key is generated into the data folder; a Worker has no folder to keep
  // it in, and a new key per isolate would log everyone out and void every ticket.
  if (!parsed.config.SECRET_KEY) {
    return 'Cấu hình không hợp lệ / Invalid configuration:\n  SECRET_KEY: not set (run `npx wrangler secret put SECRET_KEY` with 64 random hex characters)';
  }
  return parsed.config;
}

function workerDeps(handle: DatabaseHandle, config: Config, env: WorkerEnv, request: Request): AppDeps {
  return {
    db: handle.db,
    config,
    clock: systemClock,
    log: createLogger(config.LOG_LEVEL, (line) => console.log(line)),
    // Set by Cloudflare's edge to the address the connection came from; clients cannot forge it.
    clientAddress: (c) => c.req.header('cf-connecting-ip'),
    assets: env.ASSETS ? assetsFrom(env.ASSETS, request.url) : undefined,
  };
}

/** Files of web/ by bare name, from the static-assets binding (which serves web/ at the root). */
function assetsFrom(binding: NonNullable<WorkerEnv['ASSETS']>, requestUrl: string): NonNullable<AppDeps['assets']> {
  return async (name) => {
    const response = await binding.fetch(new Request(new URL(`/${name}`, requestUrl)));
    if (response.status !== 200) {
      await response.body?.cancel();
      return null;
    }
    const type = response.headers.get('Content-Type') ?? 'application/octet-stream';
    return { body: new Uint8Array(await response.arrayBuffer()), type };
  };
}
