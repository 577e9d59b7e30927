import { Layout, type PageMeta } from '../pages/layout.js';
import { KIND_LABELS } from '../pages/strings.js';
import { ColumnHeads } from '../pages/table.js';
import { inLanguage } from '../shared/text.js';
import { formatDay, type Lang } from '../shared/time.js';
import type { FacilityListItem, FacilityView, HistoryEvent } from './facilities.presenter.js';
import { fs, REGISTRATION_STATUS } from './facilities.strings.js';
import type { FacilityPageData } from './facilities.usecases.js';
import { AWARD_LEVELS, RESULT_LABELS, SELECTION_LEVELS } from './selection-rounds.strings.js';

function kindLabel(kind: string, lang: Lang): string {
  return kind in KIND_LABELS ? KIND_LABELS[kind as keyof typeof KIND_LABELS][lang] : kind;
}

function statusLabel(status: string, lang: Lang): string {
  return status in REGISTRATION_STATUS ? REGISTRATION_STATUS[status as keyof typeof REGISTRATION_STATUS][lang] : status;
}

/** The record's details as a definition list (shared with the merge confirmation). */
export function FacilityRecord({ f, lang }: { f: FacilityView; lang: Lang }) {
  const rows: [string, string | null][] = [
    [fs(lang, 'taxCode'), f.taxCode],
    [fs(lang, 'district'), f.district],
    [fs(lang, 'address'), f.address],
    [fs(lang, 'sector'), f.sector],
    [fs(lang, 'representative'), f.representative],
    [fs(lang, 'products'), f.products],
  ];
  return (
    <dl class="facility-record">
      {rows.map(([label, value]) => (
        <>
          <dt>{label}</dt>
          <dd>{value ?? '—'}</dd>
        </>
      ))}
    </dl>
  );
}

