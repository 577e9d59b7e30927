import { describe, expect, it } from 'vitest';
import {
  keyringFromSecret,
  newShortCode,
  newTicketId,
  normalizeShortCode,
  SHORT_CODE_ALPHABET,
  signTicket,
  verifyTicket,
} from './ticket-token.js';

const SECRET = 'a-test-secret-that-is-long-enough-0123456789';
const K2 = `k2:${'ab'.repeat(32)}`;
const K3 = `k3:${'cd'.repeat(32)}`;
const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

describe('ticket tokens', () => {
  const keyring = keyringFromSecret(SECRET);

  it('a signed ticket verifies back to its id and key id', () => {
    const ticketId = newTicketId();
    const token = signTicket(keyring, ticketId);
    expect(token).toMatch(/^k1\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{22}$/);
    expect(token).toHaveLength(48);
    expect(verifyTicket(keyring, token)).toEqual({ ok: true, ticketId, kid: 'k1' });
  });

  it('surrounding whitespace from a hand scanner is ignored', () => {
    const token = signTicket(keyring, newTicketId());
    expect(verifyTicket(keyring, ` ${token}\r\n`).ok).toBe(true);
  });

  it('changing any single character is refused', () => {
    const token = signTicket(keyring, newTicketId());
    for (let i = 0; i < token.length; i++) {
      for (const replacement of [...B64URL, '.', '=', ' ']) {
        if (replacement === token[i]) continue;
        const altered = token.slice(0, i) + replacement + token.slice(i + 1);
        const result = verifyTicket(keyring, altered);
        expect(result.ok, `position ${i} → ${replacement}`).toBe(false);
      }
    }
  });

  it('a MAC or id written with a non-canonical last character is malformed', () => {
    const token = signTicket(keyring, 'AAAAAAAAAAAAAAAAAAAAAA');
    expect(verifyTicket(keyring, `${token.slice(0, -1)}B`)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('a truncated or padded token is malformed', () => {
    const token = signTicket(keyring, newTicketId());
    for (let length = 0; length < token.length; length++) {
      expect(verifyTicket(keyring, token.slice(0, length))).toEqual({ ok: false, reason: 'malformed' });
    }
    expect(verifyTicket(keyring, `${token}.x`)).toEqual({ ok: false, reason: 'malformed' });
    expect(verifyTicket(keyring, `${token}A`)).toEqual({ ok: false, reason: 'malformed' });
    expect(verifyTicket(keyring, token + ' '.repeat(200))).toEqual({ ok: false, reason: 'malformed' });
  });

  it('a key id the keyring does not hold is unknown_key', () => {
    const token = signTicket(keyringFromSecret(SECRET, K2), newTicketId());
    expect(verifyTicket(keyring, token)).toEqual({ ok: false, reason: 'unknown_key' });
    const inherited = token.replace(/^k2/, 'constructor');
    expect(verifyTicket(keyring, inherited)).toEqual({ ok: false, reason: 'unknown_key' });
  });

  it('a token signed with another secret under the same key id is a bad signature', () => {
    const other = keyringFromSecret('another-secret-that-is-long-enough-987654');
    const token = signTicket(other, newTicketId());
    expect(verifyTicket(keyring, token)).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('after rotation new tickets use the newest key and old tickets still verify', () => {
    const oldToken = signTicket(keyring, newTicketId());
    const rotated = keyringFromSecret(SECRET, `${K2}, ${K3}`);
    expect(rotated.current).toBe('k3');
    const newToken = signTicket(rotated, newTicketId());
    expect(newToken.startsWith('k3.')).toBe(true);
    expect(verifyTicket(rotated, oldToken)).toMatchObject({ ok: true, kid: 'k1' });
    expect(verifyTicket(rotated, newToken)).toMatchObject({ ok: true, kid: 'k3' });
    expect(verifyTicket(keyringFromSecret(SECRET, K2), oldToken)).toMatchObject({ ok: true });
  });

  it('the derived key depends on the secret and is stable for it', () => {
    const ticketId = newTicketId();
    expect(signTicket(keyringFromSecret(SECRET), ticketId)).toBe(signTicket(keyring, ticketId));
  });

  it('malformed extra keys, reused key ids and short secrets are refused', () => {
    expect(() => keyringFromSecret(SECRET, 'k2:abcd')).toThrow(/Ticket key #1/);
    expect(() => keyringFromSecret(SECRET, `${K2},k3`)).toThrow(/Ticket key #2/);
    expect(() => keyringFromSecret(SECRET, `k1:${'ab'.repeat(32)}`)).toThrow(/used twice/);
    expect(() => keyringFromSecret(SECRET, `${K2},${K2}`)).toThrow(/used twice/);
    expect(() => keyringFromSecret('short')).toThrow(/32 characters/);
    expect(keyringFromSecret(SECRET, ' ').current).toBe('k1');
  });

  it('the key material never appears in an error message', () => {
    const hex = 'zz'.repeat(32);
    expect(() => keyringFromSecret(SECRET, `k2:${hex}`)).toThrow(expect.not.stringContaining(hex));
  });

  it('ticket ids are 22 characters and differ', () => {
    const a = newTicketId();
    const b = newTicketId();
    expect(a).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(a).not.toBe(b);
  });
});

describe('short codes', () => {
  it('the alphabet leaves out look-alike characters', () => {
    for (const c of '0O1IL2Z5S8BGU') expect(SHORT_CODE_ALPHABET).not.toContain(c);
    expect(new Set(SHORT_CODE_ALPHABET).size).toBe(SHORT_CODE_ALPHABET.length);
  });

  it('a code is 8 characters of the alphabet', () => {
    for (let i = 0; i < 100; i++) {
      const code = newShortCode();
      expect(code).toHaveLength(8);
      expect([...code].every((c) => SHORT_CODE_ALPHABET.includes(c))).toBe(true);
    }
  });

  it('every symbol turns up about equally often over 20,000 codes', () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < 20_000; i++) {
      for (const c of newShortCode()) counts.set(c, (counts.get(c) ?? 0) + 1);
    }
    const expected = (20_000 * 8) / SHORT_CODE_ALPHABET.length;
    for (const c of SHORT_CODE_ALPHABET) {
      // About 80 is one standard deviation here; 10% is more than eight.
      expect(Math.abs((counts.get(c) ?? 0) - expected)).toBeLessThan(expected * 0.1);
    }
  });

  it('typed input is upper-cased and loses spaces and dashes', () => {
    const code = newShortCode();
    const typed = `${code.slice(0, 4).toLowerCase()} - ${code.slice(4)} `;
    expect(normalizeShortCode(typed)).toBe(code);
  });

  it('a left-out character is read as its look-alike only when that one is in the alphabet', () => {
    expect(normalizeShortCode('o0gu-ACDE')).toBe('QQ6VACDE');
    expect(normalizeShortCode('ACDE-FHJ1')).toBeNull();
    expect(normalizeShortCode('ACDE-FHJS')).toBeNull();
  });

  it('the wrong length or foreign characters give null', () => {
    expect(normalizeShortCode('ACDEFHJ')).toBeNull();
    expect(normalizeShortCode('ACDEFHJKM')).toBeNull();
    expect(normalizeShortCode('ACDEFHJ!')).toBeNull();
    expect(normalizeShortCode('ACDEFHJ\u00c0')).toBeNull();
    expect(normalizeShortCode('A'.repeat(1000))).toBeNull();
  });
});
