/**
 * Text PostgreSQL cannot store: the NUL character, and UTF-16 surrogates without their pair
 * (JSON's "\ud800" escapes decode to them). Refused at the edge with a 422, rather than
 * failing in the database with a 500.
 */
import type { Lang } from './time.js';

/** The English text for an English reader where there is one; the Vietnamese text otherwise. */
export function inLanguage<T extends string | null>(vi: T, en: string | null | undefined, lang: Lang): T | string {
  return lang === 'en' && en ? en : vi;
}

const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export const UNSTORABLE_MESSAGE = 'Có ký tự không hợp lệ / Contains a character that cannot be stored';

export function isStorableText(s: string): boolean {
  return !UNSTORABLE.test(s);
}

/** The path of the first string (or object key) in `value` that cannot be stored, or null. */
export function findUnstorableText(value: unknown, path: string[] = []): string | null {
  if (typeof value === 'string') return isStorableText(value) ? null : path.join('.') || '(body)';
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findUnstorableText(value[i], [...path, String(i)]);
      if (found) return found;
    }
    return null;
  }
  if (value && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      if (!isStorableText(key)) return [...path, key].join('.');
      const found = findUnstorableText(v, [...path, key]);
      if (found) return found;
    }
  }
  return null;
}

const vietnameseOrder = new Intl.Collator('vi');

/**
 * Vietnamese lists go by given name, the last word of the full name ("Nguyễn Thị Hoa" under
 * H), then by the family and middle names, in Vietnamese alphabetical order (a ă â, d đ…).
 */
export function byGivenName(a: string, b: string): number {
  const split = (name: string) => {
    const words = name.trim().split(/\s+/);
    return { given: words.at(-1) ?? '', rest: words.slice(0, -1).join(' ') };
  };
  const x = split(a);
  const y = split(b);
  return vietnameseOrder.compare(x.given, y.given) || vietnameseOrder.compare(x.rest, y.rest) || vietnameseOrder.compare(a, b);
}
