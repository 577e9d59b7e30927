import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * QR tokens: `<kid>.<ticketId>.<mac>`, both base64url of 16 bytes. The ticket id is 128 random
 * bits stored by the caller; the MAC lets the door reject forged or mistyped tokens without a
 * database lookup, and the key id lets keys rotate while old tickets keep verifying.
 */
export type TicketKeyring = { current: string; keys: Record<string, Uint8Array> };

export type TicketVerification =
  | { ok: true; ticketId: string; kid: string }
  | { ok: false; reason: 'malformed' | 'unknown_key' | 'bad_signature' };

const DEFAULT_KID = 'k1';
const KID_PATTERN = /^[A-Za-z0-9]{1,16}$/;
// 16 bytes are 22 base64url characters; the last one carries 2 bits, so only A, Q, g, w are
// canonical. Accepting others would let one MAC be written several ways.
const B64_16_PATTERN = /^[A-Za-z0-9_-]{21}[AQgw]$/;
const MAX_TOKEN_INPUT = 128;
const MAC_BYTES = 16;

export function keyringFromSecret(secretKey: string, extra?: string): TicketKeyring {
  if (secretKey.length < 32) throw new Error('SECRET_KEY must be at least 32 characters');
  const derived = new Uint8Array(hkdfSync('sha256', secretKey, '', 'ticket-token', 32));
  const keyring: TicketKeyring = { current: DEFAULT_KID, keys: { [DEFAULT_KID]: derived } };
  const entries = (extra ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  entries.forEach((entry, index) => {
    // The message names the position, never the entry: it holds key material.
    const match = /^([A-Za-z0-9]{1,16}):([0-9a-fA-F]{64})$/.exec(entry);
    if (!match?.[1] || !match[2]) {
      throw new Error(`Ticket key #${index + 1} must look like "k2:<64 hex characters>"`);
    }
    if (match[1] in keyring.keys) throw new Error(`Ticket key id "${match[1]}" is used twice`);
    keyring.keys[match[1]] = new Uint8Array(Buffer.from(match[2], 'hex'));
    keyring.current = match[1];
  });
  return keyring;
}

export function newTicketId(): string {
  return randomBytes(16).toString('base64url');
}

function mac(key: Uint8Array, kid: string, ticketId: string): Buffer {
  return createHmac('sha256', key).update(`${kid}.${ticketId}`).digest().subarray(0, MAC_BYTES);
}

export function signTicket(keyring: TicketKeyring, ticketId: string): string {
  const key = keyring.keys[keyring.current];
  if (!key) throw new Error(`Ticket keyring has no key for its current id "${keyring.current}"`);
  if (!B64_16_PATTERN.test(ticketId)) throw new Error('Ticket id must be 16 bytes in base64url');
  return `${keyring.current}.${ticketId}.${mac(key, keyring.current, ticketId).toString('base64url')}`;
}

export function verifyTicket(keyring: TicketKeyring, token: string): TicketVerification {
  if (token.length > MAX_TOKEN_INPUT) return { ok: false, reason: 'malformed' };
  const [kid, ticketId, givenMac, ...rest] = token.trim().split('.');
  if (rest.length > 0 || !kid || !ticketId || !givenMac) return { ok: false, reason: 'malformed' };
  if (!KID_PATTERN.test(kid) || !B64_16_PATTERN.test(ticketId) || !B64_16_PATTERN.test(givenMac)) {
    return { ok: false, reason: 'malformed' };
  }
  const key = Object.hasOwn(keyring.keys, kid) ? keyring.keys[kid] : undefined;
  if (!key) return { ok: false, reason: 'unknown_key' };
  const expected = mac(key, kid, ticketId);
  if (!timingSafeEqual(expected, Buffer.from(givenMac, 'base64url'))) {
    return { ok: false, reason: 'bad_signature' };
  }
  return { ok: true, ticketId, kid };
}

/**
 * Short codes are typed at the door, so the alphabet leaves out every character with a
 * look-alike: 0 O (round), 1 I L (stroke), 2 Z, 5 S, 8 B, G (6, C) and U (V). 23 symbols
 * over 8 places give about 36 bits — enough against guessing only with rate-limited lookups.
 */
export const SHORT_CODE_ALPHABET = 'ACDEFHJKMNPQRTVWXY34679';
export const SHORT_CODE_LENGTH = 8;

// Left-out characters whose look-alike is in the alphabet, read off a printed code by mistake.
// Those whose look-alikes are all left out (I, L, 1, Z, 2, S, 5, B, 8) are rejected instead.
const LOOK_ALIKES: Record<string, string> = { O: 'Q', '0': 'Q', G: '6', U: 'V' };

export function newShortCode(): string {
  const size = SHORT_CODE_ALPHABET.length;
  // Bytes at or above the largest multiple of the alphabet size are dropped: keeping them
  // would make the first few symbols more likely.
  const limit = 256 - (256 % size);
  let code = '';
  while (code.length < SHORT_CODE_LENGTH) {
    for (const byte of randomBytes(SHORT_CODE_LENGTH * 2)) {
      if (byte < limit && code.length < SHORT_CODE_LENGTH) code += SHORT_CODE_ALPHABET[byte % size];
    }
  }
  return code;
}

export function normalizeShortCode(input: string): string | null {
  if (input.length > 64) return null;
  const chars = [...input.toUpperCase().replace(/[\s-]/g, '')];
  if (chars.length !== SHORT_CODE_LENGTH) return null;
  const mapped = chars.map((c) => LOOK_ALIKES[c] ?? c);
  return mapped.every((c) => SHORT_CODE_ALPHABET.includes(c)) ? mapped.join('') : null;
}
