import { type Expression, type RawBuilder, type SqlBool, sql } from 'kysely';
import { foldForSearch, phoneSearchText, SEARCH_FOLD } from '../shared/text.js';

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (m) => `\\${m}`);

/**
 * `q` found in any of `texts` (names, facility, email…) ignoring case and Vietnamese
 * diacritics, in `shortCode` with or without its dash or spaces, or in `phone` typed as people
 * say it (0912…). Each event holds at most a few thousand registrations, so the fold runs per
 * row without an index.
 */
export function textMatches(
  q: string,
  texts: Expression<string | null>[],
  also: { shortCode?: Expression<string | null>; phone?: Expression<string | null> } = {},
): RawBuilder<SqlBool> {
  const folded = foldForSearch(q.trim());
  const needle = `%${escapeLike(folded)}%`;
  // Nothing left after folding (only combining marks): nothing to look for, rather than everyone.
  const tests =
    folded.trim() === '' ? [] : texts.map((t) => sql<SqlBool>`translate(${t}, ${SEARCH_FOLD.from}, ${SEARCH_FOLD.to}) like ${needle}`);
  const code = q.replace(/[\s-]/g, '').toUpperCase();
  // Four characters at least: shorter fragments of random codes would match names' letters.
  if (also.shortCode && code.length >= 4) tests.push(sql<SqlBool>`${also.shortCode} like ${`%${escapeLike(code)}%`}`);
  const phone = phoneSearchText(q);
  if (also.phone && phone) tests.push(sql<SqlBool>`${also.phone} like ${`%${escapeLike(phone)}%`}`);
  return tests.length === 0 ? sql<SqlBool>`false` : sql<SqlBool>`(${sql.join(tests, sql` or `)})`;
}
