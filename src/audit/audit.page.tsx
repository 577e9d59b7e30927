import { Layout, type PageMeta } from '../pages/layout.js';
import { ColumnHeads } from '../pages/table.js';
import { formatDay, formatTime, type Lang } from '../shared/time.js';
import type { AuditEntryView } from './audit.presenter.js';
import { ACTION_LABELS, au, ENTITY_LABELS, FIELD_LABELS, labelOf } from './audit.strings.js';

export interface AuditFilterValues {
  eventId?: string | undefined;
  person?: string | undefined;
  actor?: string | undefined;
  action?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

function Actor({ entry, lang }: { entry: AuditEntryView; lang: Lang }) {
  if (!entry.actor) return <>{au(lang, 'system')}</>;
  if (entry.actor.kind === 'token') {
    return (
      <>
        {entry.actor.name} <span class="kicker">{au(lang, 'tokenActor')}</span>
      </>
    );
  }
  return (
    <>
      <span class="wrap">{entry.actor.email}</span>
      {entry.actor.name && <span class="kicker">{entry.actor.name}</span>}
    </>
  );
}

function About({ entry, lang }: { entry: AuditEntryView; lang: Lang }) {
  const eventTitle = entry.event ? (lang === 'en' && entry.event.titleEn ? entry.event.titleEn : entry.event.title) : null;
  return (
    <>
      {labelOf(ENTITY_LABELS, entry.entity, lang)}
      {entry.personName && (
        <>
          : <strong>{entry.personName}</strong>
        </>
      )}
      {eventTitle && entry.event && (
        <span class="kicker">
          <a href={`/admin/audit?eventId=${entry.event.id}`}>{eventTitle}</a>
        </span>
      )}
    </>
  );
}

function Details({ entry, lang }: { entry: AuditEntryView; lang: Lang }) {
  return (
    <>
      {entry.changes.length > 0 && (
        <ul class="changes">
          {entry.changes.map((c) => (
            <li>
              <span class="field-name">{labelOf(FIELD_LABELS, c.field, lang)}:</span> <del>{c.before}</del> → <ins>{c.after}</ins>
            </li>
          ))}
        </ul>
      )}
      {entry.facts.length > 0 && (
        <p class="facts-line">
          {entry.facts.map((f, i) => (
            <>
              {i > 0 && ' · '}
              <span class="field-name">{labelOf(FIELD_LABELS, f.key, lang)}</span>: {yesNo(f.value, lang)}
            </>
          ))}
        </p>
      )}
    </>
  );
}

/** Yes and no in the reader's language; other values as recorded. */
function yesNo(value: string, lang: Lang): string {
  if (value === 'true') return lang === 'vi' ? 'có' : 'yes';
  if (value === 'false') return lang === 'vi' ? 'không' : 'no';
  return value;
}

function queryOf(filter: AuditFilterValues, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...filter, ...extra })) if (v) params.set(k, v);
  const s = params.toString();
  return s ? `?${s}` : '';
}

export function AuditPage(props: {
  meta: PageMeta;
  limited: boolean;
  entries: AuditEntryView[];
  olderThan: number | null;
  paged: boolean;
  filter: AuditFilterValues;
  events: { id: string; label: string }[];
  errors: string[];
}) {
  const { lang } = props.meta;
  const f = props.filter;
  return (
    <Layout {...props.meta}>
      <p>
        <a href="/admin">← {lang === 'vi' ? 'Khu vực cán bộ' : 'Staff area'}</a>
      </p>
      <h1>{au(lang, 'heading')}</h1>
      <p>{au(lang, 'intro')}</p>
      {props.limited && <p>{au(lang, 'introLimited')}</p>}
      <form method="get" action="/admin/audit" class="filters audit-filters">
        {props.errors.length > 0 && (
          <div class="error-summary" role="alert">
            <p>{au(lang, 'badFilter')}</p>
            <ul>
              {props.errors.map((e) => (
                <li>{e}</li>
              ))}
            </ul>
          </div>
        )}
        <label>
          {au(lang, 'event')}
          <select name="eventId">
            <option value="">{au(lang, 'anyEvent')}</option>
            {props.events.map((e) => (
              <option value={e.id} selected={f.eventId === e.id}>
                {e.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          {au(lang, 'person')}
          <input name="person" type="search" value={f.person ?? ''} maxlength={100} />
        </label>
        <label>
          {au(lang, 'actor')}
          <input name="actor" type="search" value={f.actor ?? ''} maxlength={100} />
        </label>
        <label>
          {au(lang, 'action')}
          <select name="action">
            <option value="">{au(lang, 'anyAction')}</option>
            {Object.entries(ACTION_LABELS).map(([code, label]) => (
              <option value={code} selected={f.action === code}>
                {label[lang]}
              </option>
            ))}
          </select>
        </label>
        <label>
          {au(lang, 'from')}
          <input name="from" type="date" value={f.from ?? ''} />
        </label>
        <label>
          {au(lang, 'to')}
          <input name="to" type="date" value={f.to ?? ''} />
        </label>
        <button type="submit">{au(lang, 'filter')}</button>
        <a href="/admin/audit">{au(lang, 'clear')}</a>
      </form>

      {props.entries.length === 0 ? (
        <p>{au(lang, 'none')}</p>
      ) : (
        <table class="audit">
          <ColumnHeads labels={[au(lang, 'time'), au(lang, 'actor'), au(lang, 'action'), au(lang, 'about'), au(lang, 'details')]} />
          <tbody>
            {props.entries.map((e) => (
              <tr>
                <td class="when">
                  {formatTime(e.at)}
                  <span class="kicker">{formatDay(e.at, lang)}</span>
                </td>
                <td>
                  <Actor entry={e} lang={lang} />
                </td>
                <td>{labelOf(ACTION_LABELS, e.action, lang)}</td>
                <td>
                  <About entry={e} lang={lang} />
                </td>
                <td class="details">
                  <Details entry={e} lang={lang} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <nav class="pager" aria-label={lang === 'vi' ? 'Trang' : 'Pages'}>
        {props.paged && <a href={`/admin/audit${queryOf(f)}`}>{au(lang, 'newest')}</a>}
        {props.olderThan !== null && <a href={`/admin/audit${queryOf(f, { before: String(props.olderThan) })}`}>{au(lang, 'older')}</a>}
      </nav>
    </Layout>
  );
}
