import type { Actor } from './actor.js';

/**
 * Who holds a credential, remembered for a few seconds per app instance. A door device sends
 * a scan every second or two, each carrying its token; looking the token up every time was a
 * database round trip per scan. Keys are the credential's hash, never the credential.
 *
 * Staleness is bounded by `ttlMs`: a token revoked or a session ended on this instance is
 * forgotten at once; on another instance it stops working within `ttlMs`. Misses are not
 * remembered, so a token works as soon as it is created.
 */
export interface ActorCache {
  get(key: string, now: Date): Actor | undefined;
  /**
   * Read before the database look-up, passed to `set`: a look-up that started before a
   * `forget` or `clear` (it may have read a token just revoked) is then not remembered.
   */
  generation(): number;
  /** `expiresAt`: the credential's own end (a session), if sooner than the time to live. */
  set(key: string, actor: Actor, now: Date, generation: number, expiresAt?: Date): void;
  forget(key: string): void;
  clear(): void;
}

export function createActorCache(options: { ttlMs: number; maxEntries?: number }): ActorCache {
  const maxEntries = options.maxEntries ?? 10_000;
  const entries = new Map<string, { actor: Actor; until: number }>();
  let generation = 0;
  return {
    generation: () => generation,
    get(key, now) {
      const hit = entries.get(key);
      if (!hit) return undefined;
      if (hit.until <= now.getTime()) {
        entries.delete(key);
        return undefined;
      }
      return hit.actor;
    },
    set(key, actor, now, seenGeneration, expiresAt) {
      if (options.ttlMs <= 0 || seenGeneration !== generation) return;
      const until = Math.min(now.getTime() + options.ttlMs, expiresAt?.getTime() ?? Infinity);
      entries.delete(key);
      // Oldest first in a Map: when full, the entry set longest ago goes.
      if (entries.size >= maxEntries) entries.delete(entries.keys().next().value!);
      entries.set(key, { actor, until });
    },
    forget(key) {
      generation++;
      entries.delete(key);
    },
    clear() {
      generation++;
      entries.clear();
    },
  };
}
