import { describe, expect, it } from 'vitest';
import type { Actor } from './actor.js';
import { createActorCache } from './actor-cache.js';

const device: Actor = { kind: 'token', tokenId: 't1', name: 'Máy quét cửa 1', role: 'scanner', eventIds: null };
const at = (s: number) => new Date(Date.UTC(2026, 11, 1, 2, 0, s));

describe('createActorCache', () => {
  it('remembers for the time to live, never past the credential’s own end', () => {
    const cache = createActorCache({ ttlMs: 5_000 });
    cache.set('t:a', device, at(0), cache.generation());
    expect(cache.get('t:a', at(4))).toBe(device);
    expect(cache.get('t:a', at(5))).toBeUndefined();
    cache.set('s:b', device, at(0), cache.generation(), at(2));
    expect(cache.get('s:b', at(1))).toBe(device);
    expect(cache.get('s:b', at(2))).toBeUndefined();
  });

  it('a look-up that began before a revocation is not remembered after it', () => {
    const cache = createActorCache({ ttlMs: 5_000 });
    const before = cache.generation(); // a request starts reading the token…
    cache.clear(); // …the token is revoked and the cache cleared meanwhile…
    cache.set('t:a', device, at(0), before); // …and the stale answer arrives.
    expect(cache.get('t:a', at(1))).toBeUndefined();
    cache.set('t:a', device, at(0), cache.generation());
    expect(cache.get('t:a', at(1))).toBe(device);
  });

  it('keeps at most maxEntries, dropping the oldest; a zero time to live keeps nothing', () => {
    const cache = createActorCache({ ttlMs: 5_000, maxEntries: 2 });
    for (const k of ['a', 'b', 'c']) cache.set(k, device, at(0), cache.generation());
    expect(cache.get('a', at(1))).toBeUndefined();
    expect(cache.get('c', at(1))).toBe(device);
    const off = createActorCache({ ttlMs: 0 });
    off.set('a', device, at(0), off.generation());
    expect(off.get('a', at(0))).toBeUndefined();
  });

  it('requests with the same credential share one look-up, and a busy one is refreshed before it expires', async () => {
    const cache = createActorCache({ ttlMs: 5_000 });
    let loads = 0;
    let release: () => void = () => {};
    const load = () => {
      loads++;
      return new Promise<{ actor: Actor }>((resolve) => (release = () => resolve({ actor: device })));
    };
    // Fifty scans arrive together with an unknown token: one database look-up, fifty answers.
    const waiting = Array.from({ length: 50 }, () => cache.lookup('t:a', at(0), load));
    expect(loads).toBe(1);
    release();
    expect(await Promise.all(waiting)).toEqual(Array(50).fill(device));

    // Within the first four fifths of its time the remembered answer serves alone…
    expect(await cache.lookup('t:a', at(3), load)).toBe(device);
    expect(loads).toBe(1);
    // …in the last fifth it still serves at once, and one look-up starts in the background…
    expect(await cache.lookup('t:a', at(4), load)).toBe(device);
    expect(await cache.lookup('t:a', at(4), load)).toBe(device);
    expect(loads).toBe(2);
    release();
    await new Promise((r) => setTimeout(r, 0));
    // …whose answer lasts from then on: no request ever waits on the database.
    expect(await cache.lookup('t:a', at(7), load)).toBe(device);
    expect(loads).toBe(2);
  });

  it('a token revoked while its look-up is on the way: later requests look again', async () => {
    const cache = createActorCache({ ttlMs: 5_000 });
    let answer: { actor: Actor } | null = { actor: device };
    const resolvers: (() => void)[] = [];
    // Each look-up reads the token as it is when the look-up starts.
    const load = () => {
      const read = answer;
      return new Promise<{ actor: Actor } | null>((resolve) => resolvers.push(() => resolve(read)));
    };
    const first = cache.lookup('t:a', at(0), load);
    cache.forget('t:a'); // revoked on this instance
    answer = null;
    const after = cache.lookup('t:a', at(0), load);
    expect(resolvers).toHaveLength(2);
    resolvers.forEach((r) => r());
    expect(await first).toBe(device);
    expect(await after).toBeNull();
    expect(cache.get('t:a', at(1))).toBeUndefined();
  });

  it('a failed look-up reaches the requests that waited for it and is not remembered', async () => {
    const cache = createActorCache({ ttlMs: 5_000 });
    const down = () => Promise.reject(new Error('database down'));
    await expect(Promise.all([cache.lookup('t:a', at(0), down), cache.lookup('t:a', at(0), down)])).rejects.toThrow('database down');
    expect(await cache.lookup('t:a', at(0), async () => ({ actor: device }))).toBe(device);
  });
});
