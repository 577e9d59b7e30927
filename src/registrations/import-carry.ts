import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import type { ImportKind } from './import-file.js';

/**
 * The uploaded list travels from the preview to the confirm button inside the preview page
 * itself (base64 in a hidden field) with a MAC over the event, the organiser, the expiry and
 * the bytes: what is committed is exactly what was previewed, by the same person, within
 * `CARRY_MINUTES`, and nothing is stored before the commit (README decision "Carrying an
 * import from preview to commit").
 */
export const CARRY_MINUTES = 30;

export interface CarriedFields {
  kind: ImportKind;
  data: string;
  expires: string;
  mac: string;
}

/** A key of its own, derived from one the app already holds, for this purpose only. */
function carryKey(base: Uint8Array): Uint8Array {
  return new Uint8Array(hkdfSync('sha256', base, '', 'import-carry', 32));
}

function macOf(key: Uint8Array, scope: string, kind: string, expires: string, data: string): string {
  return createHmac('sha256', carryKey(key)).update(`${scope}\n${kind}\n${expires}\n${data}`).digest('base64url');
}

export function carryFile(key: Uint8Array, scope: string, file: { kind: ImportKind; bytes: Uint8Array }, now: Date): CarriedFields {
  const data = Buffer.from(file.bytes).toString('base64');
  const expires = String(now.getTime() + CARRY_MINUTES * 60_000);
  return { kind: file.kind, data, expires, mac: macOf(key, scope, file.kind, expires, data) };
}

/** The file back, or null if it was changed, is someone else's, or is too old. */
export function openCarried(
  key: Uint8Array,
  scope: string,
  fields: Partial<Record<keyof CarriedFields, string>>,
  now: Date,
): { kind: ImportKind; bytes: Uint8Array } | null {
  const { kind, data, expires, mac } = fields;
  if ((kind !== 'csv' && kind !== 'xlsx') || !data || !expires || !mac) return null;
  if (!/^\d{1,15}$/.test(expires) || Number(expires) < now.getTime()) return null;
  const expected = Buffer.from(macOf(key, scope, kind, expires, data));
  const given = Buffer.from(mac);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  return { kind, bytes: new Uint8Array(Buffer.from(data, 'base64')) };
}
