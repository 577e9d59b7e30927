import { Layout, type PageMeta } from '../pages/layout.js';
import { inLanguage } from '../shared/text.js';
import { fs } from './facilities.strings.js';
import type { MergePreview } from './facilities.usecases.js';
import { FacilityRecord } from './facility.page.js';

/** The confirmation page: both records side by side and what moves, before anything does. */
export function FacilityMergePage(props: { meta: PageMeta; preview: MergePreview }) {
  const { lang } = props.meta;
  const { keep, drop, moves, registrations, block, clashes } = props.preview;
  return (
    <Layout {...props.meta}>
      <p>
        <a href={`/admin/facilities/${keep.id}`}>← {keep.name}</a>
      </p>
      <h1>{fs(lang, 'confirmHeading')}</h1>
      {block && (
        <div class="notice danger merge-block" role="alert">
          <p>{fs(lang, `blocked_${block}`)}</p>
          {clashes.length > 0 && (
            <ul>
              {clashes.map((f) => (
                <li>
                  <a href={`/admin/events/${f.id}/registrations`}>{inLanguage(f.title, f.titleEn, lang)}</a>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      <div class="merge-pair">
        <section class="card">
          <h2>{fs(lang, 'keep')}</h2>
          <p>
            <strong>{keep.name}</strong>
          </p>
          <FacilityRecord f={keep} lang={lang} />
        </section>
        <section class="card">
          <h2>{fs(lang, 'drop')}</h2>
          <p>
            <strong>{drop.name}</strong>
          </p>
          <FacilityRecord f={drop} lang={lang} />
        </section>
      </div>
      <h2>{fs(lang, 'whatMoves')}</h2>
      <ul>
        <li>
          {moves.registrations} {fs(lang, 'movesRegistrations')}
        </li>
        <li>
          {moves.entries} {fs(lang, 'movesEntries')}
        </li>
        <li>
          {moves.variants} {fs(lang, 'movesVariants')}
        </li>
      </ul>
      {registrations.length > 0 && (
        <ul class="moving">
          {registrations.map((r) => (
            <li>
              {r.fullName} — {inLanguage(r.eventTitle, r.eventTitleEn, lang)}
              {r.submittedName && ` (${r.submittedName})`}
            </li>
          ))}
        </ul>
      )}
      <p class="hint">{fs(lang, 'movesFill')}</p>
      {!block && (
        <form method="post" action={`/admin/facilities/${keep.id}/merge/${drop.id}`}>
          <button type="submit">{fs(lang, 'confirmMerge')}</button>
        </form>
      )}
      <p>
        <a href={`/admin/facilities/${drop.id}/merge/${keep.id}`}>{fs(lang, 'swap')}</a> ·{' '}
        <a href={`/admin/facilities/${keep.id}`}>{fs(lang, 'cancel')}</a>
      </p>
    </Layout>
  );
}
