import type { Context } from 'hono';
import type { Kysely } from 'kysely';
import type { Actor } from '../auth/actor.js';
import type { ActorCache } from '../auth/actor-cache.js';
import type { Config } from '../config.js';
import type { Database } from '../db/schema.js';
import type { MailDelivery } from '../mail/delivery.js';
import type { Clock } from '../shared/clock.js';
import type { Logger } from '../shared/logger.js';
import type { Lang } from '../shared/time.js';

/** What the app is built from. Built once per process on Node, per request on Workers. */
export interface AppDeps {
  db: Kysely<Database>;
  config: Config;
  clock: Clock;
  log: Logger;
  /** The client's address as the runtime sees it (for login throttling); undefined if unknown. */
  clientAddress?: (c: Context) => string | undefined;
  /** Static files under /assets (Node reads web/; Workers serves its assets binding). */
  assets?: (path: string) => Promise<{ body: Uint8Array | string; type: string } | null>;
  /** Who holds a credential, for AUTH_CACHE_SECONDS; createApp makes one when not given. */
  actors?: ActorCache;
  /** How mail leaves, for /admin/mail; the Node processes' choice from the config when not given. */
  mailDelivery?: MailDelivery;
  /** True on Workers, where the app serves one request and is built again for the next. */
  builtPerRequest?: boolean;
}

export type AppEnv = {
  Variables: {
    requestId: string;
    actor: Actor | null;
    lang: Lang;
  };
};

/**
 * What `requireRole` and `organiserPages` prove: handlers after them read a non-null actor
 * (Hono intersects this with the app's env, so `c.get('actor')` is typed `Actor`).
 */
export type SignedInEnv = { Variables: { actor: Actor } };

/** The env of a handler behind `requireRole` or `organiserPages`, for helpers that take its context. */
export type StaffEnv = AppEnv & SignedInEnv;
