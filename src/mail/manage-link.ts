import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { hashToken } from '../shared/tokens.js';

/**
 * Manage tokens are stored hashed, so an email queued later (promoted, event changed,
 * reminder) could not carry the link. Instead the token is also kept sealed with AES-256-GCM
 * under a key derived from SECRET_KEY: a copy of the database alone opens no link; the
 * database and the key together do, as they would also let one forge tickets.
 * Format: `v1.<iv>.<ciphertext+tag>`, base64url.
 */
const VERSION = 'v1';

export function sealManageToken(key: Uint8Array, token: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(token, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return `${VERSION}.${iv.toString('base64url')}.${body.toString('base64url')}`;
}

/**
 * The token, or null when it cannot be opened (another SECRET_KEY, tampering) or does not
 * match the registration's hash: an email then goes without the link rather than a wrong one.
 */
export function openManageToken(key: Uint8Array, sealed: string | null, expectedHash: string): string | null {
  if (!sealed) return null;
  const [version, iv, body] = sealed.split('.');
  if (version !== VERSION || !iv || !body) return null;
  try {
    const bytes = Buffer.from(body, 'base64url');
    if (bytes.length < 17) return null;
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(bytes.subarray(bytes.length - 16));
    const token = Buffer.concat([decipher.update(bytes.subarray(0, bytes.length - 16)), decipher.final()]).toString('utf8');
    return hashToken(token) === expectedHash ? token : null;
  } catch {
    return null;
  }
}

export function manageUrl(publicUrl: string, token: string): string {
  return `${publicUrl}/manage/${token}`;
}
