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

// biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is the point: PostgreSQL text cannot hold it.
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

// ---- search that forgives missing diacritics ----------------------------------------------

/** Each Latin letter with diacritics (either case), and ASCII capitals, with the plain lower-case letter it folds to. */
function foldTable(): { from: string; to: string } {
  let from = '';
  let to = '';
  const add = (ch: string, base: string) => {
    from += ch;
    to += base;
  };
  for (let c = 0x41; c <= 0x5a; c++) add(String.fromCharCode(c), String.fromCharCode(c + 32));
  for (const [lo, hi] of [
    [0xc0, 0x24f],
    [0x1ea0, 0x1ef9],
  ] as const) {
    for (let c = lo; c <= hi; c++) {
      const ch = String.fromCharCode(c);
      const base = ch.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
      if (/^[a-z]$/.test(base) && base !== ch) add(ch, base);
    }
  }
  add('Đ', 'd');
  add('đ', 'd');
  // Eth, often typed for Đ on keyboards without Vietnamese input.
  add('Ð', 'd');
  add('ð', 'd');
  return { from, to };
}

/**
 * For PostgreSQL's translate(): both engines fold the same way with it, whatever the
 * database's locale (lower() of "Đ" depends on it; the unaccent extension is not in PGlite).
 */
export const SEARCH_FOLD = foldTable();

/** "Lượng", "LUONG" and a decomposed "Lượng" all become "luong". */
export function foldForSearch(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐðÐ]/g, 'd')
    .toLowerCase();
}

/**
 * A phone number as typed at the door or the desk ("0912 345", "84-912…") in the stored form's
 * terms (+84…), or null when the text is not a phone fragment.
 */
export function phoneSearchText(text: string): string | null {
  const digits = text.replace(/[\s.\-()]/g, '');
  if (!/^\+?\d{3,}$/.test(digits)) return null;
  if (digits.startsWith('+')) return digits;
  if (digits.startsWith('0')) return `+84${digits.slice(1)}`;
  if (digits.startsWith('84') && digits.length >= 11) return `+${digits}`;
  return digits;
}