function EventsTable({ events, lang, fairs }: { events: HistoryEvent[]; lang: Lang; fairs: boolean }) {
  if (events.length === 0) return <p>{fs(lang, 'noneYet')}</p>;
  return (
    <div class="scroll">
      <table class="facility-history cards-narrow">
        <ColumnHeads
          labels={[
            fs(lang, 'event'),
            !fairs && fs(lang, 'kind'),
            fs(lang, 'date'),
            fs(lang, 'registrations'),
            fairs && fs(lang, 'boothsRequested'),
            fs(lang, 'attended'),
            !fairs && fs(lang, 'completed'),
          ]}
        />
        <tbody>
          {events.map((e) => (
            <tr>
              <td>
                <a href={`/admin/events/${e.eventId}/registrations`}>{inLanguage(e.title, e.titleEn, lang)}</a>
              </td>
              {!fairs && <td data-label={fs(lang, 'kind')}>{kindLabel(e.kind, lang)}</td>}
              <td data-label={fs(lang, 'date')}>{e.startsAt ? formatDay(e.startsAt, lang) : '—'}</td>
              <td class="num" data-label={fs(lang, 'registrations')}>
                {e.registrations}
              </td>
              {fairs && (
                <td class="num" data-label={fs(lang, 'boothsRequested')}>
                  {e.boothsRequested}
                </td>
              )}
              <td class="num" data-label={fs(lang, 'attended')}>
                {e.attended}
              </td>
              {!fairs && (
                <td class="num" data-label={fs(lang, 'completed')}>
                  {e.completed}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function FacilityPage(props: {
  meta: PageMeta;
  data: FacilityPageData;
  notice?: string | undefined;
  renameError?: string | undefined;
  q: string;
  candidates: FacilityListItem[] | null;
}) {
  const { lang } = props.meta;
  const { facility: f, history, entries, canEdit } = props.data;
  return (
    <Layout {...props.meta}>
      <p>
        <a href="/admin/facilities">← {fs(lang, 'backToList')}</a>
      </p>
      <h1>{f.name}</h1>
      {props.notice && (
        <p class="notice ok" role="status">
          {props.notice}
        </p>
      )}
      <FacilityRecord f={f} lang={lang} />

      <h2 id="variants">{fs(lang, 'variantsHeading')}</h2>
      <p class="hint">{fs(lang, 'variantsIntro')}</p>
      {props.renameError && (
        <p class="notice danger" role="alert">
          {props.renameError}
        </p>
      )}
      <div class="scroll">
        <table class="variants cards-narrow">
          <ColumnHeads labels={[fs(lang, 'name'), fs(lang, 'seen'), fs(lang, 'lastSeen'), canEdit && '']} />
          <tbody>
            {f.variants.map((v) => (
              <tr>
                <td>
                  {v.name}
                  {v.ofRecord && <span class="kicker">{fs(lang, 'ofRecord')}</span>}
                </td>
                <td class="num" data-label={fs(lang, 'seen')}>
                  {v.seenCount}
                </td>
                <td data-label={fs(lang, 'lastSeen')}>{formatDay(v.lastSeenAt, lang)}</td>
                {canEdit && (
                  <td>
                    {!v.ofRecord && (
                      <form method="post" action={`/admin/facilities/${f.id}/name`}>
                        <input type="hidden" name="name" value={v.name} />
                        <button type="submit" class="secondary small">
                          {fs(lang, 'useName')}
                        </button>
                      </form>
                    )}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h2 id="fairs">{fs(lang, 'fairsHeading')}</h2>
      <p class="hint">{fs(lang, 'boothsSeam')}</p>
      <EventsTable events={history.fairs} lang={lang} fairs={true} />

      <h2 id="courses">{fs(lang, 'coursesHeading')}</h2>
      <EventsTable events={history.courses} lang={lang} fairs={false} />

      <h2 id="trained">
        {fs(lang, 'trainedHeading')} ({history.trained.length})
      </h2>
      <p class="hint">{fs(lang, 'trainedIntro')}</p>
      {history.trained.length === 0 ? (
        <p>{fs(lang, 'noneYet')}</p>
      ) : (
        <ul class="trained">
          {history.trained.map((r) => (
            <li>
              <strong>{r.fullName}</strong> — {inLanguage(r.eventTitle, r.eventTitleEn, lang)}
            </li>
          ))}
        </ul>
      )}

      <h2 id="registrations">{fs(lang, 'registrations')}</h2>
      {history.all.length === 0 ? (
        <p>{fs(lang, 'noneYet')}</p>
      ) : (
        <div class="scroll">
          <table class="facility-registrations cards-narrow">
            <ColumnHeads labels={[fs(lang, 'person'), fs(lang, 'event'), fs(lang, 'submittedName'), fs(lang, 'status')]} />
            <tbody>
              {history.all.map((r) => (
                <tr>
                  <td>
                    <strong>{r.fullName}</strong>
                  </td>
                  <td data-label={fs(lang, 'event')}>{inLanguage(r.eventTitle, r.eventTitleEn, lang)}</td>
                  <td data-label={fs(lang, 'submittedName')}>{r.submittedName ?? '—'}</td>
                  <td data-label={fs(lang, 'status')}>{statusLabel(r.status, lang)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <h2 id="entries">{fs(lang, 'entriesHeading')}</h2>
      {entries.length === 0 ? (
        <p>{fs(lang, 'noneYet')}</p>
      ) : (
        <div class="scroll">
          <table class="facility-entries cards-narrow">
            <ColumnHeads labels={[fs(lang, 'products'), fs(lang, 'round'), fs(lang, 'result')]} />
            <tbody>
              {entries.map((e) => (
                <tr>
                  <td>
                    <strong>{e.productName}</strong>
                  </td>
                  <td data-label={fs(lang, 'round')}>
                    <a href={`/admin/facilities/selection-rounds/${e.roundId}`}>{e.roundTitle}</a>
                    <span class="kicker">{SELECTION_LEVELS[e.level][lang]}</span>
                  </td>
                  <td data-label={fs(lang, 'result')}>
                    {e.result ? RESULT_LABELS[e.result][lang] : '—'}
                    {e.awardLevel && ` · ${AWARD_LEVELS[e.awardLevel][lang]}`}
                    {e.certificateNo && ` · ${e.certificateNo}`}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      {canEdit && <MergeFinder id={f.id} q={props.q} candidates={props.candidates} lang={lang} />}
    </Layout>
  );
}

function MergeFinder(props: { id: string; q: string; candidates: FacilityListItem[] | null; lang: Lang }) {
  const { lang } = props;
  const others = props.candidates?.filter((c) => c.id !== props.id) ?? null;
  return (
    <section aria-labelledby="merge">
      <h2 id="merge">{fs(lang, 'mergeHeading')}</h2>
      <p class="hint">{fs(lang, 'mergeIntro')}</p>
      <form method="get" action={`/admin/facilities/${props.id}#merge`} class="search-form">
        <div class="field">
          <label for="f-dup">{fs(lang, 'findDuplicate')}</label>
          <input id="f-dup" name="dup" type="search" value={props.q} maxlength={200} />
        </div>
        <button type="submit" class="secondary">
          {fs(lang, 'searchButton')}
        </button>
      </form>
      {others &&
        (others.length === 0 ? (
          <p>{fs(lang, 'noCandidates')}</p>
        ) : (
          <ul class="candidates">
            {others.map((c) => (
              <li>
                <strong>{c.name}</strong> · {c.taxCode ?? '—'} · {c.district}{' '}
                <a href={`/admin/facilities/${props.id}/merge/${c.id}`}>{fs(lang, 'reviewMerge')} →</a>
              </li>
            ))}
          </ul>
        ))}
    </section>
  );
}
