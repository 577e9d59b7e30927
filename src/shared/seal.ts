import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

/**
 * Text sealed with AES-256-GCM under a key derived for one context (`base` from SECRET_KEY,
 * `context` what the text belongs to): `s1.<iv>.<ciphertext+tag>`, base64url. Opening with
 * another context, another secret, or after tampering gives null.
 */
const VERSION = 's1';

function keyFor(base: Uint8Array, context: string): Buffer {
  return createHmac('sha256', base).update(context).digest();
}

export function sealText(base: Uint8Array, context: string, text: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyFor(base, context), iv);
  const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return `${VERSION}.${iv.toString('base64url')}.${body.toString('base64url')}`;
}

export function isSealed(value: string): boolean {
  return value.startsWith(`${VERSION}.`);
}

export function openText(base: Uint8Array, context: string, sealed: string): string | null {
  const [version, iv, body] = sealed.split('.');
  if (version !== VERSION || !iv || !body) return null;
  try {
    const bytes = Buffer.from(body, 'base64url');
    if (bytes.length < 17) return null;
    const decipher = createDecipheriv('aes-256-gcm', keyFor(base, context), Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(bytes.subarray(bytes.length - 16));
    return Buffer.concat([decipher.update(bytes.subarray(0, bytes.length - 16)), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}
