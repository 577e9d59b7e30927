import { randomBytes } from 'node:crypto';
import { createApp } from './app.js';
import { type Config, parseConfig } from './config.js';
import { type DatabaseHandle, openPostgres } from './db/engines.js';
import type { AppDeps } from './http/env.js';
import { httpTransportFrom, mailDelivery } from './mail/delivery.js';
import { createDispatcher, type DispatchRound } from './mail/dispatcher.js';
import { systemClock } from './shared/clock.js';
import { deriveKeys } from './shared/keys.js';
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

/** What a Cron Trigger hands the `scheduled` handler (the parts used here). */
export interface WorkerScheduledController {
  scheduledTime: number;
  cron: string;
}

/**
 * Hyperdrive pools the real connections, so each request gets its own small client. Five, as
 * Cloudflare advises (a Worker may hold six sockets at once): with a single one, a query made
 * outside a transaction while that transaction is open would wait forever.
 */
const CONNECTIONS_PER_REQUEST = 5;

/**
 * The cron run (every minute, wrangler.toml) sends through the provider's API, one fetch per
 * message, four at a time: with two database connections that is the six sockets a Worker may
 * hold, so no send waits for a socket held by an idle database connection.
 */
const CRON_CONNECTIONS = 2;
const CRON_CONCURRENCY = 4;
/**
 * No new batch is claimed after 25 s, nor past 500 messages: one run then ends well inside the
 * minute and far under the 10,000 subrequests of the Paid plan. Overlapping runs are safe (rows
 * are claimed with SKIP LOCKED), and what is left waits for the next minute.
 */
const CRON_CLAIM_WINDOW_MS = 25_000;
const CRON_MAX_MESSAGES = 500;

export default {
  async fetch(request: Request, env: WorkerEnv, ctx: WorkerContext): Promise<Response> {
    const config = workerConfig(env);
    if (typeof config === 'string') {
      console.error(config);
      return new Response(`${config}\n`, { status: 500, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
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

  /**
   * The Cron Trigger: the same dispatcher the Node processes loop over (src/mail/dispatcher.ts)
   * takes back stuck rows, queues due reminders and drains the outbox through the provider's
   * HTTP API. A failure is rethrown so the run is recorded as failed in Cloudflare's logs.
   */
  scheduled(controller: WorkerScheduledController, env: WorkerEnv, ctx: WorkerContext): void {
    ctx.waitUntil(dispatchMail(env, new Date(controller.scheduledTime)));
  },
};

export async function dispatchMail(env: WorkerEnv, scheduledAt: Date): Promise<DispatchRound | null> {
  const config = workerConfig(env);
  if (typeof config === 'string') throw new Error(config);
  const log = createLogger(config.LOG_LEVEL, (line) => console.log(line));
  const transport = httpTransportFrom(config);
  if (!transport) {
    // Nothing can leave a Worker without the provider API; /admin/mail says the same.
    log.warn('mail not sent: MAIL_HTTP_URL and MAIL_HTTP_KEY are not set on this Worker; the outbox waits', {
      scheduledAt: scheduledAt.toISOString(),
    });
    return null;
  }
  const url = env.HYPERDRIVE?.connectionString;
  if (!url) throw new Error('HYPERDRIVE: binding missing (see [[hyperdrive]] in wrangler.toml)');
  const handle = await openPostgres({ url, max: CRON_CONNECTIONS });
  try {
    const dispatcher = createDispatcher({
      db: handle.db,
      config,
      keys: deriveKeys(config),
      clock: systemClock,
      log,
      transport,
      workerId: `worker-${randomBytes(4).toString('hex')}`,
      concurrency: CRON_CONCURRENCY,
    });
    const started = systemClock.now().getTime();
    const round = await dispatcher.drain({ until: new Date(started + CRON_CLAIM_WINDOW_MS), maxClaimed: CRON_MAX_MESSAGES });
    log.info('mail dispatched', {
      worker: dispatcher.worker,
      scheduledAt: scheduledAt.toISOString(),
      ms: systemClock.now().getTime() - started,
      ...round,
    });
    return round;
  } finally {
    await handle.close();
  }
}

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
  if (parsed.config.SMTP_URL) {
    return 'Cấu hình không hợp lệ / Invalid configuration:\n  SMTP_URL: a Worker cannot open SMTP connections; set MAIL_HTTP_URL and MAIL_HTTP_KEY instead (README, Deployment)';
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
    mailDelivery: mailDelivery(config, 'workers'),
    builtPerRequest: true,
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
