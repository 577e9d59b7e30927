import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { ThrottleCounter, ThrottleKey } from './login-throttle.repository.js';
import * as repo from './login-throttle.repository.js';

/**
 * How many sign-in attempts may fail in a window (README, Decisions: "Login throttling").
 * An account signed in from an address in the last `knownForDays` is limited there only by
 * `perAccountAndClient`: nobody elsewhere can use up its owner's attempts. From an address new
 * to the account, the address (over all accounts) and the account (over all new addresses)
 * are limited too, the account well above what one address may try.
 */
export const LOGIN_LIMITS = {
  windowMs: 15 * 60_000,
  perAccountAndClient: 10,
  perClient: 30,
  perAccountFromNewClients: 50,
  knownForDays: 90,
} as const;

export interface LoginWho {
  /** The email as typed, trimmed and lower-cased. */
  account: string;
  /** The address's throttle key (src/http/client.ts). */
  client: string;
}

export type Claim = { ok: true; counted: ThrottleCounter[] } | { ok: false; retryAfterSeconds: number };

/**
 * Takes one attempt from every counter that applies, before the password is checked, or none
 * if any is used up. The counters are locked while they are read and counted, so attempts at
 * the same moment, on any number of app instances, are counted one after another: 40 wrong
 * passwords at once get 10 password checks, not 40.
 */
export async function claimAttempt(db: Kysely<Database>, who: LoginWho, now: Date): Promise<Claim> {
  return db.transaction().execute(async (trx) => {
    const keys = await keysFor(trx, who, now);
    const blocked = exhausted(await repo.lockCounters(trx, keys, now), now);
    if (blocked) return blocked;
    return { ok: true, counted: await repo.countAttempt(trx, keys, now, windowFrom(now)) };
  });
}

/**
 * TEST-ONLY race control (UNSAFE_RACY_LOGINS): what sign-in did before, reading the counters
 * without a lock and counting a failure only after the password check. Concurrent attempts all
 * read the same count, so all of them get a password check.
 */
export async function checkWithoutClaim(db: Kysely<Database>, who: LoginWho, now: Date) {
  const keys = await keysFor(db, who, now);
  const blocked = exhausted(await repo.readCounters(db, keys), now);
  return { blocked, countFailure: () => repo.countAttempt(db, keys, now, windowFrom(now)) };
}

/**
 * After a right password: the attempt was not a failure, the address is now known for the
 * account, and counters and addresses past their time go.
 */
export async function signedIn(db: Kysely<Database>, who: LoginWho, counted: ThrottleCounter[], now: Date) {
  await repo.releaseAttempt(db, counted);
  await repo.rememberClient(db, who.account, who.client, now);
  await repo.pruneThrottle(db, windowFrom(now), knownSince(now));
}

async function keysFor(db: Kysely<Database>, who: LoginWho, now: Date): Promise<ThrottleKey[]> {
  const pair: ThrottleKey = { scope: 'pair', account: who.account, client: who.client };
  if (await repo.isKnownClient(db, who.account, who.client, knownSince(now))) return [pair];
  return [pair, { scope: 'client', account: '', client: who.client }, { scope: 'account', account: who.account, client: '' }];
}

function limitOf(scope: ThrottleKey['scope']): number {
  if (scope === 'pair') return LOGIN_LIMITS.perAccountAndClient;
  return scope === 'client' ? LOGIN_LIMITS.perClient : LOGIN_LIMITS.perAccountFromNewClients;
}

/** The refusal if any counter is used up in its current window, with when the last of them frees. */
function exhausted(counters: ThrottleCounter[], now: Date): { ok: false; retryAfterSeconds: number } | null {
  const from = windowFrom(now).getTime();
  const full = counters.filter((c) => c.windowStartedAt.getTime() > from && c.attempts >= limitOf(c.scope));
  if (full.length === 0) return null;
  const freesAt = Math.max(...full.map((c) => c.windowStartedAt.getTime() + LOGIN_LIMITS.windowMs));
  return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((freesAt - now.getTime()) / 1000)) };
}

const windowFrom = (now: Date) => new Date(now.getTime() - LOGIN_LIMITS.windowMs);
const knownSince = (now: Date) => new Date(now.getTime() - LOGIN_LIMITS.knownForDays * 86_400_000);
