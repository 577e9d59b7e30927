import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database } from '../db/schema.js';

type Db = Kysely<Database>;

/** One counter: an account from one address ('pair'), one address, or one account. */
export interface ThrottleKey {
  scope: 'pair' | 'client' | 'account';
  /** '' for the 'client' scope. */
  account: string;
  /** '' for the 'account' scope. */
  client: string;
}

export interface ThrottleCounter extends ThrottleKey {
  attempts: number;
  windowStartedAt: Date;
}

/** Every statement takes its rows in this one order, so two sign-ins never wait on each other in a circle. */
function inLockOrder<K extends ThrottleKey>(keys: K[]): K[] {
  return [...keys].sort((a, b) => {
    for (const field of ['scope', 'account', 'client'] as const) if (a[field] !== b[field]) return a[field] < b[field] ? -1 : 1;
    return 0;
  });
}

function toCounter(r: {
  scope: ThrottleKey['scope'];
  account_key: string;
  client_key: string;
  attempts: number;
  window_started_at: Date | string;
}): ThrottleCounter {
  return {
    scope: r.scope,
    account: r.account_key,
    client: r.client_key,
    attempts: r.attempts,
    windowStartedAt: new Date(r.window_started_at),
  };
}

function rows(keys: ThrottleKey[], now: Date, attempts: number) {
  return inLockOrder(keys).map((k) => ({ scope: k.scope, account_key: k.account, client_key: k.client, attempts, window_started_at: now }));
}

/**
 * The counters, created if missing, each locked until the transaction ends and read as they are
 * now: ON CONFLICT DO UPDATE waits for a concurrent sign-in holding the row and then sees its
 * committed count, which a plain SELECT in the same statement would not.
 */
export async function lockCounters(trx: Transaction<Database>, keys: ThrottleKey[], now: Date): Promise<ThrottleCounter[]> {
  const locked = await trx
    .insertInto('login_throttle')
    .values(rows(keys, now, 0))
    .onConflict((oc) => oc.columns(['scope', 'account_key', 'client_key']).doUpdateSet({ attempts: sql`login_throttle.attempts` }))
    .returning(['scope', 'account_key', 'client_key', 'attempts', 'window_started_at'])
    .execute();
  return locked.map(toCounter);
}

/** TEST-ONLY race control (UNSAFE_RACY_LOGINS): the counters as committed, without a lock. */
export async function readCounters(db: Db, keys: ThrottleKey[]): Promise<ThrottleCounter[]> {
  const found = await db
    .selectFrom('login_throttle')
    .select(['scope', 'account_key', 'client_key', 'attempts', 'window_started_at'])
    .where((eb) =>
      eb.or(keys.map((k) => eb.and([eb('scope', '=', k.scope), eb('account_key', '=', k.account), eb('client_key', '=', k.client)]))),
    )
    .execute();
  return found.map(toCounter);
}

/**
 * One more attempt on each counter; a counter whose window began before `windowFrom` starts a
 * new window at `now` with this attempt. Returns the counters as counted.
 */
export async function countAttempt(db: Db, keys: ThrottleKey[], now: Date, windowFrom: Date): Promise<ThrottleCounter[]> {
  const live = sql<boolean>`login_throttle.window_started_at > ${windowFrom}`;
  const counted = await db
    .insertInto('login_throttle')
    .values(rows(keys, now, 1))
    .onConflict((oc) =>
      oc.columns(['scope', 'account_key', 'client_key']).doUpdateSet({
        attempts: sql`case when ${live} then login_throttle.attempts + 1 else 1 end`,
        window_started_at: sql`case when ${live} then login_throttle.window_started_at else excluded.window_started_at end`,
      }),
    )
    .returning(['scope', 'account_key', 'client_key', 'attempts', 'window_started_at'])
    .execute();
  return counted.map(toCounter);
}

/**
 * Gives back attempts that turned out not to be failures: one from each counter still in the
 * window it was counted in; a 'pair' counter starts again from nothing (its owner is in).
 */
export async function releaseAttempt(db: Db, counted: ThrottleCounter[]): Promise<void> {
  for (const c of inLockOrder(counted)) {
    const row = db
      .updateTable('login_throttle')
      .where('scope', '=', c.scope)
      .where('account_key', '=', c.account)
      .where('client_key', '=', c.client)
      .where('window_started_at', '=', c.windowStartedAt);
    await (c.scope === 'pair' ? row.set({ attempts: 0 }) : row.set({ attempts: sql`greatest(attempts - 1, 0)` })).execute();
  }
}

/** Whether the account has signed in from this address since `since`. */
export async function isKnownClient(db: Db, account: string, client: string, since: Date): Promise<boolean> {
  const row = await db
    .selectFrom('login_known_clients')
    .select('last_success_at')
    .where('account_key', '=', account)
    .where('client_key', '=', client)
    .where('last_success_at', '>', since)
    .executeTakeFirst();
  return row !== undefined;
}

export async function rememberClient(db: Db, account: string, client: string, at: Date): Promise<void> {
  await db
    .insertInto('login_known_clients')
    .values({ account_key: account, client_key: client, last_success_at: at })
    .onConflict((oc) => oc.columns(['account_key', 'client_key']).doUpdateSet({ last_success_at: at }))
    .execute();
}

/** Counters whose window is over, and addresses not signed in from since `knownSince`. */
export async function pruneThrottle(db: Db, windowFrom: Date, knownSince: Date): Promise<void> {
  await db.deleteFrom('login_throttle').where('window_started_at', '<=', windowFrom).execute();
  await db.deleteFrom('login_known_clients').where('last_success_at', '<=', knownSince).execute();
}
