import { createHash, randomBytes } from 'node:crypto';

/** 256 random bits, URL-safe: for session cookies, API tokens and manage links. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/**
 * Tokens are stored only as their SHA-256: they carry 256 bits of entropy, so a fast hash is
 * enough, and the lookup by hash is an index probe whose timing reveals nothing of the token.
 */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
