import { describe, expect, it } from 'vitest';
import type { Actor } from './actor.js';
import { createActorCache } from './actor-cache.js';

const device: Actor = { kind: 'token', tokenId: 't1', name: 'Máy quét cửa 1', role: 'scanner', eventIds: null };
const at = (s: number) => new Date(Date.UTC(2026, 11, 1, 2, 0, s));

/** A database look-up that answers at once and counts how often it was asked. */
function lookUps(expiresAt?: Date) {
  let count = 0;
  const load = async () => {
    count++;
    return { actor: device, ...(expiresAt && { expiresAt }) };
  };
  return { load, count: () => count };
}

describe('createActorCache', () => {
  it('remembers for the time to live, never past the credential’s own end', async () => {
    const cache = createActorCache({ ttlMs: 10_000 });
    const token = lookUps();
    expect(await cache.lookup('t:a', at(0), token.load)).toBe(device);
    expect(await cache.lookup('t:a', at(7), token.load)).toBe(device);
    expect(token.count()).toBe(1);
    expect(await cache.lookup('t:a', at(10), token.load)).toBe(device);
    expect(token.count()).toBe(2);

    const session = lookUps(at(5));
    await cache.lookup('s:b', at(0), session.load);
    await cache.lookup('s:b', at(2), session.load);
    expect(session.count()).toBe(1);
    await cache.lookup('s:b', at(5), session.load);
    expect(session.count()).toBe(2);
  });

  it('a look-up that began before a revocation answers its request but is not remembered', async () => {
    const cache = createActorCache({ ttlMs: 5_000 });
    const token = lookUps();
    let release: () => void = () => {};
    const slow = () => new Promise<{ actor: Actor }>((resolve) => (release = () => resolve({ actor: device })));
    const before = cache.lookup('t:a', at(0), slow); // a request starts reading the token…
    cache.clear(); // …the token is revoked and the cache cleared meanwhile…
    release(); // …and the stale answer arrives.
    expect(await before).toBe(device);
    await cache.lookup('t:a', at(1), token.load);
    expect(token.count()).toBe(1);
    await cache.lookup('t:a', at(2), token.load);
    expect(token.count()).toBe(1);
  });

  it('keeps at most maxEntries, dropping the oldest; a zero time to live keeps nothing', async () => {
    const cache = createActorCache({ ttlMs: 5_000, maxEntries: 2 });
    const token = lookUps();
    for (const k of ['a', 'b', 'c']) await cache.lookup(k, at(0), token.load);
    await cache.lookup('c', at(1), token.load);
    expect(token.count()).toBe(3);
    await cache.lookup('a', at(1), token.load);
    expect(token.count()).toBe(4);
    const off = createActorCache({ ttlMs: 0 });
    const each = lookUps();
    await off.lookup('a', at(0), each.load);
    await off.lookup('a', at(0), each.load);
    expect(each.count()).toBe(2);
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
    for (const r of resolvers) r();
    expect(await first).toBe(device);
    expect(await after).toBeNull();
    // Nothing was kept from the look-up that began before the revocation.
    let asked = 0;
    await cache.lookup('t:a', at(1), async () => {
      asked++;
      return null;
    });
    expect(asked).toBe(1);
  });

  it('a failed look-up reaches the requests that waited for it and is not remembered', async () => {
    const cache = createActorCache({ ttlMs: 5_000 });
    const down = () => Promise.reject(new Error('database down'));
    await expect(Promise.all([cache.lookup('t:a', at(0), down), cache.lookup('t:a', at(0), down)])).rejects.toThrow('database down');
    expect(await cache.lookup('t:a', at(0), async () => ({ actor: device }))).toBe(device);
  });
});
