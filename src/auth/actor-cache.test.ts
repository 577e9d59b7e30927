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
});
