import { Layout, type PageMeta } from '../pages/layout.js';
import { ColumnHeads } from '../pages/table.js';
import type { FacilityListItem } from './facilities.presenter.js';
import { fs } from './facilities.strings.js';

/** /admin/facilities: the registry, searched without diacritics. */
export function FacilitiesPage(props: { meta: PageMeta; q: string; items: FacilityListItem[]; truncated: boolean; showRounds: boolean }) {
  const { lang } = props.meta;
  return (
    <Layout {...props.meta}>
      <p>
        <a href="/admin">← {fs(lang, 'staffArea')}</a>
      </p>
      <h1>{fs(lang, 'heading')}</h1>
      <p>{fs(lang, 'intro')}</p>
      {props.showRounds && (
        <p>
          <a href="/admin/facilities/selection-rounds">{fs(lang, 'selectionRounds')}</a>
        </p>
      )}
      <form method="get" action="/admin/facilities" class="search-form">
        <div class="field">
          <label for="f-q">{fs(lang, 'search')}</label>
          <p class="hint" id="f-q-hint">
            {fs(lang, 'searchHint')}
          </p>
          <input id="f-q" name="q" type="search" value={props.q} aria-describedby="f-q-hint" maxlength={200} />
        </div>
        <button type="submit">{fs(lang, 'searchButton')}</button>
      </form>
      {props.items.length === 0 ? (
        <p>{fs(lang, 'none')}</p>
      ) : (
        <div class="scroll">
          <table class="facilities cards-narrow">
            <ColumnHeads
              labels={[
                fs(lang, 'name'),
                fs(lang, 'taxCode'),
                fs(lang, 'district'),
                fs(lang, 'fairs'),
                fs(lang, 'otherEvents'),
                fs(lang, 'entries'),
              ]}
            />
            <tbody>
              {props.items.map((f) => (
                <tr>
                  <td>
                    <a href={`/admin/facilities/${f.id}`}>{f.name}</a>
                    {f.variants > 0 && (
                      <span class="variant-count">
                        {f.variants} {fs(lang, 'variants').toLowerCase()}
                      </span>
                    )}
                  </td>
                  <td data-label={fs(lang, 'taxCode')}>{f.taxCode ?? '—'}</td>
                  <td data-label={fs(lang, 'district')}>{f.district}</td>
                  <td class="num" data-label={fs(lang, 'fairs')}>
                    {f.fairs}
                  </td>
                  <td class="num" data-label={fs(lang, 'otherEvents')}>
                    {f.otherEvents}
                  </td>
                  <td class="num" data-label={fs(lang, 'entries')}>
                    {f.entries}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {props.truncated && <p class="hint">{fs(lang, 'truncated')}</p>}
    </Layout>
  );
}
