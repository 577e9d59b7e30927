import type { Actor } from './actor.js';

/**
 * Who holds a credential, remembered for a few seconds per app instance. A door device sends
 * a scan every second or two, each carrying its token; looking the token up every time was a
 * database round trip per scan. Keys are the credential's hash, never the credential.
 *
 * Staleness is bounded by `ttlMs`: a token revoked or a session ended on this instance is
 * forgotten at once; on another instance it stops working within `ttlMs`. Misses are not
 * remembered, so a token works as soon as it is created.
 *
 * `lookup` is how requests use it. Requests with the same credential share one database
 * look-up, and a credential in use is looked up again in the background during the last
 * fifth of its time, while the remembered answer still serves. Without that, the moment an
 * entry expired every request of a busy door device missed together and queued its own
 * look-up, a stall of tens of milliseconds every `ttlMs`.
 */
export interface ActorCache {
  /** A credential ended on this instance: forgotten, and a look-up already on its way not kept. */
  forget(key: string): void;
  clear(): void;
  /**
   * The remembered actor, or `load`'s answer (null: no such live credential), shared with
   * every concurrent request for the same key. `expiresAt` is the credential's own end (a
   * session), if sooner than the time to live. A look-up that began before a `forget` or
   * `clear` (it may have read a token just revoked) answers its own requests but is not kept.
   * Failures of `load` reach the requests that waited for it; a failed background refresh
   * leaves the remembered answer to its time.
   */
  lookup(key: string, now: Date, load: () => Promise<{ actor: Actor; expiresAt?: Date } | null>): Promise<Actor | null>;
}

export function createActorCache(options: { ttlMs: number; maxEntries?: number }): ActorCache {
  const maxEntries = options.maxEntries ?? 10_000;
  const refreshAheadMs = options.ttlMs / 5;
  const entries = new Map<string, { actor: Actor; until: number }>();
  const loading = new Map<string, Promise<Actor | null>>();
  let generation = 0;

  /** Kept only if no `forget` or `clear` came since the look-up began (`seenGeneration`). */
  function set(key: string, actor: Actor, now: Date, seenGeneration: number, expiresAt?: Date) {
    if (options.ttlMs <= 0 || seenGeneration !== generation) return;
    const until = Math.min(now.getTime() + options.ttlMs, expiresAt?.getTime() ?? Infinity);
    entries.delete(key);
    // Oldest first in a Map: when full, the entry set longest ago goes.
    const oldest = entries.keys().next();
    if (entries.size >= maxEntries && !oldest.done) entries.delete(oldest.value);
    entries.set(key, { actor, until });
  }

  function load(key: string, now: Date, from: () => Promise<{ actor: Actor; expiresAt?: Date } | null>): Promise<Actor | null> {
    const seen = generation;
    const loaded = from()
      .then((found) => {
        if (found) set(key, found.actor, now, seen, found.expiresAt);
        else if (seen === generation) entries.delete(key);
        return found?.actor ?? null;
      })
      .finally(() => {
        if (loading.get(key) === loaded) loading.delete(key);
      });
    loading.set(key, loaded);
    return loaded;
  }

  return {
    forget(key) {
      generation++;
      entries.delete(key);
      // A look-up already on its way may have read the credential before it ended.
      loading.delete(key);
    },
    clear() {
      generation++;
      entries.clear();
      loading.clear();
    },
    lookup(key, now, from) {
      const hit = entries.get(key);
      const t = now.getTime();
      if (hit && hit.until > t) {
        if (hit.until - t <= refreshAheadMs && !loading.has(key)) load(key, now, from).catch(() => {});
        return Promise.resolve(hit.actor);
      }
      if (hit) entries.delete(key);
      return loading.get(key) ?? load(key, now, from);
    },
  };
}
