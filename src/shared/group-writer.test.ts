import { describe, expect, it } from 'vitest';
import { rowMayBeTheCause } from '../db/errors.js';
import { createGroupWriter } from './group-writer.js';

/** A write that takes a little while, recording each group it was given. */
function recorder(fail?: (items: number[]) => Error | null) {
  const groups: number[][] = [];
  let inFlight = 0;
  let maxSeen = 0;
  const tick = () => new Promise((r) => setTimeout(r, 5));
  return {
    groups,
    maxSeen: () => maxSeen,
    one: async (n: number) => {
      groups.push([n]);
      await tick();
      if (n < 0) throw Object.assign(new Error(`bad ${n}`), { code: '23505' });
      return n * 10;
    },
    many: async (items: number[]) => {
      groups.push(items);
      inFlight++;
      maxSeen = Math.max(maxSeen, inFlight);
      await tick();
      inFlight--;
      const err = fail?.(items);
      if (err) throw err;
      return items.map((n) => n * 10);
    },
  };
}

describe('createGroupWriter', () => {
  it('sends a lone item at once, and groups those that arrive meanwhile, in arrival order', async () => {
    const r = recorder();
    const write = createGroupWriter({ one: r.one, many: r.many, retryAlone: rowMayBeTheCause });
    const out = await Promise.all([1, 2, 3, 4, 5].map((n) => write(n)));
    expect(out).toEqual([10, 20, 30, 40, 50]);
    expect(r.groups).toEqual([[1], [2, 3, 4, 5]]);
  });

  it('never mixes lanes, and keeps to maxBatch', async () => {
    const r = recorder();
    const write = createGroupWriter({
      one: r.one,
      many: r.many,
      retryAlone: rowMayBeTheCause,
      lane: (n: number) => String(n % 2),
      maxBatch: 2,
    });
    await Promise.all([1, 2, 3, 4, 5, 6, 7].map((n) => write(n)));
    for (const g of r.groups) {
      expect(new Set(g.map((n) => n % 2)).size).toBe(1);
      expect(g.length).toBeLessThanOrEqual(2);
    }
    expect(r.groups.flat().sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('a group refused for one bad row is written again one by one: only that caller fails', async () => {
    const r = recorder((items) => (items.some((n) => n < 0) ? Object.assign(new Error('duplicate'), { code: '23505' }) : null));
    const write = createGroupWriter({ one: r.one, many: r.many, retryAlone: rowMayBeTheCause });
    const out = await Promise.allSettled([1, 2, -3, 4].map((n) => write(n)));
    expect(out.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect(out.map((o) => (o.status === 'fulfilled' ? o.value : null))).toEqual([10, 20, null, 40]);
  });

  it('a lost connection fails the group and those waiting behind it at once, without retrying each item', async () => {
    const r = recorder((items) => (items.length > 1 ? Object.assign(new Error('gone'), { code: 'CONNECTION_CLOSED' }) : null));
    const write = createGroupWriter({ one: r.one, many: r.many, retryAlone: rowMayBeTheCause, maxBatch: 2 });
    const out = await Promise.allSettled([1, 2, 3, 4, 5].map((n) => write(n)));
    expect(out.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'rejected', 'rejected']);
    expect(r.groups).toEqual([[1], [2, 3]]);
    // The lane works again once the database does.
    expect(await write(6)).toBe(60);
  });

  it('a failure without a code (even null) settles every caller', async () => {
    const r = recorder();
    const many = async (): Promise<number[]> => Promise.reject(null);
    const write = createGroupWriter({ one: r.one, many, retryAlone: rowMayBeTheCause });
    const out = await Promise.allSettled([1, 2, 3].map((n) => write(n)));
    expect(out.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'rejected']);
  });

  it('writes at most maxInFlight groups at once, and keeps going after they finish', async () => {
    const r = recorder();
    const write = createGroupWriter({ one: r.one, many: r.many, retryAlone: rowMayBeTheCause, maxInFlight: 2, maxBatch: 3 });
    const out = await Promise.all(Array.from({ length: 20 }, (_, i) => write(i + 1)));
    expect(out).toEqual(Array.from({ length: 20 }, (_, i) => (i + 1) * 10));
    expect(r.maxSeen()).toBeLessThanOrEqual(2);
    // Later arrivals still go out once the lane is idle again.
    expect(await write(99)).toBe(990);
  });
});
