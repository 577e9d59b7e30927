import type { Lang } from './time.js';

/** A word as the pages say it, Vietnamese first. */
export interface Bilingual {
  readonly vi: string;
  readonly en: string;
}

/**
 * The one way a strings table is read: `const s = lookup(STRINGS)`, then `s(lang, 'heading')`.
 * A key the table lacks does not compile.
 */
export function lookup<K extends string>(table: Readonly<Record<K, Bilingual>>): (lang: Lang, key: K) => string {
  return (lang, key) => table[key][lang];
}
