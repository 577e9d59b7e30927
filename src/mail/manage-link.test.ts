import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hashToken, randomToken } from '../shared/tokens.js';
import { retryDelayMs } from './dispatcher.js';
import { openManageToken, sealManageToken } from './manage-link.js';

describe('sealed manage tokens', () => {
  const key = new Uint8Array(randomBytes(32));
  const token = randomToken();

  it('open back to the token whose hash the registration holds', () => {
    const sealed = sealManageToken(key, token);
    expect(sealed).not.toContain(token);
    expect(openManageToken(key, sealed, hashToken(token))).toBe(token);
    // Two seals of one token differ (fresh IV), so equal tokens cannot be spotted.
    expect(sealManageToken(key, token)).not.toBe(sealed);
  });

  it('another key, a changed byte, another hash or nothing at all opens nothing', () => {
    const sealed = sealManageToken(key, token);
    expect(openManageToken(new Uint8Array(randomBytes(32)), sealed, hashToken(token))).toBeNull();
    const body = sealed.split('.')[2]!;
    const flipped = `${sealed.slice(0, -body.length)}${body[0] === 'A' ? 'B' : 'A'}${body.slice(1)}`;
    expect(openManageToken(key, flipped, hashToken(token))).toBeNull();
    expect(openManageToken(key, sealed, hashToken(randomToken()))).toBeNull();
    expect(openManageToken(key, null, hashToken(token))).toBeNull();
    expect(openManageToken(key, 'v2.x.y', hashToken(token))).toBeNull();
  });
});

describe('retry delays', () => {
  it('grow from 30 seconds, doubling, to at most an hour, with at most 20% jitter', () => {
    const none = () => 0;
    expect([1, 2, 3, 4, 8, 20].map((n) => retryDelayMs(n, none))).toEqual([30_000, 60_000, 120_000, 240_000, 3_600_000, 3_600_000]);
    expect(retryDelayMs(1, () => 0.999)).toBeLessThanOrEqual(36_000);
  });
});
